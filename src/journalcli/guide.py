"""The guide's choices as pure functions: the question of the day, the challenge of the week,
challenge records, and the nudge after a hard moment. Plain data in, plain data out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from journalcli import content
from journalcli.content import Question
from journalcli.errors import InputError

if TYPE_CHECKING:
    import random

NUDGE_URGE = 7  # from this urge on, a withdrawal (or an unrecorded response) gets a suggestion
RECENT_WEEKS = 8  # a new week's challenge avoids the ones of this many earlier weeks


def _rank(salt: str, key: str) -> bytes:
    """A stable pseudo-random order (Python's hash() of a str changes with every process)."""
    import hashlib  # here, not at the top: `journal add` imports this module for its nudge

    return hashlib.sha256(f"{salt}|{key}".encode()).digest()


# --- reflective questions


def questions_for(fit: str | None, questions: Sequence[Question]) -> list[Question]:
    """Questions tagged with `fit` (withdrew, stayed, partly, weekly), else the `any` ones."""
    wanted = [q for q in questions if fit and fit in q.fits]
    return wanted or [q for q in questions if "any" in q.fits] or list(questions)


def question_of_the_day(
    day: date, questions: Sequence[Question], fit: str | None = None
) -> Question:
    """The same question all day for the same fit; another one tomorrow."""
    pool = questions_for(fit, questions)
    if not pool:
        raise InputError("there are no reflective questions to choose from")
    return min(pool, key=lambda q: _rank(day.isoformat(), q.key))


def random_question(
    questions: Sequence[Question], fit: str | None = None, rng: random.Random | None = None
) -> Question:
    pool = questions_for(fit, questions)
    if not pool:
        raise InputError("there are no reflective questions to choose from")
    if rng is None:
        import random

        rng = random.Random()
    return rng.choice(pool)


# --- weekly challenges


def week_of(day: date) -> str:
    """The ISO week a day belongs to, as stored in challenge records: '2026-W47'."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str) -> date:
    """Monday of an ISO week given as '2026-W47'."""
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def next_week_start(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


def _ranked(week: str, ids: Iterable[str]) -> list[str]:
    return sorted(ids, key=lambda key: _rank(week, key))


def _recent(records: Sequence[Mapping[str, Any]], week: str) -> set[str]:
    earlier = [r for r in records if r["week"] < week]
    return {r["challenge"] for r in earlier[-RECENT_WEEKS:]}


def _turn(key: str) -> tuple[int, str]:
    """A challenge's place in the turns: a fixed shuffle. CRC-32 rather than _rank's SHA-256:
    `journal status` runs at every terminal's start, and zlib is loaded already, while
    hashlib costs 2-6 ms to import."""
    import zlib

    return zlib.crc32(f"turns|{key}".encode()), key


def pick_challenge(week: str, ids: Sequence[str]) -> str:
    """The challenge a week shows when none is stored for it: a pure function of the week and
    the challenges there are, so that any week's (a past one's too) can be known without a
    record. The challenges take turns in one fixed, shuffled order, so each comes back only
    after all the others have had their week."""
    if not ids:
        raise InputError("there are no weekly challenges to choose from")
    order = sorted(set(ids), key=_turn)
    # Weeks since Monday 1 January of year 1 (date.toordinal() == 1).
    number = (week_start(week).toordinal() - 1) // 7
    return order[number % len(order)]


def week_challenge(
    week: str, ids: Sequence[str], records: Sequence[Mapping[str, Any]], *, current: bool
) -> tuple[dict[str, Any], bool]:
    """The challenge record a week shows, and whether it is new or changed (not yet stored).

    A stored record stands, except in the current week when its challenge is neither done
    nor in the catalogue any more (removed from the user's prompt files): then the week's
    pick takes its place. Without a record, the week's pick. Reading it never writes; the
    commands that change the week save it.
    """
    record = record_for(week, records)
    if record is not None and (not current or record["done"] or record["challenge"] in ids):
        return record, False
    picked = pick_challenge(week, ids)
    return (new_record(week, picked) if record is None else {**record, "challenge": picked}), True


def another_challenge(
    week: str, ids: Sequence[str], current: str, records: Sequence[Mapping[str, Any]]
) -> str:
    """The next one after `current` in the week's order, so repeated --new walks through all."""
    if len(ids) < 2:
        raise InputError("there is no other weekly challenge to choose from")
    recent = _recent(records, week)
    order = _ranked(week, ids)
    start = order.index(current) + 1 if current in order else 0
    walk = order[start:] + order[:start]
    candidates = [key for key in walk if key != current]
    return next((key for key in candidates if key not in recent), candidates[0])


def record_for(week: str, records: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    found = next((r for r in records if r["week"] == week), None)
    return dict(found) if found is not None else None


def new_record(week: str, challenge: str) -> dict[str, Any]:
    return {"week": week, "challenge": challenge, "done": False, "done_at": None, "note": ""}


def mark_done(
    record: Mapping[str, Any], now: datetime, note: str | None, *, replace: bool = False
) -> tuple[dict[str, Any], bool]:
    """(the record marked done, whether a note given was kept out).

    Done now; a second `done` keeps the first time, and keeps the first note too unless
    `replace` (a note given where there was none is simply added)."""
    done = dict(record)
    if not done["done"]:
        done["done"] = True
        done["done_at"] = now.replace(microsecond=0).isoformat()
        if note is not None:
            done["note"] = note
        return done, False
    if note is None or note == done["note"]:
        return done, False
    if replace or not done["note"]:
        done["note"] = note
        return done, False
    return done, True


def history(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Challenge records newest week first."""
    return sorted((dict(r) for r in records), key=lambda r: r["week"], reverse=True)


def weeks_counted(records: Sequence[Mapping[str, Any]], current: str) -> tuple[int, int]:
    """(k, n) for "k of n weeks done": the weeks that have ended, and the current week only
    once it is done (a week still under way has not been missed)."""
    counted = [r for r in records if r["week"] < current or (r["week"] == current and r["done"])]
    return sum(1 for record in counted if record["done"]), len(counted)


def parse_week(text: str, now: datetime) -> str:
    """A typed week: an ISO week ('2026-W46', any case) or any day in it, in the forms of
    --when ('last monday', 'nov 10', ...). Never a week after the current one."""
    import re

    from journalcli.dates import parse_day
    from journalcli.model import FIRST_YEAR, LAST_YEAR

    typed = text.strip()
    match = re.fullmatch(r"([0-9]{4})-?[wW]([0-9]{1,2})", typed)
    if match is None:
        week = week_of(parse_day(typed, now))  # its errors list the forms of a day
    else:
        year, number = int(match[1]), int(match[2])
        try:
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise ValueError
            week = week_of(date.fromisocalendar(year, number, 1))
        except ValueError:
            raise InputError(
                f"{typed!r} is not an ISO week from {FIRST_YEAR} to {LAST_YEAR} "
                "(a week like 2026-W46; a year has 52 or 53)"
            ) from None
    current = week_of(now.date())
    if week > current:
        raise InputError(f"{week} has not started yet; this week is {current}")
    return week


# --- the nudge after saving an entry


def nudge_trigger(urge: int | None, response: str | None, triggers: Sequence[str]) -> str | None:
    """The trigger whose challenge-your-instincts suggestion fits this entry, if any does."""
    if urge is None or urge < NUDGE_URGE or response not in (None, "withdrew"):
        return None
    return triggers[0] if triggers else "other"


def nudge(urge: int | None, response: str | None, triggers: Sequence[str]) -> str | None:
    """The two lines `journal add` prints after a hard moment, or None."""
    key = nudge_trigger(urge, response, triggers)
    trigger = content.triggers().get(key) if key else None
    if trigger is None:
        return None
    return f"{content.notice('nudge')}\n  {trigger.challenge}"
