"""The brief for a therapist (`journal export --format markdown`): what each of its parts shows,
gathered from the functions behind `summary`, `trends`, `review` and `plan`. It reads nothing from
the journal: the export command loads the records once (and may redact them) and passes them in,
or (build_streamed) passes the figures of the index's columns and the entries a day at a time, so
that a long journal is never held whole. Plain data out; exporters.py renders it as Markdown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from itertools import compress
from operator import add, mul
from typing import TYPE_CHECKING, Any

from journalcli import stats
from journalcli.model import RESPONSES, URGE_MAX, Entry

if TYPE_CHECKING:
    from journalcli.index import Facts


@dataclass(frozen=True)
class Brief:
    """Everything the Markdown export shows of one period (inclusive days since..until).

    `summary` is stats.summary of the period (as `summary --json`); `weeks` the rows of
    stats.trends for the ISO weeks the period touches, of the period's days only, each with
    `partial` (the period cuts the week) and `in_progress` (the week of today); `flagged` the
    period's flagged entries, oldest first; `challenges` and `reviews` the stored records of
    the period's weeks, oldest week first; `entries` the period's entries, oldest first, or
    (from build_streamed) `by_day` them a local day at a time, each built as it is read.
    `texts` holds the built-in wording the parts need (keys of prompts/readings.toml) and
    `challenge_titles` the title of each challenge id in the catalogue (none when the period
    has no challenge record, as nothing then shows one)."""

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
    by_day: Iterable[tuple[date, Sequence[Entry | tuple[Any, ...]]]] | None = None


def weeks(
    entries: Sequence[Entry] | Facts,
    since: date,
    until: date,
    today: date,
    done: set[str],
    reviewed: set[str],
) -> list[dict[str, Any]]:
    """stats.trends rows of the ISO weeks from the one of `since` to the one of `until`, of
    the entries of the period only (`entries` are those, or their index.Facts), with
    `partial` and `in_progress`."""
    first, last = stats.week_start(since), stats.week_start(until)
    remaining = (last - first).days // 7 + 1
    rows: list[dict[str, Any]] = []
    end = last
    while remaining:  # trends shows at most MAX_WEEKS weeks at a time
        count = min(remaining, stats.MAX_WEEKS)
        if isinstance(entries, Sequence):
            rows[:0] = stats.trends(entries, count, end, done, reviewed)["weeks"]
        else:
            rows[:0] = _trends_of_facts(entries, count, end, done, reviewed)
        end -= timedelta(weeks=count)
        remaining -= count
    for row in rows:
        start = date.fromisoformat(row["start"])
        row["partial"] = start < since or start + timedelta(days=6) > until
        row["in_progress"] = start <= today <= start + timedelta(days=6)
    return rows


def _trends_of_facts(
    facts: Facts, count: int, today: date, done: set[str], reviewed: set[str]
) -> list[dict[str, Any]]:
    """stats.trends(entries, count, today, ...)["weeks"] from the entries' index.Facts (the
    weeks' labels and marks from trends itself, the figures counted here as it counts them;
    an instant compared as microseconds orders as the datetime does). The tallies are counted
    by histogram bin over columns (as stats.summary counts them); only the triggers of rated
    urges are gone through one entry at a time."""
    rows: list[dict[str, Any]] = stats.trends([], count, today, done, reviewed)["weeks"]
    first = date.fromisoformat(rows[0]["start"]).toordinal()
    weeks = list(map((7).__rfloordiv__, map((-first).__add__, facts.days)))  # (day-first)//7
    inside: list[bool] | None = None  # every entry, as when a period's weeks are counted at once
    if weeks and not 0 <= min(weeks) <= max(weeks) < count:
        inside = list(map(range(count).__contains__, weeks))
    urges, responses = facts.urges, facts.responses
    # An entry's bin: urge * 4 + response code (an urge of -1, none, gives -4 to -1); counted
    # with its week as one int: week * 48 + bin + 4 (from 0 to 47 for urges up to 10).
    width = len(RESPONSES) + 1
    size = width * (URGE_MAX + 2)
    binned = map(add, map(width.__mul__, map((1).__add__, urges)), responses)
    bins: list[dict[int, int]] = [{} for _ in rows]
    keys = map(add, map(size.__mul__, weeks), binned)
    for key, n in Counter(keys if inside is None else compress(keys, inside)).items():
        at, sig = divmod(key, size)
        bins[at][sig - width] = n
    days: list[set[int]] = [set() for _ in rows]
    for day in set(facts.days if inside is None else compress(facts.days, inside)):
        days[(day - first) // 7].add(day)
    triggers: list[dict[str, list[Any]]] = [{} for _ in rows]  # count, urge total, latest
    values = facts.values
    rated = map((0).__lt__, urges)  # rated, and not a calm check-in
    if inside is not None:
        rated = map(mul, inside, rated)
    columns = zip(weeks, facts.micros, urges, facts.triggers, strict=True)
    for at, micros, urge, keys in compress(columns, rated):
        found = triggers[at]
        for key in values[keys] or ():
            figures = found.get(key)
            if figures is None:
                found[key] = [1, urge, micros]
            else:
                figures[0] += 1
                figures[1] += urge
                if micros > figures[2]:
                    figures[2] = micros
    for row, counted, logged, figures in zip(rows, bins, days, triggers, strict=True):
        tally, _ = stats._tally(counted)
        top = stats._top_triggers(figures)
        row |= {
            "entries": tally.count,
            "days_logged": len(logged),
            "mean_urge": tally.mean_urge(),
            "stayed_rate": tally.stayed_rate(),
            "top_trigger": top[0] if top else None,
            "partly_rate": tally.partly_rate(),
            "calm": tally.calm,
            "top_triggers": top,
        }
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
    chosen = [entry for entry in entries if since <= entry.when.date() <= until]
    flagged = [entry for entry in chosen if entry.flagged]
    brief = build_streamed(chosen, flagged, None, challenges, reviews, plans, since, until, now)
    return replace(brief, entries=chosen)


def build_streamed(
    figures: Sequence[Entry] | Facts,
    flagged: Sequence[Entry],
    by_day: Iterable[tuple[date, Sequence[Entry | tuple[Any, ...]]]] | None,
    challenges: Sequence[Mapping[str, Any]],
    reviews: Sequence[Mapping[str, Any]],
    plans: Sequence[Mapping[str, Any]],
    since: date,
    until: date,
    now: datetime,
) -> Brief:
    """The brief that build gives, from the period's figures (its entries, or their
    index.Facts), its flagged entries and its entries a day at a time (store.Streamed: each
    read only when written)."""
    from journalcli import content

    today = now.date()
    done = {str(record["week"]) for record in challenges if record.get("done")}
    first_week, last_week = stats.week_label(since), stats.week_label(until)
    summary = stats.summary(figures, since, until, today, done_weeks=done, plans=plans)
    in_weeks = [dict(r) for r in reviews if first_week <= r["week"] <= last_week]
    readings = content.load("readings")
    in_period = [dict(c) for c in challenges if first_week <= c["week"] <= last_week]
    # the catalogue is read only for a period with challenges (its TOML is a few ms)
    catalogue = content.challenges() if in_period else {}
    return Brief(
        since=since,
        until=until,
        summary=summary,
        weeks=weeks(figures, since, until, today, done, {r["week"] for r in in_weeks}),
        flagged=list(flagged),
        challenges=in_period,
        reviews=in_weeks,
        entries=[],
        texts={key: item["text"] for key, item in readings.items()},
        challenge_titles={key: item.title for key, item in catalogue.items()},
        by_day=by_day,
    )
