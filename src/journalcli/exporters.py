"""Markdown, JSON and CSV out: pure functions from entries (and a summary) to text."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from itertools import groupby, islice
from typing import Any

from journalcli.model import FIELDS, Entry

SCHEMA = 3  # of the JSON export (2 adds plans, 3 entries' flagged); importers refuse a newer one
TOP_TRIGGERS = 5

# --- JSON


def _json_list(items: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    # One item per line: readable, diff-friendly, and C-encoded (indent= is pure Python, slow).
    separator = "[\n    "
    for item in items:
        yield separator + json.dumps(item, ensure_ascii=False)
        separator = ",\n    "
    yield "[]" if separator.startswith("[") else "\n  ]"


def json_chunks(
    entries: Iterable[Entry],
    challenges: Sequence[Mapping[str, Any]],
    exported: datetime,
    reviews: Sequence[Mapping[str, Any]] = (),
    plans: Sequence[Mapping[str, Any]] = (),
    redacted: Sequence[str] = (),
) -> Iterator[str]:
    """{"schema", "exported", "entries" (as `list --json`), "challenges", "reviews" (the
    weekly reviews as stored), "plans" (as `plan list --json`)}, one record a line; with
    `redacted` (what was redacted: a copy to share, which import refuses), "redacted" too."""
    yield f'{{\n  "schema": {SCHEMA},\n  "exported": {json.dumps(exported.isoformat())},\n'
    if redacted:
        yield f'  "redacted": {json.dumps(list(redacted))},\n'
    yield '  "entries": '
    yield from _json_list(entry.to_dict() for entry in entries)
    yield ',\n  "challenges": '
    yield from _json_list(challenges)
    yield ',\n  "reviews": '
    yield from _json_list(reviews)
    yield ',\n  "plans": '
    yield from _json_list(plans)
    yield "\n}\n"


# --- CSV

# The entry's public fields in order; `when` gains date and time columns for sorting and
# filtering in a spreadsheet, and the prompt becomes two columns.
_CSV_SPLIT = {"when": ("when", "date", "time"), "prompt": ("prompt_question", "prompt_answer")}
CSV_COLUMNS = tuple(column for name in FIELDS for column in _CSV_SPLIT.get(name, (name,)))
LIST_SEPARATOR = ";"
# A byte-order mark, so that spreadsheets (Excel above all) read the file as UTF-8.
BOM = "\ufeff"
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: str) -> str:
    """Text a spreadsheet could run as a formula gets a leading apostrophe; numbers stay."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # plan_used and flagged, as JSON writes them
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    return guard_cell(str(value))


def _csv_row(entry: Entry) -> list[str]:
    record = entry.to_dict()
    prompt = record.pop("prompt") or {}
    record |= {
        "date": entry.when.date().isoformat(),
        "time": f"{entry.when:%H:%M}",
        "prompt_question": prompt.get("question"),
        "prompt_answer": prompt.get("answer"),
    }
    return [_cell(record[column]) for column in CSV_COLUMNS]


def csv_chunks(
    entries: Iterable[Entry], rows_per_chunk: int = 500, redacted: Sequence[str] = ()
) -> Iterator[str]:
    """A header row, then one row per entry; list fields joined with ';'. With `redacted`,
    a last column "redacted" says on every row what was redacted (names;notes)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    mark = [LIST_SEPARATOR.join(redacted)] if redacted else []
    writer.writerow([*CSV_COLUMNS, *(["redacted"] if redacted else [])])
    for batch in _batched(entries, rows_per_chunk):
        writer.writerows(_csv_row(entry) + mark for entry in batch)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _batched(items: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# --- Markdown
#
# Only our own headings and lists carry structure; every piece of user text is escaped so it
# renders as the plain text that was typed. Escaping is minimal so the raw file reads well.

_INLINE = str.maketrans({char: "\\" + char for char in "\\`*_[]<|~"})
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What makes a line a heading, block quote, list item, thematic break or setext underline.
_LINE_START = re.compile(r"[#>+=-]|\d{1,9}(?=[.)])")


def escape_inline(text: str) -> str:
    """Backslash-escape what could start emphasis, code, a link, HTML, a table or an entity."""
    text = text.translate(_INLINE)  # one pass in C: 10,000 notes stay well under a second
    return _ENTITY.sub(r"\\&", text) if "&" in text else text


def escape_line(line: str) -> str:
    """One line of user text as plain text, wherever it stands in a block."""
    line = escape_inline(line.strip())
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group()[0].isdigit():  # "1." or "1)" would start an ordered list
        end = match.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def paragraphs(text: str) -> list[str]:
    """User text as Markdown paragraphs: blank lines separate, line breaks are kept as hard
    breaks (a trailing backslash), leading and trailing spaces go (they would mean code or
    a hidden line break)."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(escape_line(line))
        elif blocks[-1]:
            blocks.append([])
    return ["\\\n".join(block) for block in blocks if block]


def _long_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{round(rate * 100)}%"


def _summary_lines(summary: Mapping[str, Any], reading: str | None) -> list[str]:
    mean = summary["urge"]["mean"]
    triggers = summary["triggers"][:TOP_TRIGGERS]
    top = ", ".join(f"{escape_inline(row['trigger'])} ({row['count']})" for row in triggers)
    lens = summary["lens"]
    lens_text = (
        ", ".join(f"{group} {_percent(share)}" for group, share in lens.items())
        if any(share is not None for share in lens.values())
        else "-"
    )
    lines = [
        "## Summary",
        "",
        f"- Entries: {summary['entries']}",
        f"- Days logged: {summary['days_logged']} of {summary['days']}",
        f"- Mean urge: {'-' if mean is None else f'{mean:.1f}'} (0-10)",
        f"- Stayed present: {_percent(summary['stayed_rate'])} of recorded responses",
        f"- Top triggers: {top or '-'}",
        f"- Lens: {lens_text}",
    ]
    if reading:
        lines += ["", *paragraphs(reading)]
    return lines


def _entry_heading(entry: Entry) -> str:
    parts = [f"{entry.when:%H:%M}"]
    if entry.urge is not None:
        parts += [f"urge {entry.urge}", entry.response or "response not recorded"]
    elif entry.response:  # unrated entries come from other journals; most have no response
        parts.append(entry.response)
    return "#### " + " · ".join(parts)


def _entry_lines(entry: Entry) -> list[str]:
    facts = [
        ("Triggers", ", ".join(entry.triggers)),
        ("With", entry.with_ or ""),
        ("Behaviors", ", ".join(entry.behaviors)),
        ("Emotions", ", ".join(entry.emotions)),
        ("Tags", ", ".join(entry.tags)),
    ]
    lines = [_entry_heading(entry), ""]
    items = [f"- {label}: {escape_inline(value)}" for label, value in facts if value]
    if entry.prompt:
        question = " ".join(entry.prompt["question"].split())
        items.append(f"- Prompt: {escape_line(question)}")
        answer = paragraphs(entry.prompt["answer"])
        if answer:
            # Continuation paragraphs are indented into the list item.
            body = "\n\n".join(answer).replace("\n", "\n  ")
            items.append(f"- Answer: {body}")
    if items:
        lines += [*items, ""]
    for paragraph in paragraphs(entry.note):
        lines += [paragraph, ""]
    return lines


def _review_lines(review: Mapping[str, Any]) -> list[str]:
    """A week's review, after the week's days."""
    lines = ["### Weekly review", ""]
    items = []
    for label, key in (("Question", "question"), ("Answer", "answer"), ("Note", "note")):
        if key == "question":
            text = " ".join(review[key].split())
            if text and review["answer"]:
                items.append(f"- {label}: {escape_line(text)}")
            continue
        body = paragraphs(review[key])
        if body:
            items.append(f"- {label}: " + "\n\n".join(body).replace("\n", "\n  "))
    if not items:
        items.append("- Reviewed, every question skipped.")
    return [*lines, *items, ""]


def _week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _markdown_blocks(
    entries: Sequence[Entry],
    summary: Mapping[str, Any],
    since: date,
    until: date,
    reading: str | None,
    reviews: Sequence[Mapping[str, Any]] = (),
) -> Iterator[list[str]]:
    yield [
        f"# Journal: {_long_day(since)} to {_long_day(until)}",
        "",
        *_summary_lines(summary, reading),
        "",
    ]
    if not entries:
        yield ["No entries in this period.", ""]
    ordered = sorted(entries, key=lambda e: (e.when.date(), e.when.time(), e.id or 0))
    by_week = {
        key: list(group) for key, group in groupby(ordered, key=lambda e: _week_key(e.when.date()))
    }
    reviewed = {review["week"]: review for review in reviews}
    for label in sorted(by_week.keys() | reviewed.keys()):
        year, week = (int(part) for part in label.split("-W"))
        first = date.fromisocalendar(year, week, 1)
        last = date.fromisocalendar(year, week, 7)
        yield [f"## Week {label}: {_long_day(first)} to {_long_day(last)}", ""]
        for day, in_day in groupby(by_week.get(label, ()), key=lambda e: e.when.date()):
            yield [f"### {_long_day(day)}", ""]
            for entry in in_day:
                yield _entry_lines(entry)
        if label in reviewed:
            yield _review_lines(reviewed[label])


def _lines_out(blocks: Iterable[list[str]]) -> Iterator[str]:
    """'\\n'.join(every line of every block), ending in exactly one newline, a block at a
    time: trailing newlines are held back until more text follows."""
    held = ""
    separator = ""
    for block in blocks:
        if not block:
            continue
        piece = separator + "\n".join(block)
        separator = "\n"
        text = piece.rstrip("\n")
        if text:
            yield held + text
            held = piece[len(text) :]
        else:
            held += piece
    yield "\n"


def markdown_chunks(
    entries: Sequence[Entry],
    summary: Mapping[str, Any],
    since: date,
    until: date,
    reading: str | None = None,
    reviews: Sequence[Mapping[str, Any]] = (),
) -> Iterator[str]:
    """The therapist-ready document: title, summary, then entries by week and day, oldest
    first, each week's review after its days. `summary` is stats.summary() for the same
    period; `reading` the lens reading; `reviews` the weekly reviews of the period. Made a
    piece at a time, so a long journal is never held twice in memory."""
    return _lines_out(_markdown_blocks(entries, summary, since, until, reading, reviews))
