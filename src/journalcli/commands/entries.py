"""Commands that record and manage entries: add, list, show, edit, delete, info."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from journalcli import model
from journalcli.commands import IdArg, JsonOpt, SinceOpt, UntilOpt, echo_json, typed, whole
from journalcli.errors import InputError, JournalError

MAX_LIMIT = 10**9

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from journalcli.dates import Role
    from journalcli.model import Entry


def _complete_keys(kind: str, incomplete: str) -> list[str]:
    """Keys for TAB; a broken prompt file offers nothing rather than a traceback in the shell."""
    from journalcli import content
    from journalcli.errors import ContentError

    try:
        keys = list(content.load(kind))
    except ContentError:
        return []
    return [key for key in keys if key.startswith(incomplete)]


def _complete_triggers(incomplete: str) -> list[str]:
    return _complete_keys("triggers", incomplete)


def _complete_behaviors(incomplete: str) -> list[str]:
    return _complete_keys("behaviors", incomplete)


def _complete_emotions(incomplete: str) -> list[str]:
    return _complete_keys("emotions", incomplete.lower())


def _complete_responses(incomplete: str) -> list[str]:
    return [key for key in model.RESPONSES if key.startswith(incomplete)]


NoteArg = Annotated[
    str | None,
    typer.Argument(
        callback=typed,
        help="What happened, in your words. A note starting with '-' goes after --.",
    ),
]
UrgeOpt = Annotated[
    str | None,
    typer.Option(
        "--urge",
        "-u",
        callback=typed,
        help="How strong the urge to pull away was, 0-10 (0 = none).",
    ),
]
TriggerOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--trigger",
        "-t",
        callback=typed,
        help="What set it off (repeatable): closeness, vulnerability, needs, ...",
        autocompletion=_complete_triggers,
    ),
]
ResponseOpt = Annotated[
    str | None,
    typer.Option(
        "--response",
        "-r",
        callback=typed,
        help="What you did: withdrew, stayed or partly.",
        autocompletion=_complete_responses,
    ),
]
WithOpt = Annotated[
    str | None, typer.Option("--with", "-w", callback=typed, help="Who it was with.")
]
EmotionOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--emotion",
        "-e",
        callback=typed,
        help="A feeling word (repeatable): tense, numb, overwhelmed, ... (journal guide emotions).",
        autocompletion=_complete_emotions,
    ),
]
BehaviorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--behavior",
        "-b",
        callback=typed,
        help="How the distancing showed (repeatable): silence, topic-change, left, ...",
        autocompletion=_complete_behaviors,
    ),
]
TagOpt = Annotated[
    list[str] | None, typer.Option("--tag", callback=typed, help="A tag (repeatable).")
]
WhenOpt = Annotated[
    str | None,
    typer.Option(
        "--when",
        "-d",
        metavar="WHEN",
        callback=typed,
        help="When it happened: 'yesterday 21:30', 'nov 3', ...",
    ),
]
EditOpt = Annotated[bool, typer.Option("--edit", help="Write the note in $VISUAL / $EDITOR.")]
PromptOpt = Annotated[
    bool, typer.Option("--prompt", help="Answer a reflective question; it is saved with the entry.")
]
UsedPlanOpt = Annotated[
    bool | None,
    typer.Option(
        "--used-plan/--no-used-plan",
        help="Whether you used your if-then plan for this trigger (journal plan).",
    ),
]
FlagOpt = Annotated[
    bool,
    typer.Option(
        "--flag",
        help="Mark it to bring up in your next session (journal list --flagged; "
        "journal unflag --all clears the marks).",
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No reflective question or suggestion, just the save."),
]


def _now() -> datetime:
    from journalcli import clock

    return clock.now()


def _moment(text: str, now: datetime, role: Role) -> datetime:
    """dates (and dateutil) are imported only when a date was typed."""
    from journalcli.commands import moment

    return moment(text, now, role)


def _trigger_keys(given: list[str]) -> tuple[str, ...]:
    """Typed triggers as known keys (the list loads from prompts/ only when one is given)."""
    from journalcli import content

    return model.parse_keys(given, content.trigger_keys(), "trigger")


def _changes(
    *, urge: str | None, emotion: list[str] | None, note: str | None, **rest: Any
) -> dict[str, Any]:
    """Every given option validated before anything is asked or stored. When they are refused
    (a typo, a broken prompt file), nothing is saved, but what was typed still gets the
    signpost when it calls for one."""
    try:
        return _validated(urge=urge, emotion=emotion, note=note, **rest)
    except JournalError:
        _signpost_typed(urge, emotion, note)
        raise


def _validated(
    *,
    urge: str | None,
    trigger: list[str] | None,
    response: str | None,
    with_: str | None,
    emotion: list[str] | None,
    behavior: list[str] | None,
    tag: list[str] | None,
    when: str | None,
    note: str | None,
    now: datetime,
) -> dict[str, Any]:
    from journalcli import content

    changes: dict[str, Any] = {}
    if urge is not None:
        changes["urge"] = model.parse_urge(urge)
    if trigger:
        changes["triggers"] = _trigger_keys(trigger)
    if response is not None:
        changes["response"] = model.parse_response(response)
    if with_ is not None:
        changes["with_"] = model.clean_with(with_)
    if emotion:
        changes["emotions"] = model.parse_feelings(emotion, content.emotion_words())
    if behavior:
        changes["behaviors"] = model.parse_keys(behavior, content.behavior_keys(), "behavior")
    if tag:
        changes["tags"] = model.clean_words(tag, "tag")
    if when is not None:
        changes["when"] = _moment(when, now, "at")
    if note is not None:
        changes["note"] = model.clean_text(note, "note", multiline=True)
    return changes


def _on_terminal() -> bool:
    return sys.stdin.isatty()


def _summary_line(entry: Entry) -> str:
    parts = [f"urge {entry.urge}" if entry.urge is not None else "no urge rating"]
    if entry.triggers:
        parts.append(", ".join(entry.triggers))
    parts.append(entry.response or "response not recorded")
    if entry.with_:
        parts.append(f"with {entry.with_}")
    return f"{'; '.join(parts)} ({entry.when:%Y-%m-%d %H:%M})"


def add(
    ctx: typer.Context,
    note: NoteArg = None,
    urge: UrgeOpt = None,
    trigger: TriggerOpt = None,
    response: ResponseOpt = None,
    with_: WithOpt = None,
    emotion: EmotionOpt = None,
    behavior: BehaviorOpt = None,
    tag: TagOpt = None,
    when: WhenOpt = None,
    edit: EditOpt = False,
    prompt: PromptOpt = False,
    used_plan: UsedPlanOpt = None,
    flag: FlagOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Record an urge to pull away. On a terminal, with no --urge, asks a few short questions."""
    now = _now()
    fields = _changes(
        urge=urge,
        trigger=trigger,
        response=response,
        with_=with_,
        emotion=emotion,
        behavior=behavior,
        tag=tag,
        when=when,
        note=note,
        now=now,
    )
    missing = _missing(fields)
    full = False
    if missing:
        if not _on_terminal():
            raise InputError(
                f"missing {' and '.join(missing)}: give them as options "
                "(journal add -u 6 -t closeness -r stayed 'note'), "
                "or run on a terminal for the guided questions"
            )
        from journalcli import interview

        full = "urge" not in fields
        fields = interview.ask(fields, full=full, reflect=not quiet)
    if prompt and "prompt" not in fields:
        from journalcli import interview

        fields["prompt"] = interview.ask_reflection(fields.get("response"), now.date())
    if edit:
        from journalcli.editor import draft_root, edit_note
        from journalcli.store import resolve_path

        ask = _confirm if _on_terminal() else None
        root = draft_root(resolve_path(ctx.obj.db))
        fields["note"] = edit_note(fields.get("note", ""), confirm=ask, root=root)
    entry = model.Entry(
        when=fields.pop("when", now.replace(microsecond=0)),
        urge=fields.pop("urge"),
        created=now,
        updated=now,
        flagged=flag,
        **fields,
    )
    journal = ctx.obj.journal()
    plan = _plan_met(journal, entry, required=used_plan is not None)
    if plan is not None:
        if used_plan is None and full and not _signpost_due(entry):
            from journalcli import interview

            used_plan = interview.ask_plan_used(_plan_line(plan))
        entry = entry.with_changes(plan=plan["id"], plan_used=used_plan)
    saved = journal.add(entry)
    typer.echo(f"Saved entry {saved.id}: {_summary_line(saved)}.")
    signposted = _signpost(saved)
    if plan is not None and not quiet and not signposted:
        typer.echo(_plan_line(plan))
    if not quiet and not signposted:
        from journalcli import guide

        suggestion = guide.nudge(saved.urge, saved.response, saved.triggers)
        if suggestion:
            typer.echo(suggestion)


def _plan_met(journal: Any, entry: Entry, *, required: bool) -> dict[str, Any] | None:
    """The if-then plan this entry meets (journalcli.plans.plan_for); with `required` (a
    --used-plan flag), none is bad input. Plans are read only when the entry has a trigger."""
    found = None
    if entry.triggers:
        from journalcli import plans

        found = plans.plan_for(entry, journal.plans())
    if found is None and required:
        raise InputError(
            "--used-plan/--no-used-plan: there is no plan for this entry's "
            f"{'triggers' if entry.triggers else 'trigger (it has none)'} "
            "(journal plan add TRIGGER TEXT); nothing was saved"
        )
    return found


def _plan_line(plan: dict[str, Any]) -> str:
    who = f" with {plan['with']}" if plan["with"] else ""
    return f"Your plan for {plan['trigger']}{who}: {plan['text']}"


def _missing(fields: dict[str, Any]) -> list[str]:
    missing = []
    if "urge" not in fields:
        missing.append("--urge")
    if not fields.get("triggers") and fields.get("urge", 1) != 0:
        missing.append("--trigger")
    return missing


def list_entries(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    trigger: TriggerOpt = None,
    with_: WithOpt = None,
    response: ResponseOpt = None,
    search: Annotated[
        str | None,
        typer.Option(callback=typed, help="Text to find in notes, tags and names (any case)."),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", metavar="N", parser=whole(1, MAX_LIMIT), help="At most N."),
    ] = None,
    flagged: Annotated[
        bool, typer.Option("--flagged", help="Only entries flagged for your next session.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """List entries, newest first."""
    from journalcli.commands import bound
    from journalcli.query import Filter, select

    now = _now()
    where = Filter(
        since=bound(since, now, "since") if since else None,
        until=bound(until, now, "until") if until else None,
        triggers=_trigger_keys(trigger) if trigger else (),
        with_=model.clean_with(with_) if with_ is not None else None,
        response=model.parse_response(response) if response is not None else None,
        search=search,
        flagged=flagged,
    )
    if where.since and where.until:
        from journalcli.dates import check_order

        check_order(where.since, where.until)
    journal = ctx.obj.journal()
    if where.since or where.until:
        # Only the entries of those days are built; the clock is compared on each of them.
        first, last = where.days()
        newest_first: Iterable[Entry] = reversed(journal.entries(first, last))
    else:
        newest_first = journal.newest()
    found = select(newest_first, where, limit)
    if as_json:
        echo_json([e.to_dict() for e in found])
        return
    from journalcli.views import entries as view

    view.print_list(found, journal_empty=not found and journal.count() == 0)


def show(
    ctx: typer.Context,
    entry_id: IdArg,
    as_json: JsonOpt = False,
) -> None:
    """Show one entry in full."""
    entry = ctx.obj.journal().get(entry_id)
    if as_json:
        echo_json(entry.to_dict())
        return
    from journalcli.views import entries as view

    view.print_entry(entry)


def edit(
    ctx: typer.Context,
    entry_id: IdArg,
    note: NoteArg = None,
    urge: UrgeOpt = None,
    trigger: TriggerOpt = None,
    response: ResponseOpt = None,
    with_: WithOpt = None,
    emotion: EmotionOpt = None,
    behavior: BehaviorOpt = None,
    tag: TagOpt = None,
    when: WhenOpt = None,
    edit_note: Annotated[
        bool, typer.Option("--edit", help="Open the note in $VISUAL / $EDITOR.")
    ] = False,
    used_plan: UsedPlanOpt = None,
    flag: Annotated[
        bool | None,
        typer.Option(
            "--flag/--unflag",
            help="Mark it to bring up in your next session, or clear the mark.",
        ),
    ] = None,
) -> None:
    """Change an entry; only what you give changes."""
    now = _now()
    changes = _changes(
        urge=urge,
        trigger=trigger,
        response=response,
        with_=with_,
        emotion=emotion,
        behavior=behavior,
        tag=tag,
        when=when,
        note=note,
        now=now,
    )
    journal = ctx.obj.journal()
    if edit_note:
        from journalcli.editor import draft_root
        from journalcli.editor import edit_note as in_editor

        stored = journal.get(entry_id).note
        ask = _confirm if _on_terminal() else None
        root = draft_root(journal.path)
        changes["note"] = in_editor(
            changes.get("note", stored), current=stored, confirm=ask, root=root
        )
    if flag is not None:
        changes["flagged"] = flag
    if not changes and used_plan is None:
        raise InputError("nothing to change: give at least one option (see journal edit --help)")
    plans = journal.plans() if used_plan is not None else []

    def change(entry: Entry) -> Entry:
        # Decided on the fresh stored entry, under the lock: the rule of `add`.
        after = entry.with_changes(updated=now, **changes)
        if used_plan is not None:
            after = _with_plan_used(after, plans, used_plan)
        if after.urge and not after.triggers:
            raise InputError(
                f"entry {entry_id} would have urge {after.urge} and no trigger: "
                f"a rated urge needs one (journal edit {entry_id} -u {after.urge} "
                "-t closeness); nothing was changed"
            )
        return after

    saved = journal.replace(entry_id, change)
    typer.echo(f"Updated entry {saved.id}: {_summary_line(saved)}.")
    _signpost(saved)


def _signpost_due(entry: Entry) -> bool:
    """Whether the entry speaks of a hard moment (journalcli.safety): then the signpost comes
    straight after saving, and no further question is asked."""
    from journalcli import safety

    return safety.check(entry.urge, entry.emotions, entry.note, entry.prompt)


def _signpost(entry: Entry) -> bool:
    """In a hard moment, where to turn: shown even with --quiet, where a person sees it
    (stderr when stdout is redirected), never stored. Whether it was shown."""
    from journalcli import safety

    if not _signpost_due(entry):
        return False
    import textwrap

    typer.echo(textwrap.fill(safety.signpost(), 80), err=not sys.stdout.isatty())
    return True


def _signpost_typed(urge: str | None, emotion: list[str] | None, note: str | None) -> None:
    """The options were refused (a typo, a broken prompt file): nothing is saved, but what
    was typed still gets the signpost when it calls for one."""
    from journalcli import safety

    typed_urge = (urge or "").strip()
    small = typed_urge.isascii() and typed_urge.isdigit() and len(typed_urge) <= 3
    number = int(typed_urge) if small else None
    feelings = [w.strip().lstrip("#") for v in emotion or () for w in v.replace(",", " ").split()]
    if safety.check(number, feelings, note, None):
        import textwrap

        typer.echo(textwrap.fill(safety.signpost(), 80), err=True)


def _with_plan_used(entry: Entry, plans: list[dict[str, Any]], used: bool) -> Entry:
    """The entry with plan_used set, linked to the plan it meets if it has none yet."""
    plan_id = entry.plan
    if plan_id is None:
        from journalcli import plans as core

        found = core.plan_for(entry, plans)
        if found is None:
            raise InputError(
                f"--used-plan/--no-used-plan: entry {entry.id} meets no plan (journal plan add "
                "TRIGGER TEXT); nothing was changed"
            )
        plan_id = found["id"]
    return entry.with_changes(plan=plan_id, plan_used=used)


def _confirm(question: str) -> bool:
    """Yes, or "Aborted; nothing was changed." and exit 1 (default no)."""
    return typer.confirm(question, default=False, abort=True)


def delete(
    ctx: typer.Context,
    entry_id: IdArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Delete an entry (asks first)."""
    journal = ctx.obj.journal()
    entry = journal.get(entry_id)
    if not yes:
        typer.confirm(f"Delete entry {entry_id} ({_summary_line(entry)})?", abort=True)
    journal.delete(entry_id)
    typer.echo(f"Deleted entry {entry_id}.")


def unflag(
    ctx: typer.Context,
    all_: Annotated[
        bool, typer.Option("--all", help="Clear the flag of every flagged entry.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Clear every flag after a session (asks first). One entry: journal edit ID --unflag."""
    if not all_:
        raise InputError(
            "give --all to clear every flag (journal unflag --all), "
            "or clear one with journal edit ID --unflag"
        )
    journal = ctx.obj.journal()
    flagged = [entry.id for entry in journal.newest() if entry.flagged]
    if not flagged:
        typer.echo("No entries are flagged; nothing was changed.")
        return
    if not yes:
        typer.confirm(
            f"Clear the flag of {_entries(len(flagged))} (ids {_ids(flagged)})?", abort=True
        )
    cleared = journal.unflag_all()
    typer.echo(f"Cleared the flag of {_entries(len(cleared))}.")


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def _ids(ids: list[int]) -> str:
    ordered = sorted(ids)
    shown = ", ".join(str(i) for i in ordered[:10])
    return shown + (f" and {len(ordered) - 10} more" if len(ordered) > 10 else "")


def info(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Where the journal lives and what it holds; every damaged record is named (exit 3)."""
    from journalcli.errors import StorageError

    journal = ctx.obj.journal()
    facts: dict[str, Any] = {"path": str(journal.path), "exists": journal.path.exists()}
    try:
        # The whole file is read and every record checked, so all damage is reported here.
        checked = journal.check()
    except StorageError as unusable:  # damaged as a whole, or missing while backups are kept
        facts["damaged"] = unusable.reason or str(unusable).removeprefix(f"{journal.path}: ")
        _print_info(journal, facts, as_json, damage=[str(unusable)])
        return
    days = checked.days
    facts |= {
        "entries": checked.stored,
        "first": days[0].isoformat() if days else None,
        "last": days[1].isoformat() if days else None,
        "schema": checked.schema,
        "index": "current" if checked.indexed else "none (made by the next change)",
    }
    problems = checked.problems
    if as_json:
        facts["problems"] = [
            {"record": p.record, "field": p.field, "problem": p.problem} for p in problems
        ]
    if problems:
        records = "1 record" if len(problems) == 1 else f"{len(problems)} records"
        facts["damaged"] = f"{records} (named on stderr), left as found"
    _print_info(
        journal, facts, as_json, damage=[f"{journal.path}: {problem}" for problem in problems]
    )


def _print_info(journal: Any, facts: dict[str, Any], as_json: bool, damage: list[str]) -> None:
    """The facts; when anything is damaged, the newest good backup and how to bring it back,
    each damage on its own line of stderr, and exit 3."""
    from journalcli.store import newest_good_backup

    if damage:
        found = newest_good_backup(journal.path)
        if as_json:
            facts["newest_good_backup"] = (
                {
                    "label": found[0].label,
                    "entries": found[1],
                    "saved": found[0].written.isoformat(timespec="seconds"),
                }
                if found
                else None
            )
        elif found:
            generation, count = found
            facts["backup"] = (
                f"newest good is {generation.label} ({count} "
                f"{'entry' if count == 1 else 'entries'}, saved "
                f"{generation.written:%Y-%m-%d %H:%M}); `journal restore` brings it back"
            )
        else:
            facts["backup"] = "none good is kept"
    if as_json:
        facts.setdefault("damaged", None)
        echo_json(facts)
    else:
        for key, value in facts.items():
            typer.echo(f"{key + ':':<9} {'-' if value is None else value}")
    for line in damage:
        typer.echo(f"journal: error: {line}", err=True)
    if damage:
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    app.command()(add)
    app.command("list")(list_entries)
    app.command()(show)
    app.command()(edit)
    app.command()(delete)
    app.command()(unflag)
    app.command()(info)
