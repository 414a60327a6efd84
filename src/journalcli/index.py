"""The byte layout of journal.json, and a sidecar index of where each entry's bytes are.

The journal is written in one fixed layout, `{"entries":{"1":{...},"2":{...}},<other tables>}`:
compact JSON, the entries table first, one entry after another in id order. While writing it,
the store records each entry's offset and length, its instant and its local day, and keeps
them in `journal.json.idx`. With that, `list -n 20` parses 20 entries instead of 10,000, a
28-day summary parses the entries of 28 days, and `add`, `edit` and `delete` splice one
entry's bytes in or out instead of parsing and re-encoding the whole file.

The index is a cache, never the data. It is trusted only for the very file it was written
for (same device, inode, size, mtime and ctime; the journal is always replaced, never changed
in place) and only when its checksum holds; anything else, a missing index included, makes the
store read the whole file as before, and the next write makes a fresh index. Deleting it is
always safe.
"""

from __future__ import annotations

import contextlib
import os
import stat
import struct
import time
import zlib
from array import array
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import mmap

try:  # a declared dependency; the stdlib fallback keeps working where no wheel exists
    import orjson
except ImportError:  # pragma: no cover
    orjson = None  # type: ignore[assignment]

ENTRIES = "entries"
OPEN = b'{"entries":{'
_MAGIC = b"JIDX"
_VERSION = 1
# magic, version, schema, then the file signature (dev, ino, size, mtime_ns, ctime_ns),
# then the offset of the brace that closes the entries table, and the number of entries.
_HEADER = struct.Struct("=4sHH5qqq")
_CHECKSUM = struct.Struct("=I")

Signature = tuple[int, int, int, int, int]
Parts = list[bytes | memoryview]  # pieces of a file, joined once to be written


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; orjson is 15x faster and writes the same bytes as the stdlib."""
    if orjson is not None:
        return orjson.dumps(value)
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(raw: bytes) -> Any:
    if orjson is not None:
        return orjson.loads(raw)
    import json

    return json.loads(raw)


def signature(st: os.stat_result) -> Signature:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def path_for(journal: Path) -> Path:
    return journal.with_name(journal.name + ".idx")


def instant(doc: dict[str, Any]) -> tuple[float, int]:
    """(POSIX timestamp, local day ordinal) of an entry's `when`; ValueError when it has
    none, or one without a UTC offset (such an entry could not be sorted among the others)."""
    when = doc.get("when") if isinstance(doc, dict) else None
    if not isinstance(when, str):
        raise ValueError("'when' is missing")
    moment = datetime.fromisoformat(when)
    if moment.tzinfo is None:
        raise ValueError(f"'when' has no UTC offset: {when!r}")
    return moment.timestamp(), date.fromisoformat(when[:10]).toordinal()


@dataclass(slots=True)
class Index:
    """Row i describes one entry: its id, where its JSON is, its instant and its local day.
    Rows are in file order, which is id order."""

    schema: int
    end: int = 0  # offset of the '}' that closes the entries table
    ids: array[int] = field(default_factory=lambda: array("q"))
    offsets: array[int] = field(default_factory=lambda: array("q"))
    lengths: array[int] = field(default_factory=lambda: array("q"))
    stamps: array[float] = field(default_factory=lambda: array("d"))
    days: array[int] = field(default_factory=lambda: array("q"))

    def __len__(self) -> int:
        return len(self.ids)

    def put(self, parts: Parts, position: int, entry_id: int, doc: dict[str, Any]) -> int:
        """Add one entry's bytes to `parts`, which end at `position` inside the entries table,
        and record where they are; returns the position after them. ValueError, with nothing
        added, when the entry has no readable `when`."""
        stamp, day = instant(doc)
        head = b'%s"%d":' % (b"," if self.ids else b"", entry_id)
        body = dumps(doc)
        parts += (head, body)
        self.ids.append(entry_id)
        self.offsets.append(position + len(head))
        self.lengths.append(len(body))
        self.stamps.append(stamp)
        self.days.append(day)
        return position + len(head) + len(body)


def replace_entry(raw: bytes, rows: Index, row: int, doc: dict[str, Any]) -> Parts:
    """The entries of `raw` (up to their closing brace) with row's document replaced by `doc`;
    `rows` is updated to match. ValueError when `doc` has no readable `when`."""
    stamp, day = instant(doc)
    body = dumps(doc)
    start, old = rows.offsets[row], rows.lengths[row]
    view = memoryview(raw)
    parts: Parts = [view[:start], body, view[start + old : rows.end]]
    rows.lengths[row], rows.stamps[row], rows.days[row] = len(body), stamp, day
    _shift(rows, row + 1, len(body) - old)
    return parts


def remove_entry(raw: bytes, rows: Index, row: int) -> Parts:
    """The entries of `raw` (up to their closing brace) without row's entry, and the comma
    that joined it to its neighbour; `rows` is updated to match."""
    start = rows.offsets[row] - len(b'"%d":' % rows.ids[row])
    end = rows.offsets[row] + rows.lengths[row]
    if row > 0:
        start -= 1  # the comma before it
    elif len(rows) > 1:
        end += 1  # the first entry: the comma after it
    view = memoryview(raw)
    parts: Parts = [view[:start], view[end : rows.end]]
    for column in (rows.ids, rows.offsets, rows.lengths, rows.stamps, rows.days):
        del column[row]
    _shift(rows, row, start - end)
    return parts


def _shift(rows: Index, first: int, delta: int) -> None:
    """Rows from `first` on, and the closing brace, moved by `delta` bytes."""
    offsets = rows.offsets
    for row in range(first, len(offsets)):
        offsets[row] += delta
    rows.end += delta


def layout(data: dict[str, dict[str, Any]], schema: int) -> tuple[bytes, Index | None]:
    """The file's bytes in the fixed layout, and their index (None when an entry has no
    readable `when`: such a file is still written, and read the slow way, which names it)."""
    entries = data.get(ENTRIES, {})
    rows = Index(schema)
    parts: Parts = [OPEN]
    position = len(OPEN)
    try:
        for key, doc in entries.items():
            position = rows.put(parts, position, int(key), doc)
    except ValueError:
        body = b",".join(b'"%s":%s' % (key.encode(), dumps(doc)) for key, doc in entries.items())
        return OPEN + body + close(data), None
    rows.end = position
    parts.append(close(data))
    return b"".join(parts), rows


def close(data: dict[str, dict[str, Any]]) -> bytes:
    """What follows the entries: the brace that closes them, the other tables, the last brace."""
    others = {name: table for name, table in data.items() if name != ENTRIES}
    return b"}," + dumps(others)[1:] if others else b"}}"


def tail_tables(raw: bytes | memoryview | mmap.mmap, index: Index) -> dict[str, dict[str, Any]]:
    """The tables after the entries (meta, challenges), parsed from the end of the file."""
    rest = bytes(raw[index.end + 1 :])
    return loads(b"{" + rest[1:]) if rest.startswith(b",") else {}


def encode(index: Index, sig: Signature) -> bytes:
    header = _HEADER.pack(_MAGIC, _VERSION, index.schema, *sig, index.end, len(index))
    columns = (index.ids, index.offsets, index.lengths, index.stamps, index.days)
    body = header + b"".join(column.tobytes() for column in columns)
    return body + _CHECKSUM.pack(zlib.crc32(body))


def decode(raw: bytes, sig: Signature) -> Index | None:
    """The index if it is whole and describes the file with signature `sig`, else None."""
    if len(raw) < _HEADER.size + _CHECKSUM.size:
        return None
    body, (checksum,) = raw[: -_CHECKSUM.size], _CHECKSUM.unpack(raw[-_CHECKSUM.size :])
    if zlib.crc32(body) != checksum:
        return None
    magic, version, schema, *stored, end, count = _HEADER.unpack_from(body)
    if magic != _MAGIC or version != _VERSION or tuple(stored) != sig:
        return None
    if len(body) != _HEADER.size + 5 * 8 * count:
        return None
    index = Index(schema, end)
    position = _HEADER.size
    for column in (index.ids, index.offsets, index.lengths, index.stamps, index.days):
        column.frombytes(body[position : position + 8 * count])
        position += 8 * count
    return index


def read(journal: Path, sig: Signature) -> Index | None:
    """The index of the journal whose signature is `sig`, if a sound one is kept. Anything
    but a regular file of a size an index of that journal can have is ignored unread: a FIFO
    would block, /dev/zero never ends."""
    try:
        fd = os.open(path_for(journal), os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        # At most one row of five 8-byte columns per byte of the journal.
        largest = _HEADER.size + 40 * sig[2] + _CHECKSUM.size
        if not stat.S_ISREG(st.st_mode) or st.st_size > largest:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            raw = fh.read(largest + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return decode(raw, sig)


def write(journal: Path, index: Index, sig: Signature) -> None:
    """Replace the index atomically. No fsync: after a power cut a torn index fails its
    checksum and is ignored. A failure to write it is ignored too: the journal is saved."""
    target = path_for(journal)
    # The temp-name pattern the store sweeps under its lock after a killed writer.
    tmp = target.with_name(f".{journal.name}.idx.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(encode(index, sig))
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def discard(journal: Path) -> None:
    with contextlib.suppress(OSError):
        path_for(journal).unlink(missing_ok=True)
