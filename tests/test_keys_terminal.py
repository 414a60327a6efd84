"""The real `journal` command with a passphrase typed on a pseudo-terminal (pexpect): the
passphrase is read from the terminal only. Each passphrase costs ~1 s of scrypt, so these are
few; the recovery key (no scrypt) stands in wherever a test only needs a secret."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import pexpect
import pytest

from crypt_helpers import install_key, key_material
from journalcli import keys

JOURNAL = str(Path(sys.executable).with_name("journal"))


@pytest.fixture
def journal(db_path: Path) -> Path:
    install_key(db_path)
    return db_path


def _spawn(*args: str) -> pexpect.spawn:
    return pexpect.spawn(
        JOURNAL, list(args), env=dict(os.environ), encoding="utf-8", timeout=30, echo=False
    )


def _finish(child: pexpect.spawn) -> tuple[str, int]:
    rest = child.read()
    child.close()
    return rest, child.exitstatus


def test_a_wrong_passphrase_is_exit_3_and_changes_nothing(journal):
    before = {p: p.read_bytes() for p in (keys.key_path(journal), keys.pub_path(journal))}
    child = _spawn("unlock")
    child.expect_exact("Passphrase or recovery key: ")
    child.sendline("correct horse battery")
    rest, code = _finish(child)
    assert code == 3
    assert rest.strip() == "journal: error: wrong passphrase or recovery key; nothing was changed"
    assert keys.cached_identity(journal) is None
    assert {p: p.read_bytes() for p in before} == before


def test_a_changed_passphrase_unlocks_and_the_journal_is_not_rewritten(journal, now):
    material = key_material()
    journal.write_bytes(b"the journal itself")
    child = _spawn("passphrase")
    child.expect_exact("Current passphrase or recovery key: ")
    child.sendline(material.identity)  # a forgotten passphrase: the recovery key sets a new one
    child.expect_exact("New passphrase: ")
    child.sendline("staple battery")
    child.expect_exact("Type it again: ")
    child.sendline("staple battery")
    rest, code = _finish(child)
    assert code == 0, rest
    assert "Passphrase changed" in rest
    assert journal.read_bytes() == b"the journal itself"
    assert keys.pub_path(journal).read_text() == f"{material.recipient}\n"
    rewrapped = keys.key_path(journal).read_bytes()
    assert rewrapped.startswith(keys.AGE_HEADER) and rewrapped != material.wrapped
    assert material.identity.encode() not in rewrapped

    child = _spawn("unlock", "--for", "30m")
    child.expect_exact("Passphrase or recovery key: ")
    child.sendline("staple battery")
    rest, code = _finish(child)
    assert code == 0, rest
    assert "Unlocked until 19:00." in rest
    assert "staple" not in rest  # not echoed
    assert keys.unlocked_until(journal) == now + timedelta(minutes=30)
    assert keys.cached_identity(journal) == material.identity


def test_passphrase_change_typed_differently_twice_is_exit_2(journal):
    wrapped = keys.key_path(journal).read_bytes()
    child = _spawn("passphrase")
    child.expect_exact("Current passphrase or recovery key: ")
    child.sendline(key_material().identity)
    child.expect_exact("New passphrase: ")
    child.sendline("one")
    child.expect_exact("Type it again: ")
    child.sendline("two")
    rest, code = _finish(child)
    assert code == 2
    assert "the two passphrases differ; nothing was changed" in rest
    assert keys.key_path(journal).read_bytes() == wrapped
