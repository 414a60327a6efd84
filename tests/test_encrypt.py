"""Encrypted journals (issue 15, the store's half): the journal, its backups, index and waiting
entries are age files; adding needs no key; merging is checked like an import and never
happens twice; encrypt, decrypt and a new key leave every file readable at every step."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crypt_helpers import PASSPHRASE, install_key, key_material, recovery_key, unlocked
from journalcli import backups, cli, index, keys, pending, sealed, store
from journalcli.commands import secret
from journalcli.store import Journal

# What the known journal says: none of it may be found in any file beside it once encrypted.
NOTES = ["quietmarigold kitchen", "lanternfish evening", "harborwind door"]
NAMES = ["Persephone", "Bartholomew"]
TRIGGERS = ["criticism", "abandonment"]
TAGS = ["zanzibar"]
DATES = ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11"]
PLAINTEXT = [*NOTES, *NAMES, *TRIGGERS, *TAGS, *DATES, "urge", "when", "entries"]


def fill(run) -> None:
    """The known journal: three entries over three days (so backups are kept), a plan, a
    review."""
    days = ["2026-11-20T09:00:00+01:00", "2026-11-21T09:00:00+01:00", "2026-11-22T09:00:00+01:00"]
    people = [*NAMES, NAMES[0]]
    for note, day, person, trigger in zip(
        NOTES, days, people, [*TRIGGERS, TRIGGERS[0]], strict=True
    ):
        result = run(
            "add", "-q", "-u", "5", "-t", trigger, "-w", person, "--tag", TAGS[0], note,
            JOURNAL_NOW=day,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert run("plan", "add", TRIGGERS[0], "say so kindly").exit_code == 0


def encrypt(path: Path) -> str:
    """Encrypt the journal at `path` as `journal encrypt` does, with the session's key files
    (no key derivation); returns the recovery key."""
    install_key(path)
    Journal(path, identity=recovery_key).seal_leftovers()
    return recovery_key()


@pytest.fixture
def cheap_keys(monkeypatch):
    """keys.install and the passphrase without scrypt (1 s each): the wrapped key is the
    identity behind the age header, so the key on disk is still the one its file names.
    New keys are the session's first, then fresh ones."""
    header = keys.AGE_HEADER
    monkeypatch.setattr(keys, "_wrap", lambda identity, passphrase: header + identity.encode())
    monkeypatch.setattr(keys, "_unwrap", lambda journal, passphrase: on_disk(journal))
    made = [(key_material().identity, key_material().recipient)]
    real = keys.new_identity
    monkeypatch.setattr(keys, "new_identity", lambda: made.pop() if made else real())


def on_disk(journal: Path) -> str:
    """The identity in J.key: the session's, or one that cheap_keys wrapped."""
    wrapped = keys.key_path(journal).read_bytes()
    if wrapped == key_material().wrapped:
        return key_material().identity
    return wrapped.removeprefix(keys.AGE_HEADER).decode()


def files_beside(path: Path) -> list[Path]:
    """Every file in the journal's folder, recursively (pending, backups, temp files...)."""
    return sorted(p for p in path.parent.rglob("*") if p.is_file())


def assert_no_plaintext(path: Path) -> None:
    for file in files_beside(path):
        raw = file.read_bytes()
        found = [word for word in PLAINTEXT if word.encode() in raw]
        assert not found, f"{file.name} holds {found}"
    assert not index.path_for(path).exists() or sealed.is_sealed(index.path_for(path).read_bytes())


def digest(path: Path) -> dict[str, str]:
    return {
        str(file.relative_to(path.parent)): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in files_beside(path)
        if not file.name.endswith(".lock")
    }


@pytest.fixture
def listed(run):
    def listing() -> list[dict[str, object]]:
        result = run("list", "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return listing


@pytest.fixture
def sealed_journal(run, db_path, listed):
    """The known journal, encrypted and unlocked; (recovery key, `list --json` before)."""
    fill(run)
    before = listed()
    identity = encrypt(db_path)
    unlocked(db_path)
    return identity, before


# --- the round trip and what is on disk


def test_round_trip_plain_encrypted_plain_lists_the_same(
    run, db_path, listed, monkeypatch, cheap_keys
):
    fill(run)
    before = listed()
    monkeypatch.setattr(secret, "ask_new_passphrase", lambda: PASSPHRASE)
    result = run("encrypt")
    assert result.exit_code == 0, result.output
    assert recovery_key() in result.stdout
    assert "write it down" in result.stdout.lower().replace("\n", " ")
    assert "snapshots" in result.stdout and "sync" in result.stdout
    assert sealed.is_sealed(db_path.read_bytes())
    assert_no_plaintext(db_path)
    unlocked(db_path)
    assert listed() == before
    keys.lock(db_path)
    monkeypatch.setattr(secret, "ask_secret", lambda *a: recovery_key().lower())
    result = run("decrypt", "--yes")
    assert result.exit_code == 0, result.output
    assert not keys.is_encrypted(db_path)
    assert not keys.key_path(db_path).exists() and not keys.pub_path(db_path).exists()
    for file in files_beside(db_path):
        assert not sealed.is_sealed(file.read_bytes()), file
    assert listed() == before
    assert Journal(db_path).snapshot().indexed


def test_nothing_beside_an_encrypted_journal_holds_its_plaintext(run, db_path, sealed_journal):
    assert_no_plaintext(db_path)
    keys.lock(db_path)
    for note in ("lanternfish again", "quietmarigold once more"):
        result = run("add", "-u", "3", "-t", TRIGGERS[1], "-w", NAMES[1], note)
        assert result.exit_code == 0, result.output
    assert len(pending.waiting(db_path)) == 2
    assert_no_plaintext(db_path)
    unlocked(db_path)
    assert run("list").exit_code == 0  # merges
    assert pending.waiting(db_path) == []
    assert_no_plaintext(db_path)
    assert run("edit", "1", "harborwind edited").exit_code == 0
    assert run("delete", "2", "--yes").exit_code == 0
    assert run("restore", "bak", "--yes").exit_code == 0
    assert_no_plaintext(db_path)
    assert {b.problem for b in Journal(db_path, identity=recovery_key).backups()} == {None}


def test_every_file_of_an_encrypted_journal_opens_with_the_standard_format(
    run, db_path, sealed_journal
):
    """The journal and each backup are age files whose plaintext is the journal's JSON."""
    identity = sealed_journal[0]
    for file in [db_path, *(g.path for g in backups.generations(db_path))]:
        data = json.loads(sealed.unseal(file.read_bytes(), identity))
        assert "entries" in data and data["meta"]["1"]["schema"] == store.SCHEMA


# --- adding without the key


def test_add_reads_and_decrypts_nothing(run, db_path, sealed_journal, monkeypatch):
    keys.lock(db_path)

    def refuse(*args: object) -> str:
        raise AssertionError("add must not open anything")

    monkeypatch.setattr(sealed, "unseal", refuse)
    monkeypatch.setattr(secret, "ask_secret", refuse)
    journal_before = db_path.read_bytes()
    result = run("add", "-u", "6", "-t", "criticism", "-r", "stayed", "a new one")
    assert result.exit_code == 0, result.output
    assert "Saved" in result.stdout and "entry 4" not in result.stdout
    assert "number" in result.stdout and "unlocked" in result.stdout
    assert db_path.read_bytes() == journal_before
    (waiting,) = pending.waiting(db_path)
    assert oct(os.stat(pending.folder_for(db_path)).st_mode & 0o777) == "0o700"
    assert oct(os.stat(pending.folder_for(db_path) / waiting).st_mode & 0o777) == "0o600"


def test_the_guided_questions_add_to_an_encrypted_journal_too(
    run, db_path, sealed_journal, monkeypatch
):
    from journalcli.commands import entries

    keys.lock(db_path)
    monkeypatch.setattr(entries, "_on_terminal", lambda: True)
    with monkeypatch.context() as patched:
        patched.setattr(sealed, "unseal", lambda *a: pytest.fail("add opened something"))
        result = run("add", "-q", input="6\n7\n\n\np\n\n\nasked by the questions\n")
    assert result.exit_code == 0, result.output
    assert "Saved" in result.stdout and "number" in result.stdout
    unlocked(db_path)
    newest = json.loads(run("list", "-n", "1", "--json").stdout)[0]
    assert (newest["id"], newest["urge"], newest["response"]) == (4, 6, "partly")


def test_an_encrypted_add_imports_neither_tinydb_nor_rich_nor_the_importers(db_path, run):
    fill(run)
    encrypt(db_path)
    probe = (
        "import sys, json\n"
        "sys.argv = ['journal', 'add', '-u', '5', '-t', 'stress', 'a note']\n"
        "from journalcli.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert "pyrage" in loaded and "journalcli.pending" in loaded
    assert not {"tinydb", "rich", "dateutil", "journalcli.importers"} & loaded
    assert len(pending.waiting(db_path)) == 1


def test_encrypt_a_journal_that_does_not_exist_yet(run, db_path, cheap_keys, monkeypatch):
    monkeypatch.setattr(secret, "ask_new_passphrase", lambda: PASSPHRASE)
    result = run("encrypt")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Encrypted {db_path}; ")
    assert sealed.is_sealed(db_path.read_bytes())
    assert run("add", "-u", "3", "-t", "stress", "first").exit_code == 0
    unlocked(db_path)
    assert [e["note"] for e in json.loads(run("list", "--json").stdout)] == ["first"]


def test_add_refuses_a_public_key_that_is_not_the_pinned_one(run, db_path, sealed_journal):
    keys.lock(db_path)
    _, other = keys.new_identity()
    keys.pub_path(db_path).write_text(other + "\n")
    result = run("add", "-u", "6", "-t", "criticism", "swapped")
    assert result.exit_code == 3
    assert len(result.stderr.splitlines()) == 1
    assert pending.waiting(db_path) == []


def test_add_with_used_plan_on_an_encrypted_journal_is_refused(run, db_path, sealed_journal):
    result = run("add", "-u", "6", "-t", "criticism", "--used-plan", "x")
    assert result.exit_code == 2
    assert "nothing was saved" in result.stderr
    assert pending.waiting(db_path) == []


# --- merging


def add_waiting(run, *notes: str) -> None:
    for note in notes:
        result = run("add", "-u", "4", "-t", "criticism", note)
        assert result.exit_code == 0, result.output


def test_the_next_command_with_the_key_merges_in_the_order_added(run, db_path, sealed_journal):
    keys.lock(db_path)
    add_waiting(run, "w1", "w2", "w3")
    unlocked(db_path)
    listed = json.loads(run("list", "--json").stdout)
    assert [(e["id"], e["note"]) for e in listed[:3]] == [(6, "w3"), (5, "w2"), (4, "w1")]
    assert pending.waiting(db_path) == []
    assert not pending.folder_for(db_path).exists()
    assert json.loads(run("list", "--json").stdout) == listed  # merged once, not again


def test_unlock_merges_what_waits_at_once(run, db_path, sealed_journal, monkeypatch):
    """unlock has the key in hand: the waiting entries get their numbers there and then."""
    keys.lock(db_path)
    add_waiting(run, "w1", "w2")
    monkeypatch.setattr(secret, "_ask", lambda prompt, hint: recovery_key())
    result = run("unlock")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Merged 2 waiting entries."
    assert pending.waiting(db_path) == []
    notes = [e["note"] for e in json.loads(run("list", "--json").stdout)[:2]]
    assert notes == ["w2", "w1"]
    keys.lock(db_path)
    result = run("unlock")  # nothing waits: nothing said about merging
    assert result.exit_code == 0 and "Merged" not in result.stdout


def test_a_waiting_entry_is_checked_like_an_import(run, db_path, sealed_journal):
    """A waiting file that is not a sound entry stops the merge (none is merged), names the
    file, and says how to go on."""
    keys.lock(db_path)
    add_waiting(run, "good one")
    record = json.loads(json.dumps([{"uid": "not-a-uid", "when": "2026-11-22T09:00:00+01:00"}]))
    bad = pending.folder_for(db_path) / "00000000001.000000000-1-0000000000000000.age"
    bad.write_bytes(sealed.seal(json.dumps(record).encode(), key_material().recipient))
    unlocked(db_path)
    result = run("list")
    assert result.exit_code == 3
    assert bad.name in result.stderr and "move that file" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert len(pending.waiting(db_path)) == 2
    bad.unlink()
    assert run("list").exit_code == 0
    assert pending.waiting(db_path) == []


def test_an_entry_already_in_the_journal_is_not_merged_again(run, db_path, sealed_journal):
    keys.lock(db_path)
    add_waiting(run, "once")
    (name,) = pending.waiting(db_path)
    copy = pending.folder_for(db_path) / name.replace("-", "-9", 1)
    copy.write_bytes((pending.folder_for(db_path) / name).read_bytes())  # the same uid
    unlocked(db_path)
    notes = [e["note"] for e in json.loads(run("list", "--json").stdout)]
    assert notes.count("once") == 1
    assert pending.waiting(db_path) == []


@pytest.mark.parametrize("indexed", [True, False], ids=["spliced", "whole-file"])
def test_a_waiting_entry_whose_uid_is_in_the_journal_is_skipped(
    run, db_path, sealed_journal, indexed
):
    journal = Journal(db_path, identity=recovery_key)
    first = journal.get(1)
    if not indexed:
        index.discard(db_path)
    again = [first.with_changes(id=None, note="the same uid").to_dict()]
    name = "00000000001.000000000-1-0000000000000000.age"
    pending.folder_for(db_path).mkdir(mode=0o700)
    (pending.folder_for(db_path) / name).write_bytes(
        sealed.seal(json.dumps(again).encode(), key_material().recipient)
    )
    notes = [e.note for e in Journal(db_path, identity=recovery_key).entries()]
    assert sorted(notes) == sorted(NOTES)
    assert pending.waiting(db_path) == []


def fork_and_kill_at(step: int, action, calls: list[str]) -> bool:
    """Run `action` in a child process that dies (os._exit, no clean-up at all, as a SIGKILL)
    at its `step`-th file-system change; whether it got that far."""
    pid = os.fork()
    if pid == 0:  # the child
        count = [0]

        def dying(name: str, real):
            def call(*args, **kwargs):
                count[0] += 1
                if count[0] == step:
                    os._exit(9)
                return real(*args, **kwargs)

            return call

        for name in calls:
            setattr(os, name, dying(name, getattr(os, name)))
        try:
            action()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 9


CHANGES = ["replace", "rename", "link", "unlink", "rmdir", "fsync"]


def test_a_merge_killed_at_any_point_merges_each_entry_exactly_once(run, db_path, sealed_journal):
    keys.lock(db_path)
    add_waiting(run, "k1", "k2", "k3")
    saved = {p: p.read_bytes() for p in files_beside(db_path)}
    merge = Journal(db_path, identity=recovery_key).merge_pending
    step = 1
    while fork_and_kill_at(step, merge, CHANGES):
        journal = Journal(db_path, identity=recovery_key)
        notes = [entry.note for entry in journal.entries()]  # merges what is left
        assert sorted(notes) == sorted([*NOTES, "k1", "k2", "k3"]), f"killed at step {step}"
        assert pending.waiting(db_path) == []
        assert_no_plaintext(db_path)
        restore_files(db_path, saved)  # back to the three waiting entries
        step += 1
    assert step > 8  # it did die at each change of a whole merge


# --- the key: asked, wrong, missing


def test_a_wrong_recovery_key_changes_nothing(run, db_path, sealed_journal, monkeypatch):
    keys.lock(db_path)
    add_waiting(run, "waits")
    before = digest(db_path)
    wrong, _ = keys.new_identity()
    monkeypatch.setattr(secret, "ask_secret", lambda *a: wrong)
    for command in (["list"], ["decrypt", "--yes"], ["summary"], ["edit", "1", "x"]):
        result = run(*command)
        assert result.exit_code == 3, (command, result.output)
        assert len(result.stderr.splitlines()) == 1
        assert digest(db_path) == before


@pytest.mark.parametrize("command", [["list"], ["backups"], ["export"], ["restore", "--yes"]])
def test_a_locked_journal_without_a_terminal_exits_3_with_a_hint(
    run, db_path, sealed_journal, command
):
    keys.lock(db_path)
    add_waiting(run, "waits")
    before = digest(db_path)
    result = run(*command)
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == [f"journal: error: {secret.LOCKED_HINT}"]
    assert result.stdout == ""
    assert digest(db_path) == before


def test_backups_of_an_encrypted_journal_are_listed_and_checked_with_the_key(
    run, db_path, sealed_journal
):
    kept = json.loads(run("backups", "--json").stdout)
    assert [(k["label"], k["entries"], k["damaged"]) for k in kept] == [
        ("bak", 3, None),  # before the plan was added
        ("2026-11-22", 2, None),
        ("2026-11-21", 1, None),
    ]
    bak = backups.bak_for(db_path)
    bak.write_bytes(bak.read_bytes()[:-10])  # cut short
    kept = json.loads(run("backups", "--json").stdout)
    assert kept[0]["label"] == "bak" and kept[0]["entries"] is None and kept[0]["damaged"]


def test_with_no_key_given_a_core_read_is_refused(db_path, run, sealed_journal):
    with pytest.raises(store.StorageError, match="is encrypted"):
        Journal(db_path).entries()


def test_encrypt_twice_is_refused_in_one_line(run, db_path, sealed_journal):
    before = digest(db_path)
    result = run("encrypt")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"journal: error: {db_path}: is encrypted already; nothing was changed"
    ]
    assert digest(db_path) == before


def test_decrypt_asks_to_confirm(run, db_path, sealed_journal, monkeypatch):
    monkeypatch.setattr(secret, "ask_secret", lambda *a: recovery_key())
    before = digest(db_path)
    result = run("decrypt", input="n\n")
    assert result.exit_code == 1
    assert digest(db_path) == before
    assert keys.is_encrypted(db_path)


# --- encrypt, decrypt and a new key: every file readable at every step


def readable_everywhere(path: Path, identities: list[str]) -> list[str]:
    """The notes of the journal, after checking that each file of it opens, plain or with
    one of `identities` (the keys on disk)."""
    for file in [path, *(g.path for g in backups.generations(path))]:
        raw = file.read_bytes()
        if sealed.is_sealed(raw):
            for identity in identities:
                try:
                    raw = sealed.unseal(raw, identity)
                    break
                except store.StorageError:
                    continue
            else:
                raise AssertionError(f"{file.name} opens with no key on disk")
        json.loads(raw)
    on_disk = identities[0]
    return [e.note for e in Journal(path, identity=lambda: on_disk).entries()]


def restore_files(path: Path, saved: dict[Path, bytes]) -> None:
    for file in files_beside(path):
        file.unlink()
    for file, raw in saved.items():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(raw)


def test_encrypt_killed_at_any_point_leaves_every_file_readable(
    run, db_path, cheap_keys, monkeypatch
):
    fill(run)
    monkeypatch.setattr(secret, "ask_secret", lambda *a, **k: PASSPHRASE)
    saved = {p: p.read_bytes() for p in files_beside(db_path)}
    step = 1
    while fork_and_kill_at(step, lambda: Journal(db_path).encrypt(PASSPHRASE), CHANGES):
        disk = [on_disk(db_path)] if keys.key_path(db_path).exists() else [recovery_key()]
        assert sorted(readable_everywhere(db_path, disk)) == sorted(NOTES), f"step {step}"
        if keys.is_encrypted(db_path):  # `journal encrypt` again finishes the job
            result = run("encrypt")
            assert result.exit_code == 0, result.output
            assert Journal(db_path).plain_leftovers() == []
            assert_no_plaintext(db_path)
        restore_files(db_path, saved)
        step += 1
    assert step > 5


def test_a_new_key_killed_at_any_point_leaves_every_file_readable(
    run, db_path, sealed_journal, cheap_keys, monkeypatch
):
    fresh = keys.new_identity(), keys.new_identity()
    monkeypatch.setattr(keys, "new_identity", lambda: fresh[1])  # the same in every child
    keys.lock(db_path)
    add_waiting(run, "before the new key")
    saved = {p: p.read_bytes() for p in files_beside(db_path)}
    expected = sorted([*NOTES, "before the new key"])
    rekey = Journal(db_path, identity=recovery_key).rekey
    step = 1
    while fork_and_kill_at(step, lambda: rekey(PASSPHRASE), CHANGES):
        assert sorted(readable_everywhere(db_path, [on_disk(db_path)])) == expected, step
        restore_files(db_path, saved)
        step += 1
    assert step > 10
    new = Journal(db_path, identity=recovery_key).rekey(PASSPHRASE)
    assert new == fresh[1][0] == on_disk(db_path)
    assert sorted(readable_everywhere(db_path, [new])) == expected
    for file in [db_path, index.path_for(db_path), *(g.path for g in backups.generations(db_path))]:
        with pytest.raises(store.StorageError):
            sealed.unseal(file.read_bytes(), recovery_key())  # the old key opens nothing


# --- info


def test_info_never_asks_and_says_locked_and_what_waits(run, db_path, sealed_journal, monkeypatch):
    keys.lock(db_path)
    add_waiting(run, "one", "two")

    def refuse(*args: object) -> str:
        raise AssertionError("info must not ask")

    monkeypatch.setattr(secret, "ask_secret", refuse)
    result = run("info")
    assert result.exit_code == 0, result.output
    assert "encrypted: yes, locked" in result.stdout
    assert "waiting:  2 entries to merge" in result.stdout
    facts = json.loads(run("info", "--json").stdout)
    assert facts["encrypted"] is True and facts["unlocked_until"] is None
    assert facts["waiting"] == 2
    unlocked(db_path)
    result = run("info")
    assert result.exit_code == 0, result.output
    assert "encrypted: yes, unlocked until " in result.stdout
    assert "entries:  5" in result.stdout and "waiting:  0 entries" in result.stdout
    facts = json.loads(run("info", "--json").stdout)
    assert facts["entries"] == 5 and facts["waiting"] == 0 and facts["unlocked_until"]


def test_info_on_a_plain_journal_says_nothing_new(run, db_path):
    fill(run)
    assert "encrypted" not in run("info").stdout
    assert "encrypted" not in json.loads(run("info", "--json").stdout)


# --- every command on an encrypted, unlocked journal

SMOKE: dict[str, list[str]] = {
    "status": ["status"],
    "add": ["add", "-u", "3", "-t", "criticism", "smoke"],
    "list": ["list"],
    "show": ["show", "1"],
    "edit": ["edit", "1", "edited"],
    "delete": ["delete", "2", "--yes"],
    "unflag": ["unflag", "--all", "--yes"],
    "info": ["info"],
    "summary": ["summary"],
    "trends": ["trends"],
    "week": ["week"],
    "calendar": ["calendar"],
    "steps": ["steps"],
    "guide": ["guide", "--help"],
    "prompt": ["prompt"],
    "challenge": ["challenge", "list"],
    "review": ["review", "list"],
    "plan": ["plan", "list"],
    "export": ["export"],
    "import": ["import", "EXPORT"],
    "backups": ["backups"],
    "restore": ["restore", "bak", "--yes"],
    "encrypt": ["encrypt"],  # already encrypted: exit 2
    "decrypt": ["decrypt", "--yes"],
    "unlock": ["unlock", "--for", "30m"],
    "lock": ["lock"],
    "passphrase": ["passphrase", "--new-key"],
}


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_every_command_works_on_an_encrypted_unlocked_journal(
    name, run, db_path, sealed_journal, tmp_path, monkeypatch, cheap_keys
):
    assert name in SMOKE, f"add {name} to SMOKE"
    export = tmp_path / "export.json"
    export.write_text(run("export", "--format", "json").stdout)
    monkeypatch.setattr(secret, "ask_secret", lambda *a, **k: recovery_key())
    monkeypatch.setattr(secret, "ask_new_passphrase", lambda *a, **k: PASSPHRASE)
    argv = [str(export) if arg == "EXPORT" else arg for arg in SMOKE[name]]
    result = run(*argv)
    assert result.exit_code == (2 if name == "encrypt" else 0), result.output
    if name != "decrypt":
        assert_no_plaintext(db_path)
