"""Plain text where Rich would print no styles: stdout is a file or a pipe, not a terminal.

Importing rich.console costs about 14 ms, a quarter of a short command. When nothing will be
styled, a view can lay out its lines itself: the same characters Rich would print (each line
ending in no spaces, as views.console() prints them), or None where it cannot be sure, and
the view then asks Rich. Tests render the same views both ways and compare.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from itertools import pairwise

# What rich.text.Text removes from its text (rich.control.STRIP_CONTROL_CODES), and a tab,
# which Text expands by cells: text with any of them is left to Rich.
_LEFT_TO_RICH = re.compile("[\x07\x08\t\x0b\x0c\r]")
_TRAILING_SPACE = re.compile(r"\s+$")


def stdout_is_plain() -> bool:
    """Whether Rich would print to stdout as to a file or a pipe: no terminal, so no styles
    (Console.is_terminal, with the environment variables that force one)."""
    if os.environ.get("TTY_COMPATIBLE") in ("0", "1") or "FORCE_COLOR" in os.environ:
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return isatty is not None and not isatty()
    except ValueError:  # a closed stream: let Rich say what it says
        return False


def width() -> int:
    """The width views.console() gives Rich, and Rich's own choice without one (Console.size):
    the size of the first of stdin, stdout and stderr that is a terminal, else 80."""
    from journalcli.views import _dimension

    given = _dimension("COLUMNS", 20)
    if given is not None:
        return given
    for descriptor in (0, 1, 2):
        try:
            columns = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        return columns or 80
    return 80


def text_lines(text: str, room: int) -> list[str] | None:
    """The lines Rich prints for rich.text.Text(text) in `room` cells (Text.wrap: words kept
    whole where they fit, longer ones folded), without trailing spaces; None for text that
    Rich changes first (control codes, tabs)."""
    if _LEFT_TO_RICH.search(text):
        return None
    from rich._wrap import divide_line
    from rich.cells import cell_len, set_cell_size

    lines = []
    for line in text.split("\n"):
        offsets = [0, *divide_line(line, room, fold=True), len(line)]
        for start, end in pairwise(offsets):
            part = line[start:end]
            if len(part) > room and (space := _TRAILING_SPACE.search(part)) is not None:
                # Text.rstrip_end: counted in characters, not cells
                part = part[: len(part) - min(len(space.group(0)), len(part) - room)]
            if cell_len(part) > room:  # Text.truncate, overflow "fold"
                part = set_cell_size(part, room)
            lines.append(part)
    return lines


def write_lines(lines: Iterable[str]) -> None:
    """Each line as views.console() ends it: without trailing spaces."""
    write("".join(line.rstrip(" ") + "\n" for line in lines))


def write(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError as error:  # as Rich reports it
        hint = "*** You may need to add PYTHONIOENCODING=utf-8 to your environment ***"
        error.reason = f"{error.reason}\n{hint}"
        raise
    sys.stdout.flush()
