"""`journal status` (and bare `journal`): today at a glance; `--short` for a shell start-up."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from journalcli.commands import JsonOpt, echo_json
from journalcli.errors import InputError


def show(state: Any, *, as_json: bool = False, short: bool = False, once: bool = False) -> None:
    """The status view for the journal `state` names (the CLI's State)."""
    from journalcli import clock, content, today

    if as_json and (short or once):
        raise InputError("--json prints the figures as data; leave out --short and --once")
    if once and not short:
        raise InputError("--once goes with --short: journal status --short --once")
    now = clock.now()
    folder = today.state_dir() if once else None
    if folder is not None and today.shown_on(folder) == now.date().isoformat():
        return
    data = today.status(state.journal(), now, content.challenges())
    if as_json:
        echo_json(data)
        return
    from journalcli.views import status as view

    if folder is not None:
        today.mark_shown(folder, now.date())  # before printing: a line never repeats unstamped
    if short:
        typer.echo(view.short_line(data))
        return
    typer.echo("\n".join(view.status_lines(data)))


def status(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    short: Annotated[
        bool,
        typer.Option("--short", help="One line, for a shell start-up file."),
    ] = False,
    once: Annotated[
        bool,
        typer.Option("--once", help="With --short: print it only the first time each day."),
    ] = False,
) -> None:
    """Today at a glance: entries, streak, this week's challenge, and the next thing to do.

    The same as `journal` on its own. It only reads the journal; nothing is written to it.
    """
    show(ctx.obj, as_json=as_json, short=short, once=once)


def register(app: typer.Typer) -> None:
    app.command()(status)
