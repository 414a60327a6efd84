"""Summary, trends and week: pure functions from entries and a day to plain, JSON-ready dicts.

Every figure the views and the Markdown export show comes from here. Definitions (issue 4):
weeks are ISO weeks of an entry's local date (`entry.when.date()`, the date in the UTC offset it
was recorded with); periods are inclusive days; entries without an urge rating count in
`entries`, `days_logged` and the responses, and are left out of urge, trigger and lens figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from journalcli.errors import InputError
from journalcli.model import RESPONSES, URGE_MAX, Entry

DEFAULT_DAYS = 28
DEFAULT_WEEKS, MAX_WEEKS = 6, 520
GROUPS = ("closeness", "threat", "other")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Six-hour slots of the local clock: night 0-6, morning 6-12, afternoon 12-18, evening 18-24.
TIMES_OF_DAY = ("night", "morning", "afternoon", "evening")

# The lens reading: a group "leads" from this share of all trigger occurrences; below
# EARLY_TRIGGERS occurrences the period is too thin to read anything into.
LEADING_SHARE = 0.6
EARLY_TRIGGERS = 5
# Which of the four steps to suggest (ids of prompts/steps.toml).
STEP_TRACK, STEP_REFLECT, STEP_CHALLENGE, STEP_PROFESSIONAL = (
    "track-triggers",
    "self-reflection",
    "challenge-instincts",
    "professional",
)
FEW_DAYS_LOGGED = 4
HIGH_URGE = 7.0
LOW_STAYED = 0.25


# --- small helpers


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _mean(total: float, count: int) -> float | None:
    return round(total / count, 2) if count else None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 2) if whole else None


def week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days with an entry, ending today (or yesterday if today has none)."""
    logged = set(days)
    day = today if today in logged else today - timedelta(days=1)
    count = 0
    while day in logged:
        count += 1
        day -= timedelta(days=1)
    return count


def trigger_groups() -> dict[str, str]:
    """Trigger key -> closeness / threat / other, from the trigger data."""
    from journalcli import content

    return {key: item["group"] for key, item in content.load("triggers").items()}


# --- the period


def period(
    now: datetime,
    since: str | None = None,
    until: str | None = None,
    *,
    everything: bool = False,
    first: date | None = None,
    days: int = DEFAULT_DAYS,
) -> tuple[date, date]:
    """The inclusive days a summary covers, from what a person typed.

    Default: the last `days` days ending today (or ending at --until). `everything` (--all):
    from `first` (the first entry's day) to today. --since alone runs to today.
    """
    from journalcli.dates import parse_span

    if everything and (since or until):
        raise InputError("give either --all or --since/--until, not both")
    today = now.date()
    if everything:
        return (min(first, today) if first else today), today
    return parse_span(
        now, since, until, start=lambda end: end - timedelta(days=days - 1), end=today
    )


# --- summary


class _Tally:
    """Counts for a group of entries: urge (rated entries only) and responses."""

    __slots__ = ("count", "rated", "responses", "unrecorded", "urge_max", "urge_total")

    def __init__(self) -> None:
        self.count = self.rated = self.urge_total = self.unrecorded = 0
        self.urge_max: int | None = None
        self.responses = dict.fromkeys(RESPONSES, 0)

    def add(self, entry: Entry) -> None:
        self.count += 1
        urge = entry.urge
        if urge is not None:
            self.rated += 1
            self.urge_total += urge
            if self.urge_max is None or urge > self.urge_max:
                self.urge_max = urge
        if entry.response is None:
            self.unrecorded += 1
        else:
            self.responses[entry.response] += 1

    def mean_urge(self) -> float | None:
        return _mean(self.urge_total, self.rated)

    def stayed_rate(self) -> float | None:
        """stayed / (withdrew + stayed + partly); None when no response was recorded."""
        return _rate(self.responses["stayed"], self.count - self.unrecorded)

    def urge(self) -> dict[str, Any]:
        return {"mean": self.mean_urge(), "max": self.urge_max}

    def response_counts(self) -> dict[str, int]:
        return {**self.responses, "unrecorded": self.unrecorded}


def _by_count(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Most frequent first, then by name."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


# Rated entries are counted per group (a trigger, a person, a time slot) as a histogram over
# (urge, response): one increment per entry and group, the sums come at the end. The summary
# runs over the whole journal for --all and the Markdown export, so the loop stays small.
_RESPONSE_CODE = {None: 0, "withdrew": 1, "stayed": 2, "partly": 3}
_BINS = (URGE_MAX + 1) * len(_RESPONSE_CODE)
Hist = list[int]


def _hist() -> Hist:
    return [0] * _BINS


def _figures(hist: Hist) -> tuple[int, float | None, float | None]:
    """count, mean urge and stayed rate of one histogram."""
    width = len(_RESPONSE_CODE)
    count = sum(hist)
    urge_total = sum(n * (i // width) for i, n in enumerate(hist) if n)
    answered = count - sum(hist[_RESPONSE_CODE[None] :: width])
    stayed = sum(hist[_RESPONSE_CODE["stayed"] :: width])
    return count, _mean(urge_total, count), _rate(stayed, answered)


def _count_and_mean(hist: Hist) -> dict[str, Any]:
    count, mean, _ = _figures(hist)
    return {"count": count, "mean_urge": mean}


def _with_rows(people: Mapping[str, Hist], spellings: Mapping[str, Counter[str]]) -> list[Any]:
    """Who it was with, grouped case-insensitively, each shown in its most used spelling."""
    rows = []
    for key, hist in people.items():
        name = min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0]
        rows.append({"with": name, **_count_and_mean(hist)})
    rows.sort(key=lambda row: (-row["count"], row["with"].casefold(), row["with"]))
    return rows


def _lens(trigger_counts: Mapping[str, int], groups: Mapping[str, str]) -> dict[str, Any]:
    """Share of all trigger occurrences per group; unknown keys count as other."""
    by_group = dict.fromkeys(GROUPS, 0)
    for key, count in trigger_counts.items():
        by_group[groups.get(key, "other")] += count
    total = sum(by_group.values())
    return {group: _rate(count, total) for group, count in by_group.items()}


def reading_key(lens: Mapping[str, float | None], occurrences: int) -> str | None:
    """Which plain-language reading of the lens fits (keys of prompts/readings.toml)."""
    if not occurrences:
        return None
    if occurrences < EARLY_TRIGGERS:
        return "early"
    for group in GROUPS:
        share = lens[group]
        if share is not None and share >= LEADING_SHARE:
            return group
    return "mixed"


def next_step_id(
    days_logged: int, rated: int, mean_urge: float | None, stayed_rate: float | None
) -> str:
    """One of the four steps, by what the period shows most plainly."""
    if rated < EARLY_TRIGGERS or days_logged < FEW_DAYS_LOGGED or stayed_rate is None:
        return STEP_TRACK
    if mean_urge is not None and mean_urge >= HIGH_URGE and stayed_rate <= LOW_STAYED:
        return STEP_PROFESSIONAL
    if stayed_rate < 0.5:
        return STEP_CHALLENGE
    return STEP_REFLECT


def summary(
    entries: Iterable[Entry],
    since: date,
    until: date,
    today: date,
    groups: Mapping[str, str] | None = None,
    logged_days: Iterable[date] | None = None,
) -> dict[str, Any]:
    """The summary JSON of issue 4 for the inclusive days since..until (plus a few extra keys).

    Entries outside the period are skipped. The streak looks at the whole journal: at
    `logged_days` (every local date with an entry) when given, else at the dates of `entries`.
    `groups` maps trigger keys to their group and defaults to the trigger data.
    """
    groups = trigger_groups() if groups is None else groups
    all_days: set[date] = set()
    days_logged: set[date] = set()
    total = _Tally()
    behaviors: Counter[str] = Counter()
    rated = _hist()
    triggers: defaultdict[str, Hist] = defaultdict(_hist)
    people: defaultdict[str, Hist] = defaultdict(_hist)
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    slots = [_hist() for _ in TIMES_OF_DAY]
    weekdays = [_hist() for _ in WEEKDAYS]
    width = len(_RESPONSE_CODE)
    for entry in entries:
        day = entry.when.date()
        all_days.add(day)
        if day < since or day > until:
            continue
        days_logged.add(day)
        total.add(entry)
        if entry.behaviors:
            behaviors.update(entry.behaviors)
        if entry.urge is None:
            continue
        sig = entry.urge * width + _RESPONSE_CODE[entry.response]
        rated[sig] += 1
        slots[entry.when.hour // 6][sig] += 1
        weekdays[day.weekday()][sig] += 1
        for key in entry.triggers:
            triggers[key][sig] += 1
        if entry.with_:
            key = entry.with_.casefold()
            people[key][sig] += 1
            spellings[key][entry.with_] += 1
    trigger_rows = []
    for key, hist in triggers.items():
        count, mean, rate = _figures(hist)
        trigger_rows.append(
            {"trigger": key, "count": count, "mean_urge": mean, "stayed_rate": rate}
        )
    trigger_rows.sort(key=lambda row: (-row["count"], row["trigger"]))
    trigger_counts = {row["trigger"]: row["count"] for row in trigger_rows}
    lens = _lens(trigger_counts, groups)
    mean_urge, stayed_rate = total.mean_urge(), total.stayed_rate()
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "days": (until - since).days + 1,
        "entries": total.count,
        "days_logged": len(days_logged),
        "urge": total.urge(),
        "responses": total.response_counts(),
        "stayed_rate": stayed_rate,
        "triggers": trigger_rows,
        "with": _with_rows(people, spellings),
        "behaviors": [{"behavior": k, "count": n} for k, n in _by_count(behaviors)],
        "lens": lens,
        "streak": streak(all_days if logged_days is None else logged_days, today),
        # extra keys (the issue allows additions): for the view and the export
        "rated": sum(rated),
        "time_of_day": {
            name: _count_and_mean(hist) for name, hist in zip(TIMES_OF_DAY, slots, strict=True)
        },
        "weekdays": {
            name: _count_and_mean(hist) for name, hist in zip(WEEKDAYS, weekdays, strict=True)
        },
        "reading": reading_key(lens, sum(trigger_counts.values())),
        "next_step": next_step_id(len(days_logged), sum(rated), mean_urge, stayed_rate),
    }


# --- trends


def trend_window(weeks: int, today: date) -> tuple[date, date]:
    """The first and last day of `weeks` ISO weeks ending with today's week."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise InputError(f"--weeks must be from 1 to {MAX_WEEKS}, not {weeks}")
    last_start = week_start(today)
    return last_start - timedelta(weeks=weeks - 1), last_start + timedelta(days=6)


def trends(
    entries: Iterable[Entry],
    weeks: int,
    today: date,
    done_weeks: set[str],
    reviewed_weeks: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """One row per ISO week, oldest first, the last being today's week; empty weeks included.

    `change` compares the first and the last week that have rated entries (None until two do).
    """
    first_start, end = trend_window(weeks, today)
    tallies = [_Tally() for _ in range(weeks)]
    days: list[set[date]] = [set() for _ in range(weeks)]
    trigger_counts: list[Counter[str]] = [Counter() for _ in range(weeks)]
    for entry in entries:
        day = entry.when.date()
        if not first_start <= day <= end:
            continue
        index = (day - first_start).days // 7
        tallies[index].add(entry)
        days[index].add(day)
        if entry.urge is not None:
            trigger_counts[index].update(entry.triggers)
    rows = []
    for index, tally in enumerate(tallies):
        start = first_start + timedelta(weeks=index)
        label = week_label(start)
        top = _by_count(trigger_counts[index])
        rows.append(
            {
                "week": label,
                "start": start.isoformat(),
                "entries": tally.count,
                "days_logged": len(days[index]),
                "mean_urge": tally.mean_urge(),
                "stayed_rate": tally.stayed_rate(),
                "top_trigger": top[0][0] if top else None,
                "challenge_done": label in done_weeks,
                "reviewed": label in reviewed_weeks,
            }
        )
    return {"weeks": rows, "change": _change(rows)}


def _change(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    with_data = [row for row in rows if row["mean_urge"] is not None]
    if len(with_data) < 2:
        return None
    first, last = with_data[0], with_data[-1]

    def pair(key: str) -> dict[str, float | None]:
        before, after = first[key], last[key]
        delta = None if before is None or after is None else _round(after - before)
        return {"first": before, "last": after, "change": delta}

    return {
        "first_week": first["week"],
        "last_week": last["week"],
        "mean_urge": pair("mean_urge"),
        "stayed_rate": pair("stayed_rate"),
    }


# --- week


def week(entries: Iterable[Entry], day: date) -> dict[str, Any]:
    """The ISO week containing `day`, day by day, with the week's totals."""
    start = week_start(day)
    end = start + timedelta(days=6)
    by_day: dict[date, list[Entry]] = {start + timedelta(days=i): [] for i in range(7)}
    total = _Tally()
    for entry in entries:
        local = entry.when.date()
        if start <= local <= end:
            by_day[local].append(entry)
            total.add(entry)
    days = []
    for current, items in by_day.items():
        items.sort(key=lambda e: (e.when.time(), e.id or 0))
        tally = _Tally()
        for entry in items:
            tally.add(entry)
        days.append(
            {
                "date": current.isoformat(),
                "weekday": WEEKDAYS[current.weekday()],
                "entries": [_brief(entry) for entry in items],
                "mean_urge": tally.mean_urge(),
            }
        )
    return {
        "week": week_label(start),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": days,
        "totals": {
            "entries": total.count,
            "days_logged": sum(1 for items in by_day.values() if items),
            "urge": total.urge(),
            "responses": total.response_counts(),
            "stayed_rate": total.stayed_rate(),
        },
    }


def _brief(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "time": f"{entry.when:%H:%M}",
        "urge": entry.urge,
        "triggers": list(entry.triggers),
        "response": entry.response,
        "with": entry.with_,
    }
