"""Typer commands, one module per group; each registers its commands on the app.

The option types several commands share live here, so each is declared once, and so does what
every command needs from the terminal: whole numbers checked against their range, typed text
read as UTF-8 whatever the locale, and output that never fails on a character.
"""

# No `from __future__ import annotations` here: Typer reads the signature of every callback
# (`typed` serves a dozen options), and string annotations cost a compile() each at start-up.
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from datetime import datetime

    from journalcli.dates import Role

T = TypeVar("T")
MAX_ID = 2**63 - 1  # ids are stored as JSON numbers; beyond this no tool reads them exactly


def _settle_streams() -> None:
    """Under a C/POSIX locale (with Python's UTF-8 mode switched off) the standard streams are
    ASCII, and printing a note with an "é" would fail. Journal text is UTF-8, so the streams
    are made UTF-8 too, as Python's own UTF-8 mode does for that locale; any other encoding
    is kept, with characters it cannot show replaced rather than failing."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if not hasattr(stream, "reconfigure") or encoding.startswith("utf"):
            continue
        try:
            if encoding in ("ascii", "ansi-x3.4-1968", "us-ascii", "646"):
                stream.reconfigure(encoding="utf-8")
            elif stream is not sys.stdin:
                stream.reconfigure(errors="replace")
        except (ValueError, OSError):  # a stream already read from, or closed
            continue


# Once, when the first command module is imported: before any command reads or prints.
_settle_streams()


def typed(value: T) -> T:
    """What a person typed, as UTF-8: under an ASCII locale Python hands over the bytes of
    "é" as two lone surrogates; decoded again here they are the "é" that was typed. Text that
    is not UTF-8 is left as it is, for the validators to refuse. (File names must not pass
    through here: the file system expects them as Python decoded them.)"""
    if isinstance(value, str):
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8")  # type: ignore[return-value]
        except UnicodeError:
            return value
    if isinstance(value, list | tuple):
        return type(value)(typed(item) for item in value)  # type: ignore[return-value]
    return value


def _shown(text: str) -> str:
    return repr(text if len(text) <= 20 else text[:17] + "...")


def whole(low: int, high: int) -> Callable[[Any], int]:
    """A parser for an integer option or argument from `low` to `high`, so that a number out
    of range is one line and exit 2, however many digits it has."""

    def parse(value: Any) -> int:
        if isinstance(value, int):
            return value  # a default
        text = typed(str(value)).strip()
        digits = text.lstrip("+-")
        if not (digits.isascii() and digits.isdigit()) or len(text) - len(digits) > 1:
            raise typer.BadParameter(
                f"{_shown(text)} is not a valid integer; give a whole number from {low} to {high}"
            )
        # int() refuses very long digit strings; those are out of range anyway.
        number = int(text) if len(digits) <= 30 else high + 1
        if not low <= number <= high:
            raise typer.BadParameter(f"{_shown(text)} is out of range; give {low} to {high}")
        return number

    return parse


def moment(text: str, now: "datetime", role: "Role") -> "datetime":
    """A typed date-time (dates, and dateutil, imported only when one was typed); a notice of
    what was chosen for the person (the first of a repeated hour) goes to stderr."""
    from journalcli.dates import noticing, parse_when

    with noticing() as notices:
        result = parse_when(typed(text), now, role)
    tell(notices)
    return result


def bound(text: str, now: "datetime", role: "Role") -> "datetime":
    """A typed --since/--until as a naive wall-clock time (see dates.parse_wall)."""
    from journalcli.dates import noticing, parse_wall

    with noticing() as notices:
        result = parse_wall(typed(text), now, role)
    tell(notices)
    return result


def tell(notices: list[str]) -> None:
    for notice in notices:
        typer.echo(f"journal: note: {notice}", err=True)


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        metavar="WHEN", callback=typed, help="From the start of this day ('nov 1', 'monday')."
    ),
]
UntilOpt = Annotated[
    str | None, typer.Option(metavar="WHEN", callback=typed, help="Up to the end of this day.")
]
IdArg = Annotated[
    int, typer.Argument(metavar="ID", parser=whole(1, MAX_ID), help="The entry's id.")
]


def echo_json(value: Any) -> None:
    """Indented UTF-8 JSON on stdout; json is imported only by the commands that print it."""
    import json

    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))
