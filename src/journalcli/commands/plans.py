"""`journal plan`: if-then plans ("if this trigger comes, then I will ...")."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from journalcli.commands import MAX_ID, JsonOpt, echo_json, typed, whole
from journalcli.errors import InputError

plan_app = typer.Typer(
    help="If-then plans: what you will do when a trigger comes.", no_args_is_help=True
)


def _on_terminal() -> bool:
    return sys.stdin.isatty()


@plan_app.command("add")
def add(
    ctx: typer.Context,
    trigger: Annotated[
        str, typer.Argument(metavar="TRIGGER", callback=typed, help="The trigger's key.")
    ],
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="[TEXT]",
            callback=typed,
            help="What you will do (on a terminal, left out: the trigger's suggestion).",
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option("--with", "-w", metavar="NAME", callback=typed, help="Only with this person."),
    ] = None,
) -> None:
    """Make a plan: if TRIGGER comes, then TEXT."""
    from journalcli import clock, content, model, plans

    catalogue = content.triggers()
    key = model.parse_key(trigger, list(catalogue), "trigger")
    if text is None:
        if not _on_terminal():
            raise InputError(
                "say what you will do (journal plan add TRIGGER TEXT); the suggestion is "
                "offered only on a terminal"
            )
        suggestion = catalogue[key].challenge
        typer.echo(f"A suggestion for {key}: {suggestion}")
        try:
            answer = typer.prompt(
                "Enter to take it, or write your own", default="", show_default=False
            )
        except typer.Abort:
            raise InputError("no plan was given; nothing was saved") from None
        text = answer.strip() or suggestion
    record = plans.new_plan(key, text, with_, clock.now())
    saved = ctx.obj.journal().add_plan(record)
    typer.echo(_fill(f"Saved plan {saved['id']}: ", _describe(saved)))


@plan_app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """The plans, oldest first."""
    stored = ctx.obj.journal().plans()
    if as_json:
        echo_json(stored)
        return
    if not stored:
        typer.echo('No plans yet. Make one: journal plan add TRIGGER "what you will do"')
        return
    for plan in stored:
        typer.echo(_fill(f"{plan['id']:>3}  ", _describe(plan)))


@plan_app.command("remove")
def remove(
    ctx: typer.Context,
    plan_id: Annotated[
        int, typer.Argument(metavar="ID", parser=whole(1, MAX_ID), help="The plan's id.")
    ],
) -> None:
    """Remove a plan (entries linked to it keep the link; its id is never used again)."""
    removed = ctx.obj.journal().remove_plan(plan_id)
    typer.echo(_fill(f"Removed plan {removed['id']}: ", _describe(removed)))


def _fill(first: str, text: str) -> str:
    """`first` and `text` within 80 columns; the lines after the first indented by 5."""
    import textwrap

    return textwrap.fill(
        text, 80, initial_indent=first, subsequent_indent=" " * 5, break_on_hyphens=False
    )


def _describe(plan: dict[str, Any]) -> str:
    """'if closeness with Sam, then: take a breath' (the person only when the plan has one)."""
    who = f" with {plan['with']}" if plan["with"] else ""
    return f"if {plan['trigger']}{who}, then: {plan['text']}"


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
