"""Commands that show the pattern: summary, trends, week."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from journalcli.commands import JsonOpt, SinceOpt, UntilOpt, echo_json, tell, typed, whole
from journalcli.stats import DEFAULT_WEEKS, MAX_WEEKS


def _show(result: dict[str, Any], as_json: bool, view_name: str, *, journal_empty: bool) -> None:
    """JSON, or the named function of views.stats (Rich is imported only here)."""
    if as_json:
        echo_json(result)
        return
    from journalcli.views import stats as view

    getattr(view, view_name)(result, journal_empty=journal_empty)


def summary(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    everything: Annotated[
        bool, typer.Option("--all", help="From the first entry to today.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """What sets off the urge, and how often you stayed (default: the last 28 days)."""
    from journalcli import clock, stats
    from journalcli.dates import noticing

    now = clock.now()
    journal = ctx.obj.journal()
    days = journal.days()
    first = min(days, default=None) if everything else None
    with noticing() as notices:
        start, end = stats.period(now, since, until, everything=everything, first=first)
    tell(notices)
    facts = journal.facts(start, end)  # from the index's columns: no entry is built
    done = {record["week"] for record in journal.challenges() if record.get("done")}
    result = stats.summary(
        facts, start, end, now.date(), logged_days=days, done_weeks=done, plans=journal.plans()
    )
    _show(result, as_json, "print_summary", journal_empty=not days)


def trends(
    ctx: typer.Context,
    weeks: Annotated[
        int,
        typer.Option(
            "--weeks",
            "-n",
            metavar="N",
            parser=whole(1, MAX_WEEKS),
            help="How many weeks to show, ending this week.",
        ),
    ] = DEFAULT_WEEKS,
    as_json: JsonOpt = False,
) -> None:
    """Week by week: mean urge, how often you stayed, the top trigger, the challenge."""
    from journalcli import clock, stats

    journal = ctx.obj.journal()
    today = clock.now().date()
    entries = journal.entries(*stats.trend_window(weeks, today))
    done = {record["week"] for record in journal.challenges() if record.get("done")}
    reviewed = {record["week"] for record in journal.reviews()}
    result = stats.trends(entries, weeks, today, done, reviewed)
    _show(result, as_json, "print_trends", journal_empty=journal.count() == 0)


def week(
    ctx: typer.Context,
    when: Annotated[
        str | None,
        typer.Argument(
            metavar="[WHEN]",
            callback=typed,
            help="A day in the week to show (default: this week).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """One week, day by day."""
    from datetime import timedelta

    from journalcli import clock, stats

    now = clock.now()
    if when is None:
        day = now.date()
    else:
        from journalcli.dates import noticing, parse_day

        with noticing() as notices:
            day = parse_day(when, now)
        tell(notices)
    journal = ctx.obj.journal()
    start = stats.week_start(day)
    result = stats.week(journal.entries(start, start + timedelta(days=6)), day)
    _show(result, as_json, "print_week", journal_empty=journal.count() == 0)


def register(app: typer.Typer) -> None:
    app.command()(summary)
    app.command()(trends)
    app.command()(week)
