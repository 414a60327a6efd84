"""Where the earlier versions of a journal are kept, and how they are named and pruned.

Beside `journal.json` are `journal.json.bak` (the version before the last change) and the
folder `journal.json.backups/` (0700, named after the journal so two journals in one folder
never share it) with:

- `YYYY-MM-DD.json`: the journal as it stood before the first change of that day, for the
  last `DAYS` days that had changes;
- `before-restore-YYYY-MM-DDTHHMMSS.json`: the journal as it stood before a restore, so that
  every restore can be undone (the newest `DAYS` of them).

Every change replaces the journal with a new file, so the version it replaces is an inode of
its own: a generation is a hard link to it, which costs no copy and no write time. This
module only names, lists and prunes files; reading and checking them is the store's job.
"""

from __future__ import annotations

import os
import re
import stat
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

DAYS = 7
BAK = "bak"
BEFORE_RESTORE = "before-restore-"
# Patterns as strings: re compiles them on first use (a write), not on every start.
_DAILY = r"\d{4}-\d{2}-\d{2}\.json"
_RESTORE = re.escape(BEFORE_RESTORE) + r"\d{4}-\d{2}-\d{2}T\d{6}(?:-\d+)?\.json"


def folder_for(journal: Path) -> Path:
    return journal.with_name(journal.name + ".backups")


def bak_for(journal: Path) -> Path:
    return journal.with_name(journal.name + ".bak")


class Generation(NamedTuple):
    """One kept version: its label (`bak`, a date, or before-restore-...), file and stat."""

    label: str
    path: Path
    written: datetime  # when this version was saved: the inode's mtime
    size: int


class Kept(NamedTuple):
    """A backup generation and what reading it found: its entries, or what is wrong."""

    generation: Generation
    entries: int | None
    problem: str | None


class RestorePlan(NamedTuple):
    """What `restore` would do: bring back `source` (`label`) with `after` entries over a
    journal that now holds `before` entries (None: it is missing or damaged, see `state`)."""

    source: Path
    label: str
    written: datetime
    after: int
    before: int | None
    state: str


def generations(journal: Path) -> list[Generation]:
    """Every kept version of `journal`, newest written first (missing ones left out)."""
    found = [(BAK, bak_for(journal))]
    folder = folder_for(journal)
    try:
        names = os.listdir(folder)
    except OSError:
        names = []
    for name in names:
        if _is_generation(name):
            found.append((name.removesuffix(".json"), folder / name))
    kept = []
    for label, path in found:
        try:
            st = os.stat(path)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            kept.append(Generation(label, path, datetime.fromtimestamp(st.st_mtime), st.st_size))
    kept.sort(key=lambda g: (g.written, g.label), reverse=True)
    return kept


def any_exist(journal: Path) -> bool:
    """Whether an earlier version of `journal` is kept (cheap: at most a stat and a listing)."""
    if os.path.lexists(bak_for(journal)):
        return True
    try:
        names = os.listdir(folder_for(journal))
    except OSError:
        return False
    return any(_is_generation(name) for name in names)


def _is_generation(name: str) -> bool:
    return bool(re.fullmatch(_DAILY, name) or re.fullmatch(_RESTORE, name))


def find(journal: Path, which: str) -> Generation | None:
    """The generation labelled `which` (`bak`, `2026-11-29`, `before-restore-...`), if kept."""
    wanted = which.removesuffix(".json")
    return next((g for g in generations(journal) if g.label == wanted), None)


def keep_daily(journal: Path, today: date) -> Path | None:
    """Before the first change of `today`: link the journal as it stands into the folder.
    Returns the new generation (None when today's is already kept), so that a change that
    then fails can take it back: it would be a link to the live journal."""
    target = folder_for(journal) / f"{today.isoformat()}.json"
    if os.path.lexists(target):
        return None
    _link_into(journal, target)
    _prune(folder_for(journal), _DAILY)
    return target


def keep_before_restore(journal: Path, now: datetime) -> Path:
    """The journal as it stands, kept under a name no other backup uses; returns it."""
    folder = folder_for(journal)
    stem = f"{BEFORE_RESTORE}{now:%Y-%m-%dT%H%M%S}"
    # After the newest of that second, never in a gap that pruning left: names order by age.
    try:
        taken = [_age(name)[1] for name in os.listdir(folder) if _age(name)[0] == stem]
    except OSError:
        taken = []
    count = max(taken, default=0) + 1
    target = folder / (f"{stem}.json" if count == 1 else f"{stem}-{count}.json")
    while os.path.lexists(target):  # a file of another kind that happens to have this name
        count += 1
        target = folder / f"{stem}-{count}.json"
    _link_into(journal, target)
    _prune(folder, _RESTORE)
    return target


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, each 0700 (mkdir's `parents` uses the umask)."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        # exist_ok: two first commands at once may both find the folder missing.
        path.mkdir(mode=0o700, exist_ok=True)


def link(source: Path, target: Path) -> None:
    """`target` becomes another name for `source`, replaced at once: a hard link, so it costs no
    copy (a copy where the file system has no hard links)."""
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    staging.unlink(missing_ok=True)
    try:
        try:
            os.link(source, staging)
        except OSError:
            import shutil

            shutil.copy2(source, staging)
        os.replace(staging, target)
    finally:
        # A writer killed between its two renames leaves the target and the source as links
        # to one file; renaming one link over the other is then a no-op that keeps both.
        staging.unlink(missing_ok=True)


def keep_bak(journal: Path) -> None:
    """The journal as it stands becomes journal.json.bak (before every change)."""
    link(journal, bak_for(journal))


def _link_into(journal: Path, target: Path) -> None:
    make_private_folder(target.parent)
    link(journal, target)


def _prune(folder: Path, pattern: str) -> None:
    """Keep the newest DAYS files of one kind (their names sort by date)."""
    names = sorted((n for n in os.listdir(folder) if re.fullmatch(pattern, n)), key=_age)
    for name in names[:-DAYS]:
        (folder / name).unlink(missing_ok=True)


def _age(name: str) -> tuple[str, int]:
    """A name's place in time: by its date, then by the count added to a name already taken
    in the same second (before-restore-...T183000.json, then -2, -3, ..., -10, ...)."""
    match = re.fullmatch(r"(.*T\d{6})-(\d+)\.json", name)
    if match is None:
        return name.removesuffix(".json"), 1
    return match[1], int(match[2])


def journal_of(path: Path) -> Path:
    """The journal that a file belongs to: the journal itself, its .bak, or a backup in its
    folder (a backup is opened with its journal's key)."""
    if path.parent.name.endswith(".backups"):
        return path.parent.with_name(path.parent.name.removesuffix(".backups"))
    if path.name.endswith("." + BAK):
        return path.with_name(path.name.removesuffix("." + BAK))
    return path
