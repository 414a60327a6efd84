"""Commands that list the kept versions of the journal and bring one back: backups, restore."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from journalcli.commands import JsonOpt, echo_json

if TYPE_CHECKING:
    from journalcli.backups import Kept, RestorePlan


def _kept_dict(kept: Kept) -> dict[str, object]:
    generation = kept.generation
    return {
        "label": generation.label,
        "path": str(generation.path),
        "written": generation.written.isoformat(timespec="seconds"),
        "entries": kept.entries,
        "size": generation.size,
        "damaged": kept.problem,
    }


def backups(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the kept versions of the journal, newest first, with their entries and size."""
    journal = ctx.obj.journal()
    kept = journal.backups()
    if as_json:
        echo_json([_kept_dict(k) for k in kept])
        return
    from journalcli.views import backups as view

    view.print_backups(journal.path, kept)


def _plural(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


def _describe(plan: RestorePlan) -> str:
    return (
        f"Restore {plan.label} (saved {plan.written:%Y-%m-%d %H:%M}): "
        f"the journal goes from {plan.state} to {_plural(plan.after)}."
    )


def restore(
    ctx: typer.Context,
    which: Annotated[
        str | None,
        typer.Argument(
            metavar="[WHICH]",
            help="A backup from `journal backups` (a date, bak, before-restore-...) or a "
            "journal file; by default the newest good backup.",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
) -> None:
    """Bring back a kept version of the journal; the current one is kept, so it can be undone."""
    journal = ctx.obj.journal()
    plan = journal.plan_restore(which)
    if dry_run:
        typer.echo(f"Dry run: {_describe(plan)} Nothing was written.")
        return
    if not yes:
        typer.confirm(f"{_describe(plan)} Go ahead?", abort=True)
    kept = journal.restore(plan)
    typer.echo(f"Restored {plan.label}: the journal holds {_plural(plan.after)}.")
    if kept is not None:
        label = kept.name.removesuffix(".json")
        typer.echo(
            f"The journal as it was is kept as {label}: `journal restore {label}` undoes this."
        )


def register(app: typer.Typer) -> None:
    app.command()(backups)
    app.command()(restore)
