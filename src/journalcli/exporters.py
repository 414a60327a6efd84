"""Markdown, JSON and CSV out: pure functions from entries (and a summary) to text."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from itertools import groupby, islice
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from journalcli.model import FIELDS, Entry

if TYPE_CHECKING:
    from journalcli.brief import Brief

SCHEMA = 3  # of the JSON export (2 adds plans, 3 entries' flagged); importers refuse a newer one

# --- JSON


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _json_list(items: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    # One item per line: readable, diff-friendly, and C-encoded (indent= is pure Python, slow).
    separator = "[\n    "
    encode = _ENCODER.encode  # json.dumps(item, ensure_ascii=False), without a new encoder each
    for item in items:
        yield separator + encode(item)
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
    # Most cells are text that needs no guard: only the others go through _cell.
    values = map(record.__getitem__, CSV_COLUMNS)
    return [
        value if type(value) is str and not value.startswith(_FORMULA_START) else _cell(value)
        for value in values
    ]


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
_LINE_FIRST = frozenset("#>+=-0123456789")  # its first character, if ASCII
_SPECIAL = re.compile(r"[\\`*_\[\]<|~&]")  # any character escape_inline changes
# What escape_inline changes, or a line break (where str.splitlines splits).
_PLAIN_NOT = re.compile("[\\\\`*_\\[\\]<|~&\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_PLAIN_NOT_BYTES = b"\\`*_[]<|~&\n\r\v\f\x1c\x1d\x1e"  # its ASCII characters
# Those bytes made NUL and every other kept (a NUL typed is looked at the slow way too): a
# translation with no deletion, then a search for NUL, is about twice as quick as deleting.
_PLAIN_NOT_NUL = bytes(0 if byte in _PLAIN_NOT_BYTES else byte for byte in range(256))


def escape_inline(text: str) -> str:
    """Backslash-escape what could start emphasis, code, a link, HTML, a table or an entity."""
    if _SPECIAL.search(text) is None:  # most text has nothing to escape; the search is cheaper
        return text
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


def _plain(text: str) -> bool:
    """Whether `text` has no character escape_inline changes and no line break (else it may
    or may not). ASCII text is looked at as bytes: a C pass three times quicker than the
    regular expression."""
    if text.isascii():
        return 0 not in text.encode("ascii").translate(_PLAIN_NOT_NUL)
    return _PLAIN_NOT.search(text) is None


def paragraphs(text: str) -> list[str]:
    """User text as Markdown paragraphs: blank lines separate, line breaks are kept as hard
    breaks (a trailing backslash), leading and trailing spaces go (they would mean code or
    a hidden line break)."""
    if _plain(text):  # one line, nothing to escape, as most are
        line = text.strip()
        if _LINE_START.match(line) is None:
            return [line] if line else []
    return _paragraphs(text)


def _paragraphs(text: str) -> list[str]:
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


def _urge(mean: float | None) -> str:
    return "-" if mean is None else f"{mean:.1f}"


def _count(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def _table(header: Sequence[str], align: str, rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM pipe table; `align` has one letter per column (l or r). Cells are escaped by the
    caller (escape_inline turns a | in user text into \\|, which a table keeps as text)."""
    marks = {"l": "---", "r": "--:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


# --- part 1: the period at a glance


def _glance_lines(summary: Mapping[str, Any]) -> list[str]:
    if not summary["entries"]:
        return ["## At a glance", "", "No entries in this period.", ""]
    days = _count(summary["days"], "day")
    sentences = [f"{_count(summary['entries'], 'entry', 'entries')} on "
                 f"{summary['days_logged']} of {days}."]  # fmt: skip
    mean = summary["urge"]["mean"]
    sentences.append("No urge ratings." if mean is None else f"Mean urge {_urge(mean)} (0 to 10).")
    if summary["stayed_rate"] is None:
        sentences.append("No responses recorded.")
    else:
        sentences.append(
            f"Stayed present {_percent(summary['stayed_rate'])}, partly "
            f"{_percent(summary['partly_rate'])}, withdrew {_percent(summary['withdrew_rate'])} "
            "of the times a response was recorded."
        )
    if summary["calm"]:
        sentences.append(f"{_count(summary['calm'], 'calm check-in')} (urge 0, no urge).")
    return ["## At a glance", "", " ".join(sentences), ""]


# --- part 2: the weeks


def _week_lines(weeks: Sequence[Mapping[str, Any]]) -> list[str]:
    from journalcli.stats import sparkline

    if not any(row["entries"] or row["challenge_done"] or row["reviewed"] for row in weeks):
        return []
    rows = []
    for row in weeks:
        marks = [
            m for m, on in (("partial", row["partial"]), ("in progress", row["in_progress"])) if on
        ]
        label = row["week"] + (f" ({', '.join(marks)})" if marks else "")
        rows.append(
            [
                label,
                str(row["entries"]),
                _urge(row["mean_urge"]),
                _percent(row["stayed_rate"]),
                _percent(row["partly_rate"]),
                "done" if row["challenge_done"] else "-",
                "yes" if row["reviewed"] else "-",
            ]
        )
    header = ["Week", "Entries", "Mean urge", "Stayed", "Partly", "Challenge", "Reviewed"]
    lines = ["## The weeks", "", *_table(header, "lrrrrll", rows)]
    urges, stayed = [r["mean_urge"] for r in weeks], [r["stayed_rate"] for r in weeks]
    lines += [
        f"- Mean urge, week by week (0 to 10): {sparkline(urges, 10)}",
        f"- Stayed present, week by week (0 to 100%): {sparkline(stayed, 1.0)}",
        "",
    ]
    notes = ["Oldest week first" + ("; · no data." if None in urges + stayed else ".")]
    if any(row["partial"] for row in weeks):
        notes.append("Partial: the period covers only some days of that week, and its figures "
                     "are of those days.")  # fmt: skip
    if any(row["in_progress"] for row in weeks):
        notes.append("In progress: this week, not over yet.")
    return [*lines, " ".join(notes), ""]


# --- part 3: to talk about


def _flagged_lines(flagged: Sequence[Entry]) -> list[str]:
    if not flagged:
        return []
    lines = ["## To talk about", ""]
    for entry in flagged:
        lines += _entry_lines(entry, f"### {_long_day(entry.when.date())}, ")
    return lines


# --- part 4: the patterns


def _pattern_lines(summary: Mapping[str, Any], texts: Mapping[str, str]) -> list[str]:
    from journalcli.stats import STAYING_MIN, factor_label, staying_key

    if not summary["entries"]:
        return []
    lines = ["## Patterns", ""]
    if summary["triggers"]:
        lines += _counted("### What set it off", "Trigger", "trigger", summary["triggers"])
    lens = summary["lens"]
    if any(share is not None for share in lens.values()):
        shares = ", ".join(f"{group} {_percent(share)}" for group, share in lens.items())
        lines += ["### Lens", "", f"Share of all triggers recorded: {shares}.", ""]
        reading = texts.get(summary["reading"] or "")
        if reading:
            lines += [*paragraphs(reading), ""]
    lines += _staying_lines(summary, texts, STAYING_MIN, factor_label, staying_key)
    lines += _feeling_lines(summary)
    if summary["with"]:
        lines += _counted("### Who it was with", "With", "with", summary["with"])
    return lines


def _counted(heading: str, name: str, key: str, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """A table of summary rows (triggers, people): times, mean urge, stayed and partly."""
    table = [
        [
            escape_inline(row[key]),
            str(row["count"]),
            _urge(row["mean_urge"]),
            _percent(row["stayed_rate"]),
            _percent(row["partly_rate"]),
        ]
        for row in rows
    ]
    header = [name, "Times", "Mean urge", "Stayed", "Partly"]
    return [heading, "", *_table(header, "lrrrr", table)]


def _staying_lines(
    summary: Mapping[str, Any], texts: Mapping[str, str], minimum: int, label: Any, key: Any
) -> list[str]:
    rows = summary["staying"]
    lines = ["### What went with staying present", ""]
    if not rows:
        text = texts["staying-few"].format(min=minimum, needed=summary["staying_needed"])
        return [*lines, text, ""]
    lines += [texts["staying"].format(min=minimum), ""]
    table = [
        [
            escape_inline(label(row)),
            _percent(row["with"]["stayed_rate"]),
            str(row["with"]["n"]),
            _percent(row["without"]["stayed_rate"]),
            str(row["without"]["n"]),
            f"{round(row['difference'] * 100):+d}",
        ]
        for row in rows
    ]
    header = ["With this", "Stayed", "Of", "Without", "Of", "Difference"]
    lines += _table(header, "lrrrrr", table)
    top = rows[0]
    sentence = texts[key(top["difference"])].format(value=label(top))
    with_, without = top["with"], top["without"]
    lines += [
        f"{escape_inline(sentence)}: {_percent(with_['stayed_rate'])} of "
        f"{_count(with_['n'], 'time')} with it, {_percent(without['stayed_rate'])} of "
        f"{without['n']} without.",
        "",
    ]
    return lines


def _feeling_lines(summary: Mapping[str, Any]) -> list[str]:
    words = summary["emotions"]
    if not words:
        return []
    quadrants = summary["quadrants"]
    rows = [
        [label, str(quadrants[f"{energy}_unpleasant"]), str(quadrants[f"{energy}_pleasant"])]
        for label, energy in (("High energy", "high"), ("Low energy", "low"))
    ]
    listed = ", ".join(f"{escape_inline(row['emotion'])} ({row['count']})" for row in words)
    return [
        "### Feelings",
        "",
        *_table(["Feelings", "Unpleasant", "Pleasant"], "lrr", rows),
        f"Words recorded: {listed}. A word at 0 on either axis is in no quadrant.",
        "",
    ]


# --- part 5: plans, challenges and reviews


def _plan_lines(plans: Sequence[Mapping[str, Any]], texts: Mapping[str, str]) -> list[str]:
    from journalcli.stats import STAYING_MIN

    if not plans:
        return []
    compared = any(row["compared"] for row in plans)
    rows = []
    for row in plans:
        who = f" with {row['with']}" if row["with"] else ""
        then = f": {row['text']}" if row["text"] else ""  # a redacted plan may have no text
        text = " ".join(f"{row['id']}. if {row['trigger']}{who}{then}".split())
        rows.append(
            [
                escape_inline(text),
                str(row["entries"]),
                str(row["used"]),
                str(row["not_used"]),
                _percent(row["used_stayed_rate"]) if row["compared"] else "-",
                _percent(row["not_used_stayed_rate"]) if row["compared"] else "-",
            ]
        )
    header = ["Plan", "Entries", "Used", "Not used", "Stayed, used", "Stayed, not used"]
    return [
        "## If-then plans",
        "",
        texts["plans" if compared else "plans-few"].format(min=STAYING_MIN),
        "",
        *_table(header, "lrrrrr", rows),
    ]


def _look_back_lines(
    challenges: Sequence[Mapping[str, Any]],
    reviews: Sequence[Mapping[str, Any]],
    titles: Mapping[str, str],
    notes_out: bool = False,
) -> list[str]:
    by_week: dict[str, list[Mapping[str, Any] | None]] = {}
    for challenge in challenges:
        by_week.setdefault(challenge["week"], [None, None])[0] = challenge
    for review in reviews:
        by_week.setdefault(review["week"], [None, None])[1] = review
    if not by_week:
        return []
    lines = ["## Weekly challenges and reviews", ""]
    for label in sorted(by_week):
        challenge, review = by_week[label]
        year, week = (int(part) for part in label.split("-W"))
        first, last = date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7)
        lines += [f"### {label}: {_long_day(first)} to {_long_day(last)}", ""]
        items = []
        if challenge is not None:
            title = titles.get(challenge["challenge"], challenge["challenge"])
            state = "done" if challenge["done"] else "not done"
            items.append(f"- Challenge: {escape_line(title)} ({state})")
            note = challenge.get("note") or ""
            if note and (review is None or note != review.get("note")):
                items += _labelled("Challenge note", note)
        if review is not None:
            items += _review_items(review, notes_out)
        lines += [*items, ""]
    return lines


# --- part 6: the entries by week and day


def _labelled(label: str, text: str | None) -> list[str]:
    """A list item 'Label: text' of user text in paragraphs (none when the text is empty);
    continuation paragraphs are indented into the item."""
    body = paragraphs(text or "")
    if not body:
        return []
    return [f"- {label}: " + "\n\n".join(body).replace("\n", "\n  ")]


def _entry_lines(entry: Entry, heading: str = "#### ") -> list[str]:
    lines: list[str] = []
    _write_entries(lines, heading, (entry,))
    return lines


# An Entry's fields in its order, from `when` to `prompt`: what _write_entries reads.
_ENTRY_FIELDS = attrgetter("when", "urge", "triggers", "response", "with_", "emotions",
                           "behaviors", "tags", "note", "prompt")  # fmt: skip
_CLOCK = [f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60)]


def _write_entries(lines: list[str], heading: str, items: Iterable[Entry | Sequence[Any]]) -> None:
    """Append each entry's Markdown to `lines`: `heading` and its time, then its fields. An
    item is an Entry, or the fields of one not built (store.Streamed.stored_by_day: Entry's
    order from `when`; the rest are ignored). One loop for a day's entries, with one look at
    all of an entry's text (most need no escaping): this runs for every entry exported."""
    append = lines.append
    for item in items:
        if type(item) is not tuple:
            item = _ENTRY_FIELDS(item)
        when, urge, triggers, response, with_, emotions, behaviors, tags, note, prompt = item[:10]
        clock = heading + _CLOCK[when.hour * 60 + when.minute]
        if urge is not None:
            append(f"{clock} · urge {urge} · {response or 'response not recorded'}")
        elif response:  # unrated entries come from other journals; most have no response
            append(f"{clock} · {response}")
        else:
            append(clock)
        append("")
        start = len(lines)
        listed = (", ".join(triggers), with_ or "", ", ".join(behaviors), ", ".join(emotions),
                  ", ".join(tags))  # fmt: skip
        joined = "".join(listed)
        plain = _plain(joined + note if note else joined)
        if not plain and not _plain(joined):
            listed = tuple(map(escape_inline, listed))
        lines += [label + value for label, value in zip(_LISTED, listed, strict=True) if value]
        if prompt:
            question = " ".join((prompt.get("question") or "").split())
            if question:
                append(f"- Prompt: {escape_line(question)}")
            lines += _labelled("Answer", prompt.get("answer"))
        if len(lines) > start:
            append("")
        if note:
            if plain:  # one line, nothing to escape (paragraphs' own first look, done)
                line = note.strip()
                if _LINE_START.match(line) is None:
                    if line:
                        append(line)
                        append("")
                    continue
            for paragraph in _paragraphs(note) if plain else paragraphs(note):
                append(paragraph)
                append("")


_LISTED = ("- Triggers: ", "- With: ", "- Behaviors: ", "- Emotions: ", "- Tags: ")
_T, _W, _B, _E, _G = ("\n" + label for label in _LISTED)


def _write_day(lines: list[str], items: Iterable[Entry | Sequence[Any]]) -> None:
    """_write_entries(lines, "#### ", items), with each entry that is rated, has no prompt and
    no text to escape or break (most) appended as one piece, its lines joined: fewer, larger
    pieces for the day's block, which _lines_out joins (tests/test_export_paths.py compares)."""
    append = lines.append
    for item in items:
        if type(item) is not tuple:
            item = _ENTRY_FIELDS(item)
        when, urge, triggers, response, with_, emotions, behaviors, tags, note, prompt = item[:10]
        t, w = ", ".join(triggers), with_ or ""
        b, e, g = ", ".join(behaviors), ", ".join(emotions), ", ".join(tags)
        note = note or ""
        line = note.strip()
        typed = "".join((t, w, b, e, g, note))  # _plain(typed), inline: runs for every entry
        if typed.isascii():
            plain = 0 not in typed.encode("ascii").translate(_PLAIN_NOT_NUL)
        else:
            plain = _PLAIN_NOT.search(typed) is None
        first = line[:1]  # only these can start a line _LINE_START matches
        if (
            urge is None
            or prompt
            or not plain
            or ((first in _LINE_FIRST or not first.isascii()) and _LINE_START.match(line))
        ):
            _write_entries(lines, "#### ", (item,))
            continue
        head = (f"#### {_CLOCK[when.hour * 60 + when.minute]} · urge {urge} · "
                f"{response or 'response not recorded'}\n")  # fmt: skip
        # each listed field on a line of its own, after its label, when it has a value
        listed = f"{t and _T}{t}{w and _W}{w}{b and _B}{b}{e and _E}{e}{g and _G}{g}"
        if listed:  # the lines joined: heading, blank, listed fields, blank, note
            append(f"{head}{listed}\n\n{line}\n" if line else f"{head}{listed}\n")
        else:
            append(f"{head}\n{line}\n" if line else head)


def _review_items(review: Mapping[str, Any], notes_out: bool = False) -> list[str]:
    """A week's review as list items: the question (when answered), the answer, the note.
    With `notes_out` (export --redact notes) the answers were left out, not skipped."""
    items = []
    question = " ".join((review.get("question") or "").split())
    if question and review.get("answer"):
        items.append(f"- Question: {escape_line(question)}")
    items += _labelled("Answer", review.get("answer"))
    items += _labelled("Note", review.get("note"))
    if items:
        return items
    return [
        "- Reviewed; the answers are left out of this copy."
        if notes_out
        else "- Reviewed, every question skipped."
    ]


def _review_lines(review: Mapping[str, Any], notes_out: bool = False) -> list[str]:
    """A week's review, after the week's days."""
    return ["### Weekly review", "", *_review_items(review, notes_out), ""]


def _by_day(entries: Sequence[Entry]) -> Iterator[tuple[date, list[Entry]]]:
    """The entries a local day at a time, oldest first; each day's by time, then id."""
    ordered = sorted(entries, key=lambda e: (e.when.date(), e.when.time(), e.id or 0))
    for day, in_day in groupby(ordered, key=lambda e: e.when.date()):
        yield day, list(in_day)


def _entry_blocks(
    days: Iterable[tuple[date, Sequence[Entry | tuple[Any, ...]]]],
    reviews: Sequence[Mapping[str, Any]],
    notes_out: bool = False,
) -> Iterator[list[str]]:
    """Part 6 from the entries a day at a time (oldest first): a week's days under its
    heading, then its review; a week with a review and no entry has the heading alone."""
    from journalcli.stats import week_label

    days = iter(days)
    upcoming = next(days, None)
    if upcoming is None:
        yield ["No entries in this period.", ""]
    reviewed = {review["week"]: review for review in reviews}
    left = sorted(reviewed)  # the reviewed weeks not yet shown
    while upcoming is not None or left:
        label = left[0] if upcoming is None else week_label(upcoming[0])
        if left and left[0] < label:
            label = left[0]
        year, week = (int(part) for part in label.split("-W"))
        first = date.fromisocalendar(year, week, 1)
        last = date.fromisocalendar(year, week, 7)
        yield [f"## Week {label}: {_long_day(first)} to {_long_day(last)}", ""]
        while upcoming is not None and week_label(upcoming[0]) == label:
            day, in_day = upcoming
            block = [f"### {_long_day(day)}", ""]  # a day's entries in one block: fewer pieces
            _write_day(block, in_day)
            yield block
            upcoming = next(days, None)
        if label in reviewed:
            left.remove(label)
            yield _review_lines(reviewed[label], notes_out)


_REDACTED = {
    "names": "people are named Person A, Person B and so on",
    "notes": "notes and answers are left out",
}


def _markdown_blocks(
    brief: Brief, *, with_entries: bool, redacted: Sequence[str] = ()
) -> Iterator[list[str]]:
    summary = brief.summary
    yield [f"# Journal: {_long_day(brief.since)} to {_long_day(brief.until)}", ""]
    if redacted:
        said = "; ".join(_REDACTED[mode] for mode in redacted)
        yield [f"A redacted copy to share: {said}.", ""]
    notes_out = "notes" in redacted
    yield _glance_lines(summary)
    yield _week_lines(brief.weeks)
    yield _flagged_lines(brief.flagged)
    yield _pattern_lines(summary, brief.texts)
    yield _plan_lines(summary["plans"], brief.texts)
    yield _look_back_lines(brief.challenges, brief.reviews, brief.challenge_titles, notes_out)
    if with_entries:
        days = _by_day(brief.entries) if brief.by_day is None else brief.by_day
        yield from _entry_blocks(days, brief.reviews, notes_out)


def _lines_out(blocks: Iterable[list[str]]) -> Iterator[str]:
    """'\\n'.join(every line of every block), ending in exactly one newline, a block at a
    time: trailing newlines are held back until more text follows."""
    held = ""
    separator = ""
    for block in blocks:
        if not block:
            continue
        end = len(block)
        while end and not block[end - 1]:  # a block's trailing empty lines: held newlines
            end -= 1
        kept = block[end - 1].rstrip("\n") if end else ""
        if kept:  # as blocks are: only their last line is stripped, not the whole text
            lines = block[:end]
            lines[-1] = kept
            lines[0] = held + separator + lines[0]
            yield "\n".join(lines)
            held = block[end - 1][len(kept) :] + "\n" * (len(block) - end)
            separator = "\n"
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
    brief: Brief, *, with_entries: bool = True, redacted: Sequence[str] = ()
) -> Iterator[str]:
    """The document for a therapist (brief.build gives what it shows), in this order, each
    part only when it has data: the period at a glance, the weeks, the flagged entries, the
    patterns, the plans, the weekly challenges and reviews, then (unless `with_entries` is
    False: `export --brief`) the entries by week and day, oldest first, each week's review
    after its days. `redacted` (export --redact) says so under the title. Made a piece at a
    time, so a long journal is never held twice."""
    return _lines_out(_markdown_blocks(brief, with_entries=with_entries, redacted=redacted))
