"""`journal calendar`: a year in pixels, or one month."""

from __future__ import annotations

from typing import Annotated

import typer

from journalcli.commands import JsonOpt, echo_json, typed, whole
from journalcli.model import FIRST_YEAR, LAST_YEAR


def calendar(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YYYY",
            parser=whole(FIRST_YEAR, LAST_YEAR),
            help="The year to show (default: this year).",
        ),
    ] = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month", metavar="YYYY-MM", callback=typed, help="One month, in a larger grid."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Each day as one mark: how strong the urge was, and whether you stayed."""
    from journalcli import clock, stats
    from journalcli.errors import InputError

    if year is not None and month is not None:
        raise InputError("give either --year or --month, not both")
    today = clock.now().date()
    if month is not None:
        shown_year, shown_month = stats.parse_month(month)
        first, last = stats.calendar_span(shown_year, shown_month)
    else:
        shown_year, shown_month = (today.year if year is None else year), None
        first, last = stats.calendar_span(shown_year)
    result = stats.calendar(ctx.obj.journal().facts(first, last), first, last)
    if as_json:
        echo_json(result)
        return
    from journalcli.views import calendar as view

    if shown_month is None:
        view.print_year(result, shown_year, today)
    else:
        view.print_month(result, shown_year, shown_month, today)


def register(app: typer.Typer) -> None:
    app.command()(calendar)
