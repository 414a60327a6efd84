"""Views of the pattern: summary, trends and one week, rendered from the plain dicts of stats.

Charts are drawn with block characters, so they read the same with or without colour.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from journalcli.views import EMPTY_HINT, console
from journalcli.views.grid import Column, Grid

_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = "▁▂▃▄▅▆▇█"
NO_DATA = "-"
ADD_HINT = 'Record one with:\n  journal add -u 6 -t closeness -r stayed "what happened"'
REVIEWED = " ✓"  # after a week's label in trends: the week has a review
SLOT_HOURS = {"night": "0-6", "morning": "6-12", "afternoon": "12-18", "evening": "18-24"}


# --- formatting helpers


def bar(value: float | None, scale: float, width: int = 10) -> str:
    """A horizontal bar in eighths of a character; empty for None or 0."""
    if not value or scale <= 0:
        return ""
    eighths = round(min(value / scale, 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


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


def urge(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:.1f}"


def percent(value: float | None) -> str:
    return NO_DATA if value is None else f"{value * 100:.0f}%"


def _short_day(text: str) -> str:
    return f"{date.fromisoformat(text):%a %b %d}"


class _Page:
    """The parts of one view, printed in one go (one Rich render pass instead of dozens)."""

    def __init__(self) -> None:
        self.parts: list[RenderableType] = []

    def title(self, text: str) -> None:
        self.parts.append(Text(text, style="bold"))

    def heading(self, text: str) -> None:
        self.parts += [Text(""), Text(text, style="bold")]

    def text(self, text: str) -> None:
        self.parts.append(Text(text))

    def blank(self) -> None:
        self.parts.append(Text(""))

    def add(self, renderable: RenderableType) -> None:
        self.parts.append(renderable)

    def show(self) -> None:
        console().print(Group(*self.parts))


def _reading_text(key: str | None) -> str | None:
    from journalcli import content

    item = content.load("readings").get(key) if key else None
    return item["text"] if item else None


def _render(
    build: Callable[[_Page, Mapping[str, Any]], None], data: Mapping[str, Any], journal_empty: bool
) -> None:
    """Build one view and print it; an empty journal gets the first-entry hint instead."""
    page = _Page()
    if journal_empty:
        page.text(EMPTY_HINT)
    else:
        build(page, data)
    page.show()


# --- summary


def print_summary(data: Mapping[str, Any], *, journal_empty: bool = False) -> None:
    _render(_summary, data, journal_empty)


def _summary(page: _Page, data: Mapping[str, Any]) -> None:
    title = f"Summary {data['since']} to {data['until']} ({data['days']} days)"
    page.title(title)
    if not data["entries"]:
        page.text(f"No entries in this period (--all covers the whole journal). {ADD_HINT}")
        return
    _overview(page, data)
    if data["triggers"]:
        _triggers(page, data["triggers"])
    if data["with"]:
        page.heading("Who it was with")
        table = Grid(Column("with"), Column("times", "right"), Column("mean urge", "right"))
        for row in data["with"]:
            table.add_row(row["with"], str(row["count"]), urge(row["mean_urge"]))
        page.add(table)
    if data["behaviors"]:
        _counts(page, "How the distancing showed", data["behaviors"], "behavior")
    if data["rated"]:
        _when(page, data)
    _lens(page, data)
    _next_step(page, data["next_step"], data["triggers"])


def _urge_text(figures: Mapping[str, Any]) -> str:
    if figures["max"] is None:
        return "no ratings"
    return f"mean {urge(figures['mean'])}, highest {figures['max']} (of 10)"


def _responses_text(responses: Mapping[str, int]) -> str:
    return (
        f"withdrew {responses['withdrew']}, stayed {responses['stayed']}, "
        f"partly {responses['partly']}, not recorded {responses['unrecorded']}"
    )


def _overview(page: _Page, data: Mapping[str, Any]) -> None:
    responses = data["responses"]
    answered = responses["withdrew"] + responses["stayed"] + responses["partly"]
    rows = [
        ("entries", f"{data['entries']} on {data['days_logged']} of {data['days']} days"),
        ("urge", _urge_text(data["urge"])),
        ("responses", _responses_text(responses)),
        (
            "stayed present",
            f"{percent(data['stayed_rate'])} of the {answered} times you noted what you did"
            if answered
            else "no responses recorded yet",
        ),
        ("streak", f"{data['streak']} day{'s' if data['streak'] != 1 else ''} in a row"),
    ]
    grid = Grid(Column(style="bold"), Column(wrap=True), gap=2, show_header=False)
    for label, value in rows:
        grid.add_row(label, value)
    page.blank()
    page.add(grid)


def _triggers(page: _Page, rows: Sequence[Mapping[str, Any]]) -> None:
    page.heading("What set it off")
    table = Grid(
        Column("trigger"),
        Column("times", "right"),
        Column("mean urge", "right"),
        Column("stayed", "right"),
        Column(),
    )
    top = max(row["count"] for row in rows)
    for row in rows:
        table.add_row(
            row["trigger"],
            str(row["count"]),
            urge(row["mean_urge"]),
            percent(row["stayed_rate"]),
            bar(row["count"], top, 20),
        )
    page.add(table)


def _counts(page: _Page, title: str, rows: Sequence[Mapping[str, Any]], key: str) -> None:
    page.heading(title)
    table = Grid(Column(key), Column("times", "right"), Column())
    top = max(row["count"] for row in rows)
    for row in rows:
        table.add_row(row[key], str(row["count"]), bar(row["count"], top, 20))
    page.add(table)


def _when(page: _Page, data: Mapping[str, Any]) -> None:
    page.heading("When the urges came")
    slots, days = data["time_of_day"], data["weekdays"]
    top = max(max(s["count"] for s in slots.values()), max(d["count"] for d in days.values()))
    table = Grid(Column(), Column("times", "right"), Column("mean urge", "right"), Column())
    for name, slot in slots.items():
        label = f"{name} ({SLOT_HOURS.get(name, '')})"
        table.add_row(label, str(slot["count"]), urge(slot["mean_urge"]), bar(slot["count"], top))
    table.add_row()
    for name, day in days.items():
        table.add_row(
            name.capitalize(), str(day["count"]), urge(day["mean_urge"]), bar(day["count"], top)
        )
    page.add(table)


def _lens(page: _Page, data: Mapping[str, Any]) -> None:
    lens = data["lens"]
    if all(share is None for share in lens.values()):
        return
    page.heading("Lens: what the urges followed (share of all triggers)")
    table = Grid(Column(), Column(justify="right"), Column(), show_header=False)
    for group, share in lens.items():
        table.add_row(group, percent(share), bar(share, 1.0, 30))
    page.add(table)
    text = _reading_text(data.get("reading"))
    if text:
        page.blank()
        page.text(text)


def _next_step(page: _Page, step_id: str | None, triggers: Sequence[Mapping[str, Any]]) -> None:
    """The suggested step, with one concrete thing to try (for the top trigger if it has one)."""
    from journalcli import content

    step = next((s for s in content.steps() if s.key == step_id), None)
    if step is None:
        return
    page.heading(f"A next step to consider: {step.title}")
    page.text(step.summary)
    known = content.triggers()
    top = triggers[0]["trigger"] if triggers else None
    if step.key == "challenge-instincts" and top in known:
        page.text(f"After {top}: {known[top].challenge}")
    else:
        page.text(f"To try: {step.actions[0]}")
    page.text(f"More: journal steps {step.key}")


# --- trends


def print_trends(data: Mapping[str, Any], *, journal_empty: bool = False) -> None:
    _render(_trends, data, journal_empty)


def _trends(page: _Page, data: Mapping[str, Any]) -> None:
    weeks = data["weeks"]
    first, last = weeks[0], weeks[-1]
    page.title(f"Trends: {first['week']} to {last['week']} (from {first['start']})")
    table = Grid(
        Column("week"),
        Column("entries", "right"),
        Column("days", "right"),
        Column("mean urge", "right"),
        Column(),
        Column("stayed", "right"),
        Column(),
        Column("top trigger"),
        Column("challenge"),
    )
    for row in weeks:
        table.add_row(
            row["week"] + (REVIEWED if row.get("reviewed") else ""),
            str(row["entries"]),
            str(row["days_logged"]),
            urge(row["mean_urge"]),
            bar(row["mean_urge"], 10, 8),
            percent(row["stayed_rate"]),
            bar(row["stayed_rate"], 1.0, 8),
            row["top_trigger"] or NO_DATA,
            "done" if row["challenge_done"] else NO_DATA,
        )
    page.blank()
    page.add(table)
    page.blank()
    urges = sparkline([row["mean_urge"] for row in weeks], 10)
    stayed = sparkline([row["stayed_rate"] for row in weeks], 1.0)
    page.text(f"mean urge       {urges}  (0 to 10, oldest week first; · no ratings)")
    page.text(f"stayed present  {stayed}  (0 to 100%)")
    if any(row.get("reviewed") for row in weeks):
        page.text(f"{REVIEWED.strip()} the week was reviewed (journal review)")
    page.blank()
    page.text(_closing_line(data.get("change"), weeks))


def _closing_line(change: Mapping[str, Any] | None, weeks: Sequence[Mapping[str, Any]]) -> str:
    """Compares the first and the last week that have urge ratings."""
    if change is None:
        if any(row["mean_urge"] is not None for row in weeks):
            return "Only one of these weeks has urge ratings; a comparison needs two."
        return f"No urge ratings in these weeks yet. {ADD_HINT}"
    stayed, mean = change["stayed_rate"], change["mean_urge"]
    if stayed["change"] is None:
        stayed_text = "stayed present: not comparable (no responses recorded in one of them)"
    else:
        stayed_text = (
            f"stayed present went from {percent(stayed['first'])} to "
            f"{percent(stayed['last'])} ({round(stayed['change'] * 100):+d} points)"
        )
    return (
        f"{change['first_week']} compared with {change['last_week']}: {stayed_text}; "
        f"mean urge went from {urge(mean['first'])} to {urge(mean['last'])} "
        f"({mean['change']:+.1f})."
    )


# --- week


def print_week(data: Mapping[str, Any], *, journal_empty: bool = False) -> None:
    _render(_week, data, journal_empty)


def _week(page: _Page, data: Mapping[str, Any]) -> None:
    page.title(f"Week {data['week']}: {_short_day(data['start'])} to {_short_day(data['end'])}")
    if not data["totals"]["entries"]:
        page.text(f"No entries in this week. {ADD_HINT}")
        return
    table = Grid(
        Column("day"),
        Column("day mean", "right"),
        Column("time"),
        Column("urge", "right"),
        Column("triggers", max_width=24, wrap=True),
        Column("response"),
        Column("with", max_width=12),
    )
    for day in data["days"]:
        label = _short_day(day["date"])
        if not day["entries"]:
            table.add_row(label, NO_DATA, "", "", "no entries", "", "")
        for index, entry in enumerate(day["entries"]):
            table.add_row(
                label if index == 0 else "",
                urge(day["mean_urge"]) if index == 0 else "",
                entry["time"],
                NO_DATA if entry["urge"] is None else str(entry["urge"]),
                ", ".join(entry["triggers"]) or NO_DATA,
                entry["response"] or NO_DATA,
                entry["with"] or "",
            )
    page.blank()
    page.add(table)
    totals = data["totals"]
    page.blank()
    page.text(
        f"{totals['entries']} entries on {totals['days_logged']} of 7 days; "
        f"urge: {_urge_text(totals['urge'])}.",
    )
    page.text(
        f"{_responses_text(totals['responses'])}; stayed present {percent(totals['stayed_rate'])}.",
    )
