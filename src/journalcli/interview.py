"""The guided questions `journal add` asks on a terminal: short, skippable, re-asked when wrong."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import typer

from journalcli import clock, content, model
from journalcli.errors import InputError

T = TypeVar("T")
_RESPONSE_KEYS = {"w": "withdrew", "s": "stayed", "p": "partly"}


def _ask(question: str, parse: Callable[[str], T], *, optional: bool = False) -> T | None:
    while True:
        answer = typer.prompt(question, default="", show_default=False).strip()
        if not answer and optional:
            return None
        try:
            return parse(answer)
        except InputError as exc:
            typer.echo(f"  {exc}", err=True)


def _pick_triggers(answer: str) -> tuple[str, ...]:
    keys = content.trigger_keys()
    picked = []
    for word in answer.replace(",", " ").split():
        number = int(word) if word.isascii() and word.isdigit() and len(word) <= 3 else 0
        if 1 <= number <= len(keys):
            picked.append(keys[number - 1])
        else:
            picked.append(model.parse_key(word, keys, "trigger"))
    if not picked:
        raise InputError("pick at least one: numbers or names, separated by spaces")
    return tuple(dict.fromkeys(picked))


def _response(answer: str) -> str:
    return _RESPONSE_KEYS.get(answer.lower()) or model.parse_response(answer)


def trigger_menu() -> str:
    keys = content.trigger_keys()
    cells = [f"{n:>2} {key:<14}" for n, key in enumerate(keys, 1)]
    rows = [" ".join(cells[i : i + 4]).rstrip() for i in range(0, len(cells), 4)]
    return "\n".join(rows)


def ask_reflection(response: str | None, today: date) -> dict[str, str] | None:
    """Offer today's reflective question for this response; the answer, or None if skipped."""
    from journalcli import guide

    question = guide.question_of_the_day(today, content.questions(), response).text
    typer.echo(f"A question to sit with: {question}")
    try:
        answer = _ask(
            "Your answer (Enter to skip)",
            lambda text: model.clean_text(text, "answer", multiline=True),
            optional=True,
        )
    except typer.Abort:  # end of input: the question is optional, so skip it
        return None
    return {"question": question, "answer": answer} if answer else None


def ask(fields: dict[str, Any], *, full: bool, reflect: bool = True) -> dict[str, Any]:
    """Ask for what the flags did not give; `full` also offers who, response, note and,
    with `reflect`, a reflective question that fits the response."""
    fields = dict(fields)
    if "urge" not in fields:
        fields["urge"] = _ask("How strong was the urge to pull away? (0-10)", model.parse_urge)
    if not fields.get("triggers") and fields["urge"] != 0:
        typer.echo("What set it off?\n" + trigger_menu())
        fields["triggers"] = _ask("Numbers or names", _pick_triggers)
    if not full:
        return fields
    if "with_" not in fields:
        fields["with_"] = _ask("Who was it with? (Enter to skip)", model.clean_with, optional=True)
    if "response" not in fields:
        fields["response"] = _ask(
            "What did you do? [w]ithdrew, [s]tayed present, [p]artly (Enter to skip)",
            _response,
            optional=True,
        )
    if "note" not in fields:
        note = _ask(
            "A note (Enter to skip)",
            lambda text: model.clean_text(text, "note", multiline=True),
            optional=True,
        )
        if note:
            fields["note"] = note
    if reflect and "prompt" not in fields:
        fields["prompt"] = ask_reflection(fields.get("response"), clock.now().date())
    return fields
