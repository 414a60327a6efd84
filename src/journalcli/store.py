"""The one way to the journal file: TinyDB over a crash-safe, locked storage, with a schema.

Every write goes: lock -> fresh read -> change in memory -> temp file + fsync -> keep the
previous file as .bak (a hard link, so no copy) -> os.replace -> fsync the folder -> unlock.
A kill at any point leaves either the old or the new file, never a mix, and two processes
never lose each other's changes. The file stays plain TinyDB JSON.

Reads and changes of entries go through the sidecar index (journalcli.index) when it
matches the file: reads parse only the entries they need, and add, edit and delete splice one
entry's bytes in or out, the kernel copying the unchanged stretches from the old file to the
new. Without a matching index (a copied or restored journal), a file in the index's layout is
scanned entry by entry, each parsed on its own, and checked as a whole-file read checks it;
any other file is read whole and checked through TinyDB, as are imports and the weekly
challenges. Every write makes a fresh index.

An encrypted journal (journalcli.keys, journalcli.sealed) takes the same ways: its file and
its index are age files, opened in memory with the key given to Journal() where raw bytes are
read, and sealed to its public key where bytes are written, so no plaintext reaches the disk.
Entries added without the key wait beside it (journalcli.pending) until a command that has the
key merges them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import os
import re
import stat
import threading
import time
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import compress, groupby, repeat
from operator import add, attrgetter, itemgetter, sub
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, overload

from journalcli import index
from journalcli.errors import InputError, NotFoundError, StorageError
from journalcli.model import (
    FIRST_YEAR,
    LAST_YEAR,
    STORED_FIELDS,
    DamagedRecord,
    Entry,
    checked_doc,
    stored_moment,
    stored_times,
)
from journalcli.sealed import is_sealed

if TYPE_CHECKING:
    import mmap

    from tinydb import TinyDB
    from tinydb.table import Document, Table

    from journalcli.backups import Generation, Kept, RestorePlan

SCHEMA = 4
ENTRIES, CHALLENGES, REVIEWS, META = "entries", "challenges", "reviews", "meta"
PLANS = "plans"
# In an encrypted journal's meta record: the waiting files (journalcli.pending) its last merge
# took in, so that a merge killed before it removed them never takes them in twice.
MERGED = "merged"
LOCK_TIMEOUT = 10.0

Data = dict[str, dict[str, Any]]


def _add_reviews(data: Data) -> Data:
    """Schema 2 keeps the weekly reviews (`journal review`) in a table of their own."""
    data.setdefault(REVIEWS, {})
    return data


def _add_plans(data: Data) -> Data:
    """Schema 3 keeps if-then plans (`journal plan`) in a table of their own; entries gain
    `plan` and `plan_used`, which an older entry leaves out (read as null)."""
    data.setdefault(PLANS, {})
    return data


def _add_flags(data: Data) -> Data:
    """Schema 4: entries gain `flagged` (journal add --flag), which an older entry leaves out
    (read as false, written in full on its next change). Nothing else changes; the number
    moves so that an older journal refuses a file that may hold flags it would drop."""
    return data


# MIGRATIONS[n] turns a schema-n document into schema n+1.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _add_reviews, 2: _add_plans, 3: _add_flags}


def default_path() -> Path:
    from journalcli import dirs

    return Path(dirs.user_dir("data")) / "journal.json"


def resolve_path(option: str | os.PathLike[str] | None) -> Path:
    """--db, else $JOURNAL_DB, else the platform's user data folder."""
    chosen = option or os.environ.get("JOURNAL_DB")
    return expand(chosen) if chosen else default_path()


def expand(typed: str | os.PathLike[str]) -> Path:
    """A path as typed, with ~ and ~user expanded; a user with no home is bad input."""
    try:
        return Path(typed).expanduser()
    except RuntimeError:  # "Could not determine home directory."
        raise InputError(
            f"{os.fspath(typed)}: no home folder is known for {Path(typed).parts[0]!r}"
        ) from None


class JournalStorage:
    """A TinyDB storage (read, write, close): one fresh read, changes kept in memory, one atomic
    write on commit. Duck-typed rather than a tinydb.storages.Storage subclass, so that reading
    commands never import TinyDB."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: Data | None = None
        self.dirty = False

    def read(self) -> Data:
        if self.data is None:
            self.data = _load(self.path)
        return self.data

    def write(self, data: Data) -> None:
        self.data = data
        self.dirty = True

    def close(self) -> None:
        pass

    def commit(self) -> None:
        if self.dirty and self.data is not None:
            # Journal._tinydb checked every entry read; the others come from Entry.to_doc.
            _save(self.path, self.data, checked=True)
            self.dirty = False


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Parsing a journal allocates ~10 objects per field and no cycles; pausing the cyclic GC
    for that stretch saves a quarter of the load time at 10,000 entries."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse(raw: bytes) -> Any:
    with _gc_paused():
        return index.loads(raw)


def _save(
    path: Path, data: Data, *, backup: bool = True, plain: bool = False, checked: bool = False
) -> None:
    """Write the whole file in the index's layout, then its fresh index (under the lock).
    An encrypted journal and its index are written sealed to its public key; `plain`: in the
    clear all the same (decrypt). `checked`: every entry is known to read as a sound one
    (index.layout)."""
    payload, fresh = index.layout(data, int(data[META]["1"]["schema"]), checked=checked)
    sealing = not plain and _encrypted(path)

    def write_index(written: os.stat_result) -> None:
        if fresh is not None:
            _write_index(path, fresh, sealing=sealing, st=written)

    payload = _sealed_to_journal(path, payload) if sealing else payload
    write_atomic(path, payload, backup=backup, then=write_index)
    if fresh is None:
        index.discard(path)


# The identity provider of each journal opened in this process, by its real path: its .bak and
# backups are opened with the journal's key (backups.journal_of). Set by every Journal().
_KEYS: dict[Path, Callable[[], str] | None] = {}


def _once(provider: Callable[[], str]) -> Callable[[], str]:
    """The provider asked at most once (it may ask for a passphrase)."""
    box: list[str] = []

    def identity() -> str:
        if not box:
            box.append(provider())
        return box[0]

    return identity


def _index_for(path: Path, sig: index.Signature) -> index.Index | None:
    """The index of the journal whose signature is `sig`: plain, or sealed beside an
    encrypted journal (opened with its key)."""
    rows = index.read(path, sig)
    if rows is None and _encrypted(path):
        rows = _sealed_index(path, sig)
    return rows


def _sealed_index(path: Path, sig: index.Signature) -> index.Index | None:
    """An encrypted journal's index: sealed like the journal, and padded so that its size
    does not tell the number of entries."""
    fh = _open(index.path_for(path))
    if fh is None:
        return None
    with fh:
        raw = fh.read(64 + 48 * sig[2])  # an index is at most ~40 bytes per journal byte
    if not is_sealed(raw):
        return None
    from journalcli import sealed

    identity = _key_of(path)
    try:
        padded = sealed.unseal(raw, identity)
    except StorageError:
        return None  # damaged: the whole file is read, and the next write makes a new one
    size = int.from_bytes(padded[:8], "little")
    return index.decode(padded[8 : 8 + size], sig)


def _write_index(
    path: Path, rows: index.Index, *, sealing: bool, st: os.stat_result | None = None
) -> None:
    """The fresh index of the journal just written (`st`: that file's own stat, which
    write_atomic gives: the path may hold another file by now): sealed when the journal is."""
    sig = index.signature(os.stat(path) if st is None else st)
    if not sealing:
        index.write(path, rows, sig)
        return
    encoded = index.encode(rows, sig)
    padded = len(encoded).to_bytes(8, "little") + encoded
    padded += bytes(-len(padded) % _INDEX_PAD)
    with contextlib.suppress(StorageError):  # the journal is saved; the index is a cache
        write_atomic(index.path_for(path), _sealed_to_journal(path, padded), backup=False)


# An encrypted index is padded to a multiple of this (about 100 entries).
_INDEX_PAD = 4096


def _sealed_file(fh: BinaryIO) -> bool:
    """Whether the file open as `fh` is sealed, from its first bytes (read into the buffer
    that the next read uses, and the position left where it was)."""
    return is_sealed(fh.peek(64)[:64])  # type: ignore[attr-defined]


def _whole(path: Path, fh: BinaryIO, sig: index.Signature) -> bytes:
    """The journal's bytes from the file opened as `fh`, whose signature is `sig`; opened when
    it is encrypted (streamed: the ciphertext is never held whole). ValueError when they are
    not all of it (the file changed meanwhile)."""
    if _sealed_file(fh):
        from journalcli import sealed

        identity = _key_of(path)
        try:
            raw = sealed.unseal_file(fh, identity)
        except StorageError as exc:
            raise _refuse(path, exc.reason or str(exc)) from None
    else:
        raw = fh.read()
    if fh.tell() != sig[2]:
        raise ValueError("the file changed while it was read")
    return raw


def _encrypted(journal: Path) -> bool:
    from journalcli import keys

    return keys.is_encrypted(journal)


def _sealed_to_journal(journal: Path, payload: bytes) -> bytes:
    """`payload` sealed to the journal's public key (checked against the pinned one)."""
    from journalcli import keys, sealed

    return sealed.seal(payload, keys.recipient(journal))


def _unsealed(path: Path, raw: bytes) -> bytes:
    """The plaintext of an encrypted journal file (the journal, or one of its backups), in
    memory only, opened with its journal's key."""
    from journalcli import sealed

    identity = _key_of(path)
    try:
        return sealed.unseal(raw, identity)
    except StorageError as exc:
        raise _refuse(path, exc.reason or str(exc)) from None


def _key_first(path: Path) -> None:
    """Before checks that count any failure as damage: the key of an encrypted journal is
    asked for (or its absence said) first, since a missing key is not a damaged backup."""
    from journalcli import backups

    journal = backups.journal_of(path)
    provider = _KEYS.get(journal)
    if provider is not None and _encrypted(journal):
        provider()


def _no_key(path: Path) -> StorageError:
    return StorageError(
        f"{path}: is encrypted, and no key was given to open it; nothing was read",
        reason="encrypted (no key was given)",
    )


def _key_of(path: Path) -> str:
    """The key that opens an encrypted file of a journal (asked for if need be)."""
    from journalcli import backups

    journal = backups.journal_of(path)
    provider = _KEYS.get(journal)
    if provider is None:
        raise _no_key(path)
    if journal == path and not _encrypted(path):
        # Its next write would be plain: refuse rather than lose the encryption.
        raise _refuse(path, "is encrypted, but its key files (.key, .pub) beside it are missing")
    return provider()


def _refuse(path: Path, why: str) -> StorageError:
    return StorageError(
        f"{path}: {why}. Refusing to read or change it; it is left untouched{_restore_hint(path)}.",
        reason=why,
    )


def _restore_hint(path: Path) -> str:
    """Where to turn when `path` cannot be used: its newest good backup, if one is kept."""
    found = newest_good_backup(path)
    if found is None:
        return "; no good backup of it is kept"
    generation, count = found
    return (
        f"; the newest good backup is {generation.label} ({_count(count)}, saved "
        f"{generation.written:%Y-%m-%d %H:%M}): `journal restore` brings it back"
    )


def _count(entries: int) -> str:
    return f"{entries} {'entry' if entries == 1 else 'entries'}"


def verify(path: Path) -> int:
    """Read a journal file (a backup, say) in full, building every entry and challenge record
    so that any damage is found: its number of entries; StorageError when it cannot be used."""
    fh = _open(path)
    if fh is None:
        raise StorageError(f"{path}: does not exist")
    fh.close()
    from journalcli import backups

    journal = Journal(path, identity=_KEYS.get(backups.journal_of(Path(os.path.realpath(path)))))
    entries = journal.entries()
    journal.challenges()
    journal.reviews()
    journal.plans()
    return len(entries)


def _verify_source(source: Path, label: str) -> int:
    """verify() for what a restore would bring back: what is wrong with it, without the advice
    meant for a journal (its "newest good backup" would be a backup of the backup)."""
    try:
        return verify(source)
    except StorageError as exc:
        raise StorageError(
            f"{label}: cannot be restored ({_problem(exc, source)}); nothing was changed",
            reason=exc.reason,
        ) from None


def newest_good_backup(path: Path) -> tuple[Generation, int] | None:
    """The most recently written backup of `path` that reads whole, and its entry count."""
    from journalcli import backups

    _key_first(path)
    for generation in backups.generations(path):
        try:
            return generation, verify(generation.path)
        except StorageError:
            continue
    return None


def _new_journal() -> Data:
    return {META: {"1": {"schema": SCHEMA, "next_id": 1}}}


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _require_regular(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise StorageError(
            f"{path}: is {kind}, not a journal file; nothing was read or written",
            reason=f"is {kind}, not a journal file",
        )


def _open(path: Path) -> BinaryIO | None:
    """The journal opened for reading, or None when there is none. Anything but a regular
    file is refused before it is opened (a FIFO would block, a device could be anything);
    O_NONBLOCK and the fstat cover a file swapped in between the two looks."""
    try:
        _require_regular(path, os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"{path}: cannot read ({exc.strerror})") from None
    fh = os.fdopen(fd, "rb")
    try:
        _require_regular(path, os.fstat(fd).st_mode)
    except StorageError:
        fh.close()
        raise
    return fh


def _load(path: Path) -> Data:
    """Parse and check the file; a missing one is an empty journal (unless backups of it are
    kept: see _absent)."""
    fh = _open(path)
    if fh is None:
        return _absent(path)
    with fh:
        return _check(path, fh.read())


def _absent(path: Path) -> Data:
    """A journal that is not there starts empty, but never over the backups of an earlier
    one: its next changes would push them out."""
    from journalcli import backups

    if backups.any_exist(path):
        raise StorageError(
            f"{path}: is missing, but backups of an earlier journal there are kept"
            f"{_restore_hint(path)}; or, to start a new journal on purpose, move "
            f"{backups.bak_for(path).name} and {backups.folder_for(path).name}/ aside",
            reason="missing, while backups of it are kept",
        )
    return _new_journal()


def _check(path: Path, raw: bytes) -> Data:
    if not raw.strip():
        what = "empty" if not raw else "only blank space"
        raise StorageError(
            f"{path}: is {what}, a damaged journal (cut short?){_restore_hint(path)}; "
            "nothing was written",
            reason=f"is {what} (cut short?)",
        )
    if is_sealed(raw):
        raw = _unsealed(path, raw)
    try:
        data = _parse(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refuse(path, f"is not valid JSON ({exc})") from None
    _check_tables(path, data)
    entries = data.get(ENTRIES, {})
    bad = next(
        (key for key, doc in entries.items() if not _is_id(key) or type(doc) is not dict), None
    )
    if bad is not None:
        what = f"entry {bad} is not an object" if _is_id(bad) else f"key {_shown(bad)} is not an id"
        raise _refuse(
            path, f"has an entries table that is not a set of numbered documents ({what})"
        )
    _refuse_what_cannot_be_kept(path, raw, data)
    data = _migrate(path, data)
    counter = data[META]["1"]["next_id"]
    if type(counter) is not int or counter > MAX_ID:
        raise _refuse(path, f"has no readable id counter (meta next_id {_shown(counter)})")
    merged = data[META]["1"].get(MERGED, [])
    if type(merged) is not list or not all(type(name) is str for name in merged):
        raise _refuse(
            path, f"has an unreadable list of merged entries (meta merged {_shown(merged)})"
        )
    return data


# Ids are kept in array('q') columns (index.py): 64-bit signed.
MAX_ID = 2**63 - 1


def _is_id(key: str) -> bool:
    """A document key as this program writes it: 1..MAX_ID in plain ASCII digits, no leading
    zero ("01" and "1", or "\u0661" and "1", would be two keys for one id)."""
    return (
        key.isascii()
        and key.isdigit()
        and key[0] != "0"
        and (len(key) < 19 or (len(key) == 19 and int(key) <= MAX_ID))
    )


def _shown(value: object) -> str:
    import json

    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _check_tables(path: Path, data: Any) -> None:
    """The shape every read needs: an object of tables, each an object, and challenge and
    review records under ids (TinyDB turns every key of a table it changes into an int)."""
    if not isinstance(data, dict) or not all(type(t) is dict for t in data.values()):
        raise _refuse(path, "is not a TinyDB journal (expected tables of documents)")
    for name in (CHALLENGES, REVIEWS, PLANS):
        bad = next((key for key in data.get(name, {}) if not _is_id(key)), None)
        if bad is not None:
            raise _refuse(path, f"has a {name} table with a key that is not an id ({_shown(bad)})")


# Byte patterns for the whole-file path only; re compiles them there, not on every start.
_DOC_KEY = rb'"\d+":\s*\{'
_LONG_NUMBER = rb"\d{19}"
# The integers the parser (orjson) reads exactly; any other becomes a float.
_EXACT_INTS = range(-(2**63), 2**64)


def _refuse_what_cannot_be_kept(path: Path, raw: bytes, data: Data) -> None:
    """What the parser would silently change, so that the next write loses it for good:
    two records under one key (a merged or hand-edited file; the last one wins), and an
    integer too long for 64 bits (it becomes a float). Quick byte-level counts first; only
    when they find something (a note can hold such text too) is the file parsed again,
    slowly, to name it."""
    records = sum(len(table) for table in data.values())
    repeated = len(re.findall(_DOC_KEY, raw)) > records
    if not repeated and not re.search(_LONG_NUMBER, raw):
        return
    import json

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise _refuse(path, f"holds two records under the key {key!r}")
            seen[key] = value
        return seen

    def exact(text: str) -> int:
        if len(text) > 25 or int(text) not in _EXACT_INTS:
            shown = text if len(text) <= 25 else text[:22] + "..."
            raise _refuse(path, f"holds the number {shown}, too long to keep exactly")
        return 0

    json.loads(raw, object_pairs_hook=unique, parse_int=exact)


def _migrate(path: Path, data: Data) -> Data:
    meta = data.get(META, {}).get("1")
    if meta is None:
        if any(data.get(name) for name in (ENTRIES, CHALLENGES, REVIEWS, PLANS)):
            raise _refuse(path, "has entries but no schema version")
        data[META] = {"1": {"schema": SCHEMA, "next_id": 1}}
        return data
    version = meta.get("schema") if isinstance(meta, dict) else None
    if not isinstance(version, int) or version < 1:
        raise _refuse(path, f"has an unreadable schema version ({version!r})")
    if version > SCHEMA:
        raise _refuse(
            path, f"was written by a newer journal (schema {version}; this one knows {SCHEMA})"
        )
    if not isinstance(meta.get("next_id"), int):
        raise _refuse(path, "has no readable id counter (meta next_id)")
    while version < SCHEMA:
        data = MIGRATIONS[version](data)
        version += 1
        data[META]["1"]["schema"] = version
    return data


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Span(NamedTuple):
    """A stretch of an open file (the journal being replaced) to put into a new file as it is:
    write_atomic has the kernel copy it (a reflink where the file system shares blocks), so
    the unchanged part of a long journal is neither read into memory nor written from it."""

    fd: int
    offset: int
    length: int


# Where the kernel cannot copy between two files (no such call, another file system on an
# older kernel, a file system that refuses): the bytes go through memory, a piece at a time.
_NO_KERNEL_COPY = frozenset(
    {errno.ENOSYS, errno.EXDEV, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM, errno.EBADF}
)
_COPY_CHUNK = 1 << 20


def _copy_span(span: Span, out: int) -> None:
    """Append `span` to the file open as `out`, at its current offset."""
    offset, left = span.offset, span.length
    copy = getattr(os, "copy_file_range", None)
    while left and copy is not None:
        try:
            done = copy(span.fd, out, left, offset)
        except OSError as exc:
            if exc.errno not in _NO_KERNEL_COPY:
                raise
            done = 0
        if not done:  # refused, or nothing copied (some FUSE and network file systems)
            break
        offset, left = offset + done, left - done
    while left:
        chunk = os.pread(span.fd, min(left, _COPY_CHUNK), offset)
        if not chunk:
            raise OSError(errno.EIO, "the journal being replaced ended early")
        view = memoryview(chunk)
        while view:
            view = view[os.write(out, view) :]
        offset, left = offset + len(chunk), left - len(chunk)


def _write_pieces(fh: BinaryIO, payload: bytes | Iterable[bytes | Span]) -> None:
    if isinstance(payload, bytes):
        fh.write(payload)
        return
    for piece in payload:
        if isinstance(piece, Span):
            fh.flush()  # the kernel's copy goes after what is written so far
            _copy_span(piece, fh.fileno())
        else:
            fh.write(piece)


def write_atomic(
    path: Path,
    payload: bytes | Iterable[bytes | Span],
    *,
    backup: bool = True,
    overwrite: bool = True,
    then: Callable[[os.stat_result], None] | None = None,
) -> os.stat_result | None:
    """All or nothing, mode 0600: temp file + fsync, then rename (or link, to never overwrite).
    `payload` may come in pieces (an export is written as it is made), and a piece may be a
    Span of the file being replaced, copied by the kernel.

    backup: the previous file is kept as <name>.bak. overwrite=False: an existing file is
    refused (StorageError), decided atomically by the link, not by an earlier check.
    then: run once the new file is in place and its folder synced (the index is written
    there), while the .bak it replaced is let go, with the new file's stat.

    Returns that stat, or None when the path no longer holds the file written (something
    without the lock, a sync tool or an editor, replaced it since): then `then` is not run,
    so that no index describing this file is ever written with the signature of another.
    """
    folder = path.parent
    unchanged = "the journal is unchanged" if backup else "nothing was written"
    # Unique by process and clock, created exclusively and private (0600); the same name
    # pattern that _clean_stale_temps sweeps. (tempfile.mkstemp would cost 2 ms of imports.)
    tmp = folder / f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp"
    daily: Path | None = None
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise StorageError(f"{path}: could not save ({exc.strerror}); {unchanged}") from None
    aside = _bak_aside(path) if backup else None
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_pieces(fh, payload)
            fh.flush()
            os.fsync(fh.fileno())
            written = os.fstat(fh.fileno())
        if backup and path.exists():
            daily = _keep_backups(path)
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
            tmp.unlink()
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        _let_go(aside)
        raise StorageError(f"{path}: already exists; {unchanged}") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _let_go(aside)
        if daily is not None:
            daily.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageError(f"{path}: disk full; nothing was saved, {unchanged}") from None
        raise StorageError(f"{path}: could not save ({exc.strerror}); {unchanged}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        _let_go(aside)
        if daily is not None:
            daily.unlink(missing_ok=True)
        raise
    # The new file is in place by now, so a folder that cannot be fsynced (some network and
    # FUSE file systems) must not report a saved entry as "unchanged".
    try:
        with contextlib.suppress(OSError):
            _fsync_dir(folder)
    except BaseException:
        _let_go(aside)
        raise
    # The .bak replaced is now named only `aside`: unlinking it frees the blocks of a whole
    # journal (milliseconds at 50,000 entries), done beside `then`. Not before the folder's
    # fsync, which would wait for it.
    letting_go = None
    if aside is not None:
        letting_go = threading.Thread(target=_let_go, args=(aside,))
        letting_go.start()
    try:
        try:
            st: os.stat_result | None = os.stat(path)
        except OSError:
            st = None
        if st is not None and (st.st_dev, st.st_ino) != (written.st_dev, written.st_ino):
            st = None
        if then is not None and st is not None:
            then(st)
    finally:
        if letting_go is not None:
            letting_go.join()
    return st


def _bak_aside(path: Path) -> Path | None:
    """A second name for the journal's .bak, taken before a save: the save's rotation then
    only drops a link, and the old .bak is let go (_let_go) once the new file is in place.
    Named like write_atomic's temp files, so that one left by a killed writer is swept."""
    from journalcli import backups

    aside = path.parent / f".{path.name}.bak.{os.getpid()}.{time.monotonic_ns()}.tmp"
    try:
        os.link(backups.bak_for(path), aside, follow_symlinks=False)
    except OSError:  # none yet, or it cannot be linked: the rotation lets it go itself
        return None
    return aside


def _let_go(aside: Path | None) -> None:
    if aside is not None:
        with contextlib.suppress(OSError):
            aside.unlink()


def _keep_backups(path: Path) -> Path | None:
    """Before a change: the day's backup (returned when made now) and the .bak. What stands in
    their way (a folder where the .bak goes, a file or a dangling link where the backups
    folder goes) is named; a full disk is left to write_atomic to say."""
    from journalcli import backups, clock

    def blocked(exc: OSError, where: str) -> StorageError | OSError:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return exc
        return StorageError(
            f"{path}: could not save ({exc.strerror}) while keeping {where}; "
            "the journal is unchanged"
        )

    try:
        daily = backups.keep_daily(path, clock.now().date())
    except OSError as exc:
        raise blocked(exc, f"the day's backup in {backups.folder_for(path)}") from None
    try:
        backups.keep_bak(path)
    except OSError as exc:
        if daily is not None:
            daily.unlink(missing_ok=True)
        raise blocked(exc, f"its backup {backups.bak_for(path)}") from None
    return daily


def _clean_stale_temps(path: Path) -> None:
    """Temp files left by a writer that was killed; only called while holding the lock."""
    from journalcli import backups

    # Only this journal's own names (write_atomic's, the index's, the .bak being linked in,
    # and the one random word of earlier versions' mkstemp): a journal or an export named
    # "journal.json.something" in the same folder has temp files of its own, and its own lock.
    prefix = f".{path.name}."
    own = r"(?:(?:idx\.|bak\.)?\d+\.\d+|bak\.\d+|\w+)\.tmp"  # compiled only when a name might match
    for name in _names(path.parent):
        if name.startswith(prefix) and re.fullmatch(own, name[len(prefix) :]):
            (path.parent / name).unlink(missing_ok=True)
    folder = backups.folder_for(path)
    for name in _names(folder):
        if name.startswith(".") and name.endswith(".tmp"):  # a generation being linked in
            (folder / name).unlink(missing_ok=True)


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _require_lock_file(lock_path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = "a symbolic link" if stat.S_ISLNK(mode) else _KINDS.get(stat.S_IFMT(mode), "odd")
        raise StorageError(
            f"{lock_path}: is {kind}, not a lock file; move it aside (the journal is unchanged)",
            reason=f"its lock file is {kind}",
        )


@contextlib.contextmanager
def _locked(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    # A separate lock file: the journal's inode changes on every replace.
    # Never through a link, nor anything but a regular file: opening a device can act on it,
    # and O_CREAT through a dangling link would make a file wherever it points.
    lock_path = path.with_name(path.name + ".lock")
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        _require_lock_file(lock_path, os.lstat(lock_path).st_mode)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StorageError(f"{lock_path}: cannot open the lock file ({exc.strerror})") from None
    try:
        fd = os.open(lock_path, flags, 0o600)
    except OSError as exc:
        raise StorageError(f"{lock_path}: cannot open the lock file ({exc.strerror})") from None
    try:
        _require_lock_file(lock_path, os.fstat(fd).st_mode)  # swapped in since the lstat
    except BaseException:
        os.close(fd)
        raise
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StorageError(
                        f"{path}: another journal command has held the lock for "
                        f"{timeout:.0f}s; try again in a moment"
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _ensure_folder(path: Path) -> None:
    from journalcli import backups

    folder = path.parent
    if folder.exists():
        return
    try:
        backups.make_private_folder(folder)
    except OSError as exc:
        raise StorageError(f"{folder}: cannot create the data folder ({exc.strerror})") from None


def _uid_key(entry: Entry) -> Hashable:
    return entry.uid


def split_new(
    existing: Iterable[Entry],
    entries: Iterable[Entry],
    key: Callable[[Entry], Hashable],
    known: Iterable[Hashable] = (),
) -> tuple[list[Entry], list[Entry]]:
    """(new, skipped): an entry is skipped when its key is already there (an existing
    entry's, or one of `known`) or came earlier."""
    seen = {key(entry) for entry in existing}
    seen.update(known)
    new: list[Entry] = []
    skipped: list[Entry] = []
    for entry in entries:
        entry_key = key(entry)
        (skipped if entry_key in seen else new).append(entry)
        seen.add(entry_key)
    return new, skipped


def _insert(db: TinyDB, entries: Iterable[Entry]) -> list[Entry]:
    """Insert with new ids from the never-reused counter (inside a transaction)."""
    from tinydb.table import Document

    entries = list(entries)
    meta = db.table(META)
    storage: JournalStorage = db.storage  # type: ignore[assignment]
    stored = storage.read().get(ENTRIES, {})
    counter = meta.get(doc_id=1)["next_id"]  # type: ignore[index]
    next_id = _first_new_id(storage.path, counter, map(int, stored), len(entries))
    added: list[Entry] = []
    docs: list[Document] = []
    for entry in entries:
        stored = entry.with_changes(id=next_id)
        docs.append(Document(stored.to_doc(), doc_id=next_id))
        added.append(stored)
        next_id += 1
    if docs:
        db.table(ENTRIES).insert_multiple(docs)
        meta.update({"next_id": next_id}, doc_ids=[1])
    return added


def _next_id(counter: int, ids: Iterable[int]) -> int:
    """One above both the counter and the highest id (a hand-edited or merged file may have
    a counter at or below an id in use: two entries must never share an id)."""
    return max(int(counter), max(ids, default=0) + 1)


def _first_new_id(path: Path, counter: int, ids: Iterable[int], count: int) -> int:
    """The first of `count` new ids; refused (nothing written) when they and the counter after
    them would not fit in 64 bits: the file would hold an id or a counter no read accepts."""
    first = _next_id(counter, ids)
    if count and first + count > MAX_ID:
        raise StorageError(
            f"{path}: no ids are left for a new entry (the next would be {first}, and ids end "
            f"at {MAX_ID - 1}); nothing was written",
            reason="no ids left",
        )
    return first


def _stored(table: Table, entry_id: int) -> Document:
    doc = table.get(doc_id=entry_id)
    if doc is None:
        raise NotFoundError(f"no entry with id {entry_id}")
    return doc  # type: ignore[return-value]


# What to do about a damaged record, at the end of the one line that names it.
_ADVICE = (
    "it is left as it is. `journal info` lists every damaged record; "
    "fix it by hand or restore a backup (`journal restore`)"
)


def _damaged(path: Path, entry_id: int, exc: Exception) -> StorageError:
    detail = str(exc) if isinstance(exc, DamagedRecord) else f"entry {entry_id} is damaged ({exc})"
    return StorageError(f"{path}: {detail}; {_ADVICE}")


# What building an Entry from a document that is not one raises (DamagedRecord is a
# ValueError; the others are kept so that nothing unforeseen becomes a traceback).
_NOT_AN_ENTRY = (KeyError, TypeError, ValueError, AttributeError)


def _when_damage(entry_id: int, doc: dict[str, Any]) -> DamagedRecord:
    """Why index.instant could not place a document in time, as precisely as from_doc says."""
    try:
        Entry.from_doc(entry_id, doc)
    except DamagedRecord as exc:
        return exc
    # from_doc takes every ISO 8601 form; the index needs the day as the first ten characters.
    rule = "must be an ISO date-time like 2026-11-22T18:30:00+01:00"
    return DamagedRecord(entry_id, "when", rule, doc.get("when"))


def _entry_in_file(entry_id: int, doc: dict[str, Any]) -> Entry:
    """An entry of a whole file, with the check that reading it through the index makes."""
    entry = Entry.from_doc(entry_id, doc)
    try:
        index.instant(doc)
    except ValueError:
        raise _when_damage(entry_id, doc) from None
    return entry


def _build(path: Path, entry_id: int, doc: dict[str, Any]) -> Entry:
    try:
        return Entry.from_doc(entry_id, doc)
    except _NOT_AN_ENTRY as exc:
        raise _damaged(path, entry_id, exc) from None


def _check_records(path: Path, data: Data) -> None:
    """Every entry and challenge record of a whole file checked; the first damaged one is
    named (StorageError). (A `when` that from_doc reads and the index cannot place is
    re-encoded as it was; the file is then written without an index, and reads name it.)"""
    from_doc = Entry.from_doc
    for key, doc in data.get(ENTRIES, {}).items():
        try:
            from_doc(int(key), doc)
        except DamagedRecord as exc:
            raise _damaged(path, int(key), exc) from None
    problems = _table_problems(data)
    if problems:
        raise StorageError(f"{path}: {problems[0]}; {_ADVICE}")


class Checked(NamedTuple):
    """What Journal.check found in the whole file."""

    entries: Sequence[Entry]  # the readable ones, oldest first
    stored: int  # entries in the file, damaged ones included
    problems: list[DamagedRecord]  # each damaged entry, challenge and review record
    indexed: bool  # an index matching the file exists
    schema: int
    days: tuple[date, date] | None = None  # the first and last local day of a readable entry


class _Built(Sequence[Entry]):
    """Entries of a scanned file, in the order of `rows` given, each built when asked for."""

    def __init__(self, raw: bytes | mmap.mmap, columns: index.Index, rows: list[int]) -> None:
        self.raw, self.columns, self.rows = raw, columns, rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, at: int) -> Entry: ...
    @overload
    def __getitem__(self, at: slice) -> list[Entry]: ...
    def __getitem__(self, at: int | slice) -> Entry | list[Entry]:
        if isinstance(at, slice):
            return [self[i] for i in range(*at.indices(len(self)))]
        row, columns = self.rows[at], self.columns
        start = columns.offsets[row]
        doc = index.loads(self.raw[start : start + columns.lengths[row]])
        return Entry.from_doc(columns.ids[row], doc)


def _row_adder(rows: index.Index) -> Callable[[int, int, int, dict[str, Any], bool], None]:
    """Adds a row to `rows` for an entry found in a scanned file (its id, offset, length and
    document, and whether it reads as a sound entry), the columns filled as Index.put fills
    them for an entry it writes; ValueError when the entry has no readable `when`."""

    def add(entry_id: int, offset: int, length: int, doc: dict[str, Any], sound: bool) -> None:
        rows.add_found(entry_id, offset, length, doc, sound=sound)

    return add


_SCAN_CHUNK = 1024  # entries whose documents are held at once, their rows made together


def _scan_into(rows: index.Index, scan: _Scan, *, refuse: bool) -> bool:
    """A row in `rows` for each entry of `scan`, each entry checked once (model.checked_doc,
    no Entry built; the row made from the `when` and fields it checked); the rows are made
    a chunk at a time (Index.found), so that only a chunk's documents are kept. Whether
    every entry is sound; `refuse`: an entry that is not raises.
    ValueError when the scan does (not the layout) or an entry has no readable `when`."""
    found: list[tuple[int, int, int, Any]] = []
    checked: list[tuple[Any, ...] | None] = []
    every = True
    with _gc_paused():
        for item in scan:
            try:
                checked.append(checked_doc(item[0], item[3]))
            except _NOT_AN_ENTRY:
                if refuse:
                    raise
                checked.append(None)
                every = False
            found.append(item)
            if len(found) == _SCAN_CHUNK:
                rows.found(found, [got is not None for got in checked], checked)
                found, checked = [], []
        rows.found(found, [got is not None for got in checked], checked)
    return every


# A weekly challenge record: {"week": "2026-W47", "challenge": id, "done": bool,
# "done_at": ISO timestamp or None, "note": str}; all five, always written together.
_CHALLENGE_FIELDS = ("week", "challenge", "done", "done_at", "note")
_WEEK = r"([0-9]{4})-W([0-9]{2})"


def _challenge_problems(table: dict[str, Any]) -> list[DamagedRecord]:
    """Each damaged record of the challenges table (a few dozen records: no need for speed)."""
    return _per_week_problems(table, "challenge record", _checked_challenge, "record for")


def _per_week_problems(
    table: dict[str, Any], what: str, check: Callable[[str, object], str], second: str
) -> list[DamagedRecord]:
    """Each damaged record of a table kept one record per ISO week (`check` gives a sound
    record's week), a second record for one week included."""
    problems: list[DamagedRecord] = []
    weeks: dict[str, str] = {}
    for key, record in table.items():
        try:
            week = check(key, record)
        except DamagedRecord as exc:
            problems.append(exc)
            continue
        if week in weeks:
            problems.append(
                DamagedRecord(
                    f"{what} {key}",
                    None,
                    f"is a second {second} week {week} (the first is record {weeks[week]})",
                )
            )
        weeks.setdefault(week, key)
    return problems


def _require_fields(name: str, record: dict[str, Any], fields: Sequence[str]) -> None:
    """A stored record has exactly the fields this program writes: none unknown, none missing."""
    unknown = [field for field in record if field not in fields]
    if unknown:
        raise DamagedRecord(name, None, f"has an unknown field {_shown(unknown[0])}")
    missing = [field for field in fields if field not in record]
    if missing:
        raise DamagedRecord(name, missing[0], "is missing")


def _weekly(name: str, record: object, fields: Sequence[str], called: str) -> tuple[str, str]:
    """A weekly record's name in messages ("`called` WEEK" once its week is readable) and its
    week, when it is an object with exactly `fields` and an ISO week; else DamagedRecord."""
    if type(record) is not dict:
        raise DamagedRecord(name, None, "is not an object", record)
    week = record.get("week")
    if type(week) is str and _is_week(week):
        name = f"{called} {week}"
    _require_fields(name, record, fields)
    if type(week) is not str or not _is_week(week):
        raise DamagedRecord(name, "week", "must be an ISO week like 2026-W47", week)
    return name, week


def _checked_challenge(key: str, record: object) -> str:
    """The record's week, when every field is as this program writes it."""
    name, week = _weekly(f"challenge record {key}", record, _CHALLENGE_FIELDS, "challenge for week")
    if type(record["challenge"]) is not str or not record["challenge"]:
        raise DamagedRecord(name, "challenge", "must be the id of a challenge", record["challenge"])
    done = record["done"]
    if type(done) is not bool:
        raise DamagedRecord(name, "done", "must be true or false", done)
    if record["done_at"] is not None:
        stored_moment(name, "done_at", record["done_at"])
    elif done:
        raise DamagedRecord(name, "done_at", "must be a date-time when done is true, not null")
    if type(record["note"]) is not str:
        raise DamagedRecord(name, "note", "must be a string", record["note"])
    return week


def _is_week(text: str) -> bool:
    match = re.fullmatch(_WEEK, text)
    if match is None:
        return False
    year, week = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        return False
    return FIRST_YEAR <= year <= LAST_YEAR


# A weekly review record (`journal review`): {"week": "2026-W47", "created": ISO timestamp,
# "updated": ISO timestamp, "question": str, "answer": str, "note": str}; one per week, all
# six fields always written together.
REVIEW_FIELDS = ("week", "created", "updated", "question", "answer", "note")


def review_problems(table: dict[str, Any]) -> list[DamagedRecord]:
    """Each damaged record of the reviews table, a second record for a week included."""
    return _per_week_problems(
        table,
        "review record",
        lambda key, record: checked_review(f"review record {key}", record),
        "review of",
    )


def checked_review(name: str, record: object) -> str:
    """The review's week, when every field is as this program writes it; else DamagedRecord
    naming the record (`name`, or its week once that is known) and the field. Imports check
    a file's reviews with this too."""
    name, week = _weekly(name, record, REVIEW_FIELDS, "review of week")
    created = stored_moment(name, "created", record["created"])
    updated = stored_moment(name, "updated", record["updated"])
    if updated < created:
        raise DamagedRecord(name, "updated", "is earlier than created", record["updated"])
    for field in ("question", "answer", "note"):
        if type(record[field]) is not str:
            raise DamagedRecord(name, field, "must be a string", record[field])
    return week


# An if-then plan (`journal plan`), under its id in the plans table: {"uid": UUID, "trigger":
# trigger key, "with": str or None, "text": str, "created": ISO timestamp}; all five always
# written together. Ids come from the meta record's `next_plan` counter: never reused.
PLAN_FIELDS = ("uid", "trigger", "with", "text", "created")


def plan_problems(table: dict[str, Any]) -> list[DamagedRecord]:
    """Each damaged record of the plans table, a second plan with one uid included."""
    problems: list[DamagedRecord] = []
    uids: dict[str, str] = {}
    for key, record in table.items():
        try:
            checked_plan(f"plan {key}", record)
        except DamagedRecord as exc:
            problems.append(exc)
            continue
        uid = record["uid"]
        if uid in uids:
            problems.append(
                DamagedRecord(f"plan {key}", "uid", f"is the uid of plan {uids[uid]} too")
            )
        uids.setdefault(uid, key)
    return problems


def checked_plan(name: str, record: object) -> dict[str, Any]:
    """The record, when every field is as this program writes it; else DamagedRecord naming
    the plan (`name`) and the field. Imports check a file's plans with this too."""
    from journalcli.model import _UUID

    if type(record) is not dict:
        raise DamagedRecord(name, None, "is not an object", record)
    _require_fields(name, record, PLAN_FIELDS)
    uid = record["uid"]
    if type(uid) is not str or len(uid) != 36 or not _UUID(uid):
        raise DamagedRecord(name, "uid", "must be a UUID string", uid)
    if type(record["trigger"]) is not str or not record["trigger"]:
        raise DamagedRecord(name, "trigger", "must be the key of a trigger", record["trigger"])
    if record["with"] is not None and type(record["with"]) is not str:
        raise DamagedRecord(name, "with", "must be a string or null", record["with"])
    if type(record["text"]) is not str or not record["text"].strip():
        raise DamagedRecord(name, "text", "must be a string that is not empty", record["text"])
    stored_moment(name, "created", record["created"])
    return record


def _next_plan(meta: dict[str, Any], table: dict[Any, Any]) -> int:
    """The id of the next plan: one above the counter's last and every id in use."""
    counter = meta.get("next_plan", 1)
    if type(counter) is not int or counter > MAX_ID:
        counter = 1
    return _next_id(counter, (int(key) for key in table))


def _map(fh: BinaryIO) -> bytes | mmap.mmap:
    """The open file's bytes. Mapped where the file system allows it: the journal is only
    ever replaced, never changed in place, so the mapping stays the file the index describes,
    and only the pages of the entries parsed are read."""
    import mmap

    try:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # some network and FUSE file systems cannot map
        return fh.read()


class Snapshot:
    """One consistent read of the journal: every entry's id, instant and local day, each
    entry built only when asked for, and the other tables (meta, challenges).

    From a matching index, an entry's document is parsed from its own bytes on demand;
    otherwise the whole file is parsed and checked once, and every entry's `when` with it.
    """

    def __init__(
        self, path: Path, rows: index.Index, fetch: Callable[[int], Any], *, indexed: bool
    ) -> None:
        self.path = path
        self._rows = rows
        self._fetch = fetch
        # Whether the rows were asked for (they may be held outside): a change copies them.
        self.lent = False
        self.indexed = indexed  # read through a matching index, not from the whole file
        self.tables: Data = {}
        self.signature: index.Signature | None = None  # of the file read, when it has rows
        self.sound = False  # a scanned file whose every entry was built without a fault
        self.raw: bytes | mmap.mmap | None = None  # the bytes the rows' offsets are in

    @property
    def rows(self) -> index.Index:
        """Every entry's id, place, instant, day and figures (see index.Index)."""
        self.lent = True
        return self._rows

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        fh = _open(path)
        if fh is None:
            return cls.of_data(path, _absent(path))
        with fh:
            st = os.fstat(fh.fileno())
            rows = _index_for(path, index.signature(st)) if st.st_size else None
            mapped: bytes | mmap.mmap
            if st.st_size and _sealed_file(fh):  # read, not mapped: it is opened whole
                try:
                    mapped = _whole(path, fh, index.signature(st))
                except ValueError:
                    raise _refuse(path, "changed while it was read") from None
            elif st.st_size:
                mapped = _map(fh)
            else:
                return cls.of_data(path, _check(path, b""))
            if rows is None or rows.schema != SCHEMA:
                scanned = cls.scanned(path, mapped)
                if scanned is None:
                    whole = mapped if isinstance(mapped, bytes) else fh.read()
                    return cls.of_data(path, _check(path, whole))
                scanned.signature = index.signature(st)
                return scanned
        offsets, lengths = rows.offsets, rows.lengths

        def fetch(row: int) -> Any:
            start = offsets[row]
            return index.loads(mapped[start : start + lengths[row]])

        snapshot = cls(path, rows, fetch, indexed=True)
        snapshot.raw = mapped
        try:
            tables = index.tail_tables(mapped, rows)
        except ValueError as exc:
            raise _refuse(path, f"is not valid JSON ({exc})") from None
        _check_tables(path, tables)
        snapshot.tables = tables
        snapshot.signature = index.signature(st)
        return snapshot

    @classmethod
    def scanned(cls, path: Path, raw: bytes | mmap.mmap) -> Snapshot | None:
        """Without a matching index, from a file in the index's layout scanned entry by entry
        (checked as of_data checks a whole file; each entry built only when asked for), so
        that the whole document is never in memory; None for anything else."""
        rows, scan = index.Index(SCHEMA), _Scan(raw)
        try:  # a damaged entry is noted for a change that follows, never refused here
            sound = _scan_into(rows, scan, refuse=False)
        except _NOT_AN_ENTRY:  # not in the layout, or an entry that no index can place
            return None
        # A built entry holds no number the parser could not keep (each is checked as an int);
        # the other tables are checked by the scan.
        if not sound and _has_long_number(raw):
            return None
        rows.end = scan.end
        offsets, lengths = rows.offsets, rows.lengths

        def fetch(row: int) -> Any:
            start = offsets[row]
            return index.loads(raw[start : start + lengths[row]])

        snapshot = cls(path, rows, fetch, indexed=False)
        snapshot.tables = scan.tables
        snapshot.sound = sound
        snapshot.raw = raw
        return snapshot

    @classmethod
    def of_data(cls, path: Path, data: Data) -> Snapshot:
        """From a whole parsed file; an entry without a readable `when` is named as damage."""
        table = data.get(ENTRIES, {})
        docs = list(table.values())
        rows = index.Index(int(data[META]["1"]["schema"]))
        for key, doc in table.items():
            try:
                stamp, day = index.instant(doc)
            except (TypeError, ValueError):
                raise _damaged(path, int(key), _when_damage(int(key), doc)) from None
            rows.ids.append(int(key))
            rows.stamps.append(stamp)
            rows.days.append(day)
        snapshot = cls(path, rows, docs.__getitem__, indexed=False)
        snapshot.tables = {name: t for name, t in data.items() if name != ENTRIES}
        return snapshot

    def entry(self, row: int) -> Entry:
        """The entry of one row, every field checked (a damaged one is named, exit 3)."""
        entry_id = self._rows.ids[row]
        try:
            doc = self._fetch(row)
        except ValueError as exc:  # JSON that does not parse: only through the index
            # The index was written with this very file, so the file changed in place since.
            raise StorageError(
                f"{self.path}: entry {entry_id} does not read back as it was written "
                f"({exc}); `journal info` reads the whole file, says what is wrong, and "
                "rebuilds the index if the file is sound"
            ) from None
        try:
            return Entry.from_doc(entry_id, doc)
        except _NOT_AN_ENTRY as exc:
            raise _damaged(self.path, entry_id, exc) from None

    def in_order(self, rows: Iterable[int]) -> list[int]:
        """Rows by (instant, id): two stable sorts with C-level keys, no tuple per row."""
        ordered = sorted(rows, key=self._rows.ids.__getitem__)
        ordered.sort(key=self._rows.stamps.__getitem__)
        return ordered


_STORED_GET = itemgetter(*STORED_FIELDS)
_STORED_COUNT = len(STORED_FIELDS)
_from_iso = datetime.fromisoformat


_WHEN = itemgetter("when")
_AFTER_WHEN = itemgetter(*STORED_FIELDS[2 : STORED_FIELDS.index("prompt") + 1])
_TZINFO, _YEAR = attrgetter("tzinfo"), attrgetter("year")


def _local_time(fields: tuple[Any, ...]) -> Any:
    return fields[0].time()


def _entry_time(item: Entry | tuple[Any, ...]) -> Any:
    return item.when.time() if type(item) is Entry else item[0].time()


_INNER_YEAR = range(FIRST_YEAR + 1, LAST_YEAR).__contains__  # not at the edge of the years
_NOT_FLAGGED = b',"flagged":false}'  # how a document as written ends, unless flagged


class Streamed:
    """Some sound entries of a snapshot (Journal.streamed), each built only when it is read,
    so that an export of the whole journal never holds every entry at once."""

    def __init__(self, snap: Snapshot, rows: list[int], facts: index.Facts) -> None:
        self._snap = snap
        self._rows = rows  # in any order
        self._ordered: list[int] | None = None
        self.facts = facts  # their figures, from the index's columns

    @property
    def rows(self) -> list[int]:
        """The rows, oldest first, by (instant, id), as Journal.entries gives them; sorted
        only when asked for (stored_by_day, all the Markdown export reads, needs no order)."""
        if self._ordered is None:
            self._ordered = self._snap.in_order(self._rows)
        return self._ordered

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Entry]:
        """The entries, oldest first (as Journal.entries)."""
        return map(self._entry, self.rows)

    def _entry(self, row: int) -> Entry:
        """snap.entry(row) without its checks, which the row passed when it was indexed
        (`sound`); a document in another form than the full one written, or a moment at the
        edge of the years, is built the checked way. tests/test_export_stream.py compares."""
        doc = self._doc(row)
        fields = self._fields(doc)
        if fields is None:
            return self._snap.entry(row)
        (moment, urge, triggers, response, with_, emotions, behaviors, tags, note, prompt,
         created, updated, plan, plan_used, flagged) = fields  # fmt: skip
        uid, when = doc["uid"], doc["when"]  # type: ignore[index]
        entry_id = self._snap.rows.ids[row]
        first, last = stored_times(entry_id, when, moment, created, updated)
        # By position, in the order of Entry's fields (a third of the time of keywords).
        return Entry(moment, urge, tuple(triggers), response, with_, tuple(emotions),
                     tuple(behaviors), tuple(tags), note, prompt, uid, first, last, entry_id,
                     plan, plan_used, flagged)  # fmt: skip

    @staticmethod
    def _fields(doc: dict[str, Any] | None) -> tuple[Any, ...] | None:
        """A document's stored fields after the uid, with `when` as its moment, when the
        document is in the full form written and its moment not at the edge of the years;
        None for anything that must be built the checked way (snap.entry)."""
        if doc is None or len(doc) != _STORED_COUNT:
            return None
        try:
            fields = _STORED_GET(doc)
            moment = _from_iso(fields[1])
        except (KeyError, TypeError, ValueError):
            return None
        if moment.tzinfo is None or not FIRST_YEAR < moment.year < LAST_YEAR:
            return None
        return (moment, *fields[2:])

    def flagged(self) -> list[Entry]:
        """The flagged entries, oldest first. JSON writes true only as the bytes `true`, so
        only a document that has them is parsed, and only a flagged one is built."""
        snap = self._snap
        flagged = [
            row
            for row in self._with_true()
            if (doc := self._doc(row)) is None or doc.get("flagged") is True
        ]  # a document that does not read back is named by snap.entry
        return [entry for entry in map(snap.entry, snap.in_order(flagged)) if entry.flagged]

    def _doc(self, row: int) -> dict[str, Any] | None:
        """The row's document; None when it does not read back as one (a file changed in
        place since it was indexed: snap.entry says so)."""
        try:
            doc = self._snap._fetch(row)
        except ValueError:
            return None
        return doc if type(doc) is dict else None

    def _with_true(self) -> Iterable[int]:
        """The rows whose bytes may hold `flagged` true (all, where the bytes are not at hand).
        A document as written ends in `,"flagged":false}`: its last key, which a parser keeps
        over any earlier one of the name, is false. Any other is looked at for `true`. The
        ends are compared in C, not row by row."""
        raw, offsets, lengths = self._snap.raw, self._snap.rows.offsets, self._snap.rows.lengths
        if raw is None or len(lengths) != len(offsets):
            return self._rows
        ends = list(map(add, offsets, lengths))
        starts = map(sub, ends, repeat(len(_NOT_FLAGGED)))
        other = map(_NOT_FLAGGED.__ne__, map(raw.__getitem__, map(slice, starts, ends)))
        maybe = set(compress(range(len(ends)), other)).intersection(self._rows)
        return [row for row in maybe if raw.find(b"true", offsets[row], ends[row]) >= 0]

    def by_day(self) -> Iterator[tuple[date, list[Entry]]]:
        """The entries a local day at a time, oldest day first; each day's by local time,
        then id (what a sort of every entry by (day, time, id) gives)."""
        days = self._snap.rows.days
        ordered = sorted(self.rows, key=days.__getitem__)  # stable: (instant, id) within a day
        entry = self._entry
        for day, rows in groupby(ordered, key=days.__getitem__):
            built = [entry(row) for row in rows]
            built.sort(key=lambda e: (e.when.time(), e.id or 0))
            yield date.fromordinal(day), built

    def stored_by_day(self) -> Iterator[tuple[date, list[Entry | tuple[Any, ...]]]]:
        """by_day, with no Entry built for a document in the full form written: it comes as
        its stored fields from `when` (as a moment) on, at least to `prompt` (urge, triggers,
        ...: Entry's order), which exporters.markdown_chunks writes as it writes the Entry."""
        days, ids = self._snap.rows.days, self._snap.rows.ids
        # Each day's rows in id order, so that a stable sort by time alone orders them by
        # (time, id): no key tuple to make and compare.
        ordered = sorted(self._rows, key=ids.__getitem__)  # (rows are, as a file keeps them)
        ordered.sort(key=days.__getitem__)
        for day, in_day in groupby(ordered, key=days.__getitem__):
            rows = list(in_day)
            items: list[Entry | tuple[Any, ...]] | None = self._stored(rows)
            if items is None:  # one at least to build the checked way (or to name)
                items = [self._fields(self._doc(row)) or self._entry(row) for row in rows]
                items.sort(key=_entry_time)
            else:
                items.sort(key=_local_time)
            yield date.fromordinal(day), items

    def _stored(self, rows: list[int]) -> list[tuple[Any, ...]] | None:
        """_fields of each row's document up to its prompt, a day's at a time in C (map, not a
        loop: this runs for every entry exported); None when any is not in the full form."""
        snap = self._snap
        raw, offsets, lengths = snap.raw, snap.rows.offsets, snap.rows.lengths
        loads = index.loads if index.orjson is None else index.orjson.loads
        try:
            if raw is None:
                docs = list(map(snap._fetch, rows))
            else:
                starts = list(map(offsets.__getitem__, rows))
                ends = map(add, starts, map(lengths.__getitem__, rows))
                docs = list(map(loads, map(raw.__getitem__, map(slice, starts, ends))))
            if not all(map(_STORED_COUNT.__eq__, map(len, docs))):
                return None
            moments = list(map(_from_iso, map(_WHEN, docs)))
        except (KeyError, TypeError, ValueError):
            return None
        if not all(map(_TZINFO, moments)) or not all(map(_INNER_YEAR, map(_YEAR, moments))):
            return None
        return list(map(add, zip(moments), map(_AFTER_WHEN, docs)))


def _problem(exc: StorageError, path: Path) -> str:
    """The gist of a storage error about `path`: its reason, else its first clause."""
    if exc.reason is not None:
        return exc.reason
    text = str(exc).removeprefix(f"{path}: ")
    return text.split(";")[0].split(". ")[0]


class _NotLaidOut(ValueError):
    """A file that is not (or not provably) in the index's layout: read it the whole-file way."""


class _Scan:
    """One pass over a file in the index's layout (index.OPEN, then `"id":{...}` pairs joined
    by commas in rising id order, then the other tables), parsing each entry's bytes on their
    own so that the whole document is never in memory at once. Iterating yields (id, offset,
    length, parsed document) for each entry; then `end` (the brace that closes the entries)
    and `tables` (the other tables) are set. Anything else, invalid JSON included, raises
    _NotLaidOut and is left to the whole-file read, which names what is wrong.

    Each `,"digits":{` outside a string separates two entries: a quote right after a comma
    cannot be escaped, and a digit cannot follow a closing quote. The same bytes further in
    (an entry's nested object, the other tables) make a stretch that does not parse as one
    object; there the entries must end, which the standard library's raw_decode finds."""

    def __init__(self, raw: bytes | mmap.mmap) -> None:
        self.raw = raw
        self.end = -1
        self.tables: Data = {}
        self.tail = b""

    def __iter__(self) -> Iterator[tuple[int, int, int, Any]]:
        raw = self.raw
        start = len(index.OPEN)
        if raw[:start] != index.OPEN:
            raise _NotLaidOut
        if raw[start : start + 1] == b"}":
            self._close(start)
            return
        first = re.compile(rb'"([0-9]+)":\{').match(raw, start)
        if first is None:
            raise _NotLaidOut
        key, start = _scanned_id(first[1], 0), first.end() - 1
        loads = index.orjson.loads if index.orjson is not None else index.loads
        for match in re.compile(rb',"([0-9]+)":\{').finditer(raw, first.end()):
            stop = match.start()
            try:
                doc = loads(raw[start:stop])
            except ValueError:  # the entries close in this stretch
                break
            if type(doc) is not dict:
                raise _NotLaidOut  # as _object: the whole-file read refuses it as a whole
            yield key, start, stop - start, doc
            digits = match[1]
            after, key = key, int(digits)  # as _scanned_id, inline: once per entry
            if digits[0] == 0x30 or key <= after or key > MAX_ID:
                raise _NotLaidOut
            start = match.end() - 1
        else:
            match = None
        end = self._last(start, len(raw) if match is None else match.start())
        yield key, start, end - start, _object(index.loads(raw[start:end]))
        self._close(end)

    def _last(self, start: int, stop: int) -> int:
        """Where the object at `start` ends, the entries table closing before `stop`."""
        import json

        try:
            text = bytes(self.raw[start:stop]).decode("utf-8")
            _, chars = json.JSONDecoder().raw_decode(text)
        except (ValueError, RecursionError):
            raise _NotLaidOut from None
        return start + len(text[:chars].encode("utf-8"))

    def _close(self, end: int) -> None:
        """The entries table closes at `end`; what follows must be the other tables."""
        tail = bytes(self.raw[end:])
        if tail == b"}}":
            tables: Any = {}
        elif tail.startswith(b"},{") or not tail.startswith(b"},"):
            raise _NotLaidOut
        else:
            tables = index.loads(b"{" + tail[2:])
        if not _plain_tables(tail, tables):
            raise _NotLaidOut
        self.end, self.tables, self.tail = end, tables, tail


_DIGITS = bytes.maketrans(b"012345678", b"999999999")
_LONG_RUN = b"9" * 19


def _has_long_number(raw: bytes | mmap.mmap) -> bool:
    """Whether 19 digits in a row occur anywhere (what _LONG_NUMBER finds, ten times faster,
    a megabyte at a time): in a scanned file, something the whole-file read must look at."""
    chunk = 1 << 20
    return any(
        _LONG_RUN in raw[start : start + chunk + 18].translate(_DIGITS)
        for start in range(0, len(raw), chunk)
    )


def _object(doc: Any) -> dict[str, Any]:
    """An entry that is not an object is refused by the whole-file read as a whole."""
    if type(doc) is not dict:
        raise _NotLaidOut
    return doc


def _scanned_id(digits: bytes, after: int) -> int:
    """An entry's key in a scanned file: an id as this program writes them, above the last."""
    key = int(digits)  # ASCII digits: the pattern matched only those
    if digits[0] == 0x30 or key <= after or key > MAX_ID:
        raise _NotLaidOut
    return key


def _plain_tables(tail: bytes, tables: Any) -> bool:
    """The tables after the entries pass what the whole-file read checks before any record
    (tables of records under ids, nothing the parser would change, the current schema, a
    readable counter); else the whole-file read says what is wrong."""
    if type(tables) is not dict or not all(type(t) is dict for t in tables.values()):
        return False
    if ENTRIES in tables:
        return False
    for name in (CHALLENGES, REVIEWS, PLANS):
        if not all(_is_id(key) for key in tables.get(name, {})):
            return False
    records = sum(len(table) for table in tables.values())
    if len(re.findall(_DOC_KEY, tail)) > records or re.search(_LONG_NUMBER, tail):
        return False
    meta = tables.get(META, {}).get("1")
    if type(meta) is not dict or meta.get("schema") != SCHEMA or type(meta["schema"]) is not int:
        return False
    counter = meta.get("next_id")
    return type(counter) is int and counter <= MAX_ID


def _table_problems(tables: Data) -> list[DamagedRecord]:
    """Each damaged record of the tables that are not entries."""
    problems = _challenge_problems(tables.get(CHALLENGES, {}))
    problems += review_problems(tables.get(REVIEWS, {}))
    return problems + plan_problems(tables.get(PLANS, {}))


class _Held(NamedTuple):
    """A journal file read under the lock together with its matching index; the file stays
    open until the change is written, for the kernel to copy its unchanged stretches."""

    raw: bytes | mmap.mmap
    rows: index.Index
    tables: Data
    file: BinaryIO
    end: int  # where the entries closed in `raw` (rows.end moves with a change)
    checked: bool  # every entry was built (a scan), not only the index read


class Journal:
    """Entries and the other tables of one journal file."""

    def __init__(self, path: Path, identity: Callable[[], str] | None = None) -> None:
        """`identity`: gives the key of an encrypted journal ("AGE-SECRET-KEY-1..."); called
        at most once, and only when an encrypted file must be opened."""
        # Resolved once: a journal kept in a synced folder through a symlink is changed
        # where it really is, and its lock, index, backups and temp files live beside it.
        self.path = Path(os.path.realpath(path))
        self.link = path if os.path.islink(path) else None
        self._snapshot: Snapshot | None = None
        self._key = _once(identity) if identity is not None else None
        _KEYS[self.path] = self._key

    def snapshot(self) -> Snapshot:
        """Read once per command (no lock: the file is replaced atomically)."""
        if self._snapshot is None:
            self._require_link_target()
            self._merge_if_waiting()
            self._snapshot = Snapshot.read(self.path)
        return self._snapshot

    def _require_link_target(self) -> None:
        """A journal reached through a link whose folder is gone (a synced folder that is not
        mounted) is not an empty journal, and no folder is made there to start one."""
        if self.link is not None and not self.path.parent.exists():
            raise StorageError(
                f"{self.link}: is a link to {self.path}, whose folder does not exist (is the "
                "synced folder there?); nothing was read or written",
                reason="a link into a folder that does not exist",
            )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """Lock, read fresh, yield a TinyDB; on a clean exit, write once if anything changed."""
        with self._writing(), self._tinydb() as db:
            yield db

    @contextlib.contextmanager
    def _tables_transaction(self) -> Iterator[TinyDB]:
        """transaction() for a change to the tables after the entries (challenges, reviews,
        plans, meta): TinyDB gets those tables alone, and the entries' bytes are copied by the
        kernel, never parsed into one document. Every entry and record is checked first, as
        the whole-file way checks them; anything it would refuse (or a file without a usable
        index or layout) goes the whole-file way, which says what is wrong."""
        with self._writing(), self._holding() as held:
            if held is None or not _entries_sound(held) or _table_problems(held.tables):
                with self._tinydb() as db:
                    yield db
                return
            from tinydb import TinyDB

            storage = JournalStorage(self.path)
            storage.data = held.tables
            db = TinyDB(storage=lambda *_, **__: storage)
            yield db
            if storage.dirty and storage.data is not None:
                # The entries unchanged, then the new tables (sealed whole when encrypted).
                parts: index.Parts = [memoryview(held.raw)[: held.end]]
                self._save_spliced(parts, held._replace(tables=storage.data))

    @contextlib.contextmanager
    def _writing(self, *, replacing: bool = False, finish: bool = True) -> Iterator[None]:
        """The lock every change holds; the next read after it reads the file afresh.
        `replacing`: the change puts a whole new journal in place (a restore), so an empty or
        missing one is no reason to refuse. `finish`: an encrypted journal still in the clear
        (an `encrypt` that was stopped) is sealed first, with its backups, so that the change
        does not copy its plaintext into a new .bak or day's backup."""
        # What is refused anyway is refused before a lock file is made beside it: a folder,
        # FIFO or device, an empty file, a missing journal whose backups are kept.
        self._require_link_target()
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            if not replacing:
                _absent(self.path)
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot read ({exc.strerror})") from None
        else:
            _require_regular(self.path, st.st_mode)
            if st.st_size == 0 and not replacing:
                _check(self.path, b"")
        _ensure_folder(self.path)
        if finish and self._key is not None and _encrypted(self.path):
            # Asked now, on the terminal if need be: never while an `add` waits on the lock.
            self._identity()
        with _locked(self.path):
            _clean_stale_temps(self.path)
            if finish and _encrypted(self.path) and _head(self.path) is False:
                self._seal_leftovers()
            if not replacing:
                self._merge_locked()
            yield
        self._snapshot = None

    @contextlib.contextmanager
    def _tinydb(self) -> Iterator[TinyDB]:
        """The whole file read fresh and checked, as a TinyDB (the caller holds the lock)."""
        from tinydb import TinyDB

        storage_box: list[JournalStorage] = []

        def factory(*_: Any, **__: Any) -> JournalStorage:
            storage_box.append(JournalStorage(self.path))
            return storage_box[0]

        db = TinyDB(storage=factory)
        # Refuse a corrupt file before any change, and a damaged record: a whole-file write
        # re-encodes every record, which could alter a damaged one (orjson reads an integer
        # past 64 bits as a float; a repeated key keeps only its last value).
        _check_records(self.path, storage_box[0].read())
        yield db
        storage_box[0].commit()

    # --- entries

    def entries(self, first_day: date | None = None, last_day: date | None = None) -> list[Entry]:
        """Entries oldest first; with days given, only those whose local date (in the entry's
        own UTC offset, as recorded) is within them. Only the entries in range are built."""
        snap = self.snapshot()
        low = first_day.toordinal() if first_day else 0
        high = last_day.toordinal() if last_day else date.max.toordinal()
        rows = [row for row, day in enumerate(snap.rows.days) if low <= day <= high]
        with _gc_paused():
            return [snap.entry(row) for row in snap.in_order(rows)]

    def facts(self, first_day: date | None = None, last_day: date | None = None) -> index.Facts:
        """What the figures need of the entries `entries` gives: from the index's columns
        when it has them and each of those rows reads as a sound entry (no JSON parsed, the
        rows in file order), else from the entries themselves (which names a damaged one)."""
        snap = self.snapshot()
        low = first_day.toordinal() if first_day else 0
        high = last_day.toordinal() if last_day else date.max.toordinal()
        days = snap.rows.days
        rows: list[int] | None = None  # all
        if days and not (low <= min(days) and max(days) <= high):
            rows = [row for row, day in enumerate(days) if low <= day <= high]
        sound = snap.rows.sound
        if snap.indexed and (
            0 not in sound or (rows is not None and all(sound[row] for row in rows))
        ):
            with contextlib.suppress(ValueError):
                return index.Facts.of_rows(snap.rows, rows)
        return index.Facts.of_entries(self.entries(first_day, last_day))

    def streamed(self, first_day: date, last_day: date) -> Streamed | None:
        """The entries of these days to read one at a time (export), when read through a
        matching index whose every row of them reads as a sound entry, or scanned from a file
        whose every entry does, so that none can fail once output has begun; None otherwise
        (then `entries` builds them all, and names a damaged one before anything is written)."""
        snap = self.snapshot()
        if not (snap.indexed or snap.sound):  # a whole parsed file has no figure columns
            return None
        low, high = first_day.toordinal(), last_day.toordinal()
        days, sound = snap.rows.days, snap.rows.sound
        if days and low <= min(days) and max(days) <= high:  # every row: looked at in C
            rows = list(range(len(days)))
            if not all(sound):
                return None
        else:
            rows = [row for row, day in enumerate(days) if low <= day <= high]
            if not all(sound[row] for row in rows):
                return None
        try:
            facts = index.Facts.of_rows(snap.rows, rows if len(rows) < len(days) else None)
        except ValueError:
            return None
        return Streamed(snap, rows, facts)

    def newest(self) -> Iterator[Entry]:
        """All entries newest first, each built only when asked for (`list -n 20` builds 20)."""
        snap = self.snapshot()
        for row in reversed(snap.in_order(range(len(snap.rows)))):
            yield snap.entry(row)

    def days(self) -> set[date]:
        """The local dates on which at least one entry was logged (for the streak)."""
        return {date.fromordinal(day) for day in set(self.snapshot().rows.days)}

    def count(self) -> int:
        return len(self.snapshot().rows)

    def get(self, entry_id: int) -> Entry:
        snap = self.snapshot()
        try:
            row = snap.rows.ids.index(entry_id)
        except (ValueError, OverflowError):
            raise NotFoundError(f"no entry with id {entry_id}") from None
        return snap.entry(row)

    def schema(self) -> int:
        return self.snapshot().rows.schema

    def check(self) -> Checked:
        """Read the whole file, not trusting the index: every entry and challenge record
        checked, each damaged one collected (a file that cannot be read at all still raises),
        and the index compared with the file. An index that disagrees with the file is
        deleted, so that the next write rebuilds it."""
        self._require_link_target()
        self._merge_if_waiting()
        scanned = self._check_scanned()
        if scanned is not None:
            return scanned
        data = _load(self.path)
        problems: list[DamagedRecord] = []
        built: dict[int, Entry | None] = {}
        for key, doc in data.get(ENTRIES, {}).items():
            entry_id = int(key)
            try:
                built[entry_id] = _entry_in_file(entry_id, doc)
            except DamagedRecord as exc:
                built[entry_id] = None
                problems.append(exc)
        problems += _table_problems(data)
        entries = [entry for entry in built.values() if entry is not None]
        entries.sort(key=lambda entry: (entry.when.timestamp(), entry.id))
        schema = int(data[META]["1"]["schema"])
        days = {entry.when.date() for entry in entries}
        span = (min(days), max(days)) if days else None
        try:
            fast = Snapshot.read(self.path)
        except StorageError:
            index.discard(self.path)
            return Checked(entries, len(built), problems, False, schema, span)
        if not fast.indexed:
            return Checked(entries, len(built), problems, False, schema, span)
        through_index: dict[int, Entry | None] = {}
        for row, entry_id in enumerate(fast.rows.ids):
            try:
                through_index[entry_id] = fast.entry(row)
            except StorageError:
                through_index[entry_id] = None
        same = through_index == built and fast.tables == {
            name: table for name, table in data.items() if name != ENTRIES
        }
        if not same:
            index.discard(self.path)
        return Checked(entries, len(built), problems, same, schema, span)

    def _check_scanned(self) -> Checked | None:
        """check() for a file in the index's layout, scanned entry by entry (a 50,000-entry
        journal is never in memory as one document): the same records checked and the same
        problems found. None for anything else (a missing or empty file, another layout, an
        older schema, what a whole-file read refuses), which check() reads the old way."""
        fh = _open(self.path)
        if fh is None:
            return None
        with fh:
            sig = index.signature(os.fstat(fh.fileno()))
            if not sig[2]:
                return None
            try:
                raw = _whole(self.path, fh, sig) if _sealed_file(fh) else _map(fh)
            except ValueError:
                return None
        scan, rows = _Scan(raw), index.Index(SCHEMA)
        add_row = _row_adder(rows)
        found = index.Index(SCHEMA)  # every entry's id and place, for the count and the list
        problems: list[DamagedRecord] = []
        readable: list[int] = []
        order = array("d")  # each row's instant as the entry has it, for the order
        first = last = None
        placed = True  # every entry has its row in `rows`: an index can be compared
        try:
            with _gc_paused():
                for row, (entry_id, offset, length, doc) in enumerate(scan):
                    found.ids.append(entry_id)
                    found.offsets.append(offset)
                    found.lengths.append(length)
                    try:
                        entry: Entry | None = _entry_in_file(entry_id, doc)
                    except DamagedRecord as exc:
                        entry, damage = None, exc
                    if placed:
                        try:
                            add_row(entry_id, offset, length, doc, entry is not None)
                        except _NOT_AN_ENTRY:
                            placed = False
                    if entry is None:
                        problems.append(damage)
                        order.append(0.0)
                        continue
                    order.append(entry.when.timestamp())
                    readable.append(row)
                    local = entry.when.date()
                    first = local if first is None or local < first else first
                    last = local if last is None or local > last else last
        except ValueError:
            return None
        # A damaged entry may hold a number the parser cannot keep exactly, which the
        # whole-file read refuses as a whole.
        if problems and _has_long_number(raw):
            return None
        problems += _table_problems(scan.tables)
        rows.end = scan.end
        kept = _index_for(self.path, sig)
        same = kept is not None and kept.schema == SCHEMA
        if same and kept is not None:
            same = placed and kept == rows
            if not same:
                index.discard(self.path)
        readable.sort(key=order.__getitem__)
        entries = _Built(raw, found, readable)
        span = None if first is None or last is None else (first, last)
        return Checked(entries, len(found), problems, same, SCHEMA, span)

    def add(self, entry: Entry) -> Entry:
        return self.add_many([entry])[0]

    def add_many(self, entries: Iterable[Entry]) -> list[Entry]:
        """Insert with new ids from the never-reused counter; one lock, one write."""
        entries = list(entries)
        with self._writing(), self._holding(appending=True) as held:
            if held is None:
                with self._tinydb() as db:
                    return _insert(db, entries)
            return self._append(held, entries)

    def _append(self, held: _Held, entries: list[Entry]) -> list[Entry]:
        """Splice `entries` in after the last one, with new ids; one write (none if none)."""
        meta = held.tables[META]["1"]
        meta["next_id"] = _first_new_id(self.path, meta["next_id"], held.rows.ids, len(entries))
        parts: index.Parts = [memoryview(held.raw)[: held.rows.end]]
        position = held.rows.end
        added: list[Entry] = []
        for entry in entries:
            stored = entry.with_changes(id=meta["next_id"])
            position = held.rows.put(parts, position, meta["next_id"], stored.to_doc())
            added.append(stored)
            meta["next_id"] += 1
        if added:
            held.rows.end = position
            self._save_spliced(parts, held)
        return added

    @contextlib.contextmanager
    def _holding(self, *, appending: bool = False) -> Iterator[_Held | None]:
        """_held, with the file closed once the change is written."""
        held = self._held(appending=appending)
        try:
            yield held
        finally:
            if held is not None:
                held.file.close()

    def _held(self, *, appending: bool = False) -> _Held | None:
        """The file's bytes with their index and other tables, read under the lock. Without a
        matching index (a copied or restored journal), one is made by scanning the file, each
        entry checked once; None sends the change the whole-file way (TinyDB), which also
        says what is wrong with a damaged file. `appending`: the change only adds rows after
        the others (see _rows_under_lock)."""
        fh = None
        try:
            fh = _open(self.path)
            if fh is None:
                return None
            sig = index.signature(os.fstat(fh.fileno()))
            if _sealed_file(fh):
                raw = _whole(self.path, fh, sig)  # the plaintext, checked whole
            else:
                raw = _map(fh)
                if len(raw) != sig[2]:
                    raise ValueError
            rows, tables, checked = self._rows_under_lock(raw, sig, appending=appending)
            counter = tables[META]["1"]["next_id"]
            if type(counter) is not int or not 0 < counter <= MAX_ID:
                raise ValueError
            # The other tables are written back from what was parsed, so they must read back
            # as the very bytes they came from (a number past 64 bits would not): else the
            # whole-file way, which names what is wrong.
            if index.close(tables) != raw[rows.end :]:
                raise ValueError
        except (OSError, ValueError, KeyError, TypeError):
            if fh is not None:
                fh.close()
            return None
        return _Held(raw, rows, tables, fh, rows.end, checked)

    def _rows_under_lock(
        self, raw: bytes | mmap.mmap, sig: index.Signature, *, appending: bool = False
    ) -> tuple[index.Index, Data, bool]:
        """The rows and other tables of the file read under the lock: from its index, or made
        by scanning it (_scanned_rows). When this command read the very same file before the
        change (same signature: the journal is only ever replaced), that read's rows are used
        again; a scanned file then has had every entry built by that read. The last item says
        whether every entry was built (a scan), not only the index read. The rows are copied
        (Index.copy: the change must not alter what an earlier read handed out), unless the
        change only appends rows and the read never handed its rows out (`add` reads only
        the plans): then they are taken over, and the read is dropped (the next one is made
        afresh, as after any change)."""
        import copy  # Typer has imported it already

        snap = self._snapshot
        if snap is None or snap.signature != sig:
            rows = _index_for(self.path, sig)
            if rows is None or rows.schema != SCHEMA:
                return (*_scanned_rows(raw), True)
            return rows, index.tail_tables(raw, rows), False
        if not snap.indexed and (not snap.sound or _table_problems(snap.tables)):
            raise ValueError  # the whole-file way names the damaged record
        tables = copy.deepcopy(snap.tables)
        if appending and not snap.lent:
            self._snapshot = None
            return snap._rows, tables, not snap.indexed
        return snap.rows.copy(), tables, not snap.indexed

    def _save_spliced(self, parts: index.Parts, held: _Held) -> None:
        """Write the changed entries (`parts`, with `held.rows` updated to match) followed by
        the other tables, then the fresh index. The unchanged stretches of the file are
        copied by the kernel; an encrypted journal is sealed whole (its old file holds no
        plaintext to copy)."""
        if _encrypted(self.path):
            payload = b"".join([*parts, index.close(held.tables)])
            write_atomic(
                self.path,
                _sealed_to_journal(self.path, payload),
                then=lambda written: _write_index(self.path, held.rows, sealing=True, st=written),
            )
            return
        pieces: list[bytes | memoryview | Span] = [*_spans(parts, held), index.close(held.tables)]

        def write_index(written: os.stat_result) -> None:
            index.write(self.path, held.rows, index.signature(written))

        write_atomic(self.path, pieces, then=write_index)

    def _held_entry(self, held: _Held, entry_id: int) -> tuple[int, Entry]:
        try:
            row = held.rows.ids.index(entry_id)
        except (ValueError, OverflowError):
            raise NotFoundError(f"no entry with id {entry_id}") from None
        start = held.rows.offsets[row]
        doc = index.loads(held.raw[start : start + held.rows.lengths[row]])
        return row, _build(self.path, entry_id, doc)

    def add_new(
        self,
        entries: Iterable[Entry],
        key: Callable[[Entry], Hashable] = _uid_key,
        plans: Iterable[dict[str, Any]] = (),
    ) -> tuple[list[Entry], list[Entry]]:
        """Add only the entries whose key is in neither the journal nor earlier in `entries`.

        Decided on the fresh read under the lock, so two imports at once cannot both add
        the same entry. One lock, one write. Returns (added, skipped). Into a journal with no
        entries (a restore from an export), entries that all carry distinct ids keep them;
        otherwise they get new ids from the counter. `plans` (an export's, each with the id
        the file's entries link to) are added in the same write unless a plan with their uid
        is kept already, and the entries' links follow them (see _linked).
        """
        plans = list(plans)
        with self.transaction() as db:
            table = db.table(ENTRIES).all()
            existing = (Entry.from_doc(doc.doc_id, doc) for doc in table)
            new, skipped = split_new(existing, entries, key)
            if plans:
                new = _linked(db, new, plans)
            if not table and keeps_ids(new):
                return insert_keeping_ids(db, new), skipped
            return _insert(db, new), skipped

    def new_plans(self, plans: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """The plans that add_new would add right now: those whose uid is not kept yet."""
        kept = {plan["uid"] for plan in self.plans()}
        return [plan for plan in plans if plan["uid"] not in kept]

    def preview_new(
        self, entries: Iterable[Entry], key: Callable[[Entry], Hashable] = _uid_key
    ) -> tuple[list[Entry], list[Entry]]:
        """What add_new would add and skip right now, from a snapshot (no lock, no write)."""
        return split_new(self.entries(), entries, key)

    def replace(self, entry_id: int, change: Callable[[Entry], Entry]) -> Entry:
        """Apply `change` to the fresh stored entry under the lock and save the result."""
        return self._rewrite(entry_id, change)

    def delete(self, entry_id: int) -> Entry:
        """Remove the entry and return it as it was."""
        return self._rewrite(entry_id, None)

    def _rewrite(self, entry_id: int, change: Callable[[Entry], Entry] | None) -> Entry:
        """Under the lock, the stored entry is read fresh; `change` gives its new version, or
        with None it is removed. Returns the new version, or the entry removed."""
        self._require_file(entry_id)
        with self._writing(), self._holding() as held:
            if held is None:
                from tinydb.table import Document

                with self._tinydb() as db:
                    table = db.table(ENTRIES)
                    before = _build(self.path, entry_id, _stored(table, entry_id))
                    after = change(before) if change else None
                    if after is None:
                        table.remove(doc_ids=[entry_id])
                    else:
                        table.upsert(Document(after.to_doc(), doc_id=entry_id))
                return before if after is None else after
            row, before = self._held_entry(held, entry_id)
            after = change(before) if change else None
            if after is None:
                parts = index.remove_entry(held.raw, held.rows, row)
            else:
                parts = index.replace_entry(held.raw, held.rows, row, after.to_doc())
            self._save_spliced(parts, held)
            return before if after is None else after

    def unflag_all(self) -> list[int]:
        """Clear `flagged` on every entry that has it, in one write under the lock; nothing
        else of any entry changes (not even `updated`). The ids cleared, in id order."""
        if not os.path.lexists(self.path):
            _absent(self.path)
            return []
        with self.transaction() as db:
            table = db.table(ENTRIES)
            ids = sorted(doc.doc_id for doc in table.all() if doc.get("flagged") is True)
            if ids:
                table.update({"flagged": False}, doc_ids=ids)
            return ids

    def _require_file(self, entry_id: int) -> None:
        """No journal yet means no such entry; say so before creating the folder for the lock."""
        if not os.path.lexists(self.path):
            _absent(self.path)
            raise NotFoundError(f"no entry with id {entry_id}")

    # --- weekly challenges: one record per ISO week, {"week": "2026-W47", "challenge": id,
    # "done": bool, "done_at": ISO timestamp or None, "note": str}

    def challenges(self) -> list[dict[str, Any]]:
        """All weekly challenge records, oldest week first, each checked (a damaged one is
        named, exit 3: the challenge commands change these records)."""
        table = self.snapshot().tables.get(CHALLENGES, {})
        problems = _challenge_problems(table)
        if problems:
            raise StorageError(f"{self.path}: {problems[0]}; {_ADVICE}")
        return sorted(table.values(), key=lambda r: r["week"])

    def save_challenge(self, record: dict[str, Any]) -> dict[str, Any]:
        """Insert or replace the record for record["week"]."""
        from tinydb import Query

        with self._tables_transaction() as db:
            table = db.table(CHALLENGES)
            table.upsert(dict(record), Query().week == record["week"])
        return record

    # --- weekly reviews: one record per ISO week (see REVIEW_FIELDS)

    def reviews(self) -> list[dict[str, Any]]:
        """All weekly review records, oldest week first, each checked (a damaged one is
        named, exit 3)."""
        table = self.snapshot().tables.get(REVIEWS, {})
        problems = review_problems(table)
        if problems:
            raise StorageError(f"{self.path}: {problems[0]}; {_ADVICE}")
        return sorted((dict(record) for record in table.values()), key=lambda r: r["week"])

    def save_review(self, record: dict[str, Any]) -> dict[str, Any]:
        """Insert or replace the review of record["week"] (one per week)."""
        from tinydb import Query

        checked_review("the review", record)
        with self._tables_transaction() as db:
            db.table(REVIEWS).upsert(dict(record), Query().week == record["week"])
        return record

    def add_reviews(
        self, records: Iterable[dict[str, Any]], *, dry_run: bool = False
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Add the reviews of weeks that have none yet (an import); decided on the fresh read
        under the lock, one write. Returns (added, the same as one stored, kept: a different
        review of a week that has one, which stays as it is)."""
        records = list(records)
        added: list[dict[str, Any]] = []
        same: list[dict[str, Any]] = []
        kept: list[dict[str, Any]] = []

        def sort(stored: dict[str, dict[str, Any]]) -> None:
            for record in records:
                existing = stored.get(record["week"])
                if existing is None:
                    added.append(record)
                    stored[record["week"]] = record
                else:
                    (same if existing == record else kept).append(record)

        if dry_run:
            sort({r["week"]: r for r in self.reviews()})
            return added, same, kept
        if not records:
            return added, same, kept
        with self._tables_transaction() as db:
            table = db.table(REVIEWS)
            sort({r["week"]: dict(r) for r in table.all()})
            if added:
                table.insert_multiple(dict(record) for record in added)
        return added, same, kept

    # --- if-then plans: {id: record} (see PLAN_FIELDS)

    def plans(self) -> list[dict[str, Any]]:
        """All plans, oldest first, each with its "id" and checked (a damaged one is named,
        exit 3)."""
        table = self.snapshot().tables.get(PLANS, {})
        problems = plan_problems(table)
        if problems:
            raise StorageError(f"{self.path}: {problems[0]}; {_ADVICE}")
        return [{"id": int(key), **record} for key, record in sorted(table.items(), key=_by_id)]

    def add_plan(self, record: dict[str, Any]) -> dict[str, Any]:
        """Store a new plan under a new id from the never-reused counter; the plan with its id."""
        checked_plan("the plan", record)
        with self._tables_transaction() as db:
            return _insert_plans(db, [record])[0]

    def remove_plan(self, plan_id: int) -> dict[str, Any]:
        """Remove a plan; its id is never given again. Entries keep the id they link to."""
        with self._tables_transaction() as db:
            table = db.table(PLANS)
            record = table.get(doc_id=plan_id) if 0 < plan_id <= MAX_ID else None
            if record is None:
                raise NotFoundError(f"no plan with id {plan_id}")
            table.remove(doc_ids=[plan_id])
            return {"id": plan_id, **record}

    # --- encryption (journalcli.keys keeps the key files, journalcli.sealed seals bytes)

    def encrypted(self) -> bool:
        """Whether the journal is encrypted (one stat: its key files are there)."""
        return _encrypted(self.path)

    def _identity(self) -> str:
        if self._key is None:
            raise _no_key(self.path)
        return self._key()

    def add_pending(self, entry: Entry) -> Path:
        """Add to an encrypted journal without its key: `entry` is sealed to the journal's
        public key and waits beside it (journalcli.pending) to be merged, with an id, by the
        next command that has the key. Nothing is read or decrypted. Returns its file."""
        from journalcli import keys, pending

        self._require_link_target()
        # Under the lock, so that it cannot land while the journal is being decrypted or
        # given a new key (each merges what waits first).
        with _locked(self.path):
            return pending.put(self.path, entry, keys.recipient(self.path))

    def waiting(self) -> int:
        """How many added entries wait to be merged (no key needed)."""
        from journalcli import pending

        return len(pending.waiting(self.path))

    def merge_pending(self) -> None:
        """Merge the entries that wait, if any, under the lock in one write."""
        self._merge_if_waiting()

    def _merge_if_waiting(self) -> None:
        from journalcli import pending

        if pending.waiting(self.path) and self.encrypted():
            with self._writing():  # which merges
                pass

    def _merge_locked(self) -> list[Entry]:
        """Under the lock: the entries waiting are checked as an import checks a file and
        added (those whose uid is in the journal already are skipped) in one write, which
        also records their file names in the meta record; the files are removed after it.
        A file whose name is recorded is in the journal already (a merge was killed before
        it removed it): it is removed, never merged twice. Returns the entries added."""
        from journalcli import pending

        names = pending.waiting(self.path)
        if not names or not self.encrypted():
            return []
        pending.clean_temps(self.path)
        held = self._held()
        if held is not None:
            return self._merge_held(held, names)
        with self._tinydb() as db:
            meta = db.table(META)
            done = set(meta.get(doc_id=1).get(MERGED) or ())  # type: ignore[union-attr]
            pending.remove(self.path, [name for name in names if name in done])
            fresh = [name for name in names if name not in done]
            if not fresh:
                return []
            waiting = self._waiting_entries(fresh)
            table = db.table(ENTRIES).all()
            existing = (Entry.from_doc(doc.doc_id, doc) for doc in table)
            added = _insert(db, split_new(existing, waiting, _uid_key)[0])
            meta.update({MERGED: fresh}, doc_ids=[1])
        pending.remove(self.path, fresh)
        return added

    def _merge_held(self, held: _Held, names: list[str]) -> list[Entry]:
        """_merge_locked by splicing the new entries in (through the index)."""
        from journalcli import pending

        meta = held.tables[META]["1"]
        done = meta.get(MERGED) or []
        if type(done) is not list:
            raise _refuse(self.path, f"has an unreadable list of merged entries ({_shown(done)})")
        pending.remove(self.path, [name for name in names if name in done])
        fresh = [name for name in names if name not in done]
        if not fresh:
            return []
        waiting = self._waiting_entries(fresh)
        uids = {
            _uid_at(held.raw, start, length)
            for start, length in zip(held.rows.offsets, held.rows.lengths, strict=True)
        }
        meta[MERGED] = fresh
        added = self._append(held, split_new((), waiting, _uid_key, known=uids)[0])
        pending.remove(self.path, fresh)
        return added

    def _waiting_entries(self, names: list[str]) -> list[Entry]:
        """The entries of waiting files, each checked as `journal import` checks a file;
        StorageError naming the first file that cannot be merged (nothing is merged then)."""
        from journalcli import clock, content, importers, pending

        identity, now = self._identity(), clock.now()
        triggers, behaviors = content.trigger_keys(), content.behavior_keys()
        entries: list[Entry] = []
        for name in names:
            source = str(pending.folder_for(self.path) / name)
            try:
                data = pending.read(self.path, name, identity)
                found = importers.read_json(
                    data, source, triggers=triggers, behaviors=behaviors, now=now
                )
            except (StorageError, InputError) as exc:
                raise StorageError(
                    f"{str(exc).removesuffix('; nothing was imported')}; no waiting entry was "
                    f"merged: move that file out of {pending.folder_for(self.path).name}/ "
                    "to go on (the others are merged by the next command)",
                    reason="a waiting entry cannot be merged",
                ) from None
            entries += (entry.with_changes(id=None) for entry in found)
        return entries

    def encrypt(self, passphrase: str) -> str:
        """Encrypt the journal and every backup of it to a new key, wrapped with
        `passphrase` (journalcli.keys); the plain copies and the index are removed. Returns
        the identity: the one-time recovery key.

        The key files come first, then each file is replaced by its sealed version, so that
        a kill at any point leaves every file readable (plain, or sealed to the key on disk);
        seal_leftovers() finishes the job then."""
        from journalcli import keys

        with self._writing():
            if self.encrypted():
                raise InputError(f"{self.path}: is encrypted already; nothing was changed")
            sealed_already = [p for p in [self.path, *self._backup_files()] if _head(p)]
            if sealed_already:
                # Its key files were lost: a new key would open none of what is sealed.
                raise StorageError(
                    f"{sealed_already[0]}: is sealed already, but the key files (.key, .pub) "
                    f"beside {self.path.name} are missing; put them back, or open it with the "
                    "recovery key (`age -d`); nothing was changed"
                )
            identity, _ = keys.new_identity()
            keys.install(self.path, identity, passphrase)
            self._seal_leftovers()
        return identity

    def plain_leftovers(self) -> list[Path]:
        """The files of an encrypted journal still in the clear (a kill during `encrypt`):
        the journal, backups and index."""
        files = [self.path, *self._backup_files()]
        files.append(index.path_for(self.path))
        return [path for path in files if _head(path) is False]

    def seal_leftovers(self) -> int:
        """Finish an `encrypt` that was killed: seal what is still plain (only the public
        key is needed). Returns how many files were sealed."""
        with self._writing(finish=False):
            return self._seal_leftovers()

    def _seal_leftovers(self) -> int:
        from journalcli import keys, sealed

        recipient = keys.recipient(self.path)

        def seal(raw: bytes) -> bytes | None:
            return None if is_sealed(raw) else sealed.seal(raw, recipient)

        count = sum(_rewrite(path, seal) for path in self._backup_files())
        try:  # the same plaintext, so the same index, sealed
            rows = index.read(self.path, index.signature(os.stat(self.path)))
        except OSError:
            rows = None
        written = _rewritten(self.path, seal)
        count += written is not None
        if not os.path.lexists(self.path):
            _save(self.path, _new_journal(), backup=False)  # an empty journal, sealed
        elif rows is not None and written is not None:
            # the index of the very file sealed (not of one put there since, without the lock)
            _write_index(self.path, rows, sealing=True, st=written)
        if _head(index.path_for(self.path)) is False:
            index.discard(self.path)
        return count

    def decrypt(self) -> None:
        """Back to plain files everywhere (the entries waiting are merged first), then the
        key files are removed: until then every file is readable with the key on disk."""
        from journalcli import keys, pending, sealed

        with self._writing():
            identity = self._identity()
            for path in self._backup_files():
                _rewrite(path, lambda raw: sealed.unseal(raw, identity) if is_sealed(raw) else None)
            if _head(self.path):
                data = _load(self.path)
                data[META]["1"].pop(MERGED, None)
                _save(self.path, data, backup=False, plain=True)
            if _head(index.path_for(self.path)):  # a decrypt that was stopped left it
                index.discard(self.path)
            keys.remove(self.path)
            with contextlib.suppress(OSError):
                pending.folder_for(self.path).rmdir()

    def rekey(self, passphrase: str) -> str:
        """A new key for the journal (`journal passphrase --new-key`): the entries waiting
        are merged, the journal and every backup are sealed to the new key, and its key files
        installed, wrapped with `passphrase`. Returns the new identity (recovery key).

        In two passes, so that a kill at any point leaves every file readable with the key
        on disk: first each file is sealed to both keys, then the new key is installed, then
        each file is sealed to the new key alone."""
        from journalcli import keys, sealed

        with self._writing():
            old = self._identity()
            before = keys.recipient(self.path)
            identity, recipient = keys.new_identity()
            files = [*self._backup_files(), self.path, index.path_for(self.path)]

            def to(key: str, recipients: list[str]) -> Callable[[bytes], bytes | None]:
                return lambda raw: (
                    sealed.seal(sealed.unseal(raw, key), recipients) if is_sealed(raw) else None
                )

            for path in files:
                _rewrite(path, to(old, [before, recipient]))
            keys.install(self.path, identity, passphrase)  # which locks: the old key goes
            for path in files:
                _rewrite(path, to(identity, [recipient]))
        return identity

    def _backup_files(self) -> list[Path]:
        from journalcli import backups

        return [generation.path for generation in backups.generations(self.path)]

    # --- backups and restore (see journalcli.backups for where they are kept)

    def backups(self) -> list[Kept]:
        """Every kept version, newest written first, each read in full."""
        from journalcli import backups

        _key_first(self.path)
        kept = []
        for generation in backups.generations(self.path):
            try:
                kept.append(backups.Kept(generation, verify(generation.path), None))
            except StorageError as exc:
                kept.append(backups.Kept(generation, None, _problem(exc, generation.path)))
        return kept

    def plan_restore(self, which: str | None = None) -> RestorePlan:
        """Check what restoring `which` (a backup's label, or a journal file; by default the
        newest good backup) would bring back, without changing anything."""
        from journalcli import backups

        _key_first(self.path)
        source, label, written = self._restore_source(which)
        after = _verify_source(source, label)
        try:
            before: int | None = verify(self.path) if os.path.lexists(self.path) else None
            state = "missing" if before is None else _count(before)
        except StorageError as exc:
            before, state = None, f"damaged ({_problem(exc, self.path)})"
        return backups.RestorePlan(source, label, written, after, before, state)

    def restore(self, plan: RestorePlan) -> Path | None:
        """Replace the journal with the plan's source, read and checked afresh under the lock.
        The journal as it stood is kept as a before-restore backup (never over `.bak` or a
        day's backup), so a restore can be undone; returns that file, if there was anything
        to keep."""
        from journalcli import backups, clock

        with self._writing(replacing=True):
            _verify_source(plan.source, plan.label)
            fh = _open(plan.source)
            if fh is None:
                raise StorageError(f"{plan.source}: does not exist; nothing was changed")
            with fh:
                data = _check(plan.source, fh.read())
            kept = None
            if self._has_content():
                kept = backups.keep_before_restore(self.path, clock.now())
            _save(self.path, data, backup=False)
        return kept

    def _has_content(self) -> bool:
        fh = _open(self.path)
        if fh is None:
            return False
        with fh:
            return bool(fh.read().strip())

    def _restore_source(self, which: str | None) -> tuple[Path, str, datetime]:
        from journalcli import backups

        if which is None:
            found = newest_good_backup(self.path)
            if found is None:
                raise StorageError(f"{self.path}: no good backup of it is kept")
            generation = found[0]
            return generation.path, generation.label, generation.written
        generation = backups.find(self.path, which)
        if generation is not None:
            return generation.path, generation.label, generation.written
        candidate = expand(which)
        if not os.path.lexists(candidate):
            raise InputError(
                f"{which!r} is neither a kept backup nor a file; `journal backups` lists them"
            )
        if self._is_itself(candidate):
            raise InputError(f"{which}: is this journal itself, not a backup of it")
        _KEYS.setdefault(Path(os.path.realpath(candidate)), self._key)  # if it is sealed
        st = os.stat(candidate)
        return candidate, str(candidate), datetime.fromtimestamp(st.st_mtime)

    def _is_itself(self, target: Path) -> bool:
        try:
            return os.path.samefile(target, self.path)
        except OSError:
            return False

    def owns(self, target: Path) -> bool:
        """Whether `target` is the journal or one of its own files (its .bak, index, lock,
        temp files or backups), by resolved path or by inode (a hard link elsewhere)."""
        from journalcli import backups, keys, pending

        real = Path(os.path.realpath(target))
        folder = backups.folder_for(self.path)
        waiting = pending.folder_for(self.path)
        own = {
            self.path,
            backups.bak_for(self.path),
            index.path_for(self.path),
            self.path.with_name(self.path.name + ".lock"),
            keys.key_path(self.path),
            keys.pub_path(self.path),
            folder,
            waiting,
        }
        if real in own or folder in real.parents or waiting in real.parents:
            return True
        if real.parent == self.path.parent and real.name.startswith(f".{self.path.name}."):
            return True  # a temp file of a write in progress
        try:
            st = os.stat(real)
        except OSError:
            return False
        inodes = set()
        for path in [*own, *(g.path for g in backups.generations(self.path))]:
            with contextlib.suppress(OSError):
                mine = os.stat(path)
                inodes.add((mine.st_dev, mine.st_ino))
        return (st.st_dev, st.st_ino) in inodes


def _scanned_rows(raw: bytes | mmap.mmap) -> tuple[index.Index, Data]:
    """The index of a file in the index's layout, and its other tables, made by scanning it
    with every entry checked as a whole-file read checks it (ValueError when anything is not
    as this program writes it, or an entry is damaged: the whole-file way names it)."""
    rows, scan = index.Index(SCHEMA), _Scan(raw)
    _scan_into(rows, scan, refuse=True)
    if _table_problems(scan.tables):
        raise ValueError
    rows.end = scan.end
    return rows, scan.tables


def _entries_sound(held: _Held) -> bool:
    """Whether every entry of a held file builds (already known after a scan)."""
    if held.checked:
        return True
    raw, rows = held.raw, held.rows
    offsets, lengths, check = rows.offsets, rows.lengths, checked_doc
    try:
        with _gc_paused():
            for row, entry_id in enumerate(rows.ids):
                start = offsets[row]
                check(entry_id, index.loads(raw[start : start + lengths[row]]))
    except _NOT_AN_ENTRY:
        return False
    return True


def _spans(parts: index.Parts, held: _Held) -> list[bytes | memoryview | Span]:
    """`parts` with the stretches of the held file as Spans, for the kernel to copy. The
    index's splices keep at most two stretches, in file order: the first from the file's
    start, the last up to where the entries closed (`held.end`). Each is checked against
    the file's bytes at its end; one that does not match is written from memory."""
    stretches = [i for i, part in enumerate(parts) if isinstance(part, memoryview)]
    if len(stretches) > 2:
        return list(parts)
    pieces: list[bytes | memoryview | Span] = list(parts)
    for number, i in enumerate(stretches):
        part = parts[i]
        assert isinstance(part, memoryview)
        start = 0 if number == 0 else held.end - len(part)
        stop = start + len(part)
        if part.obj is held.raw and part[-64:] == held.raw[max(start, stop - 64) : stop]:
            pieces[i] = Span(held.file.fileno(), start, len(part))
    return pieces


_UID_FIRST = b'{"uid":"'


def _uid_at(raw: bytes, start: int, length: int) -> Any:
    """The uid of the entry whose document is raw[start:start+length]: written first by this
    program (index layout), so read off the bytes; else parsed."""
    uid = raw[start + 8 : start + 44]
    closed = raw[start + 44 : start + 45] == b'"' and b"\\" not in uid
    if raw[start : start + 8] == _UID_FIRST and closed:
        return uid.decode("ascii", "replace")
    doc = index.loads(raw[start : start + length])
    return doc.get("uid") if type(doc) is dict else None


def _head(path: Path) -> bool | None:
    """Whether a file is sealed (None: there is none, or it is not a regular file)."""
    fh = _open(path)
    if fh is None:
        return None
    with fh:
        return is_sealed(fh.read(64))


def _rewrite(path: Path, change: Callable[[bytes], bytes | None]) -> int:
    """Replace a file of the journal (itself or a backup) with change(its bytes), atomically
    and with no .bak, keeping its time (backups are ordered and shown by it); None leaves it
    as it is. Returns 1 when it was replaced."""
    return 0 if _rewritten(path, change) is None else 1


def _rewritten(path: Path, change: Callable[[bytes], bytes | None]) -> os.stat_result | None:
    """_rewrite, giving the stat of the file it wrote, its time kept (None: nothing was
    written, or the path no longer holds that file: see write_atomic)."""
    try:
        fh = _open(path)
    except StorageError:
        return None  # not a regular file: not a backup (generations() lists none such)
    if fh is None:
        return None
    with fh:
        raw, st = fh.read(), os.fstat(fh.fileno())
    new = change(raw)
    if new is None:
        return None
    written = write_atomic(path, new, backup=False)
    with contextlib.suppress(OSError):
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    try:
        kept = os.stat(path)
    except OSError:
        return None
    if written is None or (kept.st_dev, kept.st_ino) != (written.st_dev, written.st_ino):
        return None
    return kept


def _by_id(item: tuple[str, Any]) -> int:
    return int(item[0])


def _insert_plans(db: TinyDB, records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert plans with new ids from the never-reused counter (inside a transaction)."""
    from tinydb.table import Document

    storage: JournalStorage = db.storage  # type: ignore[assignment]
    data = storage.read()
    meta = db.table(META)
    next_id = _next_plan(data[META]["1"], data.get(PLANS, {}))
    added: list[dict[str, Any]] = []
    docs: list[Document] = []
    for record in records:
        docs.append(Document(dict(record), doc_id=next_id))
        added.append({"id": next_id, **record})
        next_id += 1
    if docs:
        db.table(PLANS).insert_multiple(docs)
        meta.update({"next_plan": next_id}, doc_ids=[1])
    return added


def _linked(db: TinyDB, entries: list[Entry], plans: list[dict[str, Any]]) -> list[Entry]:
    """Inside an import's transaction: the file's plans not kept yet (by uid) are inserted,
    and each entry's `plan` (the plan's id in the file) becomes that plan's id here. A link to
    a plan the file does not hold (one removed before the export) becomes null."""
    storage: JournalStorage = db.storage  # type: ignore[assignment]
    kept = {record["uid"]: int(key) for key, record in storage.read().get(PLANS, {}).items()}
    fresh = [plan for plan in plans if plan["uid"] not in kept]
    added = _insert_plans(db, ({k: v for k, v in p.items() if k != "id"} for p in fresh))
    here = kept | {plan["uid"]: plan["id"] for plan in added}
    ids = {plan["id"]: here[plan["uid"]] for plan in plans}
    return [
        entry if entry.plan is None else entry.with_changes(plan=ids.get(entry.plan))
        for entry in entries
    ]


# --- import into an empty journal (a restore from an export) keeps the ids


def keeps_ids(entries: list[Entry]) -> bool:
    """Whether every entry carries an id of its own (1 .. 2**63-2) and no two share one."""
    ids = [entry.id for entry in entries]
    return (
        bool(ids)
        and all(isinstance(i, int) and 0 < i < 2**63 - 1 for i in ids)
        and len(set(ids)) == len(ids)
    )


def insert_keeping_ids(db: TinyDB, entries: list[Entry]) -> list[Entry]:
    """Insert under the entries' own ids (inside a transaction on a journal with no entries);
    the counter moves to one above the highest, never back."""
    from tinydb.table import Document

    meta = db.table(META)
    ids = [int(entry.id) for entry in entries if entry.id is not None]
    next_id = _next_id(meta.get(doc_id=1)["next_id"], ids)  # type: ignore[index]
    docs = [Document(entry.to_doc(), doc_id=int(entry.id or 0)) for entry in entries]
    db.table(ENTRIES).insert_multiple(docs)
    meta.update({"next_id": next_id}, doc_ids=[1])
    return entries


# --- temp files of processes that were killed outright (SIGKILL, a power cut)


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True
    return True


def sweep_dead_temps(path: Path) -> list[Path]:
    """Remove write_atomic's temp files for `path` (.{name}.{pid}.{ns}.tmp) left by processes
    that no longer run; a live writer's are kept, so no lock is needed. For `export -o`, whose
    output has no lock (the journal's own are swept under its lock by _clean_stale_temps).
    Returns what was removed."""
    prefix, me = f".{path.name}.", os.getuid()
    removed: list[Path] = []
    try:
        names = os.listdir(path.parent)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid, dot, stamp = name[len(prefix) : -len(".tmp")].partition(".")
        if not (dot and pid.isdigit() and stamp.isdigit() and len(pid) <= 10):
            continue
        if int(pid) == os.getpid() or pid_alive(int(pid)):
            continue
        stale = path.parent / name
        try:
            info = os.lstat(stale)
            if stat.S_ISREG(info.st_mode) and info.st_uid == me:
                stale.unlink()
                removed.append(stale)
        except OSError:
            continue
    return removed
