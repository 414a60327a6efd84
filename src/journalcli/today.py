"""Today at a glance, for `journal`, `journal status` and its one line for a shell start-up
file: plain data from one read of the journal, without writing anything to it.

Start-up critical: the day figures come from the index's day column (Journal.days,
Journal.entries of one day), so only today's entries are parsed, and nothing here imports
TinyDB, Rich or dateutil. The once-a-day stamp of `status --short --once` is the only file
written, in the user's state folder, never the journal.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journalcli import guide
from journalcli.errors import StorageError

if TYPE_CHECKING:
    from journalcli.content import Challenge
    from journalcli.store import Journal

REVIEW_WEEKDAYS = (0, 1, 2)  # Monday to Wednesday: when last week's review is the next step
COMMANDS = {"review": "journal review", "add": "journal add", "challenge": "journal challenge done"}
STAMP = "status-shown"


def reviewed_weeks(journal: Journal) -> set[str]:
    """The weeks that have a review ("2026-W47"), each record checked by the store as it is
    read (a damaged one is named, exit 3); a journal from before reviews has none."""
    return {record["week"] for record in journal.reviews()}


def _has_something(week: str, days: set[date], records: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a week has anything to look back on: an entry, or a challenge record."""
    monday = guide.week_start(week)
    logged = any(monday + timedelta(days=n) in days for n in range(7))
    return logged or guide.record_for(week, records) is not None


def _streak(days: set[date], today: date) -> int:
    from journalcli.stats import streak

    return streak(days, today)


def next_step(
    today: date, *, entries_today: int, review_due: bool, challenge_done: bool
) -> str | None:
    """The one next thing to do: "review" (Monday to Wednesday, while last week has not
    been reviewed), else "add" (nothing recorded today), else "challenge" (not done yet),
    else None (all done)."""
    if review_due and today.weekday() in REVIEW_WEEKDAYS:
        return "review"
    if entries_today == 0:
        return "add"
    if not challenge_done:
        return "challenge"
    return None


def status(journal: Journal, now: datetime, catalogue: Mapping[str, Challenge]) -> dict[str, Any]:
    """Today's figures as JSON-ready data (what `journal status --json` prints)."""
    today = now.date()
    week = guide.week_of(today)
    last_week = guide.week_of(today - timedelta(days=7))
    days = journal.days()
    todays = journal.entries(today, today)
    records = journal.challenges()
    record, _ = guide.week_challenge(week, list(catalogue), records, current=True)
    chosen = catalogue.get(record["challenge"])
    reviewed = last_week in reviewed_weeks(journal)
    review_due = not reviewed and _has_something(last_week, days, records)
    step = next_step(
        today, entries_today=len(todays), review_due=review_due, challenge_done=record["done"]
    )
    return {
        "date": today.isoformat(),
        "week": week,
        "entries_today": len(todays),
        "last_entry": todays[-1].to_dict() if todays else None,
        "last_day": max(days).isoformat() if days else None,
        "streak": _streak(days, today),
        "challenge": {
            "week": week,
            "id": record["challenge"],
            "title": chosen.title if chosen else None,
            "done": record["done"],
            "done_at": record["done_at"],
            "note": record["note"],
        },
        "last_week": last_week,
        "last_week_reviewed": reviewed,
        "next": step,
        "next_command": COMMANDS.get(step) if step else None,
    }


# --- the once-a-day stamp of `status --short --once`


def state_dir() -> Path:
    """The user's state folder; JOURNAL_STATE_DIR overrides the platform default."""
    chosen = os.environ.get("JOURNAL_STATE_DIR")
    if chosen:
        return Path(chosen).expanduser()
    from journalcli import dirs

    return Path(dirs.user_dir("state"))


def shown_on(folder: Path) -> str | None:
    """The day (ISO) the short line was last shown, if the stamp says one."""
    path = folder / STAMP
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            text = fh.read(64).decode("ascii", "replace").strip()
    except OSError:
        return None
    return text or None


def mark_shown(folder: Path, day: date) -> None:
    """Stamp `day` as shown: written whole (temp file and rename), 0600, in a 0700 folder."""
    from journalcli.backups import make_private_folder
    from journalcli.store import write_atomic

    try:
        make_private_folder(folder)
    except OSError as exc:
        raise StorageError(
            f"{folder}: cannot create the state folder ({exc.strerror}); "
            "set JOURNAL_STATE_DIR to a folder you can write, or leave out --once"
        ) from None
    write_atomic(folder / STAMP, f"{day.isoformat()}\n".encode(), backup=False)
