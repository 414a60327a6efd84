"""Hostile tests of encrypted journals (issue 15): each one a way a careful user broke the
promises "no plaintext at rest", "adding needs no passphrase" and "everything else keeps
working" before it was mended."""

from __future__ import annotations

import fcntl

import pytest

import test_encrypt
from crypt_helpers import PASSPHRASE, install_key, recovery_key, unlocked
from journalcli import index, keys, sealed
from journalcli.commands import secret
from test_encrypt import assert_no_plaintext, digest, fill

# The known journal and its fixtures, shared with tests/test_encrypt.py.
listed = test_encrypt.listed
sealed_journal = test_encrypt.sealed_journal
cheap_keys = test_encrypt.cheap_keys

# Commands that change the tables after the entries (plans, challenges, reviews), each on an
# encrypted journal whose index is current: run in this order, they all succeed.
TABLE_WRITERS = [
    ["plan", "add", "abandonment", "breathe slowly"],
    ["plan", "remove", "1"],
    ["challenge", "done", "quietmarigold done"],
]


@pytest.mark.parametrize("argv", TABLE_WRITERS, ids=lambda argv: " ".join(argv[:2]))
def test_a_change_to_the_other_tables_keeps_the_journal_sealed(
    argv, run, db_path, listed, sealed_journal
):
    assert run("list").exit_code == 0  # the sealed index is current
    result = run(*argv)
    assert result.exit_code == 0, result.output
    assert_no_plaintext(db_path)
    assert listed() == sealed_journal[1]


# An `encrypt` stopped after the key files were written leaves the journal and its backups in
# the clear (readable, by design) until `journal encrypt` is run again; a change made before
# then must not spread that plaintext into a new .bak or day's backup, nor leave it there.
STOPPED_ENCRYPT_CHANGES = [
    ["edit", "1", "harborwind edited"],
    ["plan", "add", "abandonment", "breathe slowly"],
    ["restore", "bak", "--yes"],
]


@pytest.mark.parametrize("argv", STOPPED_ENCRYPT_CHANGES, ids=lambda argv: argv[0])
def test_a_change_after_a_stopped_encrypt_seals_what_is_still_plain(
    argv, run, db_path, monkeypatch
):
    fill(run)
    install_key(db_path)  # `encrypt` killed right after the key files: nothing sealed yet
    monkeypatch.setenv("JOURNAL_NOW", "2026-12-05T09:00:00+01:00")  # a new day's backup too
    unlocked(db_path)
    result = run(*argv)
    assert result.exit_code == 0, result.output
    assert_no_plaintext(db_path)


# A synced folder that lost J.key and J.pub (or a user who removed them): the journal and its
# backups are still sealed to the old key. `journal encrypt` must not put a new key beside
# them (whose recovery key opens nothing, and whose pin replaces the old one).
@pytest.mark.parametrize("sealed_file", ["journal", "backup"])
def test_encrypt_refuses_a_journal_already_sealed_whose_key_files_are_gone(
    sealed_file, run, db_path, sealed_journal, monkeypatch, cheap_keys
):
    if sealed_file == "backup":  # only a backup is left sealed: the journal is plain again
        db_path.write_bytes(sealed.unseal(db_path.read_bytes(), recovery_key()))
        index.discard(db_path)
    keys.key_path(db_path).unlink()
    keys.pub_path(db_path).unlink()
    before = digest(db_path)
    pin = keys.pin_path(db_path).read_bytes()
    monkeypatch.setattr(secret, "ask_new_passphrase", lambda *a, **k: PASSPHRASE)
    result = run("encrypt")
    assert result.exit_code == 3, result.output
    assert "sealed" in result.stderr and "\n" not in result.stderr.strip()
    assert digest(db_path) == before
    assert keys.pin_path(db_path).read_bytes() == pin


# The passphrase is asked on a terminal, for as long as the user takes to type it: never while
# the journal's lock is held, or an `add` from another terminal waits for it, then fails.
LOCKED_CHANGES = [
    ["list"],  # with an entry waiting: the merge
    ["edit", "1", "--urge", "4"],
    ["delete", "2", "--yes"],
    ["plan", "add", "abandonment", "breathe slowly"],
    ["restore", "bak", "--yes"],
]


@pytest.mark.parametrize("argv", LOCKED_CHANGES, ids=lambda argv: argv[0])
def test_the_passphrase_is_never_asked_while_the_journal_is_locked(
    argv, run, db_path, sealed_journal, monkeypatch
):
    keys.lock(db_path)
    assert run("add", "-q", "-u", "3", "-t", "criticism", "waiting").exit_code == 0
    held: list[bool] = []

    def ask(prompt: str, hint: str) -> str:
        with open(f"{db_path}.lock", "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                held.append(True)
            else:
                held.append(False)
        return recovery_key()

    monkeypatch.setattr(secret, "_ask", ask)
    result = run(*argv)
    assert result.exit_code == 0, result.output
    assert held == [False]


# A recovery key is written down on paper, in groups: typed back with the spaces (any case),
# it is still the recovery key.
@pytest.mark.parametrize("group", [4, 5, 8])
def test_a_recovery_key_typed_in_groups_unlocks(group, run, db_path, sealed_journal, monkeypatch):
    keys.lock(db_path)
    key = recovery_key()
    typed = " ".join(key[i : i + group] for i in range(0, len(key), group))
    monkeypatch.setattr(secret, "_ask", lambda prompt, hint: typed.lower() if group == 8 else typed)
    result = run("unlock")
    assert result.exit_code == 0, result.output
    assert keys.cached_identity(db_path) == key


# An age file given to `import` (the .bak of an encrypted journal, one copied from another
# machine): said to be encrypted and how to open it, not "not UTF-8 text".
def test_import_of_an_encrypted_file_says_it_is_encrypted(run, db_path, sealed_journal, tmp_path):
    copy = tmp_path / "old-journal.json"
    copy.write_bytes(db_path.read_bytes())
    for source in (copy, db_path.with_name(db_path.name + ".bak")):
        result = run("import", str(source))
        assert result.exit_code == 2, result.output
        assert "encrypted (age)" in result.stderr and "UTF-8" not in result.stderr


# `encrypt` shows the recovery key only once it has sealed everything: one stopped before
# never showed it, so running it again to finish the job shows it (after the passphrase).
def test_finishing_a_stopped_encrypt_shows_the_recovery_key(run, db_path, monkeypatch, cheap_keys):
    fill(run)
    install_key(db_path)  # `encrypt` killed right after the key files: nothing shown yet
    monkeypatch.setattr(secret, "_ask", lambda prompt, hint: PASSPHRASE)
    result = run("encrypt")
    assert result.exit_code == 0, result.output
    assert "Finished an encryption that was stopped" in result.stdout
    assert recovery_key() in result.stdout
    assert_no_plaintext(db_path)
