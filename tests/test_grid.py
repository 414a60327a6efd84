"""views.grid draws small tables itself; whatever it draws must be what rich.table prints."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from journalcli.views.grid import Column, Grid

CELL = st.text(alphabet=st.sampled_from("ab Z9-%·█▏日😀"), max_size=12)
COLUMN = st.builds(
    Column,
    header=CELL,
    justify=st.sampled_from(["left", "right"]),
    max_width=st.none() | st.integers(1, 14),
    wrap=st.booleans(),
    style=st.sampled_from(["", "bold"]),
)


def printed(renderable: object, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, no_color=True, color_system=None).print(renderable)
    return out.getvalue()


@given(
    columns=st.lists(COLUMN, min_size=1, max_size=5),
    rows=st.lists(st.lists(CELL, max_size=5), max_size=6),
    width=st.integers(10, 90),
    gap=st.integers(1, 3),
    show_header=st.booleans(),
)
def test_a_grid_prints_what_rich_table_prints(columns, rows, width, gap, show_header):
    grid = Grid(*columns, gap=gap, show_header=show_header)
    for row in rows:
        grid.add_row(*row[: len(columns)])
    assert printed(grid, width) == printed(grid.as_table(), width)


def test_a_grid_that_fits_is_drawn_without_rich_table(monkeypatch):
    grid = Grid(Column("trigger"), Column("times", "right"), Column(""))
    grid.add_row("stress", "67", "████▍")
    grid.add_row("closeness", "4", "▍")
    monkeypatch.setattr(Grid, "as_table", lambda self: pytest.fail("used rich.table"))
    assert printed(grid, 80).splitlines() == [
        "trigger   times      ",
        "stress       67 ████▍",
        "closeness     4 ▍    ",
    ]


def test_a_cell_wider_than_its_column_allows_goes_to_rich_table():
    grid = Grid(Column("with", max_width=5), Column("n", "right"))
    grid.add_row("Alexandra", "3")
    assert printed(grid, 80).splitlines() == ["with  n", "Alex… 3"]
