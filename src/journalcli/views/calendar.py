"""`journal calendar`: a year (or a month) in pixels, one glyph per day.

Glyphs carry everything, so the view reads the same without colour; colour, when the terminal
has it, only tints them.
"""

from __future__ import annotations

import calendar as months
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from journalcli.stats import day_response, urge_level
from journalcli.views.stats import _Page, plural

GLYPHS = {"none": "·", "calm": "○", "low": "░", "middle": "▒", "high": "▓"}
MARKS = {"stayed": "+", "partly": "~", None: " "}
STYLES = {"calm": "cyan", "low": "green", "middle": "yellow", "high": "red"}
MARK_STYLES = {"stayed": "bold green", "partly": "green"}
LEGEND = (
    "· nothing recorded  ○ calm (urge 0)  ░ low urge 1-3  ▒ middle 4-6  ▓ high 7-10",
    "+ stayed present at least once  ~ partly, not stayed",
)
LABEL = 4  # "Jan " before a year row


def _cell(day: Mapping[str, Any] | None, future: bool) -> list[tuple[str, str]]:
    """Glyph and mark of one day, two characters, each with its style; blank for days
    still to come."""
    if future:
        return [("  ", "")]
    level = urge_level(day["max_urge"]) if day else "none"
    response = day_response(day) if day else None
    return [
        (GLYPHS[level], STYLES.get(level, "")),
        (MARKS[response], MARK_STYLES.get(response or "", "")),
    ]


def _counts(days: list[Mapping[str, Any]]) -> str:
    stayed = sum(1 for day in days if day_response(day) == "stayed")
    calm = sum(1 for day in days if urge_level(day["max_urge"]) == "calm")
    return f"{plural(len(days), 'day')} with entries; stayed present on {stayed}, calm on {calm}."


def print_year(data: Mapping[str, Any], year: int, today: date) -> None:
    page = _Page()
    by_date = {day["date"]: day for day in data["days"]}
    page.title(f"Calendar {year}")
    page.text(_counts(data["days"]))
    page.blank()
    header = [" "] * (LABEL + 62)
    for number in (1, 5, 10, 15, 20, 25, 30):
        at = LABEL + 2 * (number - 1)
        header[at : at + len(str(number))] = str(number)
    page.text("".join(header).rstrip())
    for month in range(1, 13):
        line = [(f"{months.month_abbr[month]:<{LABEL}}", "")]
        for number in range(1, months.monthrange(year, month)[1] + 1):
            current = date(year, month, number)
            line += _cell(by_date.get(current.isoformat()), current > today)
        page.styled(line)
    page.blank()
    for text in LEGEND:
        page.text(text)
    page.show()


def print_month(data: Mapping[str, Any], year: int, month: int, today: date) -> None:
    page = _Page()
    by_date = {day["date"]: day for day in data["days"]}
    page.title(f"Calendar {months.month_name[month]} {year}")
    page.text(_counts(data["days"]))
    page.blank()
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    page.text("     " + "".join(f"  {name}  " for name in names))
    first = date(year, month, 1)
    start = first - timedelta(days=first.weekday())
    while start.year < year or (start.year == year and start.month <= month):
        line = [(f"W{start.isocalendar()[1]:02d}  ", "")]
        for offset in range(7):
            current = start + timedelta(days=offset)
            if current.month != month:
                line.append(("       ", ""))
                continue
            line.append((f"  {current.day:>2} ", ""))
            line += _cell(by_date.get(current.isoformat()), current > today)
        page.styled(line)
        start += timedelta(days=7)
        if start > date(year, month, months.monthrange(year, month)[1]):
            break
    page.blank()
    for text in LEGEND:
        page.text(text)
    page.show()
