"""The brief for a therapist (`journal export --format markdown`): what each of its parts shows,
gathered from the functions behind `summary`, `trends`, `review` and `plan`. It computes no figure
of its own, and reads nothing from the journal: the export command loads the records once (and may
redact them) and passes them in. Plain data out; exporters.py renders it as Markdown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from journalcli import stats
from journalcli.model import Entry


@dataclass(frozen=True)
class Brief:
    """Everything the Markdown export shows of one period (inclusive days since..until).

    `summary` is stats.summary of the period (as `summary --json`); `weeks` the rows of
    stats.trends for the ISO weeks the period touches, of the period's days only, each with
    `partial` (the period cuts the week) and `in_progress` (the week of today); `flagged` the
    period's flagged entries, oldest first; `challenges` and `reviews` the stored records of
    the period's weeks, oldest week first; `entries` the period's entries, oldest first.
    `texts` holds the built-in wording the parts need (keys of prompts/readings.toml) and
    `challenge_titles` the title of each challenge id in the catalogue."""

    since: date
    until: date
    summary: dict[str, Any]
    weeks: list[dict[str, Any]]
    flagged: list[Entry]
    challenges: list[dict[str, Any]]
    reviews: list[dict[str, Any]]
    entries: list[Entry]
    texts: dict[str, str]
    challenge_titles: dict[str, str]


def weeks(
    entries: Sequence[Entry],
    since: date,
    until: date,
    today: date,
    done: set[str],
    reviewed: set[str],
) -> list[dict[str, Any]]:
    """stats.trends rows of the ISO weeks from the one of `since` to the one of `until`, of
    the entries of the period only (`entries` are those), with `partial` and `in_progress`."""
    first, last = stats.week_start(since), stats.week_start(until)
    remaining = (last - first).days // 7 + 1
    rows: list[dict[str, Any]] = []
    end = last
    while remaining:  # trends shows at most MAX_WEEKS weeks at a time
        count = min(remaining, stats.MAX_WEEKS)
        rows[:0] = stats.trends(entries, count, end, done, reviewed)["weeks"]
        end -= timedelta(weeks=count)
        remaining -= count
    for row in rows:
        start = date.fromisoformat(row["start"])
        row["partial"] = start < since or start + timedelta(days=6) > until
        row["in_progress"] = start <= today <= start + timedelta(days=6)
    return rows


def build(
    entries: Sequence[Entry],
    challenges: Sequence[Mapping[str, Any]],
    reviews: Sequence[Mapping[str, Any]],
    plans: Sequence[Mapping[str, Any]],
    since: date,
    until: date,
    now: datetime,
) -> Brief:
    """The brief of since..until from the journal's records (entries oldest first, as the
    store gives them; any day's, only the period's are shown)."""
    from journalcli import content

    today = now.date()
    done = {str(record["week"]) for record in challenges if record.get("done")}
    first_week, last_week = stats.week_label(since), stats.week_label(until)
    chosen = [entry for entry in entries if since <= entry.when.date() <= until]
    summary = stats.summary(chosen, since, until, today, done_weeks=done, plans=plans)
    in_weeks = [dict(r) for r in reviews if first_week <= r["week"] <= last_week]
    readings = content.load("readings")
    return Brief(
        since=since,
        until=until,
        summary=summary,
        weeks=weeks(chosen, since, until, today, done, {r["week"] for r in in_weeks}),
        flagged=[entry for entry in chosen if entry.flagged],
        challenges=[dict(c) for c in challenges if first_week <= c["week"] <= last_week],
        reviews=in_weeks,
        entries=chosen,
        texts={key: item["text"] for key, item in readings.items()},
        challenge_titles={key: item.title for key, item in content.challenges().items()},
    )
