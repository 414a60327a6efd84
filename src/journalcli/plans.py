"""If-then plans ("if this trigger comes, then I will ..."): the record, which plan an entry
meets, and the summary's figures for each plan. Pure: no terminal, no file."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from journalcli.errors import InputError
from journalcli.model import Entry, clean_text, clean_with

MAX_PLAN = 1_000  # characters: a plan is one sentence or two


def new_plan(trigger: str, text: str, with_: str | None, created: datetime) -> dict[str, Any]:
    """A plan record as the store keeps it (see store.PLAN_FIELDS); InputError on bad text."""
    if len(text) > MAX_PLAN:
        raise InputError(f"the plan is longer than {MAX_PLAN:,} characters")
    cleaned = clean_text(text, "plan")
    if not cleaned:
        raise InputError("the plan is empty; say what you will do when the trigger comes")
    return {
        "uid": str(uuid.uuid4()),
        "trigger": trigger,
        "with": clean_with(with_) if with_ is not None else None,
        "text": cleaned,
        "created": created.isoformat(),
    }


def plan_for(entry: Entry, plans: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The plan an entry meets: among plans for one of its triggers, one for its person first
    (names compared without case), else the newest one for no one in particular; a plan for
    another person is not this entry's."""
    triggers = set(entry.triggers)
    person = (entry.with_ or "").casefold()
    matching = [plan for plan in plans if plan["trigger"] in triggers]
    for_person = [p for p in matching if p["with"] and p["with"].casefold() == person]
    general = [p for p in matching if not p["with"]]
    chosen = for_person or general
    return max(chosen, key=lambda plan: plan["id"]) if chosen else None


def figures(
    plans: Iterable[dict[str, Any]], entries: Iterable[Entry], minimum: int
) -> list[dict[str, Any]]:
    """For each plan: the entries linked to it, how many used it and did not (null answers on
    neither side), and the stayed-present rate of each side among the entries with a response;
    the rates only when each side has at least `minimum` entries with a response."""
    linked: dict[int, list[Entry]] = {}
    for entry in entries:
        if entry.plan is not None:
            linked.setdefault(entry.plan, []).append(entry)
    rows = []
    for plan in plans:
        mine = linked.get(plan["id"], [])
        sides = {True: [0, 0, 0], False: [0, 0, 0]}  # entries, with a response, stayed
        for entry in mine:
            if entry.plan_used is None:
                continue
            side = sides[entry.plan_used]
            side[0] += 1
            if entry.response is not None:
                side[1] += 1
                side[2] += entry.response == "stayed"
        comparable = sides[True][1] >= minimum and sides[False][1] >= minimum
        rows.append(
            {
                "id": plan["id"],
                "trigger": plan["trigger"],
                "with": plan["with"],
                "text": plan["text"],
                "entries": len(mine),
                "used": sides[True][0],
                "not_used": sides[False][0],
                "used_answered": sides[True][1],
                "not_used_answered": sides[False][1],
                "compared": comparable,
                "used_stayed_rate": _rate(sides[True]) if comparable else None,
                "not_used_stayed_rate": _rate(sides[False]) if comparable else None,
            }
        )
    return rows


def _rate(side: list[int]) -> float | None:
    return round(side[2] / side[1], 2) if side[1] else None
