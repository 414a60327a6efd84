"""The weekly review as pure functions: which week, its figures beside the week before, its
challenge, its question, and the review record. Plain data in, plain data out; the stored
record's form and its check are the store's (store.REVIEW_FIELDS, store.checked_review)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from journalcli import guide
from journalcli.errors import InputError

if TYPE_CHECKING:
    from journalcli.content import Challenge, Question
    from journalcli.model import Entry

FIT = "weekly"  # the reflection questions a review draws from (prompts/reflection.toml)
OTHER_CHALLENGES = 3  # how many others the next week's challenge can be swapped for
# The figures a review shows of each week, as stats.summary gives them.
FIGURE_KEYS = (
    "since",
    "until",
    "entries",
    "days_logged",
    "urge",
    "responses",
    "stayed_rate",
    "partly_rate",
    "calm",
    "triggers",
    "with",
)
_ISO_WEEK = re.compile(r"\s*([0-9]{4})-?[wW]([0-9]{1,2})\s*")


# --- which week


def week_of(day: date) -> str:
    return guide.week_of(day)


def monday(week: str) -> date:
    return guide.week_start(week)


def shifted(week: str, weeks: int) -> str:
    """The ISO week `weeks` after (or before, when negative) `week`."""
    return week_of(monday(week) + timedelta(weeks=weeks))


def default_week(today: date) -> str:
    """The week that ends today when today is a Sunday, else the week before this one."""
    return week_of(today if today.weekday() == 6 else today - timedelta(weeks=1))


def parse_week(text: str, now: datetime) -> str:
    """An ISO week as typed ('2026-W46', '2026w46'), or any day in it ('nov 10', 'last monday')."""
    match = _ISO_WEEK.fullmatch(text)
    if match:
        from journalcli.model import FIRST_YEAR, LAST_YEAR

        year, number = int(match[1]), int(match[2])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InputError(f"{text.strip()!r} is not a week from {FIRST_YEAR} to {LAST_YEAR}")
        try:
            first = date.fromisocalendar(year, number, 1)
        except ValueError:
            raise InputError(
                f"{text.strip()!r} is not a week: {year} has no week {number}"
            ) from None
        return week_of(first)
    from journalcli.dates import parse_day

    return week_of(parse_day(text, now))


def check_reviewable(week: str, today: date) -> None:
    """Any past week; the current one from its Sunday on; a later one never."""
    current = week_of(today)
    if week < current:
        return
    sunday = monday(current) + timedelta(days=6)
    if week == current:
        if today == sunday:
            return
        raise InputError(
            f"week {week} is not over yet; it can be reviewed from Sunday {sunday:%d %B} on "
            f"(without --week, journal review looks back at {default_week(today)})"
        )
    raise InputError(f"week {week} has not happened yet; this is week {current}")


def following_is_current(week: str, today: date) -> bool:
    """Whether the week after the one reviewed is today's (then its challenge is offered)."""
    return shifted(week, 1) == week_of(today)


# --- the week's figures, beside the week before


def figures(entries: Iterable[Entry], week: str, today: date) -> dict[str, Any]:
    """stats.summary of the week and of the week before (the figures `summary`, `trends` and
    the Markdown export use), each cut to FIGURE_KEYS."""
    from journalcli import stats

    rows = list(entries)
    result: dict[str, Any] = {}
    for name, label in (("week", week), ("before", shifted(week, -1))):
        first = monday(label)
        summary = stats.summary(rows, first, first + timedelta(days=6), today)
        result[name] = {"week": label, **{key: summary[key] for key in FIGURE_KEYS}}
    return result


def figures_span(week: str) -> tuple[date, date]:
    """The days `figures` needs: Monday of the week before to Sunday of the week."""
    first = monday(week)
    return first - timedelta(weeks=1), first + timedelta(days=6)


# --- the week's challenge (the challenge record stays the one place that says done)


def week_challenge(
    week: str,
    records: Sequence[Mapping[str, Any]],
    catalogue: Mapping[str, Challenge],
    *,
    current: bool = False,
) -> str:
    """The challenge a week showed (or, for the current week, shows): the challenge
    commands' own rule, guide.week_challenge."""
    return str(challenge_record(week, records, catalogue, current=current)["challenge"])


def challenge_record(
    week: str,
    records: Sequence[Mapping[str, Any]],
    catalogue: Mapping[str, Challenge],
    *,
    current: bool = False,
) -> dict[str, Any]:
    """The week's challenge record: the stored one, else a new one (not done) to store."""
    record, _ = guide.week_challenge(week, list(catalogue), records, current=current)
    return dict(record)


def set_done(
    record: Mapping[str, Any], done: bool, now: datetime, note: str | None
) -> dict[str, Any]:
    """Done through the challenge commands' own rule (guide.mark_done: a second done keeps
    the first note; the review keeps its own note all the same); not done clears it."""
    if done:
        return guide.mark_done(record, now, note)[0]
    return {**record, "done": False, "done_at": None}


def other_challenges(
    week: str,
    current: str,
    records: Sequence[Mapping[str, Any]],
    catalogue: Mapping[str, Challenge],
    count: int = OTHER_CHALLENGES,
) -> list[str]:
    """Up to `count` challenges other than `current`, in the order `challenge --new` walks."""
    ids = list(catalogue)
    others: list[str] = []
    key = current
    for _ in range(len(ids)):
        if len(others) == count or len(ids) < 2:
            break
        key = guide.another_challenge(week, ids, key, records)
        if key != current and key not in others:
            others.append(key)
    return others


# --- the question and the record


def question_for(
    week: str, questions: Sequence[Question], existing: Mapping[str, Any] | None
) -> str:
    """The question a review asked before (so editing it answers the same one), else the
    week's weekly question: the same one for the same week."""
    if existing and existing.get("question"):
        return str(existing["question"])
    return guide.question_of_the_day(monday(week), questions, FIT).text


def record_for(week: str, reviews: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    found = next((r for r in reviews if r["week"] == week), None)
    return dict(found) if found is not None else None


def build(
    week: str,
    now: datetime,
    existing: Mapping[str, Any] | None,
    question: str,
    answer: str | None,
    note: str | None,
) -> dict[str, Any]:
    """The review record to store: a new one, or `existing` edited (None keeps a field)."""
    stamp = now.replace(microsecond=0).isoformat()
    old = existing or {}
    return {
        "week": week,
        "created": old.get("created", stamp),
        "updated": stamp,
        "question": question,
        "answer": answer if answer is not None else old.get("answer", ""),
        "note": note if note is not None else old.get("note", ""),
    }


def reviewed_weeks(reviews: Iterable[Mapping[str, Any]]) -> set[str]:
    return {str(record["week"]) for record in reviews}


def listing(
    reviews: Sequence[Mapping[str, Any]], challenges: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The reviews newest week first, each with whether its week's challenge is done."""
    done = {r["week"] for r in challenges if r.get("done")}
    rows = [{**dict(r), "challenge_done": r["week"] in done} for r in reviews]
    return sorted(rows, key=lambda r: r["week"], reverse=True)
