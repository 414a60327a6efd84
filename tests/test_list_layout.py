"""`journal list` draws its rows itself (views.entries.EntryRows); whatever it draws must be,
byte for byte, what the rich.table.Table it replaced printed: at 80 columns, narrow and wide,
with wide characters (CJK, emoji), long words and long notes, with and without colour."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.markup import escape
from rich.table import Table

from journalcli.model import Entry
from journalcli.store import Journal
from journalcli.views import _trimming_console_class
from journalcli.views import entries as view


def old_table(entries: Sequence[Entry]) -> Table:
    """The list as it was drawn before (views/entries.py up to issue 16), kept to compare."""
    table = Table(box=None, pad_edge=False, collapse_padding=True, header_style="bold")
    id_width = max(2, *(len(str(e.id)) for e in entries))
    table.add_column("id", justify="right", no_wrap=True, width=id_width)
    marked = any(e.flagged for e in entries)
    if marked:
        table.add_column("", no_wrap=True, width=len(view.FLAG_MARK))
    table.add_column("when", no_wrap=True, width=len("2026-11-22 18:30"))
    table.add_column("urge", justify="right", no_wrap=True, width=len("urge"))
    table.add_column("triggers", max_width=14)
    table.add_column("response", no_wrap=True, width=len("withdrew"))
    table.add_column("with", max_width=10)
    table.add_column("note", ratio=1)
    for e in entries:
        mark = ((view.FLAG_MARK if e.flagged else ""),) if marked else ()
        table.add_row(
            str(e.id),
            *mark,
            f"{e.when:%Y-%m-%d %H:%M}",
            "-" if e.urge is None else str(e.urge),
            escape(", ".join(e.triggers)),
            e.response or "-",
            escape(e.with_ or ""),
            escape(view._first_line(e.note)),
        )
    return table


def printed(renderable: object, width: int, *, colour: bool = False) -> str:
    out = io.StringIO()
    console = _trimming_console_class()(
        file=out,
        width=width,
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        _environ={},
    )
    console.print(renderable)
    return out.getvalue()


def plain(entries: Sequence[Entry], width: int) -> str | None:
    """The list as written to a file or a pipe, without Rich (None: Rich lays it out)."""
    lines = view.EntryRows(entries).plain_lines(width)
    return None if lines is None else "".join(line.rstrip(" ") + "\n" for line in lines)


def same(entries: Sequence[Entry], width: int, *, colour: bool = False) -> None:
    old = printed(old_table(entries), width, colour=colour)
    assert printed(view.EntryRows(entries), width, colour=colour) == old
    if not colour:
        assert plain(entries, width) in (old, None)


ZONE = timezone(timedelta(hours=1))
WORDS = [
    "asked", "felt", "大家好世界", "😀😀", "supercalifragilisticexpialidocious", "[b]", "[/]",
    "a\\[b]", "\a\r", "x:", ":heart:", ":not-an-emoji:", "\u3000", "  ",
    ":smile:", "x\ty", "Ünïcödé", "\uff57\uff49\uff44\uff45", "e\u0301", "🇩🇪", "👍🏽", "a\\", "",
]  # fmt: skip
TRIGGERS = ["closeness", "vulnerability", "stress", "abandonment", "大家好", "criticism"]
PEOPLE = [None, "Sam", "team lead", "大家好世界人", "a very long name indeed", "😀x", "[red]x"]


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    count = draw(st.integers(1, 5))
    made = []
    for n in range(count):
        words = draw(st.lists(st.sampled_from(WORDS), max_size=25))
        made.append(
            Entry(
                when=datetime(2026, 11, 22, 10, 0, tzinfo=ZONE) - timedelta(hours=7 * n),
                urge=draw(st.sampled_from([None, 0, 5, 10])),
                triggers=tuple(draw(st.lists(st.sampled_from(TRIGGERS), max_size=3))),
                response=draw(st.sampled_from([None, "withdrew", "stayed", "partly"])),
                with_=draw(st.sampled_from(PEOPLE)),
                note=draw(st.sampled_from([" ", "\n", "  "])).join(words),
                id=draw(st.integers(1, 10**7)),
                flagged=draw(st.booleans()),
            )
        )
    return made


@settings(max_examples=150)
@given(
    listed=entries(),
    width=st.sampled_from([80, 80, 1, 3, 12, 20, 33, 40, 60, 79, 81, 100, 132, 200]),
    colour=st.booleans(),
)
def test_the_list_prints_what_the_old_table_printed(listed, width, colour):
    same(listed, width, colour=colour)


def entry(n: int, note: str, **fields: object) -> Entry:
    return Entry(
        when=datetime(2026, 11, 22, 18, 30, tzinfo=ZONE) - timedelta(days=n),
        urge=fields.pop("urge", 6),
        triggers=fields.pop("triggers", ("closeness", "vulnerability")),
        response=fields.pop("response", "withdrew"),
        note=note,
        id=n,
        **fields,  # type: ignore[arg-type]
    )


CHINESE = "周末我们聊了很久\uff0c她问我想要什么的时候我就沉默了\uff0c然后换了话题"
LONG = "We talked about the weekend and I went quiet when she asked what I wanted " * 4
JOURNAL = [
    entry(1, LONG, with_="Sam"),
    entry(2, CHINESE * 2, with_="大家好"),
    entry(3, "😀 " * 40 + "🇩🇪👍🏽", with_="😀😀😀😀😀😀😀", flagged=True),
    entry(4, "", urge=None, triggers=(), response=None),
    entry(12345, "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3, with_="a long name"),
]


@pytest.mark.parametrize("width", [80, 20, 40, 57, 120, 250])
@pytest.mark.parametrize("colour", [False, True])
def test_a_journal_with_wide_characters_and_long_notes_prints_as_before(width, colour):
    same(JOURNAL, width, colour=colour)
    same(JOURNAL[3:4], width, colour=colour)  # one plain row, no mark column
    assert plain(JOURNAL, width) is not None  # drawn without Rich to a file or a pipe


def test_journal_list_prints_the_old_table(run, add, db_path):
    add("-u", "6", "-t", "closeness", "-w", "大家好世界", "--", LONG)
    add("-u", "0", "--flag", "😀 calm :smile: " * 20)
    for markup in (False, True):
        if markup:  # Rich's markup parser, so Rich lays it out
            add("-u", "3", "-t", "stress", "-r", "stayed", "[bold]not markup[/bold] :smile:")
        newest = list(Journal(db_path).newest())
        assert (view.EntryRows(newest).plain_lines(80) is None) is markup
        for columns in ("80", "20", "132"):
            result = run("list", COLUMNS=columns)
            assert result.exit_code == 0, result.output
            assert result.stdout == printed(old_table(newest), int(columns))
