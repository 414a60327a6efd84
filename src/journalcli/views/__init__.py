"""Rich views: plain data from the core in, tables and panels out. Rich is imported only here."""

from __future__ import annotations

import os
from typing import Any


def empty_hint() -> str:
    """What an empty journal shows: how to add the first entry, and the articles' reframe
    (prompts/notices.toml, empty-hint)."""
    from journalcli import content

    return content.notice("empty-hint")


def _dimension(name: str, low: int) -> int | None:
    """COLUMNS or LINES when it is a plain number of at least `low`, else None (the terminal's
    own size). Rich reads them with str.isdigit(), which takes "²" and then fails on int()."""
    value = os.environ.get(name, "")
    if value.isascii() and value.isdigit() and len(value) <= 5 and int(value) >= low:
        return int(value)
    return None


def console(**kwargs: Any) -> Any:
    """A Console that honours NO_COLOR and COLUMNS (tests fix the width with COLUMNS=80), and
    ends no line in spaces (Rich pads wrapped text and tables to the full width)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return _trimming_console_class()(
        width=_dimension("COLUMNS", 20),
        height=_dimension("LINES", 5),
        no_color="NO_COLOR" in os.environ or None,
        _environ=environ,
        **kwargs,
    )


def _trimming_console_class() -> Any:
    from rich.console import Console
    from rich.segment import Segment

    def trimmed(line: list[Any]) -> list[Any]:
        while line and not line[-1].control and not line[-1].text.rstrip(" "):
            line.pop()
        if line and not line[-1].control:
            last = line[-1]
            line[-1] = Segment(last.text.rstrip(" "), last.style)
        return line

    class TrimmingConsole(Console):
        def render(self, renderable: Any, options: Any = None) -> Any:
            line: list[Any] = []
            for segment in super().render(renderable, options):
                if segment.control or "\n" not in segment.text:
                    line.append(segment)
                    continue
                first, *rest = segment.text.split("\n")
                if first:
                    line.append(Segment(first, segment.style))
                for part in rest:
                    yield from trimmed(line)
                    yield Segment.line()
                    line = [Segment(part, segment.style)] if part else []
            yield from line

    return TrimmingConsole
