"""The key of an encrypted journal (journalcli.keys): its files, the pin, the unlocked copy and
its expiry, and the private runtime folder it lives in. Secrets are the recovery key (no
scrypt); only one test wraps and opens with a passphrase."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypt_helpers import PASSPHRASE, install_key, key_material, unlocked
from journalcli import keys
from journalcli.errors import InputError, StorageError


@pytest.fixture
def journal(db_path: Path) -> Path:
    install_key(db_path)
    return db_path


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setenv("JOURNAL_NOW", moment.isoformat())


def _other_identity() -> str:
    return keys.new_identity()[0]


# --- files and paths


def test_files_lie_beside_the_real_journal_and_the_pin_in_the_config_folder(tmp_path, db_path):
    db_path.parent.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(db_path)
    assert keys.key_path(link) == db_path.with_name("journal.json.key")
    assert keys.pub_path(link) == db_path.with_name("journal.json.pub")
    import hashlib

    digest = hashlib.sha256(str(db_path).encode()).hexdigest()
    assert keys.pin_path(link) == tmp_path / "config" / "pinned" / f"{digest}.pub"


@pytest.mark.parametrize("suffix", [".key", ".pub"])
def test_either_key_file_makes_a_journal_encrypted(db_path, suffix):
    db_path.parent.mkdir()
    db_path.write_text("{}")
    assert not keys.is_encrypted(db_path)
    db_path.with_name(db_path.name + suffix).write_text("x")
    assert keys.is_encrypted(db_path)


def test_install_writes_private_files_and_pins_the_public_key(db_path, monkeypatch):
    # The wrapping itself (scrypt, ~1 s) is shown by the terminal test that changes the
    # passphrase and unlocks with the new one.
    wrapped: list[tuple[str, str]] = []

    def wrap(identity: str, passphrase: str) -> bytes:
        wrapped.append((identity, passphrase))
        return keys.AGE_HEADER + b"wrapped"

    monkeypatch.setattr(keys, "_wrap", wrap)
    identity, public = keys.new_identity()
    assert identity.startswith("AGE-SECRET-KEY-1") and public.startswith("age1")
    db_path.parent.mkdir()
    unlocked(db_path)  # an unlocked earlier key is forgotten
    assert keys.install(db_path, identity, PASSPHRASE) == public
    assert wrapped == [(identity, PASSPHRASE)]
    for path in (keys.key_path(db_path), keys.pub_path(db_path), keys.pin_path(db_path)):
        assert _mode(path) == 0o600
    assert keys.key_path(db_path).read_bytes() == keys.AGE_HEADER + b"wrapped"
    assert keys.pub_path(db_path).read_text() == f"{public}\n"
    assert keys.pin_path(db_path).read_text() == f"{public}\n"
    assert keys.recipient(db_path) == public
    assert keys.cached_identity(db_path) is None


class Killed(Exception):
    pass


def _killed_at(monkeypatch: pytest.MonkeyPatch, step: int) -> None:
    """keys.install dies before its `step`-th write (no scrypt: the wrapping is faked)."""
    real = keys._write
    done: list[Path] = []

    def write(path: Path, payload: bytes) -> None:
        if len(done) + 1 == step:
            raise Killed
        done.append(path)
        real(path, payload)

    monkeypatch.setattr(keys, "_write", write)
    monkeypatch.setattr(keys, "_wrap", lambda identity, passphrase: keys.AGE_HEADER + b"x")


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_new_key_killed_at_any_write_leaves_a_pinned_public_key(journal, monkeypatch, step):
    old = key_material().recipient
    identity, new = keys.new_identity()
    with monkeypatch.context() as patched, pytest.raises(Killed):
        _killed_at(patched, step)
        keys.install(journal, identity, "new words")
    assert keys.recipient(journal) == (old if step <= 3 else new)
    keys.open_identity(journal, key_material().identity if step <= 2 else identity)
    assert keys.pin_path(journal).read_text() == f"{keys.recipient(journal)}\n"


@pytest.mark.parametrize("step", [1, 2, 3])
def test_encrypting_killed_at_any_write_is_plain_or_has_its_public_key(db_path, monkeypatch, step):
    db_path.parent.mkdir()
    identity, public = keys.new_identity()
    with monkeypatch.context() as patched, pytest.raises(Killed):
        _killed_at(patched, step)
        keys.install(db_path, identity, "words")
    assert keys.is_encrypted(db_path) is (step > 2)
    if step > 2:
        assert keys.recipient(db_path) == public  # J.pub put back from the pin


def test_install_refuses_an_empty_passphrase_and_writes_nothing(db_path):
    db_path.parent.mkdir()
    with pytest.raises(InputError, match="empty"):
        keys.install(db_path, key_material().identity, "")
    assert not keys.is_encrypted(db_path)


# --- the public key and its pin


def test_recipient_is_the_pinned_public_key(journal):
    assert keys.recipient(journal) == key_material().recipient


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda j: [keys.pub_path(j).unlink(), keys.pin_path(j).unlink()], "missing"),
        (lambda j: keys.pub_path(j).write_text("age1notakey\n"), "not an age public key"),
        (lambda j: keys.pub_path(j).write_bytes(b"\xff\xfe"), "not an age public key"),
        (lambda j: keys.pin_path(j).unlink(), "not pinned on this machine"),
        (
            lambda j: keys.pub_path(j).write_text(keys.new_identity()[1]),
            "not the public key pinned",
        ),
        (
            lambda j: keys.pin_path(j).write_text(keys.new_identity()[1]),
            "not the public key pinned",
        ),
    ],
)
def test_a_missing_malformed_or_swapped_public_key_is_refused(journal, damage, said):
    damage(journal)
    with pytest.raises(StorageError, match=said) as caught:
        keys.recipient(journal)
    assert caught.value.exit_code == 3


def test_a_lost_public_key_is_put_back_from_the_pin(journal):
    keys.pub_path(journal).unlink()  # an install killed before it, or a sync that lost it
    assert keys.recipient(journal) == key_material().recipient
    assert keys.pub_path(journal).read_text() == f"{key_material().recipient}\n"


def test_a_linked_public_key_is_refused(journal, tmp_path):
    elsewhere = tmp_path / "elsewhere.pub"
    elsewhere.write_text(key_material().recipient)
    keys.pub_path(journal).unlink()
    keys.pub_path(journal).symlink_to(elsewhere)
    with pytest.raises(StorageError, match="symbolic link"):
        keys.recipient(journal)


# --- opening: passphrase or recovery key


@pytest.mark.parametrize(
    "typed",
    [
        lambda key: key,
        lambda key: key.lower(),
        lambda key: f"  {key}\n",
        lambda key: key[:20].lower() + key[20:],
    ],
)
def test_the_recovery_key_opens_in_any_case(journal, typed):
    material = key_material()
    assert keys.open_identity(journal, typed(material.identity)) == material.identity


@pytest.mark.parametrize(
    "secret",
    [
        "AGE-SECRET-KEY-1",  # cut short
        "age-secret-key-1qqqqqqq",  # not bech32
        "key-of-another-journal",
    ],
)
def test_a_wrong_recovery_key_is_exit_3_and_changes_nothing(journal, secret):
    if secret == "key-of-another-journal":
        secret = _other_identity()
    before = {p: p.read_bytes() for p in (keys.pub_path(journal), keys.pin_path(journal))}
    with pytest.raises(StorageError, match=r"^wrong passphrase or recovery key; nothing") as e:
        keys.open_identity(journal, secret)
    assert e.value.exit_code == 3
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.parametrize("secret", ["", "   ", "\n"])
def test_nothing_typed_is_exit_2(journal, secret):
    with pytest.raises(InputError, match="no passphrase or recovery key typed"):
        keys.open_identity(journal, secret)


def test_a_passphrase_needs_the_wrapped_key_and_says_to_use_the_recovery_key(journal):
    keys.key_path(journal).write_bytes(b"not age at all")
    with pytest.raises(StorageError, match=r"damaged.*recovery key"):
        keys.open_identity(journal, PASSPHRASE)
    keys.key_path(journal).unlink()
    with pytest.raises(StorageError, match=r"missing.*recovery key"):
        keys.open_identity(journal, PASSPHRASE)


@pytest.mark.parametrize("lost", ["pub", "pin", "both-swapped-pub"])
def test_the_recovery_key_mends_a_lost_or_swapped_public_key_and_pin(journal, lost):
    material = key_material()
    if lost == "pub":
        keys.pub_path(journal).unlink()
    elif lost == "pin":
        keys.pin_path(journal).unlink()
    else:  # a sync swapped J.pub: the pin still knows the right key
        keys.pub_path(journal).write_text(keys.new_identity()[1])
    keys.open_identity(journal, material.identity)
    assert keys.recipient(journal) == material.recipient
    assert _mode(keys.pin_path(journal)) == 0o600


def test_a_recovery_key_matching_neither_public_key_nor_pin_is_wrong(journal):
    other, other_public = keys.new_identity()
    keys.pub_path(journal).write_text(keys.new_identity()[1])
    with pytest.raises(StorageError, match="wrong"):
        keys.open_identity(journal, other)
    assert other_public not in keys.pin_path(journal).read_text()


def test_remove_takes_away_key_public_key_pin_and_unlock(journal):
    unlocked(journal)
    keys.remove(journal)
    assert not keys.is_encrypted(journal)
    assert not keys.pin_path(journal).exists()
    assert keys.cached_identity(journal) is None
    assert list(keys.runtime_folder().iterdir()) == []


# --- unlocking and expiry (fixed clock)


def test_unlock_keeps_the_key_privately_until_it_expires(journal, now, monkeypatch):
    material = key_material()
    until = keys.unlock(journal, material.identity, 15)
    assert until == now + timedelta(minutes=15)
    folder = keys.runtime_folder()
    assert folder.name == f"journal-{os.getuid()}" and _mode(folder) == 0o700
    [kept] = folder.iterdir()
    assert _mode(kept) == 0o600
    assert keys.cached_identity(journal) == material.identity
    assert keys.unlocked_until(journal) == until
    _at(monkeypatch, until - timedelta(seconds=1))
    assert keys.cached_identity(journal) == material.identity
    _at(monkeypatch, until)
    assert keys.cached_identity(journal) is None
    assert not kept.exists()  # removed, never used again
    _at(monkeypatch, now)
    assert keys.cached_identity(journal) is None


def test_an_expired_unlock_is_gone_for_unlocked_until_too(journal, now, monkeypatch):
    unlocked(journal, minutes=1.5)
    _at(monkeypatch, now + timedelta(minutes=2))
    assert keys.unlocked_until(journal) is None
    assert list(keys.runtime_folder().iterdir()) == []


def test_an_unlock_from_a_clock_turned_back_is_not_used(journal, now, monkeypatch):
    _at(monkeypatch, now + timedelta(days=3))
    unlocked(journal)
    _at(monkeypatch, now)
    assert keys.cached_identity(journal) is None
    assert list(keys.runtime_folder().iterdir()) == []


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: p.chmod(0o644),
        lambda p: p.write_text("garbage"),
        lambda p: p.write_text("2026-11-22T18:45:00\nAGE-SECRET-KEY-1X\n"),
        lambda p: p.write_bytes(b"\xff" * 10),
    ],
)
def test_an_unlocked_key_that_is_open_to_others_or_garbled_is_removed_unused(journal, spoil):
    unlocked(journal)
    [kept] = keys.runtime_folder().iterdir()
    spoil(kept)
    assert keys.cached_identity(journal) is None
    assert not kept.exists()


def test_an_unlocked_key_that_is_a_link_is_not_followed(journal, tmp_path):
    unlocked(journal)
    [kept] = keys.runtime_folder().iterdir()
    decoy = tmp_path / "decoy"
    decoy.write_text(kept.read_text())
    decoy.chmod(0o600)
    kept.unlink()
    kept.symlink_to(decoy)
    assert keys.cached_identity(journal) is None
    assert decoy.exists() and not kept.is_symlink()


def test_unlocks_are_per_journal_and_lock_forgets_at_once(journal, tmp_path):
    other = tmp_path / "other" / "journal.json"
    install_key(other)
    unlocked(journal)
    assert keys.cached_identity(other) is None
    assert keys.lock(journal) is True
    assert keys.cached_identity(journal) is None
    assert keys.lock(journal) is False


def test_a_folder_where_the_unlocked_key_goes_is_exit_3(journal):
    unlocked(journal)
    [kept] = keys.runtime_folder().iterdir()
    kept.unlink()
    kept.mkdir()
    with pytest.raises(StorageError, match="cannot keep the unlocked key"):
        unlocked(journal)
    assert [p.name for p in keys.runtime_folder().iterdir()] == [kept.name]


def test_lock_and_unlock_sweep_keys_left_by_an_unlock_that_was_killed(journal):
    unlocked(journal)
    [kept] = keys.runtime_folder().iterdir()
    dead = kept.with_name(f".{kept.name}.999999999.tmp")  # no such process
    live = kept.with_name(f".{kept.name}.{os.getppid()}.tmp")  # a running process
    for path in (dead, live):
        path.write_text("x")
    keys.lock(journal)
    assert not dead.exists() and live.exists()
    dead.write_text("x")
    unlocked(journal)
    assert sorted(keys.runtime_folder().iterdir()) == sorted([kept, live])


@pytest.mark.parametrize("minutes", [0, -1, 24 * 60 + 1])
def test_unlock_refuses_a_duration_out_of_range(journal, minutes):
    with pytest.raises(InputError):
        keys.unlock(journal, key_material().identity, minutes)


@given(hours=st.integers(0, 24), minutes=st.integers(0, 90), seconds=st.integers(0, 200))
def test_durations_in_hours_minutes_and_seconds(hours, minutes, seconds):
    parts = [(hours, "h"), (minutes, "m"), (seconds, "s")]
    text = "".join(f"{n}{unit}" for n, unit in parts if n)
    total = hours * 60 + minutes + seconds / 60
    if not text or total > keys.MAX_MINUTES:
        with pytest.raises(InputError):
            keys.duration_minutes(text)
    else:
        assert keys.duration_minutes(text) == pytest.approx(total)
        assert keys.duration_minutes(text.upper()) == pytest.approx(total)


@pytest.mark.parametrize(
    "text", ["", "15", "0m", "0h0m0s", "1d", "1.5h", "-5m", "m", "1h 30m", "30m1h", "25h", "1e3s"]
)
def test_bad_durations_are_exit_2(text):
    with pytest.raises(InputError, match="--for") as caught:
        keys.duration_minutes(text)
    assert caught.value.exit_code == 2


# --- the private runtime folder


def test_the_runtime_folder_is_refused_when_others_can_open_it(monkeypatch):
    base = Path(os.environ["XDG_RUNTIME_DIR"])
    base.chmod(0o755)
    with pytest.raises(StorageError, match=r"others may open it \(mode 755"):
        keys.runtime_folder()
    base.chmod(0o700)
    folder = keys.runtime_folder()
    folder.chmod(0o750)
    with pytest.raises(StorageError, match="others may open it"):
        keys.runtime_folder()


def test_the_runtime_folder_of_another_user_is_refused(monkeypatch):
    real = os.getuid()
    monkeypatch.setattr(keys.os, "getuid", lambda: real + 1)
    with pytest.raises(StorageError, match=f"owned by another user \\(uid {real}\\)"):
        keys.runtime_folder()


def test_a_link_in_place_of_the_key_folder_is_refused(tmp_path):
    base = Path(os.environ["XDG_RUNTIME_DIR"])
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    (base / f"journal-{os.getuid()}").symlink_to(target)
    with pytest.raises(StorageError, match="symbolic link"):
        keys.runtime_folder()


def test_a_missing_runtime_folder_is_refused_and_reads_as_locked(journal, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "gone"))
    with pytest.raises(StorageError, match="gone: missing; refusing to keep a key there"):
        keys.unlock(journal, key_material().identity, 15)
    assert keys.cached_identity(journal) is None
    assert keys.lock(journal) is False


def test_without_any_runtime_folder_unlock_explains_and_refuses(journal, monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setattr(keys, "MEMORY_FOLDERS", (str(tmp_path / "run-{uid}"),))
    with pytest.raises(StorageError, match="no private place for an unlocked key"):
        keys.runtime_folder()
    assert keys.cached_identity(journal) is None


def test_a_shared_memory_folder_gets_a_private_folder_of_ours(monkeypatch, tmp_path):
    shared = tmp_path / "shm"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setattr(keys, "MEMORY_FOLDERS", (str(tmp_path / "none-{uid}"), str(shared)))
    folder = keys.runtime_folder()
    assert folder == shared / f"journal-{os.getuid()}" and _mode(folder) == 0o700
    shared.chmod(0o777)  # anyone could move our folder away and put theirs in its place
    with pytest.raises(StorageError, match="no sticky bit"):
        keys.runtime_folder()


def test_looking_at_a_plain_journal_does_not_load_pyrage(db_path):
    import subprocess
    import sys

    probe = (
        "import sys; from pathlib import Path; from journalcli import editor, keys; "
        f"p = Path({str(db_path)!r}); "
        "assert not keys.is_encrypted(p) and editor.draft_root(p) is None; "
        "print('pyrage' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"
