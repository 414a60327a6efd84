"""`journal review`: the weekly look back, walked through on a terminal or done with flags;
`journal review list` shows the weeks reviewed."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from journalcli import model
from journalcli.commands import JsonOpt, echo_json, typed
from journalcli.errors import InputError

if TYPE_CHECKING:
    from datetime import datetime

    from journalcli.content import Challenge

review_app = typer.Typer(
    help="The weekly look back: the week's figures, its challenge, one question.",
    no_args_is_help=False,
)


def _on_terminal() -> bool:
    return sys.stdin.isatty()


def _text(value: str | None, what: str) -> str | None:
    return model.clean_text(value, what, multiline=True) if value is not None else None


class _Plan:
    """What the review will save, gathered before anything is written (so that Ctrl-D or a
    wrong flag leaves the journal as it was)."""

    def __init__(self) -> None:
        self.answer: str | None = None
        self.done: bool | None = None
        self.note: str | None = None
        self.next_challenge: str | None = None


def _walk(
    figures: dict[str, Any],
    week: str,
    record: dict[str, Any],
    catalogue: dict[str, Challenge],
    question: str,
    stored: dict[str, Any] | None,
    following: tuple[str, dict[str, Any], list[str]] | None,
) -> _Plan:
    """The four steps on a terminal; every question is skipped with Enter."""
    from journalcli import interview
    from journalcli.views import review as view

    plan = _Plan()
    view.print_figures(figures)
    typer.prompt("Enter to go on", default="", show_default=False)
    view.print_challenge(week, record, catalogue.get(record["challenge"]), asking=True)
    asked = "Still done? [y/n]" if record["done"] else "Did you do it? [y/n]"
    plan.done = interview.ask_optional(f"{asked} (Enter to skip)", interview.yes_no)
    if plan.done is not None:
        plan.note = interview.ask_optional(
            "A note on how it went (Enter to skip)", lambda text: _text(text, "note") or None
        )
    view.print_question(question, stored["answer"] if stored else None)
    keep = "Enter keeps it" if stored and stored["answer"] else "Enter to skip"
    plan.answer = interview.ask_optional(
        f"Your answer ({keep})", lambda text: _text(text, "answer") or None
    )
    if following is not None:
        next_week, next_record, others = following
        view.print_next(
            next_week, next_record["challenge"], others, catalogue, done=next_record["done"]
        )
        if not next_record["done"] and others:
            plan.next_challenge = interview.ask_optional(
                f"Enter keeps it, or pick 1-{len(others)}",
                lambda text: interview.pick(text, others, "choice"),
            )
    return plan


def _flags(
    answer: str | None, done: bool | None, note: str | None, next_challenge: str | None
) -> _Plan:
    plan = _Plan()
    plan.answer, plan.done, plan.note = answer, done, note
    plan.next_challenge = next_challenge
    return plan


@review_app.callback(invoke_without_command=True)
def review(
    ctx: typer.Context,
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            metavar="WEEK",
            callback=typed,
            help="The week to review: 2026-W46, or a day in it ('nov 10'). Default: the last "
            "week that has ended (this one on its Sunday).",
        ),
    ] = None,
    answer: Annotated[
        str | None,
        typer.Option(metavar="TEXT", callback=typed, help="Your answer to the week's question."),
    ] = None,
    done: Annotated[
        bool | None,
        typer.Option(
            "--challenge-done/--challenge-not-done",
            help="Whether the week's challenge was done.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(metavar="TEXT", callback=typed, help="A note on the week's challenge."),
    ] = None,
    next_challenge: Annotated[
        str | None,
        typer.Option(
            "--next-challenge",
            metavar="ID",
            callback=typed,
            help="This week's challenge, when the week reviewed is the last one.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the week's figures and the review as JSON.")
    ] = False,
) -> None:
    """Look back at a week: its figures beside the week before, its challenge, one question.

    On a terminal it walks through each step (Enter skips one); elsewhere give flags.
    `journal review list` shows the weeks reviewed.
    """
    given = (week, answer, done, note, next_challenge)
    if ctx.invoked_subcommand is not None:
        if any(value is not None for value in given) or as_json:
            raise InputError("the options of journal review go without `list`")
        return
    from journalcli import clock, content
    from journalcli import review as core

    now = clock.now()
    today = now.date()
    chosen = core.parse_week(week, now) if week is not None else core.default_week(today)
    core.check_reviewable(chosen, today)
    clean_answer, clean_note = _text(answer, "answer"), _text(note, "note")
    catalogue = content.challenges()
    following = core.shifted(chosen, 1) if core.following_is_current(chosen, today) else None
    if next_challenge is not None:
        if following is None:
            raise InputError(
                f"--next-challenge sets this week's challenge, so it goes with a review of "
                f"the week before ({core.shifted(core.week_of(today), -1)}), not of {chosen}"
            )
        next_challenge = model.parse_key(next_challenge, list(catalogue), "challenge")
    journal = ctx.obj.journal()
    records = journal.challenges()
    stored = core.record_for(chosen, journal.reviews())
    figures = core.figures(journal.entries(*core.figures_span(chosen)), chosen, today)
    record = core.challenge_record(chosen, records, catalogue)
    question = core.question_for(chosen, content.questions(), stored)
    next_record = (
        core.challenge_record(following, records, catalogue, current=True) if following else None
    )
    if next_challenge is not None and next_record is not None and next_record["done"]:
        raise InputError(f"this week's challenge ({following}) is already done; it stays")
    flagged = any(value is not None for value in (answer, done, note, next_challenge))
    if flagged:
        plan = _flags(clean_answer, done, clean_note, next_challenge)
    elif _on_terminal() and not as_json:
        offer = None
        if following is not None and next_record is not None:
            others = core.other_challenges(following, next_record["challenge"], records, catalogue)
            offer = (following, next_record, others)
        plan = _walk(figures, chosen, record, catalogue, question, stored, offer)
    else:
        _show(figures, record, catalogue, question, stored, as_json=as_json, saved=False)
        return
    kept = {r["week"] for r in records}
    stored = _save(journal, now, chosen, plan, (record, next_record), kept, question, stored)
    _show(
        figures,
        _current(journal, chosen, record),
        catalogue,
        question,
        stored,
        as_json=as_json,
        saved=True,
    )


def _save(
    journal: Any,
    now: datetime,
    week: str,
    plan: _Plan,
    challenges: tuple[dict[str, Any], dict[str, Any] | None],
    kept: set[str],
    question: str,
    stored: dict[str, Any] | None,
) -> dict[str, Any]:
    """The challenge records through the challenge commands' own path (core rule, then
    journal.save_challenge), then the review. `kept`: the weeks with a stored challenge
    record; a week without one gets its record when the review says something about it."""
    from journalcli import review as core

    record, next_record = challenges
    if plan.done is not None:
        changed = core.set_done(record, plan.done, now, plan.note)
        if changed != record or record["week"] not in kept:
            journal.save_challenge(changed)
    picked = plan.next_challenge
    if (
        picked is not None
        and next_record is not None
        and (picked != next_record["challenge"] or next_record["week"] not in kept)
    ):
        journal.save_challenge({**next_record, "challenge": picked})
    saved = core.build(week, now, stored, question, plan.answer, plan.note)
    return journal.save_review(saved)


def _current(journal: Any, week: str, fallback: dict[str, Any]) -> dict[str, Any]:
    from journalcli import guide

    return guide.record_for(week, journal.challenges()) or fallback


def _show(
    figures: dict[str, Any],
    record: dict[str, Any],
    catalogue: dict[str, Challenge],
    question: str,
    stored: dict[str, Any] | None,
    *,
    as_json: bool,
    saved: bool,
) -> None:
    week = figures["week"]["week"]
    if as_json:
        echo_json(
            {
                "week": week,
                "figures": figures,
                "challenge": record,
                "question": stored["question"] if stored else question,
                "review": stored,
            }
        )
        return
    from journalcli.views import review as view

    if saved:
        typer.echo(f"Saved the review of week {week}.")
        return
    view.print_week(
        figures, record, catalogue.get(record["challenge"]), question, stored, saved=saved
    )


@review_app.command("list")
def review_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The weeks reviewed, newest first."""
    from journalcli import review as core

    journal = ctx.obj.journal()
    rows = core.listing(journal.reviews(), journal.challenges())
    if as_json:
        echo_json(rows)
        return
    from journalcli.views import review as view

    view.print_list(rows)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
