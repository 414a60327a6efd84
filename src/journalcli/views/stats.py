"""Views of the pattern: summary, trends and one week, rendered from the plain dicts of stats.

Charts are drawn with block characters, so they read the same with or without colour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from journalcli.stats import SLOT_HOURS, STAYING_MIN, sparkline, staying_key
from journalcli.stats import factor_label as _factor_label
from journalcli.views import console, empty_hint, plain
from journalcli.views.grid import Column, Grid

if TYPE_CHECKING:
    from rich.console import RenderableType

_EIGHTHS = " ▏▎▍▌▋▊▉"
NO_DATA = "-"
ADD_HINT = 'Record one with:\n  journal add -u 6 -t closeness -r stayed "what happened"'
REVIEWED = " ✓"  # after a week's label in trends: the week has a review


# --- formatting helpers


def bar(value: float | None, scale: float, width: int = 10) -> str:
    """A horizontal bar in eighths of a character; empty for None or 0."""
    if not value or scale <= 0:
        return ""
    eighths = round(min(value / scale, 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def plural(count: int, word: str, words: str | None = None) -> str:
    """ "1 entry", "2 entries", "0 days"."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def points(change: float) -> str:
    """A difference between two rates, in percentage points."""
    return f"{round(change * 100):+d} points"


def urge(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:.1f}"


def percent(value: float | None) -> str:
    return NO_DATA if value is None else f"{value * 100:.0f}%"


def _short_day(text: str) -> str:
    return f"{date.fromisoformat(text):%a %b %d}"


class _Line(NamedTuple):
    """A paragraph of a page: a rich.text.Text when Rich prints it, bold or with a style on
    some stretches (start, end, style) of its text."""

    text: str
    bold: bool = False
    spans: tuple[tuple[int, int, str], ...] = ()

    def rich(self) -> Any:
        from rich.text import Text

        text = Text(self.text, style="bold" if self.bold else "")
        for start, end, style in self.spans:
            text.stylize(style, start, end)
        return text


class _Page:
    """The parts of one view, printed in one go (one Rich render pass instead of dozens), or
    as plain lines where Rich would style nothing and every part can be laid out without it
    (views.plain)."""

    def __init__(self) -> None:
        self.parts: list[_Line | Grid | RenderableType] = []

    def title(self, text: str) -> None:
        self.parts.append(_Line(text, bold=True))

    def heading(self, text: str) -> None:
        self.parts += [_Line(""), _Line(text, bold=True)]

    def text(self, text: str) -> None:
        self.parts.append(_Line(text))

    def blank(self) -> None:
        self.parts.append(_Line(""))

    def styled(self, pieces: Iterable[tuple[str, str]]) -> None:
        """A paragraph of pieces of text, each with its style ("" for none)."""
        spans = []
        at = 0
        for text, style in pieces:
            if style:
                spans.append((at, at + len(text), style))
            at += len(text)
        self.parts.append(_Line("".join(text for text, _ in pieces), spans=tuple(spans)))

    def add(self, renderable: Grid | RenderableType) -> None:
        self.parts.append(renderable)

    def show(self) -> None:
        if plain.stdout_is_plain():
            lines = self.plain_lines(plain.width())
            if lines is not None:
                plain.write_lines(lines)
                return
        from rich.console import Group

        parts = [part.rich() if isinstance(part, _Line) else part for part in self.parts]
        console().print(Group(*parts))  # console() ends no line in spaces

    def plain_lines(self, room: int) -> list[str] | None:
        """The page as Rich prints it without styles, or None where Rich must lay it out."""
        lines: list[str] = []
        for part in self.parts:
            if isinstance(part, _Line):
                drawn = plain.text_lines(part.text, room)
            elif isinstance(part, Grid):
                drawn = part.plain_lines(room)
            else:
                drawn = None
            if drawn is None:
                return None
            lines += drawn
        return lines


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
        page.text(empty_hint())
    else:
        build(page, data)
    page.show()


# --- summary


def print_summary(data: Mapping[str, Any], *, journal_empty: bool = False) -> None:
    _render(_summary, data, journal_empty)


def _summary(page: _Page, data: Mapping[str, Any]) -> None:
    title = f"Summary {data['since']} to {data['until']} ({plural(data['days'], 'day')})"
    page.title(title)
    if not data["entries"]:
        page.text(f"No entries in this period (--all covers the whole journal). {ADD_HINT}")
        return
    _overview(page, data)
    if data["triggers"]:
        _triggers(page, data["triggers"])
    if data["with"]:
        _people(page, data["with"])
    if data["behaviors"]:
        _counts(page, "How the distancing showed", data["behaviors"], "behavior")
    if data["rated"]:
        _when(page, data)
    _feelings(page, data)
    _staying(page, data)
    if data.get("plans"):
        _plans(page, data["plans"])
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
        ("entries", f"{data['entries']} on {data['days_logged']} of {plural(data['days'], 'day')}"),
    ]
    if data["calm"]:
        rows.append(("calm", f"{plural(data['calm'], 'check-in')} with no urge (urge 0)"))
    rows += [
        ("urge", _urge_text(data["urge"])),
        ("responses", _responses_text(responses)),
        (
            "stayed present",
            f"{percent(data['stayed_rate'])}, partly {percent(data['partly_rate'])}, of the "
            f"{plural(answered, 'time')} you noted what you did"
            if answered
            else "no responses recorded yet",
        ),
    ]
    if data["current"]:
        rows.append(("streak", f"{plural(data['streak'], 'day')} in a row"))
    rows.append(("longest run", f"{plural(data['longest_run'], 'day')} in a row in this period"))
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
        Column("partly", "right"),
        Column(drop=1),
    )
    top = max(row["count"] for row in rows)
    for row in rows:
        table.add_row(
            row["trigger"],
            str(row["count"]),
            urge(row["mean_urge"]),
            percent(row["stayed_rate"]),
            percent(row["partly_rate"]),
            bar(row["count"], top, 20),
        )
    page.add(table)


def _people(page: _Page, rows: Sequence[Mapping[str, Any]]) -> None:
    page.heading("Who it was with")
    table = Grid(
        Column("with"),
        Column("times", "right"),
        Column("mean urge", "right"),
        Column("stayed", "right"),
        Column("partly", "right"),
    )
    for row in rows:
        table.add_row(
            row["with"],
            str(row["count"]),
            urge(row["mean_urge"]),
            percent(row["stayed_rate"]),
            percent(row["partly_rate"]),
        )
    page.add(table)


QUADRANT_ROWS = (("high energy", "high"), ("low energy", "low"))
SHOWN_FEELINGS = 10


def _feelings(page: _Page, data: Mapping[str, Any]) -> None:
    words = data["emotions"]
    if not words:
        return
    page.heading("Feelings recorded")
    table = Grid(Column("feeling"), Column("times", "right"), Column("mean urge", "right"))
    for row in words[:SHOWN_FEELINGS]:
        table.add_row(row["emotion"], str(row["count"]), urge(row["mean_urge"]))
    page.add(table)
    if len(words) > SHOWN_FEELINGS:
        page.text(f"and {plural(len(words) - SHOWN_FEELINGS, 'other word')} (--json has all)")
    page.blank()
    grid = Grid(Column(), Column("unpleasant", "right"), Column("pleasant", "right"))
    quadrants = data["quadrants"]
    for label, energy in QUADRANT_ROWS:
        grid.add_row(
            label,
            str(quadrants[f"{energy}_unpleasant"]),
            str(quadrants[f"{energy}_pleasant"]),
        )
    page.add(grid)
    page.text("(words recorded; a word at 0 on either axis is in no quadrant)")


def _staying(page: _Page, data: Mapping[str, Any]) -> None:
    from journalcli import content

    texts = content.load("readings")
    rows = data["staying"]
    page.heading("What goes with staying present")
    if not rows:
        text = texts["staying-few"]["text"]
        page.text(text.format(min=STAYING_MIN, needed=data["staying_needed"]))
        return
    page.text(texts["staying"]["text"].format(min=STAYING_MIN))
    table = Grid(
        Column("with this", wrap=True),
        Column("stayed", "right"),
        Column("of", "right"),
        Column("without", "right"),
        Column("of", "right"),
        Column("difference", "right"),
    )
    for row in rows:
        table.add_row(
            _factor_label(row),
            percent(row["with"]["stayed_rate"]),
            str(row["with"]["n"]),
            percent(row["without"]["stayed_rate"]),
            str(row["without"]["n"]),
            f"{round(row['difference'] * 100):+d}",
        )
    page.blank()
    page.add(table)
    top = rows[0]
    sentence = texts[staying_key(top["difference"])]["text"].format(value=_factor_label(top))
    with_, without = top["with"], top["without"]
    page.blank()
    page.text(
        f"{sentence}: {percent(with_['stayed_rate'])} of {plural(with_['n'], 'time')} with it, "
        f"{percent(without['stayed_rate'])} of {without['n']} without."
    )


def _plans(page: _Page, rows: Sequence[Mapping[str, Any]]) -> None:
    """Each if-then plan: its entries, how often used, and (with enough on each side) how
    often you stayed present when you used it and when you did not."""
    from journalcli import content

    texts = content.load("readings")
    page.heading("Your if-then plans")
    compared = any(row["compared"] for row in rows)
    page.text(texts["plans" if compared else "plans-few"]["text"].format(min=STAYING_MIN))
    table = Grid(
        Column("plan", wrap=True),
        Column("entries", "right"),
        Column("used", "right"),
        Column("not", "right"),
        Column("stayed used", "right"),
        Column("stayed not", "right"),
    )
    for row in rows:
        who = f" with {row['with']}" if row["with"] else ""
        table.add_row(
            f"{row['id']}. if {row['trigger']}{who}: {row['text']}",
            str(row["entries"]),
            str(row["used"]),
            str(row["not_used"]),
            percent(row["used_stayed_rate"]) if row["compared"] else "-",
            percent(row["not_used_stayed_rate"]) if row["compared"] else "-",
        )
    page.blank()
    page.add(table)


def _counts(page: _Page, title: str, rows: Sequence[Mapping[str, Any]], key: str) -> None:
    page.heading(title)
    table = Grid(Column(key), Column("times", "right"), Column(drop=1))
    top = max(row["count"] for row in rows)
    for row in rows:
        table.add_row(row[key], str(row["count"]), bar(row["count"], top, 20))
    page.add(table)


def _when(page: _Page, data: Mapping[str, Any]) -> None:
    page.heading("When the urges came")
    slots, days = data["time_of_day"], data["weekdays"]
    top = max(max(s["count"] for s in slots.values()), max(d["count"] for d in days.values()))
    table = Grid(Column(), Column("times", "right"), Column("mean urge", "right"), Column(drop=1))
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
    table = Grid(Column(), Column(justify="right"), Column(drop=1), show_header=False)
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


IN_PROGRESS = "*"


def _trends(page: _Page, data: Mapping[str, Any]) -> None:
    weeks = data["weeks"]
    first, last = weeks[0], weeks[-1]
    page.title(f"Trends: {first['week']} to {last['week']} (from {first['start']})")
    table = Grid(
        Column("week"),
        Column("ent", "right"),
        Column("days", "right"),
        Column("urge", "right"),
        Column(drop=2),
        Column("stay", "right"),
        Column(drop=1),
        Column("part", "right"),
        Column("top trigger", wrap=True),
        Column("chal"),
    )
    for row in weeks:
        top = row["top_triggers"]
        table.add_row(
            row["week"]
            + (IN_PROGRESS if row["in_progress"] else "")
            + (REVIEWED if row.get("reviewed") else ""),
            str(row["entries"]),
            str(row["days_logged"]),
            urge(row["mean_urge"]),
            bar(row["mean_urge"], 10, 8),
            percent(row["stayed_rate"]),
            bar(row["stayed_rate"], 1.0, 8),
            percent(row["partly_rate"]),
            f"{top[0]} +{len(top) - 1}" if len(top) > 1 else (top[0] if top else NO_DATA),
            "done" if row["challenge_done"] else NO_DATA,
        )
    page.blank()
    page.add(table)
    page.blank()
    page.text(
        f"ent entries, urge mean urge (0 to 10), stay and part: stayed present and partly, of "
        f"the times you noted what you did; top trigger +N: N more tied; chal: the week's "
        f"challenge done; {IN_PROGRESS} this week, in progress."
    )
    page.blank()
    spark = Grid(Column(style="bold"), Column(), gap=2, show_header=False)
    for label, key, scale in (
        ("mean urge", "mean_urge", 10),
        ("stayed present", "stayed_rate", 1.0),
        ("partly", "partly_rate", 1.0),
    ):
        spark.add_row(label, _sparkline_weeks(weeks, key, scale))
    page.add(spark)
    page.text(
        "Oldest week first, from 0 to 10 (urge) or 0 to 100%; · no data; the mark set apart "
        "is this week, in progress."
    )
    if any(row.get("reviewed") for row in weeks):
        page.text(f"{REVIEWED.strip()} the week was reviewed (journal review)")
    page.blank()
    page.text(_closing_line(data.get("change"), weeks))


def _sparkline_weeks(weeks: Sequence[Mapping[str, Any]], key: str, scale: float) -> str:
    """One mark per week; the week in progress is set apart by a space."""
    marks = sparkline([row[key] for row in weeks], scale)
    return "".join(
        f" {mark}" if row["in_progress"] else mark for mark, row in zip(marks, weeks, strict=True)
    )


def _closing_line(change: Mapping[str, Any] | None, weeks: Sequence[Mapping[str, Any]]) -> str:
    """Compares the earliest and the latest complete week with data."""
    from journalcli.stats import has_data

    if change is None:
        complete = sum(1 for row in weeks if has_data(row) and not row["in_progress"])
        if not complete and not any(has_data(row) for row in weeks):
            return f"No urge ratings or responses in these weeks yet. {ADD_HINT}"
        which = "Only one complete week" if complete else "No complete week"
        return (
            f"{which} here has urge ratings or responses; a comparison needs two "
            f"(this week is still in progress)."
        )
    stayed, partly, mean = change["stayed_rate"], change["partly_rate"], change["mean_urge"]
    if stayed["change"] is None:
        stayed_text = "stayed present: not comparable (no responses recorded in one of them)"
    else:
        stayed_text = (
            f"stayed present went from {percent(stayed['first'])} to "
            f"{percent(stayed['last'])} ({points(stayed['change'])}), partly from "
            f"{percent(partly['first'])} to {percent(partly['last'])} "
            f"({points(partly['change'])})"
        )
    if mean["change"] is None:
        mean_text = "mean urge: not comparable (no urge ratings in one of them)"
    else:
        mean_text = (
            f"mean urge went from {urge(mean['first'])} to {urge(mean['last'])} "
            f"({mean['change']:+.1f})"
        )
    return (
        f"{change['first_week']} compared with {change['last_week']} (complete weeks): "
        f"{stayed_text}; {mean_text}."
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
        Column("with", max_width=12, wrap=True),
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
                entry["person"] or "",
            )
    page.blank()
    page.add(table)
    totals = data["totals"]
    page.blank()
    calm = f" ({plural(totals['calm'], 'calm check-in')})" if totals["calm"] else ""
    page.text(
        f"{plural(totals['entries'], 'entry', 'entries')} on {totals['days_logged']} of 7 days"
        f"{calm}; urge: {_urge_text(totals['urge'])}.",
    )
    page.text(
        f"{_responses_text(totals['responses'])}; stayed present "
        f"{percent(totals['stayed_rate'])}, partly {percent(totals['partly_rate'])}.",
    )
