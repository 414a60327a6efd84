"""Commands that bring the articles into the terminal: steps, guide, prompt and challenge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from journalcli import model
from journalcli.commands import JsonOpt, echo_json, typed
from journalcli.errors import InputError

if TYPE_CHECKING:
    from journalcli.content import Challenge, Step

FITS = ("withdrew", "stayed", "partly", "weekly")


def _complete_steps(incomplete: str) -> list[str]:
    from journalcli import content

    return [step.key for step in content.steps() if step.key.startswith(incomplete)]


def _complete_topics(incomplete: str) -> list[str]:
    from journalcli.content import TOPICS

    return [key for key in TOPICS if key.startswith(incomplete)]


def _pick_step(value: str, all_steps: list[Step]) -> tuple[int, Step]:
    """A step by its number (1-4) or its id."""
    keys = [step.key for step in all_steps]
    text = value.strip()
    if text.isascii() and text.isdigit() and len(text) < 4 and 1 <= int(text) <= len(all_steps):
        number = int(text)
    else:
        number = keys.index(model.parse_key(text, keys, "step")) + 1
    return number, all_steps[number - 1]


def steps(
    step: Annotated[
        str | None,
        typer.Argument(
            metavar="[STEP]",
            help="Show one step in detail: its number (1-4) or id (track-triggers, ...).",
            autocompletion=_complete_steps,
            show_default=False,
        ),
    ] = None,
) -> None:
    """The four practical steps; give one to read it in detail."""
    from journalcli import content
    from journalcli.views import guide as view

    all_steps = content.steps()
    if step is None:
        view.print_steps(all_steps)
        return
    number, chosen = _pick_step(step, all_steps)
    view.print_step(number, chosen)


def guide(
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="[TOPIC]",
            help=(
                "patterns, signs, styles, triggers, emotions, origins, healing or steps; "
                "none lists them."
            ),
            autocompletion=_complete_topics,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read the guide: the two patterns compared, signs, styles, triggers, feeling words,
    where the patterns come from and ways forward."""
    from journalcli import content
    from journalcli.views import guide as view

    if topic is None:
        view.print_topics(content.topics())
        return
    chosen = model.parse_key(topic, content.TOPICS, "topic")
    if chosen == "steps":
        view.print_steps(content.steps())
    elif chosen == "patterns":
        view.print_patterns(list(content.patterns().values()))
    elif chosen == "signs":
        view.print_signs(list(content.patterns().values()), content.behaviors())
    elif chosen == "styles":
        view.print_styles(content.styles())
    elif chosen == "origins":
        view.print_origins(content.origins())
    elif chosen == "healing":
        view.print_healing(content.healing())
    elif chosen == "triggers":
        view.print_triggers(list(content.triggers().values()))
    else:
        view.print_emotions(content.emotions())


def prompt(
    random_pick: Annotated[
        bool, typer.Option("--random", help="Another question each time, not today's.")
    ] = False,
    fit: Annotated[
        str | None,
        typer.Option(
            "--for",
            metavar="WHEN",
            help="A question for after withdrew, stayed or partly, or for a weekly look back.",
            autocompletion=lambda incomplete: [f for f in FITS if f.startswith(incomplete)],
        ),
    ] = None,
) -> None:
    """A reflective question: the same one all day, unless --random."""
    from journalcli import clock, content
    from journalcli import guide as core
    from journalcli.views import guide as view

    chosen_fit = model.parse_key(fit, FITS, "--for value") if fit is not None else None
    questions = content.questions()
    if random_pick:
        question = core.random_question(questions, chosen_fit)
    else:
        question = core.question_of_the_day(clock.now().date(), questions, chosen_fit)
    if chosen_fit == "weekly":  # answered in the weekly review, which asks the same one
        from journalcli import review as weekly
        from journalcli.views import review

        text = question.text
        if not random_pick:
            text = weekly.question_for(weekly.default_week(clock.now().date()), questions, None)
        review.print_weekly_question(text)
        return
    view.print_question(question)


challenge_app = typer.Typer(
    help="This week's small challenge in staying present (stable for the week).",
    no_args_is_help=False,
)


def _this_week(journal: Any, catalogue: dict[str, Challenge]) -> tuple[dict[str, Any], bool]:
    """This week's record, as stored or freshly picked; (record, not yet stored)."""
    from journalcli import clock
    from journalcli import guide as core

    week = core.week_of(clock.now().date())
    return core.week_challenge(week, list(catalogue), journal.challenges(), current=True)


@challenge_app.callback(invoke_without_command=True)
def challenge(
    ctx: typer.Context,
    new: Annotated[
        bool, typer.Option("--new", help="Swap this week's challenge for another one.")
    ] = False,
) -> None:
    """This week's small challenge in staying present (stable for the ISO week).

    `journal challenge done [NOTE]` marks it done; `journal challenge list` shows past weeks.
    """
    if ctx.invoked_subcommand is not None:
        if new:
            raise InputError("--new goes on its own: journal challenge --new")
        return
    from journalcli import clock, content
    from journalcli import guide as core
    from journalcli.views import guide as view

    journal = ctx.obj.journal()
    catalogue = content.challenges()
    record, changed = _this_week(journal, catalogue)
    if new:
        if record["done"]:
            monday = core.next_week_start(clock.now().date())
            raise InputError(
                f"this week's challenge is already done; a new one comes on {monday:%A %d %B}"
            )
        record = {
            **record,
            "challenge": core.another_challenge(
                record["week"], list(catalogue), record["challenge"], journal.challenges()
            ),
        }
        changed = True
    if changed:
        journal.save_challenge(record)
    view.print_challenge(record, catalogue.get(record["challenge"]))


@challenge_app.command("done")
def challenge_done(
    ctx: typer.Context,
    note: Annotated[
        str | None,
        typer.Argument(help="How it went, in a few words.", show_default=False, callback=typed),
    ] = None,
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            metavar="WEEK",
            callback=typed,
            help="An earlier week: 2026-W46, or a day in it ('last monday').",
        ),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace the note of a week already done.")
    ] = False,
) -> None:
    """Mark this week's challenge (or an earlier week's) done, with an optional note."""
    from journalcli import clock, content
    from journalcli import guide as core
    from journalcli.views import guide as view

    clean = model.clean_text(note, "note", multiline=True) if note is not None else None
    if replace and clean is None:
        raise InputError('--replace needs the new note: journal challenge done "NOTE" --replace')
    now = clock.now()
    current = core.week_of(now.date())
    chosen = core.parse_week(week, now) if week is not None else current
    journal = ctx.obj.journal()
    catalogue = content.challenges()
    record, _ = core.week_challenge(
        chosen, list(catalogue), journal.challenges(), current=chosen == current
    )
    was_done = record["done"]
    done, kept_out = core.mark_done(record, now, clean, replace=replace)
    if done != record or not was_done:
        journal.save_challenge(done)
    view.print_done(
        done,
        catalogue.get(done["challenge"]),
        again=was_done,
        kept_out=kept_out,
        noted=was_done and done["note"] != record["note"],
    )


@challenge_app.command("list")
def challenge_list(
    ctx: typer.Context,
    as_json: JsonOpt = False,
) -> None:
    """Past weeks' challenges, newest first, and whether each was done."""
    from journalcli import clock, content
    from journalcli import guide as core

    records = core.history(ctx.obj.journal().challenges())
    if as_json:
        echo_json(records)
        return
    from journalcli.views import guide as view

    current = core.week_of(clock.now().date())
    view.print_challenge_list(
        records, content.challenges(), current, *core.weeks_counted(records, current)
    )


def register(app: typer.Typer) -> None:
    app.command()(steps)
    app.command()(guide)
    app.command()(prompt)
    app.add_typer(challenge_app, name="challenge")
