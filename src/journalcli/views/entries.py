"""Views of entries: the list table and one entry in full."""

from __future__ import annotations

from collections.abc import Sequence

from rich.markup import escape
from rich.table import Table

from journalcli.model import Entry
from journalcli.views import console, empty_hint


def _first_line(text: str, width: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


NO_MATCH = "No entries match these filters."
FLAG_MARK = "flag"  # words, not colour: readable in a pipe, a file or a screen reader


def print_list(entries: Sequence[Entry], *, journal_empty: bool = True) -> None:
    """The table; with no entries, the first-entry hint for an empty journal, else a line
    saying the filters matched nothing."""
    out = console()
    if not entries:
        out.print(empty_hint() if journal_empty else NO_MATCH, highlight=False, markup=False)
        return
    table = Table(box=None, pad_edge=False, collapse_padding=True, header_style="bold")
    # Widths known in advance spare Rich measuring every cell of those columns (~5 ms).
    id_width = max(2, *(len(str(e.id)) for e in entries))
    table.add_column("id", justify="right", no_wrap=True, width=id_width)
    # The mark column only when something listed is flagged: otherwise the list is as before.
    marked = any(e.flagged for e in entries)
    if marked:
        table.add_column("", no_wrap=True, width=len(FLAG_MARK))
    table.add_column("when", no_wrap=True, width=len("2026-11-22 18:30"))
    table.add_column("urge", justify="right", no_wrap=True, width=len("urge"))
    table.add_column("triggers", max_width=14)
    table.add_column("response", no_wrap=True, width=len("withdrew"))
    table.add_column("with", max_width=10)
    table.add_column("note", ratio=1)
    for e in entries:
        mark = ((FLAG_MARK if e.flagged else ""),) if marked else ()
        table.add_row(
            str(e.id),
            *mark,
            f"{e.when:%Y-%m-%d %H:%M}",
            "-" if e.urge is None else str(e.urge),
            escape(", ".join(e.triggers)),
            e.response or "-",
            escape(e.with_ or ""),
            escape(_first_line(e.note)),
        )
    out.print(table)


def print_entry(entry: Entry) -> None:
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
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in rows:
        table.add_row(label, escape(value))
    out.print(table)
    if entry.note:
        out.print()
        out.print(entry.note, markup=False, highlight=False)
