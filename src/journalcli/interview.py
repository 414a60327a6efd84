"""The guided questions `journal add` asks on a terminal: short, skippable, re-asked when wrong."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import typer

from journalcli import clock, content, model
from journalcli.errors import InputError

T = TypeVar("T")
_RESPONSE_KEYS = {"w": "withdrew", "s": "stayed", "p": "partly"}
WIDTH = 80  # every line the interview prints fits this many columns
_SKIP = "(Enter to skip)"


def _one_line(text: str, indent: str = "  ") -> str:
    """A message on one line of WIDTH columns. When it is longer, its asides in brackets go
    first, then the echo of what was typed ("'today 02:30': "), so that what to type instead
    (at the end) stays; only then is it cut short with '…'."""
    import re

    line = indent + " ".join(text.split())
    for shorter in (r" \([^()]*\)", r"^(\s*)'[^']*': "):
        if len(line) > WIDTH:
            line = re.sub(shorter, r"\1" if shorter.startswith("^") else "", line)
    return line if len(line) <= WIDTH else line[: WIDTH - 1] + "…"


def _shown(text: str, limit: int = 20) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _ask(question: str, parse: Callable[[str], T], *, optional: bool = False) -> T | None:
    """Ask until `parse` takes the answer; a wrong one is said in one line and asked again.
    With `optional`, Enter answers None."""
    while True:
        answer = typer.prompt(question, default="", show_default=False).strip()
        if not answer and optional:
            return None
        try:
            return parse(answer)
        except InputError as exc:
            typer.echo(_one_line(str(exc)), err=True)


def ask_optional(question: str, parse: Callable[[str], T]) -> T | None:
    """One optional question: Enter skips it (None); a wrong answer is asked again."""
    return _ask(question, parse, optional=True)


def pick(word: str, keys: Sequence[str], what: str) -> str:
    """One key of a menu: its number, its name (any case) or a prefix only it has."""
    text = word.strip().lower()
    if text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= len(keys):
        return keys[int(text) - 1]
    if text in keys:
        return text
    fits = [key for key in keys if key.startswith(text)] if text else []
    if len(fits) == 1:
        return fits[0]
    if fits:
        raise InputError(f"{_shown(text)} could be {', '.join(fits)}; type more of it")
    hint = model.suggest(text, keys) if len(text) <= 100 else None
    did_you_mean = f"did you mean {hint!r}? " if hint else ""
    raise InputError(
        f"unknown {what} {_shown(text)}; {did_you_mean}type 1-{len(keys)} or a name from the list"
    )


def _pick_many(answer: str, keys: Sequence[str], what: str) -> tuple[str, ...]:
    picked = [pick(word, keys, what) for word in answer.replace(",", " ").split()]
    if not picked:
        raise InputError("pick at least one: numbers or names, separated by spaces")
    return tuple(dict.fromkeys(picked))


def _pick_triggers(answer: str) -> tuple[str, ...]:
    return _pick_many(answer, content.trigger_keys(), "trigger")


def _pick_behaviors(answer: str) -> tuple[str, ...]:
    return _pick_many(answer, content.behavior_keys(), "behavior")


def _pick_feelings(answer: str) -> tuple[str, ...]:
    """Feeling words from the list (built-in and the user's files): whole words, numbers
    are not offered, a unique prefix is taken."""
    words = [emotion.word.lower() for emotion in content.emotions()]
    picked = []
    for word in model.clean_words([answer.replace(" ", ",")], "feeling word", lower=True):
        if word in words:
            picked.append(word)
            continue
        fits = [known for known in words if known.startswith(word)]
        if len(fits) == 1:
            picked.append(fits[0])
            continue
        hint = model.suggest(word, words) if len(word) <= 100 else None
        did_you_mean = f"did you mean {hint!r}? " if hint else ""
        raise InputError(
            f"{_shown(word)} is not in the feeling words; {did_you_mean}"
            "journal guide emotions lists them"
        )
    return tuple(dict.fromkeys(picked))


def _response(answer: str) -> str:
    return _RESPONSE_KEYS.get(answer.lower()) or model.parse_response(answer)


def _short(description: str, width: int) -> str:
    """A description's first clause (up to ':' or ';'), cut at a word to `width` columns."""
    text = re.split(r"[:;]", description.strip().rstrip("."), maxsplit=1)[0].strip()
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",")
    return cut + "…"


def _menu(keys: Sequence[str], descriptions: Mapping[str, str] | None = None) -> str:
    """Numbered keys: one a line with a few words of description when they fit in WIDTH
    columns, else in columns of names alone."""
    key_width = max((len(key) for key in keys), default=0)
    room = WIDTH - 4 - key_width - 2
    if descriptions and room >= 16:
        return "\n".join(
            f"{n:>2} {key:<{key_width}}  {_short(descriptions.get(key, ''), room)}".rstrip()
            for n, key in enumerate(keys, 1)
        )
    cell = max(key_width, 12) + 4
    per_row = max(1, (WIDTH + 1) // (cell + 1))
    cells = [f"{n:>2} {key:<{cell - 3}}" for n, key in enumerate(keys, 1)]
    rows = [" ".join(cells[i : i + per_row]).rstrip() for i in range(0, len(cells), per_row)]
    return "\n".join(rows)


def trigger_menu() -> str:
    triggers = content.triggers()
    return _menu(list(triggers), {key: t.short for key, t in triggers.items()})


def behavior_menu() -> str:
    return _menu(content.behavior_keys())


def _when(now: datetime) -> Callable[[str], datetime]:
    """A typed moment, read as `-d` reads it (DST gaps, repeated hours, the year range)."""

    def parse(text: str) -> datetime:
        from journalcli.commands import moment

        return moment(text, now, "at")

    return parse


def ask_reflection(response: str | None, today: date) -> dict[str, str] | None:
    """Offer today's reflective question for this response; the answer, or None if skipped."""
    from journalcli import guide

    question = guide.question_of_the_day(today, content.questions(), response).text
    typer.echo(f"A question to sit with: {question}")
    try:
        answer = _ask(
            f"Your answer {_SKIP}",
            lambda text: model.clean_text(text, "answer", multiline=True),
            optional=True,
        )
    except typer.Abort:  # end of input: the question is optional, so skip it
        return None
    return {"question": question, "answer": answer} if answer else None


def ask(fields: dict[str, Any], *, full: bool, reflect: bool = True) -> dict[str, Any]:
    """Ask for what the flags did not give; `full` also offers, each skippable with Enter:
    when, who, the response, how it showed, what was felt, a note and, with `reflect`, a
    reflective question that fits the response."""
    fields = dict(fields)
    if "urge" not in fields:
        fields["urge"] = _ask("How strong was the urge to pull away? (0-10)", model.parse_urge)
    if not fields.get("triggers") and fields["urge"] != 0:
        typer.echo("What set it off?\n" + trigger_menu())
        fields["triggers"] = _ask("Numbers or names", _pick_triggers)
    if not full:
        return fields
    now = clock.now()
    if "when" not in fields:
        when = _ask(
            "When was it? (Enter for now, or e.g. 'yesterday 21:30')", _when(now), optional=True
        )
        if when is not None:
            fields["when"] = when
    if "with_" not in fields:
        fields["with_"] = _ask(f"Who was it with? {_SKIP}", model.clean_with, optional=True)
    if "response" not in fields:
        fields["response"] = _ask(
            f"What did you do? [w]ithdrew, [s]tayed present, [p]artly {_SKIP}",
            _response,
            optional=True,
        )
    if not fields.get("behaviors") and fields.get("response") != "stayed":
        typer.echo("How did it show?\n" + behavior_menu())
        behaviors = _ask(f"Numbers or names {_SKIP}", _pick_behaviors, optional=True)
        if behaviors:
            fields["behaviors"] = behaviors
    if not fields.get("emotions"):
        feelings = _ask(f"What did you feel? Feeling words {_SKIP}", _pick_feelings, optional=True)
        if feelings:
            fields["emotions"] = feelings
    if "note" not in fields:
        note = _ask(
            f"A note {_SKIP}",
            lambda text: model.clean_text(text, "note", multiline=True),
            optional=True,
        )
        if note:
            fields["note"] = note
    from journalcli import safety

    if safety.check(fields["urge"], fields.get("emotions", ()), fields.get("note"), None):
        fields.setdefault("prompt", None)  # no more questions: the signpost comes on saving
        return fields
    if reflect and "prompt" not in fields:
        fields["prompt"] = ask_reflection(fields.get("response"), now.date())
    return fields


def yes_no(answer: str) -> bool:
    """y/yes or n/no, any case; anything else is asked again."""
    word = answer.strip().lower()
    if word in ("y", "yes"):
        return True
    if word in ("n", "no"):
        return False
    raise InputError(f"answer y or n (or Enter to skip), not {_shown(word)}")


def ask_plan_used(plan: str) -> bool | None:
    """Whether the if-then plan this entry meets was used: y, n, or Enter (None)."""
    typer.echo(_one_line(plan, indent=""))
    try:
        return _ask(f"Did you use your plan? [y/n] {_SKIP}", yes_no, optional=True)
    except typer.Abort:  # end of input: the question is optional, so skip it
        return None
