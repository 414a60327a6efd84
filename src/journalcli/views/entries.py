"""Views of entries: the list of entries and one entry in full."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

from journalcli.model import Entry
from journalcli.views import console, empty_hint, plain

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
    from rich.segment import Segment


def _first_line(text: str, width: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


NO_MATCH = "No entries match these filters."
FLAG_MARK = "flag"  # words, not colour: readable in a pipe, a file or a screen reader


def print_list(entries: Sequence[Entry], *, journal_empty: bool = True) -> None:
    """The list; with no entries, the first-entry hint for an empty journal, else a line
    saying the filters matched nothing."""
    if entries and plain.stdout_is_plain():
        lines = EntryRows(entries).plain_lines(plain.width())
        if lines is not None:
            plain.write_lines(lines)
            return
    out = console()
    if not entries:
        out.print(empty_hint() if journal_empty else NO_MATCH, highlight=False, markup=False)
        return
    out.print(EntryRows(entries))


class Column(NamedTuple):
    header: str
    justify: JustifyMethod = "left"
    width: int | None = None  # a fixed width: never wrapped, shortened with an ellipsis
    max_width: int | None = None  # a column that wraps, at most this wide


def list_columns(entries: Sequence[Entry]) -> list[Column]:
    # Widths known in advance spare measuring every cell of those columns.
    id_width = max(2, *(len(str(e.id)) for e in entries))
    mark = [Column("", width=len(FLAG_MARK))] if any(e.flagged for e in entries) else []
    return [
        Column("id", "right", width=id_width),
        # The mark column only when something listed is flagged: otherwise the list is as before.
        *mark,
        Column("when", width=len("2026-11-22 18:30")),
        Column("urge", "right", width=len("urge")),
        Column("triggers", max_width=14),
        Column("response", width=len("withdrew")),
        Column("with", max_width=10),
        Column("note"),
    ]


def list_cells(entry: Entry, marked: bool) -> list[str]:
    """One row's cells, as text."""
    return [
        str(entry.id),
        *([FLAG_MARK if entry.flagged else ""] if marked else []),
        f"{entry.when:%Y-%m-%d %H:%M}",
        "-" if entry.urge is None else str(entry.urge),
        ", ".join(entry.triggers),
        entry.response or "-",
        entry.with_ or "",
        _first_line(entry.note),
    ]


# What rich.text.Text removes from text (rich.control.STRIP_CONTROL_CODES).
_STRIPPED = dict.fromkeys((7, 8, 11, 12, 13))
_EMOJI_CODE = re.compile(r":\S*?:")


def _shown(text: str) -> str | None:
    """The text Rich shows for a cell given as escape(text) (rich.markup.render: emoji codes
    replaced, control codes removed); None where that takes Rich's markup parser (a bracket
    or a backslash)."""
    if "[" in text or "\\" in text:
        return None
    if ":" in text and _EMOJI_CODE.search(text):
        from rich._emoji_replace import _emoji_replace

        text = _emoji_replace(text)
    return text.translate(_STRIPPED)


class EntryRows:
    """Entries as borderless columns, character for character as rich.table.Table(box=None,
    pad_edge=False, collapse_padding=True, header_style="bold") draws them, without Rich's
    general table engine (a third of what `list -n 20` took), and without Rich at all when
    they go to a file or a pipe.

    Widths follow Table's own arithmetic: each column measured, the wrapping columns collapsed
    when the whole is too wide, then every column reduced evenly, then measured again. Cells
    are wrapped and shortened as rich.text.Text does it (rich._wrap.divide_line, an ellipsis
    for what does not fit), with wide characters measured by rich.cells. To a terminal, Rich
    lays out each cell that does not fit on one line, and the bold header.
    tests/test_list_layout.py compares both ways with rich.table, at many widths, with wide
    characters, long words and long notes.
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.columns = list_columns(entries)
        marked = len(self.columns) == 8
        self.rows = [list_cells(entry, marked) for entry in entries]

    def plain_lines(self, max_width: int) -> list[str] | None:
        """The lines as printed to a file (no styles); None where Rich must lay them out (a
        cell with markup characters, a tab or a line break)."""
        texts = []
        for row in self.rows:
            shown = [_shown(cell) for cell in row]
            if any(t is None or "\t" in t or "\n" in t for t in shown):
                return None
            texts.append(shown)
        widths = self._widths(texts, max_width)  # type: ignore[arg-type]
        last = len(self.columns) - 1
        pads = [0 if number == last else 1 for number in range(len(self.columns))]
        lines: list[str] = []
        headers = [column.header for column in self.columns]
        for number, cells in enumerate([headers, *texts]):
            drawn = [
                # no room: Rich renders nothing, and the row is blank there
                [line + " " * pad for line in _wrapped(text, width - pad, column)]
                if width - pad >= 1
                else []
                for text, width, pad, column in zip(cells, widths, pads, self.columns, strict=True)
            ]
            height = max(1, *(len(cell) for cell in drawn))
            for cell, width in zip(drawn, widths, strict=True):
                blank = [" " * width] * (height - len(cell))
                if number:
                    cell += blank
                else:
                    cell[:0] = blank  # a header at the bottom of its row
            lines += ["".join(cell[line] for cell in drawn) for line in range(height)]
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.markup import escape
        from rich.segment import Segment

        texts = [
            [console.render_str(escape(cell), highlight=False).plain for cell in row]
            for row in self.rows
        ]
        widths = self._widths(texts, options.max_width)
        last = len(self.columns) - 1
        header = console.get_style("bold")
        cells = [
            self._laid_out(console, options, column.header, number, width, header)
            for number, (column, width) in enumerate(zip(self.columns, widths, strict=True))
        ]
        height = max(1, *(len(lines) for lines in cells))  # a row is a line even at width 0
        for lines, width in zip(cells, widths, strict=True):
            lines[:0] = [[Segment(" " * width, header)]] * (height - len(lines))
        for number in range(height):
            for lines in cells:
                yield from lines[number]
            yield Segment.line()
        for row, shown in zip(self.rows, texts, strict=True):
            drawn: list[list[str]] = []
            for number, (column, width) in enumerate(zip(self.columns, widths, strict=True)):
                pad = 0 if number == last else 1
                text = shown[number]
                room = width - pad
                if room >= 1 and "\n" not in text and "\t" not in text:
                    size = _cell_len(text)
                    if size <= room and (column.justify == "left" or text == text.rstrip()):
                        space = " " * (room - size)
                        line = space + text if column.justify == "right" else text + space
                        drawn.append([line + " " * pad])
                        continue
                laid = self._laid_out(console, options, escape(row[number]), number, width, None)
                drawn.append(["".join(segment.text for segment in line) for line in laid])
            height = max(1, *(len(lines) for lines in drawn))
            for number in range(height):
                yield Segment("".join(
                    lines[number] if number < len(lines) else " " * width
                    for lines, width in zip(drawn, widths, strict=True)
                ))  # fmt: skip
                yield Segment.line()

    def _laid_out(
        self,
        console: Console,
        options: ConsoleOptions,
        markup: str,
        number: int,
        width: int,
        style: Any,
    ) -> list[list[Segment]]:
        """One cell as Table lays it out: padded, wrapped or shortened by Rich."""
        from rich.padding import Padding

        column = self.columns[number]
        pad = 0 if number == len(self.columns) - 1 else 1
        fixed = column.width is not None
        cell_options = options.update(
            width=width, justify=column.justify, no_wrap=fixed, overflow="ellipsis",
            height=None, highlight=False,
        )  # fmt: skip
        lines = console.render_lines(Padding(markup, (0, pad, 0, 0)), cell_options, style=style)
        from rich.segment import Segment

        return Segment.set_shape(lines, width)

    def _widths(self, texts: list[list[str]], max_width: int) -> list[int]:
        """Table._calculate_column_widths for a table that does not expand."""
        widths = [m[1] or 1 for m in self._measure(texts, [max_width] * len(self.columns))]
        if sum(widths) > max_width:
            wrapping = [column.width is None for column in self.columns]
            widths = _collapse(widths, wrapping, max_width)
            if sum(widths) > max_width:
                widths = _reduce(sum(widths) - max_width, [1] * len(widths), widths, widths)
            widths = [m[1] or 0 for m in self._measure(texts, widths)]
        return widths

    def _measure(self, texts: list[list[str]], limits: list[int]) -> list[tuple[int, int]]:
        """Table._measure_column of each column, with at most `limits` cells of room."""
        last = len(self.columns) - 1
        found = []
        for number, (column, room) in enumerate(zip(self.columns, limits, strict=True)):
            pad = 0 if number == last else 1
            if room < 1:
                found.append((0, 0))
            elif column.width is not None:
                found.append((min(column.width + pad, room),) * 2)
            else:
                cells = [_measure_text(column.header, room, pad)]
                cells += [_measure_text(row[number], room, pad) for row in texts]
                low = min(max(c[0] for c in cells), room)
                high = min(max(c[1] for c in cells), room)
                if column.max_width is not None:
                    low = min(low, column.max_width + pad)
                    high = min(high, column.max_width + pad)
                found.append((low, high))
        return found


_TRAILING_SPACE = re.compile(r"\s+$")


def _wrapped(text: str, room: int, column: Column) -> list[str]:
    """rich.text.Text(text).wrap(width=room, justify=column.justify, overflow="ellipsis",
    no_wrap=fixed) for one line of plain text, each line `room` cells wide."""
    if column.width is not None:  # a fixed column is never wrapped
        parts = [text]
    else:
        from rich._wrap import divide_line

        offsets = [0, *divide_line(text, room, fold=False), len(text)]
        parts = [text[start:end] for start, end in pairwise(offsets)]
        for number, part in enumerate(parts):  # Text.rstrip_end: in characters, not cells
            if len(part) > room and (space := _TRAILING_SPACE.search(part)) is not None:
                parts[number] = part[: len(part) - min(len(space.group(0)), len(part) - room)]
    lines = []
    for part in parts:
        if column.justify == "right":
            line = _truncated(part.rstrip(), room)
            line = " " * (room - _cell_len(line)) + line
        else:
            line = _truncated(part, room, pad=True)
        lines.append(_truncated(line, room))
    return lines


def _truncated(text: str, room: int, *, pad: bool = False) -> str:
    """Text.truncate with an ellipsis."""
    length = _cell_len(text)
    if length > room:
        from rich.cells import set_cell_size

        text = set_cell_size(text, room - 1) + "…"
    if pad and length < room:
        text += " " * (room - length)
    return text


def _cell_len(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _normal(low: int, high: int, room: int) -> tuple[int, int]:
    """Measurement(low, high).normalize().with_maximum(room), (0, 0) when nothing fits, and
    normalized again: what Measurement.get returns."""
    low = max(0, min(max(0, low), high))
    high = max(0, max(low, high))
    low, high = min(low, room), min(high, room)
    if high < 1:
        return 0, 0
    low = max(0, min(max(0, low), high))
    return low, max(0, max(low, high))


def _measure_text(text: str, room: int, pad: int) -> tuple[int, int]:
    """Measurement.get of Padding(text, (0, pad, 0, 0)): Text's own measure (its longest word
    and its longest line, in cells) plus the padding, within `room`."""
    if room - pad < 1:
        low = high = room
    else:
        lines = text.splitlines()
        high = max(_cell_len(line) for line in lines) if lines else 0
        words = text.split()
        low = max(_cell_len(word) for word in words) if words else high
        low, high = _normal(low, high, room)
        low, high = min(low + pad, room), min(high + pad, room)
    return _normal(low, high, room)


def _collapse(widths: list[int], wrapping: list[bool], max_width: int) -> list[int]:
    """Table._collapse_widths: the widest wrapping columns narrowed first."""
    total = sum(widths)
    excess = total - max_width
    if any(wrapping):
        while total and excess > 0:
            widest = max(w for w, wraps in zip(widths, wrapping, strict=True) if wraps)
            second = max(
                w if wraps and w != widest else 0 for w, wraps in zip(widths, wrapping, strict=True)
            )
            difference = widest - second
            ratios = [int(w == widest and wraps) for w, wraps in zip(widths, wrapping, strict=True)]
            if not any(ratios) or not difference:
                break
            widths = _reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def _reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich._ratio.ratio_reduce (that module imports fractions and decimal)."""
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, most, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            taken = min(most, round(ratio * remaining / total_ratio))
            result.append(value - taken)
            remaining -= taken
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def print_entry(entry: Entry) -> None:
    from rich.markup import escape

    out = console()
    rows = [
        ("id", str(entry.id)),
        ("when", f"{entry.when:%A %Y-%m-%d %H:%M %z}"),
        ("urge", "-" if entry.urge is None else f"{entry.urge}/10"),
        ("triggers", ", ".join(entry.triggers) or "-"),
        ("response", entry.response or "not recorded"),
        ("with", entry.with_ or "-"),
        ("emotions", ", ".join(entry.emotions) or "-"),
        ("behaviors", ", ".join(entry.behaviors) or "-"),
        ("tags", ", ".join(entry.tags) or "-"),
    ]
    if entry.flagged:
        rows.insert(1, ("flagged", "yes: to bring up in your next session"))
    if entry.prompt:
        rows.append(("question", entry.prompt.get("question", "")))
        rows.append(("answer", entry.prompt.get("answer", "")))
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in rows:
        table.add_row(label, escape(value))
    out.print(table)
    if entry.note:
        out.print()
        out.print(entry.note, markup=False, highlight=False)
