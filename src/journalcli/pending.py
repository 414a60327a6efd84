"""Entries added to an encrypted journal without its key, waiting to be merged in.

`journal add` on an encrypted journal reads nothing: it seals the new entry to the journal's
public key and writes it, atomically, as one age file in the folder `journal.json.pending/`
(0700). Names sort in the order the entries were added and never clash between two writers:
`<seconds, 11 digits>.<ns, 9 digits>-<pid>-<16 random hex digits>.age` (never a run of 19
digits, which the store's check of a file would look at twice). The next command that has the key
merges them (Journal.merge_pending); this module only names, writes, reads and removes them.

Each file holds what `journal list --json` prints for the one entry, so the merge checks it
exactly as an import checks a file.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path
from typing import Any

from journalcli.model import Entry

SUFFIX = ".pending"
_NAME = r"\d{11}\.\d{9}-\d+-[0-9a-f]{16}\.age"


def folder_for(journal: Path) -> Path:
    return journal.with_name(journal.name + SUFFIX)


def waiting(journal: Path) -> list[str]:
    """The names of the entries waiting, oldest first (none when there is no folder)."""
    try:
        names = os.listdir(folder_for(journal))
    except OSError:
        return []
    return sorted(name for name in names if re.fullmatch(_NAME, name))


def put(journal: Path, entry: Entry, recipient: str) -> Path:
    """Seal `entry` (without an id: it gets one when merged) to `recipient` and write it
    atomically into the folder; returns its file."""
    import orjson

    from journalcli import backups, sealed, store
    from journalcli.errors import StorageError

    record = entry.with_changes(id=None).to_dict()
    payload = sealed.seal(orjson.dumps([record]), recipient)
    folder = folder_for(journal)
    if not folder.is_dir():
        try:
            backups.make_private_folder(folder)
        except OSError as exc:
            raise StorageError(
                f"{folder}: cannot create the folder for new entries ({exc.strerror}); "
                "nothing was saved"
            ) from None
    seconds, ns = divmod(time.time_ns(), 10**9)
    target = folder / f"{seconds:011d}.{ns:09d}-{os.getpid()}-{os.urandom(8).hex()}.age"
    store.write_atomic(target, payload, backup=False, overwrite=False)
    return target


def read(journal: Path, name: str, identity: str) -> Any:
    """One waiting file, opened and parsed (what it holds is checked by the caller, as an
    import); StorageError naming the file when it cannot be opened or is not JSON."""
    import orjson

    from journalcli import sealed
    from journalcli.errors import StorageError

    path = folder_for(journal) / name
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        return orjson.loads(sealed.unseal(raw, identity))
    except OSError as exc:
        raise StorageError(f"{path}: cannot read ({exc.strerror})") from None
    except StorageError as exc:
        raise StorageError(f"{path}: {exc}", reason=exc.reason) from None
    except orjson.JSONDecodeError as exc:
        raise StorageError(f"{path}: is not valid JSON ({exc})") from None


def remove(journal: Path, names: list[str]) -> None:
    """Delete merged files (and the folder once it is empty)."""
    folder = folder_for(journal)
    for name in names:
        (folder / name).unlink(missing_ok=True)
    if names:
        with contextlib.suppress(OSError):  # not empty (a newer entry) or already gone
            folder.rmdir()


def clean_temps(journal: Path) -> None:
    """Temp files of writers that were killed; only called while holding the journal's lock
    (every writer of this folder holds it)."""
    folder = folder_for(journal)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(".") and name.endswith(".tmp"):
            (folder / name).unlink(missing_ok=True)
