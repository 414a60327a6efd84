"""The key of an encrypted journal: its files, its pin, and the unlocked copy (core, no terminal).

An encrypted journal J is sealed to an age X25519 key. Beside it lie `J.key` (the secret
identity, wrapped with the passphrase: ~1 s of scrypt to make or open, by design) and `J.pub`
(the public recipient, so `add` can seal an entry without any secret). The public key is also
pinned in the user's config folder, so that a synced folder cannot swap in someone else's key.
The recovery key is the identity string itself ("AGE-SECRET-KEY-1...").

`journal unlock` keeps the identity for a while in a private per-user runtime folder (on a
memory file system, so it does not survive a reboot), beside the time it expires; an expired
one is never used and is removed when it is next looked at.

pyrage is imported only inside the functions that need it: a plain journal never loads it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from journalcli.errors import InputError, StorageError

RECOVERY_PREFIX = "AGE-SECRET-KEY-1"
RECIPIENT_PREFIX = "age1"
AGE_HEADER = b"age-encryption.org/v1\n"
WRONG = "wrong passphrase or recovery key; nothing was changed"
NOTHING_TYPED = "no passphrase or recovery key typed; nothing was changed"
MAX_MINUTES = 24 * 60
MAX_SMALL_FILE = 16 * 1024  # every key file is well under 1 kB
# Where an unlocked key may live when $XDG_RUNTIME_DIR is not set: per-user runtime folders
# (private to the user) and a shared memory file system ({uid} is filled in).
MEMORY_FOLDERS = ("/run/user/{uid}", "/dev/shm")
_DURATION = re.compile(r"(?:(\d{1,4})h)?(?:(\d{1,6})m)?(?:(\d{1,8})s)?")


# --- paths


def _real(journal: Path) -> Path:
    return Path(os.path.realpath(journal))


def _beside(journal: Path, suffix: str) -> Path:
    real = _real(journal)
    return real.with_name(real.name + suffix)


def key_path(journal: Path) -> Path:
    """J.key: the identity, wrapped with the passphrase."""
    return _beside(journal, ".key")


def pub_path(journal: Path) -> Path:
    """J.pub: the public recipient, one line."""
    return _beside(journal, ".pub")


def is_encrypted(journal: Path) -> bool:
    """Whether the journal is in encrypted mode (its key or public key lies beside it)."""
    return os.path.lexists(pub_path(journal)) or os.path.lexists(key_path(journal))


def _digest(journal: Path) -> str:
    import hashlib

    return hashlib.sha256(os.fsencode(_real(journal))).hexdigest()


def config_dir() -> Path:
    from journalcli.content import config_dir

    return config_dir()


def pin_path(journal: Path) -> Path:
    """Where this machine keeps the public key it trusts for the journal."""
    return config_dir() / "pinned" / f"{_digest(journal)}.pub"


# --- small files


def _read_small(path: Path) -> bytes | None:
    """A small regular file's bytes, None when there is none; a link, a folder, a FIFO or a
    file far too big for a key is a StorageError."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StorageError(
                f"{path}: a symbolic link, not the key file; nothing was changed"
            ) from None
        raise StorageError(
            f"{path}: cannot be read ({exc.strerror}); nothing was changed"
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SMALL_FILE:
            raise StorageError(f"{path}: not a key file; nothing was changed")
        return os.read(fd, MAX_SMALL_FILE + 1)
    finally:
        os.close(fd)


def _write(path: Path, payload: bytes) -> None:
    from journalcli.store import write_atomic

    write_atomic(path, payload, backup=False)


def _read_line(path: Path) -> str | None:
    raw = _read_small(path)
    if raw is None:
        return None
    try:
        return raw.decode("ascii").strip()
    except UnicodeDecodeError:
        return ""


# --- the identity and the public key


def _pyrage() -> Any:
    import pyrage

    return pyrage


def _parse_identity(text: str) -> Any | None:
    """The age identity in `text` (any case, spaces around ignored), or None."""
    candidate = text.strip().upper()
    if not candidate.startswith(RECOVERY_PREFIX):
        return None
    try:
        return _pyrage().x25519.Identity.from_str(candidate)
    except Exception:  # pyrage.IdentityError, or a ValueError for odd characters
        return None


def _recipient_of(identity: str) -> str:
    parsed = _parse_identity(identity)
    if parsed is None:
        raise InputError("not an age identity (AGE-SECRET-KEY-1...)")
    return str(parsed.to_public())


def _valid_recipient(text: str | None) -> bool:
    if not text or not text.startswith(RECIPIENT_PREFIX):
        return False
    try:
        _pyrage().x25519.Recipient.from_str(text)
    except Exception:  # pyrage.RecipientError
        return False
    return True


def new_identity() -> tuple[str, str]:
    """A fresh (identity, recipient) pair; nothing is written."""
    identity = _pyrage().x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def _pinned(journal: Path) -> list[str] | None:
    """The public keys trusted for the journal on this machine: one, or two while a key is
    being replaced (install); None when nothing is pinned."""
    raw = _read_small(pin_path(journal))
    if raw is None:
        return None
    return raw.decode("ascii", "replace").split()


def recipient(journal: Path) -> str:
    """The public key to seal to: J.pub, refused (exit 3) unless it is the one pinned here."""
    pub = pub_path(journal)
    text = _read_line(pub)
    pinned = _pinned(journal)
    if text is None and pinned and len(pinned) == 1 and _valid_recipient(pinned[0]):
        # Lost, or never written (an install killed before it): the pin is the key trusted.
        _write(pub, f"{pinned[0]}\n".encode())
        return pinned[0]
    if text is None:
        raise StorageError(
            f"{pub}: the journal's public key is missing; nothing was written "
            "(`journal unlock` puts it back)"
        )
    if not _valid_recipient(text):
        raise StorageError(
            f"{pub}: not an age public key (age1...); nothing was written "
            "(`journal unlock` puts the right one back)"
        )
    if pinned is None:
        raise StorageError(
            f"{pub}: this journal's public key is not pinned on this machine yet; run "
            "`journal unlock` once here to trust it; nothing was written"
        )
    if text not in pinned:
        raise StorageError(
            f"{pub}: not the public key pinned for this journal on this machine; a sync or "
            "someone may have swapped it, so nothing was written (`journal unlock` with your "
            "passphrase puts the right one back)"
        )
    return text


def _trust(journal: Path, identity: str) -> None:
    """After the passphrase or the recovery key proved the identity: J.pub and the pin become
    its public key where they are missing or differ (a swapped or lost J.pub is mended)."""
    public = _recipient_of(identity)
    if _read_line(pub_path(journal)) != public:
        _write(pub_path(journal), f"{public}\n".encode())
    if _pinned(journal) != [public]:
        _write_pin(journal, [public])


def _write_pin(journal: Path, trusted: list[str]) -> None:
    from journalcli.backups import make_private_folder

    pin = pin_path(journal)
    try:
        make_private_folder(pin.parent)
    except OSError as exc:
        raise StorageError(f"{pin.parent}: cannot create the folder ({exc.strerror})") from None
    _write(pin, "".join(f"{public}\n" for public in trusted).encode())


def _wrap(identity: str, passphrase: str) -> bytes:
    if not passphrase:
        raise InputError("the new passphrase is empty; nothing was changed")
    _recipient_of(identity)  # never wrap anything but an identity
    return bytes(_pyrage().passphrase.encrypt(identity.encode("ascii"), passphrase))


def install(journal: Path, identity: str, passphrase: str) -> str:
    """Write the pin, J.key (wrapped with `passphrase`) and J.pub, each atomically, then pin
    the new key alone; forget any unlocked copy of an earlier key. Returns the recipient.

    A kill at any point leaves a journal that works: nothing counts as encrypted before J.key
    is there (so nothing is sealed to a key that is not on disk); while a key is replaced the
    pin trusts both the old and the new one, so J.pub is always pinned; and a J.pub never
    written is put back from the pin by recipient()."""
    public = _recipient_of(identity)
    wrapped = _wrap(identity, passphrase)
    old = _read_line(pub_path(journal))
    _write_pin(journal, [old, public] if _valid_recipient(old) and old != public else [public])
    _write(key_path(journal), wrapped)
    _write(pub_path(journal), f"{public}\n".encode())
    _write_pin(journal, [public])
    lock(journal)
    return public


def rewrap(journal: Path, identity: str, new_passphrase: str) -> None:
    """A new passphrase for the same key: only J.key is rewritten, the journal is untouched
    (and the recovery key stays the same)."""
    _write(key_path(journal), _wrap(identity, new_passphrase))


def open_identity(journal: Path, secret: str) -> str:
    """The identity from the passphrase (through J.key) or the recovery key (checked against
    J.pub and the pin); anything else is a StorageError (exit 3), nothing typed an InputError
    (exit 2), and neither changes anything. Once proved, the identity's public key is what
    J.pub and the pin say (see _trust)."""
    if not secret.strip():
        raise InputError(NOTHING_TYPED)
    parsed = _parse_identity(secret)
    if parsed is not None:
        identity = str(parsed)
        public = str(parsed.to_public())
        known = {_read_line(pub_path(journal)), *(_pinned(journal) or [])}
        if public not in known:
            raise StorageError(WRONG)
    elif secret.strip().upper().startswith(RECOVERY_PREFIX):
        raise StorageError(WRONG)  # a recovery key mistyped
    else:
        identity = _unwrap(journal, secret)
    _trust(journal, identity)
    return identity


def _unwrap(journal: Path, passphrase: str) -> str:
    path = key_path(journal)
    wrapped = _read_small(path)
    if wrapped is None:
        raise StorageError(
            f"{path}: the passphrase-wrapped key is missing; type the recovery key instead "
            "(nothing was changed)"
        )
    damaged = StorageError(
        f"{path}: damaged (not a passphrase-wrapped age key); type the recovery key instead "
        "(nothing was changed)"
    )
    if not wrapped.startswith(AGE_HEADER):
        raise damaged
    pyrage = _pyrage()
    try:
        plain = bytes(pyrage.passphrase.decrypt(wrapped, passphrase))
    except pyrage.DecryptError:
        raise StorageError(WRONG) from None
    parsed = _parse_identity(plain.decode("ascii", "replace"))
    if parsed is None:
        raise damaged
    return str(parsed)


def remove(journal: Path) -> None:
    """After decrypt: J.key, J.pub, the pin and any unlocked copy go."""
    lock(journal)
    for path in (key_path(journal), pub_path(journal), pin_path(journal)):
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"{path}: cannot be removed ({exc.strerror})") from None


# --- the private runtime folder


def _base() -> tuple[Path, bool]:
    """The runtime folder to use and whether it must be private to the user (a shared memory
    file system such as /dev/shm need not be: the per-user folder in it is)."""
    uid = os.getuid()
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg:
        return Path(xdg), True
    for candidate in MEMORY_FOLDERS:
        path = Path(candidate.format(uid=uid))
        if path.is_dir():
            return path, "{uid}" in candidate
    raise StorageError(
        "no private place for an unlocked key on this system ($XDG_RUNTIME_DIR is not set, and "
        f"there is no {' or '.join(c.format(uid=uid) for c in MEMORY_FOLDERS)}); set "
        "XDG_RUNTIME_DIR to a folder of yours (mode 700) on a memory file system, or type the "
        "passphrase for each command"
    )


def _refuse(path: Path, why: str) -> StorageError:
    return StorageError(f"{path}: {why}; refusing to keep a key there")


def _check_folder(path: Path, info: os.stat_result, *, private: bool) -> None:
    if not stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "not a folder")
    if private and info.st_uid != os.getuid():
        raise _refuse(path, f"owned by another user (uid {info.st_uid})")
    mode = stat.S_IMODE(info.st_mode)
    if private and mode & 0o077:
        raise _refuse(path, f"others may open it (mode {mode:03o}; chmod 700 it)")
    if not private and mode & 0o002 and not mode & stat.S_ISVTX:
        raise _refuse(path, f"anyone may rename what is in it (mode {mode:03o}, no sticky bit)")


def runtime_folder(*, create: bool = True) -> Path:
    """`<runtime dir>/journal-<uid>`, 0700, owned by the user and not a link, checked every time
    (also for --edit drafts of an encrypted journal); a StorageError (exit 3) names what is
    wrong, also a missing folder when `create` is off."""
    base, private = _base()
    folder = base / f"journal-{os.getuid()}"
    try:
        _check_folder(base, os.stat(base), private=private)
        if create:
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder, 0o700)
        info = os.lstat(folder)
    except FileNotFoundError as exc:
        raise _refuse(Path(exc.filename or folder), "missing") from None
    except OSError as exc:
        raise _refuse(Path(exc.filename or folder), exc.strerror or "cannot be used") from None
    if stat.S_ISLNK(info.st_mode):
        raise _refuse(folder, "a symbolic link, not a folder")
    _check_folder(folder, info, private=True)
    return folder


def _unlock_path(journal: Path, *, create: bool = False) -> Path | None:
    """Where the journal's unlocked key lies; None (with `create` off) when there is no safe
    place for one, so nothing unlocked is ever read from an unchecked place."""
    try:
        return runtime_folder(create=create) / f"{_digest(journal)}.key"
    except StorageError:
        if create:
            raise
        return None


# --- unlocking


def duration_minutes(text: str) -> float:
    """'30m', '2h', '90s', '1h30m' (up to 24h) as minutes; anything else is exit 2."""
    match = _DURATION.fullmatch(text.strip().lower())
    shown = repr(text if len(text) <= 20 else text[:17] + "...")
    if not text.strip() or match is None:
        raise InputError(f"--for {shown}: not a duration like 30m, 2h, 90s or 1h30m")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    total = hours * 60 + minutes + seconds / 60
    if not 0 < total <= MAX_MINUTES:
        raise InputError(f"--for {shown}: an unlock lasts from 1s up to 24h")
    return total


def unlock(journal: Path, identity: str, minutes: float) -> datetime:
    """Keep `identity` unlocked for `minutes` (0600, in the private runtime folder); returns
    when it expires."""
    from journalcli import clock

    if not 0 < minutes <= MAX_MINUTES:
        raise InputError("an unlock lasts from 1 second up to 24 hours")
    _recipient_of(identity)
    until = clock.now() + timedelta(minutes=minutes)
    path = _unlock_path(journal, create=True)
    assert path is not None
    _sweep_temps(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(f"{until.isoformat()}\n{identity}\n")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise StorageError(f"{path}: cannot keep the unlocked key ({exc.strerror})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return until


def _read_unlock(journal: Path) -> tuple[datetime, str] | None:
    """The unexpired unlocked key (expiry, identity); an expired, foreign or unreadable one is
    removed and never used."""
    from journalcli import clock

    path = _unlock_path(journal)
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError:
        _forget(path)
        return None
    try:
        info = os.fstat(fd)
        usable = (
            stat.S_ISREG(info.st_mode)
            and info.st_uid == os.getuid()
            and not stat.S_IMODE(info.st_mode) & 0o077
            and info.st_size <= MAX_SMALL_FILE
        )
        raw = os.read(fd, MAX_SMALL_FILE) if usable else b""
    finally:
        os.close(fd)
    found = _parse_unlock(raw)
    now = clock.now()
    # An expiry further off than any unlock lasts means the clock was turned back: not used.
    if found is None or not now < found[0] <= now + timedelta(minutes=MAX_MINUTES):
        _forget(path)
        return None
    return found


def _parse_unlock(raw: bytes) -> tuple[datetime, str] | None:
    try:
        until_text, identity = raw.decode("ascii").split()
        until = datetime.fromisoformat(until_text)
    except (UnicodeDecodeError, ValueError):
        return None
    if until.tzinfo is None or _parse_identity(identity) is None:
        return None
    return until, identity


def _forget(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StorageError(f"{path}: cannot remove the unlocked key ({exc.strerror})") from None
    return True


def cached_identity(journal: Path) -> str | None:
    """The identity kept by an unexpired `journal unlock`, else None (an expired one is removed)."""
    found = _read_unlock(journal)
    return found[1] if found else None


def unlocked_until(journal: Path) -> datetime | None:
    """When the unlocked key expires, None when locked (an expired one is removed)."""
    found = _read_unlock(journal)
    return found[0] if found else None


def lock(journal: Path) -> bool:
    """Forget the unlocked key at once; whether there was one."""
    path = _unlock_path(journal)
    if path is None:
        return False
    _sweep_temps(path)
    return _forget(path)


def _sweep_temps(path: Path) -> None:
    """Remove the temp files of unlocks killed before their rename (each holds a key)."""
    from journalcli.store import pid_alive

    prefix = f".{path.name}."
    for name in os.listdir(path.parent):
        pid = name[len(prefix) : -len(".tmp")]
        ours = name.startswith(prefix) and name.endswith(".tmp") and pid.isdigit()
        if ours and not pid_alive(int(pid)):
            (path.parent / name).unlink(missing_ok=True)
