"""View of the kept versions of a journal (plain text: a handful of rows, no Rich needed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from journalcli.backups import Kept


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return ""  # unreachable


def print_backups(journal: Path, kept: Sequence[Kept]) -> None:
    if not kept:
        typer.echo(f"No backups of {journal} yet: one is kept with each change.")
        return
    typer.echo(f"Backups of {journal}, newest first:")
    width = max(len(k.generation.label) for k in kept)
    for k in kept:
        g = k.generation
        if k.problem is not None:
            what = f"DAMAGED: {k.problem}"
        else:
            what = f"{k.entries} {'entry' if k.entries == 1 else 'entries'}"
        typer.echo(
            f"  {g.label:<{width}}  saved {g.written:%Y-%m-%d %H:%M}  {_size(g.size):>9}  {what}"
        )
    typer.echo("Bring one back with `journal restore WHICH` (asks first; the current one is kept).")
