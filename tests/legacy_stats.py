"""stats.summary as it was before issue 16 (one pass over Entry objects), kept to check that
the columnar summary gives the very same figures (tests/test_summary_columns.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from journalcli import stats
from journalcli.model import URGE_MAX, Entry
from journalcli.plans import figures as plan_figures
from journalcli.stats import (
    _RESPONSE_CODE,
    QUADRANTS,
    STAYING_MIN,
    TIMES_OF_DAY,
    WEEKDAYS,
    _by_count,
    _lens,
    _mean,
    _rate,
    _Tally,
    feeling_quadrants,
    longest_run,
    next_step_id,
    reading_key,
    streak,
    trigger_groups,
    week_label,
)

# Rated entries were counted per group (a trigger, a person, a time slot) as a histogram over
# (urge, response): one increment per entry and group, the sums at the end.
_BINS = (URGE_MAX + 1) * len(_RESPONSE_CODE)
Hist = list[int]


def _hist() -> Hist:
    return [0] * _BINS


def _figures(hist: Hist) -> tuple[int, float | None, float | None, float | None]:
    """count, mean urge, stayed rate and partly rate of one histogram."""
    width = len(_RESPONSE_CODE)
    count = sum(hist)
    urge_total = sum(n * (i // width) for i, n in enumerate(hist) if n)
    answered = count - sum(hist[_RESPONSE_CODE[None] :: width])
    stayed = sum(hist[_RESPONSE_CODE["stayed"] :: width])
    partly = sum(hist[_RESPONSE_CODE["partly"] :: width])
    return count, _mean(urge_total, count), _rate(stayed, answered), _rate(partly, answered)


def _count_and_mean(hist: Hist) -> dict[str, Any]:
    count, mean, _, _ = _figures(hist)
    return {"count": count, "mean_urge": mean}


class _Names:
    """Each person in one spelling: grouped case-insensitively, shown as the most used spelling,
    ties to the most recently used one (entries keep what was typed)."""

    __slots__ = ("latest", "used")

    def __init__(self) -> None:
        self.used: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.latest: dict[str, datetime] = {}

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
        return max(self.used[key].items(), key=lambda item: (item[1], self.latest[item[0]]))[0]


def _with_rows(people: Mapping[str, Hist], names: _Names) -> list[Any]:
    """Who it was with, one row per person in one spelling."""
    rows = []
    for key, hist in people.items():
        count, mean, stayed, partly = _figures(hist)
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


def summary(
    entries: Iterable[Entry],
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

    Entries outside the period are skipped. The streak looks at the whole journal: at
    `logged_days` (every local date with an entry) when given, else at the dates of `entries`.
    `groups` maps trigger keys to their group and defaults to the trigger data; `feelings` maps
    feeling words to their quadrant and defaults to the emotions data. `done_weeks` (the ISO
    weeks whose challenge was done) adds the challenge to what goes with staying present.
    `plans` (the stored if-then plans, with their ids) gives the `plans` key.
    """
    groups = trigger_groups() if groups is None else groups
    feelings = feeling_quadrants() if feelings is None else feelings
    all_days: set[date] = set()
    days_logged: set[date] = set()
    total = _Tally()
    behaviors: Counter[str] = Counter()
    rated = _hist()
    triggers: defaultdict[str, Hist] = defaultdict(_hist)
    people: defaultdict[str, Hist] = defaultdict(_hist)
    names = _Names()
    slots = [_hist() for _ in TIMES_OF_DAY]
    weekdays = [_hist() for _ in WEEKDAYS]
    words: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # count, rated, total
    factors = _Factors()
    width = len(_RESPONSE_CODE)
    in_period: list[Entry] = []
    for entry in entries:
        day = entry.when.date()
        all_days.add(day)
        if day < since or day > until:
            continue
        if entry.plan is not None:
            in_period.append(entry)
        days_logged.add(day)
        total.add(entry)
        if entry.urge == 0:
            continue
        person = names.add(entry)
        if entry.behaviors:
            behaviors.update(entry.behaviors)
        for word in entry.emotions:
            figures = words[word]
            figures[0] += 1
            if entry.urge is not None:
                figures[1] += 1
                figures[2] += entry.urge
        if entry.response is not None:
            factors.add(entry, day, person, feelings, done_weeks)
        if entry.urge is None:
            continue
        sig = entry.urge * width + _RESPONSE_CODE[entry.response]
        rated[sig] += 1
        slots[entry.when.hour // 6][sig] += 1
        weekdays[day.weekday()][sig] += 1
        for key in entry.triggers:
            triggers[key][sig] += 1
        if person is not None:
            people[person][sig] += 1
    trigger_rows = []
    for key, hist in triggers.items():
        count, mean, stayed, partly = _figures(hist)
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
        "calm": total.calm,
        "partly_rate": total.partly_rate(),
        "current": until >= today,
        "longest_run": longest_run(days_logged),
        "staying": staying,
        "staying_needed": 0 if staying else factors.needed(),
        "emotions": [
            {"emotion": word, "count": count, "mean_urge": _mean(urge_total, rated_count)}
            for word, (count, rated_count, urge_total) in emotions
        ],
        "quadrants": quadrants,
        "plans": plan_figures(plans, in_period, STAYING_MIN),
        "withdrew_rate": total.withdrew_rate(),
    }


class _Factors(stats._Factors):  # rows() and needed() are as they were
    """What goes with staying present: for each factor value, how many entries with a response
    have it and how many of those stayed; the entries without it are the rest."""

    def __init__(self) -> None:
        self.answered = self.stayed = 0
        self.with_n: Counter[tuple[str, str]] = Counter()
        self.with_stayed: Counter[tuple[str, str]] = Counter()

    def add(
        self,
        entry: Entry,
        day: date,
        person: str | None,
        feelings: Mapping[str, str | None],
        done_weeks: set[str] | None,
    ) -> None:
        keys = {("trigger", key) for key in entry.triggers}
        keys.update(("behavior", key) for key in entry.behaviors)
        keys.update(("quadrant", q) for w in entry.emotions if (q := feelings.get(w)) is not None)
        if person is not None:
            keys.add(("person", person))
        keys.add(("time_of_day", TIMES_OF_DAY[entry.when.hour // 6]))
        keys.add(("weekday", WEEKDAYS[day.weekday()]))
        if done_weeks is not None and week_label(day) in done_weeks:
            keys.add(("challenge", "done"))
        stayed = entry.response == "stayed"
        self.answered += 1
        self.stayed += stayed
        self.with_n.update(keys)
        if stayed:
            self.with_stayed.update(keys)


def calendar(entries: Iterable[Entry], first: date, last: date) -> dict[str, Any]:
    """stats.calendar as it was before issue 16: a _Tally per day, entry by entry."""
    by_day: dict[date, _Tally] = {}
    for entry in entries:
        day = entry.when.date()
        if first <= day <= last:
            by_day.setdefault(day, _Tally()).add(entry)
    rows = []
    for day in sorted(by_day):
        tally = by_day[day]
        highest = tally.urge_max if tally.urge_max is not None else (0 if tally.calm else None)
        rows.append(
            {
                "date": day.isoformat(),
                "entries": tally.count,
                "max_urge": highest,
                "mean_urge": tally.mean_urge(),
                **tally.responses,
            }
        )
    return {"days": rows}
