"""Commands that move a journal out and in: export (Markdown, JSON, CSV) and import."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from journalcli.commands import SinceOpt, UntilOpt, tell, typed
from journalcli.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
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
    days: set[date], since: str | None, until: str | None, now: datetime
) -> tuple[date, date]:
    """Inclusive days; by default from the first day with an entry to today (or the last
    such day, if later). `days`: the local dates with an entry."""
    from journalcli.dates import parse_span

    today = now.date()
    first = min(days, default=today)
    last = max(today, max(days, default=today))
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
    redact: Annotated[
        list[str] | None,
        typer.Option(
            "--redact",
            metavar="WHAT",
            callback=typed,
            autocompletion=lambda incomplete: [
                what for what in ("names", "notes", "names,notes") if what.startswith(incomplete)
            ],
            help="A copy to share: names (people become Person A, B, ...), notes (notes and "
            "answers left out), or names,notes.",
        ),
    ] = None,
    redact_name: Annotated[
        list[str] | None,
        typer.Option(
            "--redact-name",
            metavar="NAME",
            callback=typed,
            help="Also a person named only in notes (repeatable; implies --redact names).",
        ),
    ] = None,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help="Markdown only: the figures, flagged entries, patterns, plans and reviews, "
            "without every entry; the last 28 days unless --since/--until.",
        ),
    ] = False,
) -> None:
    """Export entries (all by default) as Markdown, JSON or CSV."""
    from journalcli import clock, exporters

    modes, extra_names = _redaction(redact or [], redact_name or [])
    if brief and format_ is not ExportFormat.markdown:
        raise InputError(f"--brief is a Markdown brief; it does not go with --format {format_}")
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
    from journalcli.dates import noticing

    with noticing() as notices:
        if brief:
            from journalcli.stats import period

            start, end = period(now, since, until)
        else:
            start, end = _period(journal.days(), since, until, now)
    tell(notices)
    # Without redaction, from a matching index, the entries are built one at a time as they
    # are written (the figures come from the index's columns); else the journal is read once,
    # here (only the period's entries are built), and everything below works from the lists.
    streamed = None if modes else journal.streamed(start, end)
    everything: Sequence[Entry] = journal.entries(start, end) if streamed is None else []
    challenges: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    if format_ is not ExportFormat.csv:  # CSV is entries alone (a damaged review cannot stop it)
        challenges, reviews, plans = journal.challenges(), journal.reviews(), journal.plans()
    chunks: Iterable[str]
    from journalcli.stats import week_label

    first_week, last_week = week_label(start), week_label(end)
    if modes:
        from journalcli import redact as redaction

        # Every person of the journal gets a label, so a name from outside the period is
        # caught in a note inside it; labels go to the period's people first.
        pool = journal.entries() if redaction.NAMES in modes else everything
        pool, challenges, reviews, plans = redaction.apply(
            pool,
            challenges,
            reviews,
            plans,
            modes=modes,
            names=extra_names,
            builtin=_builtin_texts(),
            period=(start, end),
        )
        everything = [entry for entry in pool if start <= entry.when.date() <= end]
    if format_ is ExportFormat.markdown:
        from journalcli.brief import build, build_streamed

        if streamed is None:
            document = build(everything, challenges, reviews, plans, start, end, now)
            count = len(document.entries)
        else:
            document = build_streamed(
                streamed.facts, streamed.flagged(), streamed.stored_by_day(), challenges, reviews,
                plans, start, end, now,
            )  # fmt: skip
            count = len(streamed)
        chunks = exporters.markdown_chunks(document, with_entries=not brief, redacted=modes)
    else:
        chosen: Iterable[Entry] = everything if streamed is None else streamed
        count = len(everything) if streamed is None else len(streamed)
        if format_ is ExportFormat.csv:
            chunks = exporters.csv_chunks(chosen, redacted=modes)
        else:
            if since or until:
                challenges = [c for c in challenges if first_week <= c["week"] <= last_week]
                reviews = [r for r in reviews if first_week <= r["week"] <= last_week]
            # without a period: the whole journal's, whatever weeks the entries span
            chunks = exporters.json_chunks(chosen, challenges, now, reviews, plans, redacted=modes)
    if output is None:
        out = sys.stdout
        for chunk in chunks:
            out.write(chunk)
        out.flush()
        return
    from journalcli.store import sweep_dead_temps, write_atomic

    sweep_dead_temps(output)
    encoded = (chunk.encode("utf-8") for chunk in chunks)
    write_atomic(output, encoded, backup=False, overwrite=force)
    shared = f", {' and '.join(modes)} redacted" if modes else ""
    typer.echo(f"Exported {_plural(count)} ({start} to {end}) to {output}{shared}.")


def _redaction(redact: list[str], names: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """What --redact and --redact-name ask for: the modes, and the names to look for."""
    if not redact and not names:
        return (), []  # no redaction: redact.py is not even imported
    from journalcli import redact as redaction

    modes = redaction.parse_modes(redact)
    extra = [redaction.parse_name(name) for name in names]
    if extra and redaction.NAMES not in modes:
        modes = redaction.parse_modes([*modes, redaction.NAMES])
    return modes, extra


def _builtin_texts() -> set[str]:
    """The program's own texts a record can hold (questions, feeling words): never redacted."""
    from journalcli import content

    questions = (item["question"] for item in content.load_builtin("reflection").values())
    return {*questions, *content.load_builtin("emotions")}


def _read(file: Path) -> tuple[str, str]:
    """The file's text and how to name it in messages; '-' reads standard input.

    At most 256 MB is read (far above any journal's export; /dev/zero never ends), and text
    that is not UTF-8 is named, UTF-16 as such."""
    limit = 256 << 20
    source = "<stdin>" if str(file) == "-" else str(file)

    def read_up_to(stream: BinaryIO) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = stream.read(min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)

    try:
        if source == "<stdin>":
            raw = read_up_to(sys.stdin.buffer)
        else:
            with file.open("rb") as fh:
                raw = read_up_to(fh)
    except IsADirectoryError:
        raise InputError(f"{source}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror})") from None
    if len(raw) > limit:
        raise InputError(f"{source}: larger than {limit >> 20} MB; not an export")
    from journalcli.sealed import is_sealed

    if is_sealed(raw):
        raise InputError(
            f"{source}: encrypted (age); a backup of this journal comes back with `journal "
            "restore`, and any age file opens with `age -d -i recovery.txt` to import that"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:2]:
        raise InputError(f"{source}: UTF-16 (or UTF-32) text; save it as UTF-8")
    try:
        return raw.decode("utf-8-sig"), source
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: not UTF-8 text (byte {raw[exc.start]:#04x} at position {exc.start})"
        ) from None


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
    from journalcli import clock, importers

    text, source = _read(file)
    data = importers.load(text, source)
    now = clock.now()
    reviews: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    if format_ is ImportFormat.jrnl:
        entries = importers.read_jrnl(data, source, now)
    else:
        from journalcli import content

        entries = importers.read_json(
            data,
            source,
            triggers=content.trigger_keys(),
            behaviors=content.behavior_keys(),
            now=now,
        )
        reviews = importers.read_reviews(data, source)
        plans = importers.read_plans(data, source, content.trigger_keys())
    # The same entry twice in the file: skipped by add_new like one already stored, but said.
    repeated = importers.repeats(entries)
    journal = ctx.obj.journal()
    new_plans = journal.new_plans(plans) if plans else []
    if dry_run:
        added, skipped = journal.preview_new(entries)
        typer.echo(
            f"Dry run: would add {_plural(len(added))} and skip "
            f"{len(skipped) - len(repeated)} already in the journal; nothing was written."
        )
    else:
        added, skipped = journal.add_new(entries, plans=plans)
        typer.echo(
            f"Imported {_plural(len(added))} from {source}; "
            f"skipped {len(skipped) - len(repeated)} already in the journal."
        )
    if plans:
        verb = "Would add" if dry_run else "Added"
        line = f"{verb} {_plural(len(new_plans), 'plan', 'plans')}"
        if len(new_plans) < len(plans):
            line += f"; {len(plans) - len(new_plans)} already in the journal"
        typer.echo(line + ".")
    if reviews:
        _import_reviews(journal, reviews, dry_run=dry_run)
    if repeated:
        pairs = ", ".join(
            f"entries[{later}] repeats entries[{first}]" for first, later in repeated[:3]
        )
        more = f" and {len(repeated) - 3} more" if len(repeated) > 3 else ""
        typer.echo(
            f"Skipped {_plural(len(repeated), 'record', 'records')} repeated in the file "
            f"({pairs}{more})."
        )


def _import_reviews(journal: Any, reviews: list[dict[str, Any]], *, dry_run: bool) -> None:
    """The file's weekly reviews: a week without one gets the file's; a week that has one
    keeps it, and the line says so when the file's differs."""
    added, same, kept = journal.add_reviews(reviews, dry_run=dry_run)
    verb = "Would add" if dry_run else "Added"
    line = f"{verb} {_plural(len(added), 'weekly review', 'weekly reviews')}"
    if same:
        line += f"; {len(same)} already in the journal"
    typer.echo(line + ".")
    if kept:
        weeks = ", ".join(record["week"] for record in kept[:5])
        more = f" and {len(kept) - 5} more" if len(kept) > 5 else ""
        typer.echo(
            f"Kept the review already in the journal for {weeks}{more}; the file's "
            f"{'review differs' if len(kept) == 1 else 'reviews differ'} and "
            f"{'was' if len(kept) == 1 else 'were'} not imported."
        )


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command("import")(import_)
