"""Commands that move a journal out and in: export (Markdown, JSON, CSV) and import."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from journalcli.commands import SinceOpt, UntilOpt, tell
from journalcli.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date, datetime

    from journalcli.model import Entry


class ExportFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    csv = "csv"


class ImportFormat(StrEnum):
    json = "json"
    jrnl = "jrnl"


def _plural(count: int, word: str = "entry", words: str = "entries") -> str:
    return f"{count} {word if count == 1 else words}"


def _period(
    entries: list[Entry], since: str | None, until: str | None, now: datetime
) -> tuple[date, date]:
    """Inclusive days; by default from the first entry to today (or the last entry, if later)."""
    from journalcli.dates import parse_span

    today = now.date()
    first = entries[0].when.date() if entries else today
    last = max(today, max((e.when.date() for e in entries), default=today))
    return parse_span(now, since, until, start=lambda end: min(first, end), end=last)


def export(
    ctx: typer.Context,
    format_: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="markdown (to read or share), json (backup) or csv."),
    ] = ExportFormat.markdown,
    since: SinceOpt = None,
    until: UntilOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (private, mode 0600), not stdout; - is stdout.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Export entries (all by default) as Markdown, JSON or CSV."""
    from journalcli import clock, exporters

    journal = ctx.obj.journal()
    if output is not None and str(output) == "-":
        output = None
    if output is not None:
        if journal.owns(output):
            raise InputError(
                f"{output} is the journal or one of its own files (backup, index, lock); "
                "refusing to export over it, even with --force"
            )
        if not force and os.path.lexists(output):
            raise InputError(f"{output} already exists; add --force to replace it")
    now = clock.now()
    everything = journal.entries()
    from journalcli.dates import noticing

    with noticing() as notices:
        start, end = _period(everything, since, until, now)
    tell(notices)
    chosen = [entry for entry in everything if start <= entry.when.date() <= end]
    chunks: Iterable[str]
    if format_ is ExportFormat.json:
        from journalcli.stats import week_label

        challenges = journal.challenges()
        if since or until:
            first_week, last_week = week_label(start), week_label(end)
            challenges = [c for c in challenges if first_week <= c["week"] <= last_week]
        chunks = exporters.json_chunks(chosen, challenges, now)
    elif format_ is ExportFormat.csv:
        chunks = exporters.csv_chunks(chosen)
    else:
        from journalcli import content, stats

        summary = stats.summary(everything, start, end, now.date())
        key = summary.get("reading")
        reading = content.load("readings")[key]["text"] if key else None
        chunks = exporters.markdown_chunks(chosen, summary, start, end, reading)
    if output is None:
        out = sys.stdout
        for chunk in chunks:
            out.write(chunk)
        out.flush()
        return
    from journalcli.store import write_atomic

    encoded = (chunk.encode("utf-8") for chunk in chunks)
    write_atomic(output, encoded, backup=False, overwrite=force)
    typer.echo(f"Exported {_plural(len(chosen))} ({start} to {end}) to {output}.")


def _read(file: Path) -> tuple[str, str]:
    """The file's text and how to name it in messages; '-' reads standard input."""
    if str(file) == "-":
        return sys.stdin.read(), "<stdin>"
    try:
        return file.read_text(encoding="utf-8-sig"), str(file)
    except UnicodeDecodeError:
        raise InputError(f"{file}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read ({exc.strerror})") from None


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="An export file, or - for standard input.")
    ],
    format_: Annotated[
        ImportFormat,
        typer.Option(
            "--format", "-f", help="json (this journal's export) or jrnl (jrnl --format json)."
        ),
    ] = ImportFormat.json,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")
    ] = False,
) -> None:
    """Import entries; what is already in the journal is skipped, so importing twice is safe."""
    from journalcli import importers

    text, source = _read(file)
    data = importers.load(text, source)
    if format_ is ImportFormat.jrnl:
        from journalcli import clock

        entries = importers.read_jrnl(data, source, clock.now())
    else:
        from journalcli import content

        entries = importers.read_json(
            data, source, triggers=content.trigger_keys(), behaviors=content.behavior_keys()
        )
    journal = ctx.obj.journal()
    if dry_run:
        added, skipped = journal.preview_new(entries)
        typer.echo(
            f"Dry run: would add {_plural(len(added))} and skip {len(skipped)} "
            f"already in the journal; nothing was written."
        )
        return
    added, skipped = journal.add_new(entries)
    typer.echo(
        f"Imported {_plural(len(added))} from {source}; "
        f"skipped {len(skipped)} already in the journal."
    )


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command("import")(import_)
