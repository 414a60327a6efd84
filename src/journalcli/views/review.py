"""Views of the weekly review: the week beside the week before, its challenge, its question,
the choice of next week's challenge, and the list of weeks reviewed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from rich.markup import escape

from journalcli import content
from journalcli.content import Challenge
from journalcli.views import console
from journalcli.views.grid import Column, Grid

NO_DATA = "-"
TOP = 3  # triggers and people shown per week


def _text(out: Any, text: str, style: str | None = None) -> None:
    out.print(escape(text), style=style, highlight=False)


def _urge(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:.1f}"


def _top(rows: Sequence[Mapping[str, Any]], key: str) -> str:
    return ", ".join(f"{row[key]} {row['count']}" for row in rows[:TOP]) or NO_DATA


def _span(week: Mapping[str, Any]) -> str:
    first, last = date.fromisoformat(week["since"]), date.fromisoformat(week["until"])
    return f"{first:%d %b} to {last:%d %b}"


def challenge_name(key: str, challenge: Challenge | None) -> str:
    return challenge.title if challenge else f"{key} (no longer in your prompt files)"


def print_figures(figures: Mapping[str, Any]) -> None:
    """Step 1: the week's figures beside the week before's."""
    out = console()
    week, before = figures["week"], figures["before"]
    _text(out, f"Week {week['week']} ({_span(week)}), beside the week before", "bold")
    grid = Grid(
        Column(style="bold"),
        Column(week["week"], max_width=33, wrap=True),
        Column(before["week"], max_width=33, wrap=True),
        gap=2,
    )
    rows = [
        ("entries", lambda w: str(w["entries"])),
        ("days", lambda w: f"{w['days_logged']} of 7"),
        ("calm", lambda w: str(w["calm"])),
        ("mean urge", lambda w: _urge(w["urge"]["mean"])),
        ("stayed", lambda w: str(w["responses"]["stayed"])),
        ("partly", lambda w: str(w["responses"]["partly"])),
        ("withdrew", lambda w: str(w["responses"]["withdrew"])),
        ("triggers", lambda w: _top(w["triggers"], "trigger")),
        ("with", lambda w: _top(w["with"], "with")),
    ]
    for label, cell in rows:
        grid.add_row(label, cell(week), cell(before))
    out.print(grid)


def print_challenge(
    week: str, record: Mapping[str, Any], challenge: Challenge | None, *, asking: bool
) -> None:
    """Step 2: the week's challenge and whether it is done."""
    out = console()
    out.print()
    _text(out, f"The challenge of {week}: {challenge_name(record['challenge'], challenge)}", "bold")
    if record["done"]:
        note = f" {record['note']}" if record.get("note") else ""
        _text(out, f"Marked done on {record['done_at'][:10]}.{note}")
    elif not asking:
        _text(out, "Not marked done.")


def print_question(question: str, answer: str | None) -> None:
    """Step 3: the week's reflection question, and the answer given before, if any."""
    out = console()
    out.print()
    _text(out, question, "bold")
    if answer:
        _text(out, f"Your answer so far: {answer}")


def print_next(
    week: str,
    current: str,
    others: Sequence[str],
    catalogue: Mapping[str, Challenge],
    *,
    done: bool,
) -> None:
    """Step 4: the challenge of the week now starting, and three others to pick from."""
    out = console()
    out.print()
    _text(
        out,
        f"This week's challenge ({week}): {challenge_name(current, catalogue.get(current))}",
        "bold",
    )
    if done:
        _text(out, "Already done this week.")
        return
    for number, key in enumerate(others, 1):
        _text(out, f"  {number}. {challenge_name(key, catalogue.get(key))}")


def print_week(
    figures: Mapping[str, Any],
    record: Mapping[str, Any],
    challenge: Challenge | None,
    question: str,
    stored: Mapping[str, Any] | None,
    *,
    saved: bool,
) -> None:
    """The week as it stands: figures, challenge, question and the stored review."""
    print_figures(figures)
    week = figures["week"]["week"]
    print_challenge(week, record, challenge, asking=False)
    print_question(stored["question"] if stored else question, None)
    out = console()
    if stored:
        _text(out, f"Answer: {stored['answer'] or NO_DATA}")
        if stored["note"]:
            _text(out, f"Note: {stored['note']}")
    out.print()
    if saved:
        _text(out, f"Saved the review of week {week}.")
    elif stored:
        _text(
            out, f"Reviewed on {stored['updated'][:10]}. {content.notice('review-nothing-saved')}"
        )
    else:
        _text(out, f"Not reviewed yet. {content.notice('review-nothing-saved')}")


def print_list(rows: Sequence[Mapping[str, Any]]) -> None:
    out = console()
    if not rows:
        _text(out, "No week reviewed yet; journal review looks back at the last one.")
        return
    grid = Grid(
        Column("week"),
        Column("reviewed"),
        Column("challenge"),
        Column("answer", max_width=50),
    )
    for row in rows:
        answer = " ".join(row["answer"].split())
        if len(answer) > 50:
            answer = answer[:49] + "…"
        grid.add_row(
            row["week"],
            row["updated"][:10],
            "done" if row["challenge_done"] else NO_DATA,
            answer or NO_DATA,
        )
    out.print(grid)
    count = len(rows)
    _text(out, f"{count} {'week' if count == 1 else 'weeks'} reviewed.")


def print_weekly_question(question: str) -> None:
    """`journal prompt --for weekly`: the question, and where a weekly answer belongs."""
    out = console()
    _text(out, question, "bold")
    out.print()
    _text(out, content.notice("review-hint"))
    out.print()
    _text(out, content.notice("disclaimer"), "dim")
