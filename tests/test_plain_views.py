"""Where stdout is a file or a pipe, the figure views (summary, trends, week, calendar) lay
out their own lines (views.plain) instead of importing Rich; they must print, byte for byte,
what Rich prints: paragraphs wrapped as rich.text.Text wraps them, grids as Grid draws them."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from journalcli.views import _trimming_console_class, plain
from journalcli.views import stats as view
from journalcli.views.grid import Column, Grid


def printed(renderable: object, width: int) -> str:
    """What views.console() prints to a file, `width` cells wide."""
    out = io.StringIO()
    console = _trimming_console_class()(file=out, width=width, color_system=None, _environ={})
    console.print(renderable)
    return out.getvalue()


def joined(lines: list[str]) -> str:
    return "".join(line.rstrip(" ") + "\n" for line in lines)


PIECES = ["a", "word", " ", "  ", "\n", "supercalifragilistic", "大家好", "😀", "é", "-", "[b]"]
PIECES += ["\u00a0", "x" * 30, "\t", "\r", "\x07", "ß", "\u200b"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@given(text=TEXTS | st.text(max_size=60), width=st.integers(1, 90))
def test_a_paragraph_wraps_as_rich_wraps_it(text, width):
    lines = plain.text_lines(text, width)
    if lines is None:  # control codes and tabs are left to Rich
        assert any(code in text for code in "\x07\x08\t\x0b\x0c\r")
    else:
        assert joined(lines) == printed(Text(text), width)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "one short line",
        "Oldest week first, from 0 to 10 (urge) or 0 to 100%; · no data; the mark set apart "
        "is this week, in progress.",
        'Record one with:\n  journal add -u 6 -t closeness -r stayed "what happened"',
        "trailing spaces   \n\n  leading and inner   spaces  ",
        "大家好世界" * 20,
        "a" * 200,
    ],
)
@pytest.mark.parametrize("width", [1, 2, 20, 79, 80, 81, 200])
def test_the_views_own_paragraphs_wrap_as_rich_wraps_them(text, width):
    assert joined(plain.text_lines(text, width)) == printed(Text(text), width)


CELLS = st.lists(st.sampled_from(["", "a", "Sam", "大家好", "😀", "12", "████▌", "x" * 25]))


@given(
    rows=st.lists(CELLS.map(tuple), max_size=6),
    width=st.integers(1, 100),
    gap=st.integers(1, 3),
    header=st.booleans(),
    drop=st.booleans(),
)
def test_a_grid_draws_as_rich_draws_it(rows, width, gap, header, drop):
    columns = [
        Column("who", max_width=12),
        Column("times", "right"),
        Column("chart", drop=1 if drop else 0),
    ]
    grid = Grid(*columns, gap=gap, show_header=header)
    for cells in rows:
        grid.add_row(*cells[: len(columns)])
    lines = grid.plain_lines(width)
    if lines is not None:
        assert joined(lines) == printed(grid, width)


def test_a_grid_that_does_not_fit_is_left_to_rich_table():
    grid = Grid(Column("a"), Column("b"))
    grid.add_row("x" * 50, "y" * 50)
    assert grid.plain_lines(80) is None
    grid.add_row("line\nbreak", "z")
    assert grid.plain_lines(200) is None


@pytest.fixture
def journal(add, run):
    add("-u", "7", "-t", "closeness", "-r", "withdrew", "-w", "Sam", "-b", "silence", "long " * 30)
    add("-u", "3", "-t", "stress", "-t", "conflict", "-r", "stayed", "-w", "大家好", "short")
    add("-u", "0", "--when", "2026-11-18 09:00", "calm day")
    add("-u", "9", "-t", "criticism", "-r", "partly", "-e", "tense", "--when", "2026-11-02 21:00")
    run("plan", "add", "closeness", "take one breath and stay")


VIEWS = [
    ("summary",),
    ("summary", "--all"),
    ("trends",),
    ("trends", "--weeks", "3"),
    ("week",),
    ("week", "2026-11-02"),
    ("calendar",),
    ("calendar", "--month", "2026-11"),
]


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
@pytest.mark.parametrize("columns", ["80", "40", "120"])
def test_each_figure_view_prints_what_rich_printed(journal, run, monkeypatch, args, columns):
    monkeypatch.setenv("COLUMNS", columns)
    drawn = run(*args)
    assert drawn.exit_code == 0, drawn.output
    monkeypatch.setattr(plain, "stdout_is_plain", lambda: False)
    by_rich = run(*args)
    assert drawn.output == by_rich.output
    assert len(drawn.output.splitlines()) > 3


@pytest.mark.parametrize("args", [("summary",), ("trends",), ("week",)], ids=" ".join)
def test_an_empty_journal_gets_the_same_hint_both_ways(run, monkeypatch, args):
    drawn = run(*args).output
    monkeypatch.setattr(plain, "stdout_is_plain", lambda: False)
    assert drawn == run(*args).output
    assert "journal add" in drawn


def test_the_plain_way_is_taken_without_rich_console(add, run, monkeypatch):
    """(A plan's text is wrapped in its column by rich.table, as before: that page is not.)"""
    import rich.console

    add("-u", "7", "-t", "closeness", "-r", "withdrew", "-w", "Sam", "-b", "silence", "note")
    add("-u", "2", "-t", "stress", "-r", "stayed", "-e", "tense", "--when", "2026-11-02 21:00")

    def refuse(*_: object, **__: object) -> None:
        pytest.fail("a plain page was printed through Rich")

    monkeypatch.setattr(rich.console.Console, "print", refuse)
    for args in VIEWS:
        assert run(*args).exit_code == 0


def test_a_paragraph_with_a_tab_or_control_code_goes_to_rich(journal, run, db_path, monkeypatch):
    data = json.loads(db_path.read_text())
    data["entries"]["1"]["with"] = "Sam\tLee"
    db_path.write_text(json.dumps(data))
    drawn = run("summary").output
    monkeypatch.setattr(plain, "stdout_is_plain", lambda: False)
    assert drawn == run("summary").output


def test_the_page_keeps_rich_for_what_it_cannot_draw():
    page = view._Page()
    page.text("a paragraph")
    page.add(Text("styled", style="bold"))
    assert page.plain_lines(80) is None


STYLED = st.lists(
    st.tuples(
        st.sampled_from(["", "a", "▓", "+", "  ", "Jan ", "大"]),
        st.sampled_from(["", "red", "bold green"]),
    ),
    max_size=12,
)


@given(pieces=STYLED)
def test_a_styled_paragraph_is_the_text_its_pieces_make(pieces):
    page = view._Page()
    page.styled(pieces)
    (line,) = page.parts
    expected = Text()
    for text, style in pieces:
        expected.append(text, style=style)
    assert line.rich().plain == expected.plain
    assert [tuple(span) for span in line.rich().spans] == [
        tuple(span) for span in expected.spans if span.end > span.start
    ]


def test_the_calendar_in_colour_tints_each_glyph_and_mark(journal, run):
    shown = run("calendar", "--month", "2026-11", FORCE_COLOR="1", NO_COLOR=None).output
    assert "\x1b[31m▓" in shown  # a high urge in red
    assert "\x1b[32m~" in shown  # partly, in green
    assert "\x1b[1;32m+" in shown  # stayed, bold green
    assert run("calendar", "--month", "2026-11").output.count("\x1b") == 0
