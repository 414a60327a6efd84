"""Borderless columns of short cells, drawn straight as Rich segments.

The pattern views are small tables of labels, numbers and bars that never need wrapping.
rich.table lays such tables out with a general measuring engine that costs about 8 ms to
import and 15 ms to render a summary, a sixth of what `journal summary` takes. A Grid draws
the same characters itself when every cell fits, and hands the job to rich.table.Table when
one does not (Table then wraps or shortens cells to the terminal). A test checks that both
ways print the same text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
    from rich.table import Table


class Column(NamedTuple):
    header: str = ""
    justify: JustifyMethod = "left"
    max_width: int | None = None
    wrap: bool = False  # a cell too wide wraps; otherwise it is shortened with an ellipsis
    style: str = ""
    # A chart column that goes when the grid is wider than the space: those with the lowest
    # number first (0: never), so a label or a figure is never shortened while a chart is shown.
    drop: int = 0


class Grid:
    """Rows of plain-text cells (no markup) under an optional bold header, `gap` spaces apart."""

    def __init__(self, *columns: Column, gap: int = 1, show_header: bool = True) -> None:
        self.columns = tuple(column._replace(header=column.header.strip()) for column in columns)
        self.gap = gap
        self.show_header = show_header
        self.rows: list[tuple[str, ...]] = []

    def add_row(self, *cells: str) -> None:
        """Missing cells are empty; cells (and headers) are stripped, since Table trims edge
        spaces differently by justification."""
        stripped = tuple(cell.strip() for cell in cells)
        self.rows.append(stripped + ("",) * (len(self.columns) - len(cells)))

    def _widths(self) -> list[int] | None:
        """Each column's width, or None when some cell would need wrapping or shortening."""
        lines = [*([tuple(c.header for c in self.columns)] if self.show_header else []), *self.rows]
        widths = [0] * len(self.columns)
        for cells in lines:
            for number, cell in enumerate(cells):
                if "\n" in cell:
                    return None
                limit = self.columns[number].max_width
                size = cell_len(cell)
                if limit is not None and size > limit:
                    return None
                widths[number] = max(widths[number], size)
        # As rich.table: a column whose content and padding are both empty is 1 wide (only the
        # last one can be: the others carry the gap as padding).
        widths[-1] = widths[-1] or 1
        return widths

    def fitted(self, max_width: int) -> Grid:
        """This grid, or a copy without the chart columns that leave it too wide."""
        grid = self
        for drop in sorted({c.drop for c in self.columns if c.drop}):
            widths = grid._widths()
            if widths is not None and sum(widths) + grid.gap * (len(widths) - 1) <= max_width:
                break
            keep = [i for i, c in enumerate(grid.columns) if c.drop != drop]
            smaller = Grid(
                *(grid.columns[i] for i in keep), gap=grid.gap, show_header=grid.show_header
            )
            smaller.rows = [tuple(row[i] for i in keep) for row in grid.rows]
            grid = smaller
        fixed = Grid(*(c._replace(drop=0) for c in grid.columns), gap=self.gap,
                     show_header=self.show_header)  # fmt: skip
        fixed.rows = grid.rows
        return fixed

    def plain_lines(self, max_width: int) -> list[str] | None:
        """The lines __rich_console__ draws in `max_width` cells, as text (trailing spaces
        kept); None when the grid needs rich.table to fit."""
        if any(c.drop for c in self.columns):
            return self.fitted(max_width).plain_lines(max_width)
        widths = self._widths()
        if widths is None or sum(widths) + self.gap * (len(widths) - 1) > max_width:
            return None
        spacer = " " * self.gap
        lines = [spacer.join(self._pad(cells, widths)) for cells in self.rows]
        if self.show_header:
            lines.insert(0, spacer.join(self._pad((c.header for c in self.columns), widths)))
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        if any(c.drop for c in self.columns):
            yield self.fitted(options.max_width)
            return
        widths = self._widths()
        total = sum(widths) + self.gap * (len(widths) - 1) if widths else 0
        if widths is None or total > options.max_width:
            yield self.as_table()
            return
        spacer = " " * self.gap
        header = console.get_style("bold")
        styles = [console.get_style(c.style) if c.style else None for c in self.columns]
        if self.show_header:
            titles = (c.header for c in self.columns)
            yield Segment(spacer.join(self._pad(titles, widths)), header)
            yield Segment.line()
        last = len(widths) - 1
        for cells in self.rows:
            for number, text in enumerate(self._pad(cells, widths)):
                yield Segment(text if number == last else text + spacer, styles[number])
            yield Segment.line()

    def _pad(self, cells: Iterable[str], widths: list[int]) -> list[str]:
        padded = []
        for cell, width, column in zip(cells, widths, self.columns, strict=True):
            space = " " * (width - cell_len(cell))
            padded.append(space + cell if column.justify == "right" else cell + space)
        return padded

    def as_table(self) -> Table:
        """The same grid as a rich.table.Table, which wraps and shortens to fit."""
        from rich.table import Table
        from rich.text import Text

        table = Table(
            box=None,
            padding=(0, self.gap),
            pad_edge=False,
            collapse_padding=True,
            show_header=self.show_header,
            header_style="bold",
        )
        for column in self.columns:
            table.add_column(
                column.header,
                justify=column.justify,
                max_width=column.max_width,
                no_wrap=not column.wrap,
                style=column.style or None,
            )
        for cells in self.rows:
            table.add_row(*(Text(cell) for cell in cells))
        return table
