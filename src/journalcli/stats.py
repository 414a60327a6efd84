"""Summary, trends and week: pure functions from entries and a day to plain, JSON-ready dicts.

Every figure the views and the Markdown export show comes from here. Definitions (issue 4):
weeks are ISO weeks of an entry's local date (`entry.when.date()`, the date in the UTC offset it
was recorded with); periods are inclusive days; entries without an urge rating count in
`entries`, `days_logged` and the responses, and are left out of urge, trigger and lens figures.

Issue 12: an entry with urge 0 is a calm check-in ("no urge today"), not an urge. It counts in
`entries`, `days_logged` and `calm`, and in no other figure. The ISO week that contains today is
always in progress. Differences between two figures are taken between the values as the views
show them (urge to one decimal, rates to whole percent), so the printed text adds up.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import cached_property
from itertools import compress
from operator import add, mul
from typing import Any, NamedTuple

from journalcli.errors import InputError
from journalcli.index import Facts
from journalcli.model import RESPONSES, URGE_MAX, Entry
from journalcli.plans import figures as plan_figures

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

# What goes with staying present: a factor is shown only when at least this many entries with a
# response have it, and as many do not (the rule Bearable uses for its factor reports).
STAYING_MIN = 3
# Quadrants of the feelings grid (energy x pleasantness); a word at 0 on an axis is in none.
QUADRANTS = ("high_pleasant", "high_unpleasant", "low_pleasant", "low_unpleasant")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _mean(total: float, count: int) -> float | None:
    return round(total / count, 2) if count else None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 2) if whole else None


def shown_urge(value: float) -> float:
    """A mean urge as the views print it (one decimal)."""
    return float(f"{value:.1f}")


def shown_rate(value: float) -> float:
    """A rate as the views print it (whole percent), as a fraction."""
    return int(f"{value * 100:.0f}") / 100


def shown_difference(
    before: float | None, after: float | None, shown: Callable[[float], float]
) -> float | None:
    """after - before between the values as shown, so "6.1 to 4.7" is -1.4 (not -1.5)."""
    if before is None or after is None:
        return None
    return round(shown(after) - shown(before), 2)


def is_calm(entry: Entry) -> bool:
    """Urge 0 ("no urge today"): an entry and a day logged, and in no other figure."""
    return entry.urge == 0


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


def longest_run(days: Iterable[date]) -> int:
    """The longest run of consecutive days among `days`."""
    return _longest_run({day.toordinal() for day in days})


def _longest_run(ordinals: set[int]) -> int:
    best = 0
    for day in ordinals:
        if day - 1 in ordinals:
            continue  # not the start of a run
        length = 1
        while day + length in ordinals:
            length += 1
        best = max(best, length)
    return best


def trigger_groups() -> dict[str, str]:
    """Trigger key -> closeness / threat / other, from the trigger data."""
    from journalcli import content

    return {key: item["group"] for key, item in content.load("triggers").items()}


def quadrant(energy: int, pleasantness: int) -> str | None:
    """The quadrant of the feelings grid of a word's place; None on an axis."""
    if not energy or not pleasantness:
        return None
    return f"{'high' if energy > 0 else 'low'}_{'pleasant' if pleasantness > 0 else 'unpleasant'}"


def feeling_quadrants() -> dict[str, str | None]:
    """Feeling word -> its quadrant (or None), from the emotions data."""
    from journalcli import content

    return {
        word: quadrant(item["energy"], item["pleasantness"])
        for word, item in content.load("emotions").items()
    }


class _Names:
    """Each person in one spelling: grouped case-insensitively, shown as the most used spelling,
    ties to the most recently used one (entries keep what was typed)."""

    __slots__ = ("latest", "ties", "used")

    def __init__(self, ties: Callable[[list[str]], dict[str, tuple[Any, Any]]] | None = None):
        """`ties`, when given, says of some spellings when each was last and first used, and
        `used` need not be in the order the spellings were met (see `shown`)."""
        self.used: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.latest: dict[str, datetime] = {}
        self.ties = ties

    def add(self, entry: Entry) -> str | None:
        """The entry's person key (None when it names nobody)."""
        name = entry.with_
        if not name:
            return None
        key = name.casefold()
        self.used[key][name] += 1
        latest = self.latest.get(name)
        if latest is None or entry.when >= latest:
            self.latest[name] = entry.when
        return key

    def shown(self, key: str) -> str:
        if self.ties is None:  # the first met wins a tie on count and latest use
            return max(self.used[key].items(), key=lambda item: (item[1], self.latest[item[0]]))[0]
        spellings = self.used[key]
        most = max(spellings.values())
        tied = [name for name, count in spellings.items() if count == most]
        if len(tied) == 1:
            return tied[0]
        when = self.ties(tied)  # name: (latest, first)
        latest = max(when[name][0] for name in tied)
        return min((name for name in tied if when[name][0] == latest), key=lambda n: when[n][1])


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
    """Counts for a group of entries: urge (rated entries only), responses and calm check-ins
    (which count in `count` and `calm` only)."""

    __slots__ = ("calm", "count", "rated", "responses", "unrecorded", "urge_max", "urge_total")

    def __init__(self) -> None:
        self.count = self.rated = self.urge_total = self.unrecorded = self.calm = 0
        self.urge_max: int | None = None
        self.responses = dict.fromkeys(RESPONSES, 0)

    def add(self, entry: Entry) -> None:
        self.count += 1
        urge = entry.urge
        if urge == 0:
            self.calm += 1
            return
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

    def answered(self) -> int:
        return sum(self.responses.values())

    def stayed_rate(self) -> float | None:
        """stayed / (withdrew + stayed + partly); None when no response was recorded."""
        return _rate(self.responses["stayed"], self.answered())

    def partly_rate(self) -> float | None:
        """partly / (withdrew + stayed + partly); None when no response was recorded."""
        return _rate(self.responses["partly"], self.answered())

    def withdrew_rate(self) -> float | None:
        """withdrew / (withdrew + stayed + partly); None when no response was recorded."""
        return _rate(self.responses["withdrew"], self.answered())

    def urge(self) -> dict[str, Any]:
        return {"mean": self.mean_urge(), "max": self.urge_max}

    def response_counts(self) -> dict[str, int]:
        return {**self.responses, "unrecorded": self.unrecorded}


def _by_count(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Most frequent first, then by name."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


# An entry's urge and response as one number, its histogram bin: urge * 4 + response code.
_RESPONSE_CODE = {None: 0, "withdrew": 1, "stayed": 2, "partly": 3}
Factor = tuple[str, str]  # (factor, value): ("trigger", "closeness"), ("weekday", "monday")


def _with_rows(people: Mapping[str, _Sums], names: _Names) -> list[Any]:
    """Who it was with, one row per person in one spelling."""
    rows = []
    for key, sums in people.items():
        count, mean, stayed, partly = sums.figures()
        rows.append(
            {
                "with": names.shown(key),
                "count": count,
                "mean_urge": mean,
                "stayed_rate": stayed,
                "partly_rate": partly,
            }
        )
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
    entries: Iterable[Entry] | Facts,
    since: date,
    until: date,
    today: date,
    groups: Mapping[str, str] | None = None,
    logged_days: Iterable[date] | None = None,
    *,
    done_weeks: set[str] | None = None,
    feelings: Mapping[str, str | None] | None = None,
    plans: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The summary JSON for the inclusive days since..until (and a few keys for the views).

    `entries` are Entry objects, or their index.Facts (what Journal.facts gives: the same
    figures without building an Entry). Entries outside the period are skipped. The streak
    looks at the whole journal: at `logged_days` (every local date with an entry) when given,
    else at the dates of `entries`. `groups` maps trigger keys to their group and defaults to
    the trigger data; `feelings` maps feeling words to their quadrant and defaults to the
    emotions data. `done_weeks` (the ISO weeks whose challenge was done) adds the challenge to
    what goes with staying present. `plans` (the stored if-then plans, with their ids) gives
    the `plans` key.

    Each figure is counted over columns (collections.Counter of zipped columns, in C) and
    expanded per distinct value, not entry by entry: `summary --all` runs over the whole
    journal. tests/test_summary_columns.py checks it against the entry-by-entry summary.
    """
    groups = trigger_groups() if groups is None else groups
    feelings = feeling_quadrants() if feelings is None else feelings
    facts = entries if isinstance(entries, Facts) else Facts.of_entries(entries)
    all_days = facts.days
    facts = facts.within(since.toordinal(), until.toordinal())
    width = len(_RESPONSE_CODE)
    # Each entry's histogram bin: urge * 4 + response code; 0-3 a calm check-in, below 0 no
    # urge rating (the response code is still bin % 4), 4 and up a rated urge.
    bins = list(map(add, map(width.__mul__, facts.urges), facts.responses))
    total, rated = _tally(Counter(bins))
    days_logged = set(facts.days)  # as ordinals
    values = facts.values
    # The entries each figure is over: not calm check-ins (bin & ~3 is 0 exactly for those),
    # rated urges, and not calm with a response (what goes with staying present).
    by = _By(facts, bins)
    factors = _Factors(total)

    triggers: defaultdict[str, _Sums] = defaultdict(_Sums)
    column, distinct = _multisets(facts.triggers, values)
    for place, tally in by.value(column, distinct).items():
        for key in values[place] if tally.count else ():  # rated urges only
            triggers[key].merge(tally)  # a key given twice counts twice, as it always did
        factors.add(tally, {("trigger", key) for key in values[place]})
    behaviors: Counter[str] = Counter()
    column, distinct = _multisets(facts.behaviors, values)
    for place, tally in by.value(column, distinct).items():
        for key in values[place]:
            behaviors[key] += tally.kept
        factors.add(tally, {("behavior", key) for key in values[place]})
    words: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # count, rated, total
    column, distinct = _multisets(facts.emotions, values)
    for place, tally in by.value(column, distinct).items():
        for word in values[place]:
            figures = words[word]
            figures[0] += tally.kept
            figures[1] += tally.count
            figures[2] += tally.urge_total
        factors.add(tally, {("quadrant", q) for w in values[place] if (q := feelings.get(w))})
    names = _Names(lambda tied: _last_and_first(facts, by.kept, tied))
    people: defaultdict[str, _Sums] = defaultdict(_Sums)
    names_kept = sum(type(value) is str for value in values)
    for place, tally in by.value(facts.withs, names_kept + 1).items():  # in the order first kept
        name = values[place]
        if name and tally.kept:
            names.used[name.casefold()][name] += tally.kept
            if tally.count:  # rated urges only
                people[name.casefold()].merge(tally)
            factors.add(tally, (("person", name.casefold()),))
    slots = by.value(map((6).__rfloordiv__, facts.hours), len(TIMES_OF_DAY))
    for slot, tally in slots.items():
        factors.add(tally, (("time_of_day", TIMES_OF_DAY[slot]),))
    # by ordinal % 7: 1 is a Monday (as day 1 of the ordinals was), 0 a Sunday
    column = map((6, 0, 1, 2, 3, 4, 5).__getitem__, map((7).__rmod__, facts.days))
    weekdays = by.value(column, len(WEEKDAYS))
    for weekday, tally in weekdays.items():
        factors.add(tally, (("weekday", WEEKDAYS[weekday]),))
    if done_weeks is not None:
        done = {day for day in days_logged if week_label(date.fromordinal(day)) in done_weeks}
        tally = by.value(map(done.__contains__, facts.days), 2).get(True)
        if tally is not None:
            factors.add(tally, (("challenge", "done"),))

    trigger_rows = []
    for key, sums in triggers.items():
        count, mean, stayed, partly = sums.figures()
        trigger_rows.append(
            {
                "trigger": key,
                "count": count,
                "mean_urge": mean,
                "stayed_rate": stayed,
                "partly_rate": partly,
            }
        )
    trigger_rows.sort(key=lambda row: (-row["count"], row["trigger"]))
    trigger_counts = {row["trigger"]: row["count"] for row in trigger_rows}
    lens = _lens(trigger_counts, groups)
    mean_urge, stayed_rate = total.mean_urge(), total.stayed_rate()
    emotions = sorted(words.items(), key=lambda item: (-item[1][0], item[0]))
    quadrants = dict.fromkeys(QUADRANTS, 0)
    for word, (count, _, _) in emotions:
        place = feelings.get(word)
        if place is not None:
            quadrants[place] += count
    staying = factors.rows(names)
    linked = [
        _Linked(plan, _USED[used], _RESPONSES[code])
        for plan, used, code in zip(facts.plans, facts.plan_used, facts.responses, strict=True)
        if plan
    ]
    if logged_days is None:
        logged_days = {date.fromordinal(day) for day in set(all_days)}
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
        "with": _with_rows(people, names),
        "behaviors": [{"behavior": k, "count": n} for k, n in _by_count(behaviors)],
        "lens": lens,
        "streak": streak(logged_days, today),
        # extra keys (the issue allows additions): for the view and the export
        "rated": rated,
        "time_of_day": {
            name: slots.get(slot, _Sums()).count_and_mean()
            for slot, name in enumerate(TIMES_OF_DAY)
        },
        "weekdays": {
            name: weekdays.get(day, _Sums()).count_and_mean() for day, name in enumerate(WEEKDAYS)
        },
        "reading": reading_key(lens, sum(trigger_counts.values())),
        "next_step": next_step_id(len(days_logged), rated, mean_urge, stayed_rate),
        "calm": total.calm,
        "partly_rate": total.partly_rate(),
        "current": until >= today,
        "longest_run": _longest_run(days_logged),
        "staying": staying,
        "staying_needed": 0 if staying else factors.needed(),
        "emotions": [
            {"emotion": word, "count": count, "mean_urge": _mean(urge_total, rated_count)}
            for word, (count, rated_count, urge_total) in emotions
        ],
        "quadrants": quadrants,
        "plans": plan_figures(plans, linked, STAYING_MIN),  # type: ignore[arg-type]
        "withdrew_rate": total.withdrew_rate(),
    }


_RESPONSES: tuple[str | None, ...] = (None, *RESPONSES)  # by response code
_USED: tuple[bool | None, ...] = (False, True, None)  # by plan_used code (-1: None)
# Histogram bins run from _LOWEST (no urge rating, no response) up; less _LOWEST, a bin fits
# in six bits.
_LOWEST = -len(_RESPONSE_CODE)
_BITS = 64
# Histogram bins run from _LOWEST (no urge rating, no response) up; shifted to start at 0,
# a bin fits in six bits.


def _pairs(
    column: Iterable[int], small: Iterable[int], size: int
) -> Iterator[tuple[int, int, int]]:
    """(value, small value, how many) for each pair met of a value of `column` and one of
    `small` (from 0 to size - 1), in the order first met. Each pair is counted as one int
    (value * size + small): made, hashed and counted in C."""
    for key, n in Counter(map(add, map(size.__mul__, column), small)).items():
        value, part = divmod(key, size)
        yield value, part, n


def _multisets(column: Sequence[int], values: Sequence[Any]) -> tuple[list[int], int]:
    """A column of places of tuples, each tuple's place made that of the first tuple with the
    same keys in any order (the figures count keys, whatever order they were given in, and
    fewer distinct values are fewer to count); and how many distinct ones there can be."""
    first: dict[Any, int] = {}
    same = [
        first.setdefault(tuple(sorted(value)), place) if type(value) is tuple else place
        for place, value in enumerate(values)
    ]
    same[-1] = -1  # None stays none
    return list(map(same.__getitem__, column)), len(first) + 1


class _Sums:
    """Entries that share a value (a trigger, a person, a time of day): of those that are no
    calm check-in, how many (`kept`), how many had a response and stayed (`answered`,
    `stayed`: what goes with staying present); of the rated urges among them, how many, their
    urges added, and how many had a response, stayed, and partly stayed."""

    __slots__ = (
        "answered", "count", "kept", "partly", "rated_answered", "stayed", "urge_total",
        "with_stayed",
    )  # fmt: skip

    def __init__(self) -> None:
        self.kept = self.answered = self.with_stayed = 0
        self.count = self.urge_total = self.rated_answered = self.stayed = self.partly = 0

    def merge(self, other: _Sums) -> None:
        """Add the rated urges of `other`."""
        self.count += other.count
        self.urge_total += other.urge_total
        self.rated_answered += other.rated_answered
        self.stayed += other.stayed
        self.partly += other.partly

    def add(self, sig: int, n: int) -> None:
        """`n` entries of histogram bin `sig`."""
        width = len(_RESPONSE_CODE)
        if 0 <= sig < width:
            return  # a calm check-in
        self.kept += n
        code = sig % width
        if code:
            self.answered += n
            self.with_stayed += n if code == _RESPONSE_CODE["stayed"] else 0
        if sig >= width:
            self.count += n
            self.urge_total += sig // width * n
            if code:
                self.rated_answered += n
                self.stayed += n if code == _RESPONSE_CODE["stayed"] else 0
                self.partly += n if code == _RESPONSE_CODE["partly"] else 0

    def figures(self) -> tuple[int, float | None, float | None, float | None]:
        """count, mean urge, stayed rate and partly rate of the rated urges."""
        return (
            self.count,
            _mean(self.urge_total, self.count),
            _rate(self.stayed, self.rated_answered),
            _rate(self.partly, self.rated_answered),
        )

    def count_and_mean(self) -> dict[str, Any]:
        return {"count": self.count, "mean_urge": _mean(self.urge_total, self.count)}


# Up to this many (value, bin) pairs, a column is counted in one pass over (value, bin);
# above, in four passes over (value, urge), (value, response) and so on, so that few pairs
# are expanded one by one in Python.
_FEW_PAIRS = 16384


class _By:
    """The entries of some facts by their histogram bins, and counts of a column's values."""

    def __init__(self, facts: Facts, bins: list[int]) -> None:
        self.shifted = list(map((-_LOWEST).__add__, bins))
        self._facts, self._bins = facts, bins

    # The columns below only a column of many (value, bin) pairs needs (and kept, the names
    # that tie): each made when first asked for, as most summaries never ask.
    @cached_property
    def kept(self) -> list[int]:
        return list(map((~3).__and__, self._bins))  # 0 for calm check-ins

    @cached_property
    def rated(self) -> list[bool]:
        return list(map(len(_RESPONSE_CODE).__le__, self._bins))

    @cached_property
    def urges(self) -> list[int]:
        return list(compress(self._facts.urges, self.rated))

    @cached_property
    def responses(self) -> list[int]:
        return list(compress(self._facts.responses, self.rated))

    @cached_property
    def answered(self) -> list[int]:
        return list(map(mul, self.kept, self._facts.responses))  # a response, not calm

    @cached_property
    def stayed(self) -> list[bool]:
        stayed = _RESPONSE_CODE["stayed"]
        return list(map(stayed.__eq__, compress(self._facts.responses, self.answered)))

    def value(self, column: Iterable[int], distinct: int) -> dict[int, _Sums]:
        """_Sums by value of `column`, of which there are at most `distinct`, in the order
        first met among the entries that are no calm check-in."""
        found: dict[int, _Sums] = {}
        if distinct * (len(_RESPONSE_CODE) * (URGE_MAX + 2)) <= _FEW_PAIRS:
            later: dict[int, _Sums] = {}  # met only in calm check-ins so far
            for value, sig, n in _pairs(column, self.shifted, _BITS):
                sums = found.get(value) or later.get(value)
                if sums is None:
                    sums = later[value] = _Sums()
                sums.add(sig + _LOWEST, n)
                if value not in found and sums.kept:
                    found[value] = later.pop(value)
            return found
        column = list(column)
        for value, n in Counter(compress(column, self.kept)).items():
            found[value] = sums = _Sums()
            sums.kept = n
        picked = list(compress(column, self.rated))
        for value, urge, n in _pairs(picked, self.urges, URGE_MAX + 1):
            found[value].count += n
            found[value].urge_total += urge * n
        for value, code, n in _pairs(picked, self.responses, len(_RESPONSE_CODE)):
            if code:
                sums = found[value]
                sums.rated_answered += n
                sums.stayed += n if code == _RESPONSE_CODE["stayed"] else 0
                sums.partly += n if code == _RESPONSE_CODE["partly"] else 0
        for value, stays, n in _pairs(compress(column, self.answered), self.stayed, 2):
            found[value].answered += n
            found[value].with_stayed += n if stays else 0
        return found


def _last_and_first(facts: Facts, kept: Sequence[int], names: list[str]) -> dict[str, Any]:
    """For each of these names, the latest instant and the first meeting (Facts.met) of the
    entries with it that are no calm check-ins."""
    places = {place for place, value in enumerate(facts.values) if value in names}
    found: dict[str, tuple[Any, Any]] = {}
    picked = map(mul, kept, map(places.__contains__, facts.withs))
    for row in compress(range(len(facts)), picked):
        name = facts.values[facts.withs[row]]
        moment, met = facts.micros[row], facts.met(row)
        last, first = found.get(name, (moment, met))
        found[name] = (max(last, moment), min(first, met))
    return found


class _Linked(NamedTuple):
    """What plans.figures reads of an entry linked to a plan."""

    plan: int
    plan_used: bool | None
    response: str | None


def _tally(bins: Mapping[int, int]) -> tuple[_Tally, int]:
    """The _Tally of entries counted by histogram bin, and how many had a rated urge."""
    total = _Tally()
    width = len(_RESPONSE_CODE)
    rated = 0
    for sig, n in bins.items():
        total.count += n
        if 0 <= sig < width:
            total.calm += n
            continue
        code = sig % width
        if sig >= width:
            urge = sig // width
            rated += n
            total.urge_total += urge * n
            if total.urge_max is None or urge > total.urge_max:
                total.urge_max = urge
        if code:
            total.responses[RESPONSES[code - 1]] += n
        else:
            total.unrecorded += n
    total.rated = rated
    return total, rated


class _Factors:
    """What goes with staying present: for each factor value, how many entries with a response
    have it and how many of those stayed; the entries without it are the rest."""

    __slots__ = ("answered", "stayed", "with_n", "with_stayed")

    def __init__(self, total: _Tally) -> None:
        self.answered, self.stayed = total.answered(), total.responses["stayed"]
        self.with_n: Counter[Factor] = Counter()
        self.with_stayed: Counter[Factor] = Counter()

    def add(self, sums: _Sums, keys: Iterable[Factor]) -> None:
        """The entries of `sums` have these factor values (each once)."""
        if sums.answered:
            for key in keys:
                self.with_n[key] += sums.answered
                if sums.with_stayed:
                    self.with_stayed[key] += sums.with_stayed

    def rows(self, names: _Names) -> list[dict[str, Any]]:
        rows = []
        for key, count in self.with_n.items():
            rest = self.answered - count
            if count < STAYING_MIN or rest < STAYING_MIN:
                continue
            factor, value = key
            with_rate = _rate(self.with_stayed[key], count)
            without_rate = _rate(self.stayed - self.with_stayed[key], rest)
            rows.append(
                {
                    "factor": factor,
                    "value": names.shown(value) if factor == "person" else value,
                    "with": {"n": count, "stayed_rate": with_rate},
                    "without": {"n": rest, "stayed_rate": without_rate},
                    "difference": shown_difference(without_rate, with_rate, shown_rate),
                }
            )
        rows.sort(key=lambda row: (-abs(row["difference"]), row["factor"], row["value"]))
        return rows

    def needed(self) -> int:
        """The fewest further entries with a response before some factor could be shown: each
        value seen needs STAYING_MIN with it and STAYING_MIN without it."""
        floor = 2 * STAYING_MIN
        if not self.with_n:
            return max(floor - self.answered, 0) or floor
        return min(
            max(STAYING_MIN - count, 0) + max(STAYING_MIN - (self.answered - count), 0)
            for count in self.with_n.values()
        )


# --- labels and marks shared by the terminal views and the Markdown export

_SPARKS = "▁▂▃▄▅▆▇█"
SLOT_HOURS = {"night": "0-6", "morning": "6-12", "afternoon": "12-18", "evening": "18-24"}
FACTOR_LABELS = {
    "trigger": "trigger",
    "person": "with",
    "behavior": "behavior",
    "time_of_day": "time",
    "weekday": "day",
    "quadrant": "feelings",
    "challenge": "challenge",
}


def sparkline(values: Sequence[float | None], scale: float) -> str:
    """One mark per value, from ▁ (0) to █ (scale); '·' where there is no value."""
    marks = []
    for value in values:
        if value is None:
            marks.append("·")
        else:
            level = round(min(max(value / scale, 0.0), 1.0) * (len(_SPARKS) - 1))
            marks.append(_SPARKS[level])
    return "".join(marks)


def factor_label(row: Mapping[str, Any]) -> str:
    """A row of `staying` as the views name it: 'time: evening (18-24)', 'with: Sam'."""
    value = row["value"]
    if row["factor"] == "quadrant":
        energy, pleasant = value.split("_")
        value = f"{energy} energy, {pleasant}"
    elif row["factor"] == "time_of_day":
        value = f"{value} ({SLOT_HOURS.get(value, '')})"
    elif row["factor"] == "weekday":
        value = value.capitalize()
    return f"{FACTOR_LABELS.get(row['factor'], row['factor'])}: {value}"


def staying_key(difference: float) -> str:
    """The reading (prompts/readings.toml) of the top row of `staying`, by its difference."""
    if not difference:
        return "staying-same"
    return "staying-more" if difference > 0 else "staying-less"


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
    """One row per ISO week, oldest first, the last being today's week (always in progress);
    empty weeks included.

    `change` compares the earliest and the latest complete week with data (an urge rating or a
    response); None until two such weeks exist.
    """
    first_start, end = trend_window(weeks, today)
    tallies = [_Tally() for _ in range(weeks)]
    days: list[set[date]] = [set() for _ in range(weeks)]
    # per week: trigger -> [count, urge total, latest instant]
    triggers: list[dict[str, list[Any]]] = [{} for _ in range(weeks)]
    for entry in entries:
        day = entry.when.date()
        if not first_start <= day <= end:
            continue
        index = (day - first_start).days // 7
        tallies[index].add(entry)
        days[index].add(day)
        if entry.urge:  # rated, and not a calm check-in
            for key in entry.triggers:
                figures = triggers[index].get(key)
                if figures is None:
                    triggers[index][key] = [1, entry.urge, entry.when]
                else:
                    figures[0] += 1
                    figures[1] += entry.urge
                    figures[2] = max(figures[2], entry.when)
    rows = []
    for index, tally in enumerate(tallies):
        start = first_start + timedelta(weeks=index)
        label = week_label(start)
        top = _top_triggers(triggers[index])
        rows.append(
            {
                "week": label,
                "start": start.isoformat(),
                "entries": tally.count,
                "days_logged": len(days[index]),
                "mean_urge": tally.mean_urge(),
                "stayed_rate": tally.stayed_rate(),
                "top_trigger": top[0] if top else None,
                "challenge_done": label in done_weeks,
                "reviewed": label in reviewed_weeks,
                "partly_rate": tally.partly_rate(),
                "calm": tally.calm,
                "in_progress": start <= today <= start + timedelta(days=6),
                "top_triggers": top,
            }
        )
    return {"weeks": rows, "change": _change(rows)}


def _top_triggers(figures: Mapping[str, list[Any]]) -> list[str]:
    """The triggers that tie on the week's highest count, the top one first: by the higher mean
    urge, then the most recent, then the name."""
    if not figures:
        return []
    most = max(count for count, _, _ in figures.values())
    tied = [(key, total / count, latest) for key, (count, total, latest) in figures.items()
            if count == most]  # fmt: skip
    tied.sort(key=lambda item: item[0])
    tied.sort(key=lambda item: (item[1], item[2]), reverse=True)
    return [key for key, _, _ in tied]


def has_data(row: Mapping[str, Any]) -> bool:
    """A week has data when it has an urge rating or a response."""
    return row["mean_urge"] is not None or row["stayed_rate"] is not None


def _change(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    complete = [row for row in rows if has_data(row) and not row["in_progress"]]
    if len(complete) < 2:
        return None
    first, last = complete[0], complete[-1]

    def pair(key: str, shown: Callable[[float], float]) -> dict[str, float | None]:
        before, after = first[key], last[key]
        return {"first": before, "last": after, "change": shown_difference(before, after, shown)}

    return {
        "first_week": first["week"],
        "last_week": last["week"],
        "mean_urge": pair("mean_urge", shown_urge),
        "stayed_rate": pair("stayed_rate", shown_rate),
        "partly_rate": pair("partly_rate", shown_rate),
    }


# --- week


def week(entries: Iterable[Entry], day: date) -> dict[str, Any]:
    """The ISO week containing `day`, day by day, with the week's totals."""
    start = week_start(day)
    end = start + timedelta(days=6)
    by_day: dict[date, list[Entry]] = {start + timedelta(days=i): [] for i in range(7)}
    total = _Tally()
    names = _Names()
    for entry in entries:
        local = entry.when.date()
        if start <= local <= end:
            by_day[local].append(entry)
            total.add(entry)
            names.add(entry)
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
                "entries": [_brief(entry, names) for entry in items],
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
            "partly_rate": total.partly_rate(),
            "calm": total.calm,
        },
    }


def _brief(entry: Entry, names: _Names) -> dict[str, Any]:
    """An entry as the week shows it: `with` as typed, `person` in the week's one spelling."""
    return {
        "id": entry.id,
        "time": f"{entry.when:%H:%M}",
        "urge": entry.urge,
        "triggers": list(entry.triggers),
        "response": entry.response,
        "with": entry.with_,
        "person": names.shown(entry.with_.casefold()) if entry.with_ else None,
    }


# --- calendar


URGE_LEVELS = ("none", "calm", "low", "middle", "high")


def urge_level(max_urge: int | None) -> str:
    """How strong a day's highest urge was: none recorded, calm (0), low 1-3, middle 4-6 or
    high 7-10."""
    if max_urge is None:
        return "none"
    if max_urge == 0:
        return "calm"
    return "low" if max_urge <= 3 else "middle" if max_urge <= 6 else "high"


def day_response(day: Mapping[str, Any]) -> str | None:
    """ "stayed" when the person stayed present at least once that day, else "partly" when
    partly at least once, else None."""
    if day["stayed"]:
        return "stayed"
    return "partly" if day["partly"] else None


def parse_month(text: str) -> tuple[int, int]:
    """YYYY-MM as typed for `calendar --month`, in the years the program accepts."""
    from journalcli.model import FIRST_YEAR, LAST_YEAR

    year, dash, month = text.strip().partition("-")
    if not (
        dash
        and len(year) == 4
        and year.isascii()
        and year.isdigit()
        and len(month) == 2
        and month.isascii()
        and month.isdigit()
        and 1 <= int(month) <= 12
    ):
        raise InputError(f"--month must be a year and month like 2026-11, not {text!r}")
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise InputError(f"--month must be in the years {FIRST_YEAR} to {LAST_YEAR}, not {text!r}")
    return int(year), int(month)


def calendar_span(year: int, month: int | None = None) -> tuple[date, date]:
    """The first and last day of a year, or of one month of it."""
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    first = date(year, month, 1)
    if month == 12:
        return first, date(year, 12, 31)
    return first, date(year, month + 1, 1) - timedelta(days=1)


def calendar(entries: Iterable[Entry] | Facts, first: date, last: date) -> dict[str, Any]:
    """One row per day from first to last that has entries: how strong its highest urge was
    and how the person responded. `entries` are Entry objects or their index.Facts (as for
    `summary`): counted from columns, no entry built.

    `max_urge` is 0 on a day whose ratings were all calm check-ins (a calm day); otherwise it,
    `mean_urge` and the responses leave calm check-ins out, as every other figure does.
    """
    facts = entries if isinstance(entries, Facts) else Facts.of_entries(entries)
    facts = facts.within(first.toordinal(), last.toordinal())
    width = len(_RESPONSE_CODE)
    bins = list(map(add, map(width.__mul__, facts.urges), facts.responses))
    by_day: dict[int, dict[int, int]] = {}
    for (day, sig), n in Counter(zip(facts.days, bins, strict=True)).items():
        by_day.setdefault(day, {})[sig] = n
    rows = []
    for day in sorted(by_day):
        tally, _ = _tally(by_day[day])
        highest = tally.urge_max if tally.urge_max is not None else (0 if tally.calm else None)
        rows.append(
            {
                "date": date.fromordinal(day).isoformat(),
                "entries": tally.count,
                "max_urge": highest,
                "mean_urge": tally.mean_urge(),
                **tally.responses,
            }
        )
    return {"days": rows}
