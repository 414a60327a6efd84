"""unlock, lock, passphrase and the identity provider, in-process: everything up to the point
where a passphrase is typed (tests/test_keys_terminal.py types it through a pseudo-terminal).
In-process there is never a terminal (conftest points secret.TTY at nothing)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from crypt_helpers import install_key, key_material, unlocked
from journalcli import editor, keys
from journalcli.commands import secret
from journalcli.errors import InputError, StorageError


@pytest.fixture
def journal(db_path: Path) -> Path:
    install_key(db_path)
    return db_path


def _one_line_error(result, code: int, said: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("journal: error: ") and said in line


@pytest.mark.parametrize("duration", ["", "15", "1d", "-5m", "0s", "25h", "1h 30m"])
def test_unlock_refuses_a_bad_duration_before_anything_else(run, journal, duration):
    _one_line_error(run("unlock", "--for", duration), 2, f"--for {duration!r}: ")
    assert keys.cached_identity(journal) is None


def test_unlock_without_a_terminal_is_exit_3_with_a_hint(run, journal):
    result = run("unlock", "--for", "2h")
    _one_line_error(result, 3, "asks for the passphrase on a terminal")
    assert keys.cached_identity(journal) is None


def test_unlock_refuses_an_unsafe_runtime_folder_before_asking(run, journal):
    Path(os.environ["XDG_RUNTIME_DIR"]).chmod(0o755)
    _one_line_error(run("unlock"), 3, "refusing to keep a key there")


@pytest.mark.parametrize("command", [("unlock",), ("passphrase",), ("passphrase", "--new-key")])
def test_key_commands_on_a_plain_journal_say_it_is_not_encrypted(run, add, command):
    add("-u", "3", "-t", "stress", "-r", "stayed", "plain")
    _one_line_error(run(*command), 2, "not encrypted (`journal encrypt` turns encryption on)")


def test_lock_forgets_an_unlocked_key(run, journal):
    unlocked(journal)
    result = run("lock")
    assert result.exit_code == 0 and result.stdout.startswith("Locked")
    assert keys.cached_identity(journal) is None
    again = run("lock")
    assert again.exit_code == 0 and again.stdout == "Already locked.\n"


def test_lock_on_a_plain_journal_has_nothing_to_do(run):
    result = run("lock")
    assert result.exit_code == 0 and result.stdout.startswith("Nothing to lock")


def test_passphrase_without_a_terminal_changes_nothing(run, journal):
    wrapped = keys.key_path(journal).read_bytes()
    _one_line_error(run("passphrase"), 3, "`journal passphrase` asks for the passphrase")
    assert keys.key_path(journal).read_bytes() == wrapped


# --- asking (the terminal replaced by a script of what is typed)


@pytest.fixture
def typing(monkeypatch: pytest.MonkeyPatch):
    """Answers typed in turn at the prompts; records the prompts."""
    prompts: list[str] = []

    def script(*answers: str) -> list[str]:
        queue = list(answers)

        def ask(prompt: str, hint: str) -> str:
            prompts.append(prompt)
            return queue.pop(0)

        monkeypatch.setattr(secret, "_ask", ask)
        return prompts

    return script


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        (("", ""), "empty"),
        (("  ", "  "), "empty"),
        (("one", "two"), "differ"),
        (("one", "one "), "differ"),
        (("AGE-SECRET-KEY-1abc", "AGE-SECRET-KEY-1abc"), "read as a recovery key"),
        ((" age-secret-key-1x", " age-secret-key-1x"), "read as a recovery key"),
    ],
)
def test_a_new_passphrase_that_is_empty_or_mistyped_is_exit_2(typing, answers, said):
    typing(*answers)
    with pytest.raises(InputError, match=said) as caught:
        secret.ask_new_passphrase()
    assert caught.value.exit_code == 2


def test_a_new_passphrase_is_asked_twice(typing):
    prompts = typing("a long phrase", "a long phrase")
    assert secret.ask_new_passphrase() == "a long phrase"
    assert prompts == ["New passphrase", "Type it again"]


def test_nothing_typed_for_the_secret_is_exit_2(typing):
    typing("")
    with pytest.raises(InputError, match="no passphrase or recovery key typed"):
        secret.ask_secret()


def test_passphrase_change_with_nothing_new_changes_nothing(run, journal, typing):
    typing(key_material().identity, "", "")
    wrapped = keys.key_path(journal).read_bytes()
    _one_line_error(run("passphrase"), 2, "the new passphrase is empty; nothing was changed")
    assert keys.key_path(journal).read_bytes() == wrapped


def test_unlock_takes_the_recovery_key(run, journal, typing, now):
    typing(key_material().identity.lower())
    result = run("unlock", "--for", "1h30m")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Unlocked until 20:00.")
    assert keys.unlocked_until(journal) == now + timedelta(minutes=90)


# --- the identity provider (what the store calls for an encrypted journal)


def test_the_provider_uses_an_unlocked_key_without_asking(journal, typing):
    prompts = typing()
    unlocked(journal)
    provide = secret.identity_provider(journal)
    assert provide() == provide() == key_material().identity
    assert prompts == []


def test_the_provider_asks_once_per_command_when_locked(journal, typing):
    prompts = typing(key_material().identity)
    provide = secret.identity_provider(journal)
    assert provide() == provide() == key_material().identity
    assert prompts == ["Passphrase or recovery key"]
    assert keys.cached_identity(journal) is None  # for this command only


def test_the_provider_without_a_terminal_is_exit_3_with_a_hint(journal):
    provide = secret.identity_provider(journal)
    with pytest.raises(StorageError, match="run `journal unlock` in a terminal first") as caught:
        provide()
    assert caught.value.exit_code == 3


def test_an_expired_unlock_is_removed_by_the_next_command(journal, now, monkeypatch):
    unlocked(journal, minutes=1)
    monkeypatch.setenv("JOURNAL_NOW", (now + timedelta(minutes=5)).isoformat())
    secret.identity_provider(journal)  # made at the start of every command; nothing read yet
    assert list(keys.runtime_folder().iterdir()) == []


# --- --edit drafts


def test_drafts_of_an_encrypted_journal_live_in_the_runtime_folder(journal, monkeypatch, tmp_path):
    seen: list[Path] = []

    def fake_editor(command, check):
        draft = Path(command[-1])
        seen.append(draft)
        draft.write_text("written in private")
        return type("Done", (), {"returncode": 0})()

    monkeypatch.setattr(editor.subprocess, "run", fake_editor)
    monkeypatch.setenv("EDITOR", "ed")
    root = editor.draft_root(journal)
    assert root == keys.runtime_folder()
    assert editor.edit_note("", root=root) == "written in private"
    assert seen[0].parent.parent == root
    assert list(root.iterdir()) == []  # removed after the editor closed
    plain = tmp_path / "plain" / "journal.json"
    assert editor.draft_root(plain) is None


def test_an_unlock_into_tomorrow_names_the_day(run, journal, typing):
    typing(key_material().identity)
    result = run("unlock", "--for", "24h")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Unlocked until Mon 23 Nov 18:30.")


def test_the_passphrase_is_never_read_from_stdin_or_an_argument(run, journal):
    piped = run("unlock", input=f"{key_material().identity}\n")
    _one_line_error(piped, 3, "asks for the passphrase on a terminal")
    given = run("unlock", key_material().identity)
    assert given.exit_code == 2 and "unexpected extra argument" in given.stderr.lower()
    assert keys.cached_identity(journal) is None


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        (UnicodeDecodeError("ascii", b"\xc3", 0, 1, "ordinal not in range"), InputError),
        (EOFError(), InputError),
    ],
)
def test_what_cannot_be_read_from_the_terminal_is_one_line(monkeypatch, typed, error):
    import getpass

    def fail(prompt: str) -> str:
        raise typed

    monkeypatch.setattr(secret, "_require_terminal", lambda hint: None)
    monkeypatch.setattr(getpass, "getpass", fail)
    with pytest.raises(error) as caught:
        secret.ask_secret()
    assert caught.value.exit_code == 2


def test_a_new_key_is_made_by_the_store_with_the_opened_key_and_the_new_passphrase(
    run, journal, typing, monkeypatch
):
    from journalcli import store

    calls: list[tuple[Path, str, str]] = []

    class Store:  # the store's side (Journal.rekey) is tested with the store
        def __init__(self, path: Path, identity) -> None:
            self.path, self.identity = path, identity

        def rekey(self, passphrase: str) -> str:
            calls.append((self.path, self.identity(), passphrase))
            return "AGE-SECRET-KEY-1NEWRECOVERYKEY"

    monkeypatch.setattr(store, "Journal", Store, raising=False)
    typing(key_material().identity, "fresh words", "fresh words")
    result = run("passphrase", "--new-key")
    assert result.exit_code == 0, result.output
    assert calls == [(journal, key_material().identity, "fresh words")]
    assert result.stdout.splitlines()[-1] == "AGE-SECRET-KEY-1NEWRECOVERYKEY"
    assert "write it down" in result.stdout
