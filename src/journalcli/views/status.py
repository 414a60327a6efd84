"""Today at a glance (`journal`, `journal status`) and its one line for a shell start-up file.

Plain text, no Rich: this runs at every terminal's start, and a few short lines need no
layout engine. Everything fits 80 columns (a long note or title is cut with "…").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

WIDTH = 80
LABEL = 11  # the width of the labels column

# The next step, by the key today.next_step gives ({week}: last week).
NEXT = {
    "review": "Next: journal review, to look back on last week ({week}).",
    "add": "Next: journal add (nothing recorded today yet).",
    "challenge": 'Next: this week\'s challenge; once done: journal challenge done "how it went".',
    None: "Next: nothing more today; this week's challenge is done.",
}


def _cut(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: max(width - 1, 0)].rstrip() + "…"


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _entry_brief(entry: Mapping[str, Any]) -> str:
    """'18:30, urge 4, stress, stayed, with Sam'."""
    parts = [entry["when"][11:16]]
    parts.append(f"urge {entry['urge']}" if entry["urge"] is not None else "no urge rating")
    if entry["triggers"]:
        parts.append(", ".join(entry["triggers"]))
    if entry["response"]:
        parts.append(entry["response"])
    if entry["with"]:
        parts.append(f"with {entry['with']}")
    return ", ".join(parts)


def _challenge_name(challenge: Mapping[str, Any]) -> str:
    return challenge["title"] or f"{challenge['id']} (no longer in your prompt files)"


def status_lines(data: Mapping[str, Any]) -> list[str]:
    """The status view as lines of at most 80 columns."""
    today = date.fromisoformat(data["date"])
    rows: list[tuple[str, str]] = []
    last = data["last_entry"]
    if last is None:
        since = data["last_day"]
        recorded = "nothing recorded yet"
        if since is not None:
            recorded += f" (last entry {date.fromisoformat(since):%A %d %B %Y})"
        rows.append(("Today", recorded))
    else:
        rows.append(("Today", _count(data["entries_today"], "entry", "entries")))
        rows.append(("", f"the last: {_entry_brief(last)}"))
        if last["note"]:
            rows.append(("", f'"{last["note"]}"'))
    streak = data["streak"]
    rows.append(("Streak", f"{_count(streak, 'day', 'days')} in a row" if streak else "none yet"))
    challenge = data["challenge"]
    done = "done" if challenge["done"] else "not done yet"
    rows.append(("Challenge", f"{_challenge_name(challenge)} ({done})"))
    reviewed = "reviewed" if data["last_week_reviewed"] else "not reviewed yet"
    rows.append(("Last week", f"{data['last_week']} {reviewed}"))
    lines = [f"{today:%A %d %B %Y}, week {data['week']}", ""]
    lines += [f"{label:<{LABEL}}{_cut(text, WIDTH - LABEL)}" for label, text in rows]
    lines.append("")
    lines.append(NEXT[data["next"]].format(week=data["last_week"]))
    return lines


def short_line(data: Mapping[str, Any]) -> str:
    """`journal: nothing recorded today · 4-day streak · challenge: Phone out of reach (not
    done)`, plus the review when it is the next step; within WIDTH columns (a long challenge
    title is left out first, then the challenge, then the review is said in fewer words)."""
    count = data["entries_today"]
    parts = [f"{_count(count, 'entry', 'entries')} today" if count else "nothing recorded today"]
    if data["streak"]:
        parts.append(f"{data['streak']}-day streak")
    challenge = data["challenge"]
    done = "done" if challenge["done"] else "not done"
    review = data["next"] == "review"
    forms = []
    for form in ("full", "untitled", "none"):
        chosen = list(parts)
        if form == "full":
            chosen.append(f"challenge: {_challenge_name(challenge)} ({done})")
        elif form == "untitled":
            chosen.append(f"challenge {done}")
        if review:
            chosen.append(f"{data['last_week']} not reviewed: journal review")
        forms.append(chosen)
    if review:
        forms.append([*parts, f"review {data['last_week']}: journal review"])
        forms.append([*parts, "last week: journal review"])
    lines = ["journal: " + " · ".join(chosen) for chosen in forms]
    title = _challenge_name(challenge)
    over = len(lines[0]) - WIDTH
    if 0 < over <= len(title) - 12:  # cut the title with "…" while enough of it is left
        lines.insert(1, lines[0].replace(title, _cut(title, len(title) - over), 1))
    return next((line for line in lines if len(line) <= WIDTH), lines[-1])
