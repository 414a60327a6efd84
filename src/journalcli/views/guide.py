"""Views of the guide: steps, the pattern comparison, signs, styles, triggers, feeling words,
origins, ways forward, the question of the day and the weekly challenge. Each ends with the
disclaimer line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich import box
from rich.markup import escape
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table

from journalcli import content
from journalcli.content import (
    Challenge,
    Emotion,
    Origin,
    Pattern,
    Question,
    Step,
    Style,
    Topic,
    Trigger,
    Way,
)
from journalcli.views import console

FOCUS = {
    "present": "staying present",
    "open": "opening up",
    "ask": "asking for support",
    "offer": "offering support",
}
GROUP_TITLES = {
    "closeness": "When closeness grows",
    "threat": "When something feels threatening",
    "other": "Other",
}


def _heading(out: Any, text: str) -> None:
    out.print(f"[bold]{escape(text)}[/bold]")


def _text(out: Any, text: str, indent: int = 0) -> None:
    out.print(Padding(escape(text), (0, 0, 0, indent), expand=False), highlight=False)


def _bullets(out: Any, items: Sequence[str], indent: int = 2) -> None:
    for item in items:
        out.print(Padding(escape(f"- {item}"), (0, 0, 0, indent), expand=False), highlight=False)


def _end(out: Any) -> None:
    out.print()
    out.print(escape(content.notice("disclaimer")), style="dim", highlight=False)


def _topic_title(key: str) -> str:
    return next(t.title for t in content.topics() if t.key == key)


def _plain_table(*headers: str) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", show_header=bool(headers))
    for header in headers:
        table.add_column(header)
    return table


# --- steps


def print_steps(steps: Sequence[Step]) -> None:
    out = console()
    _heading(out, _topic_title("steps"))
    for number, step in enumerate(steps, 1):
        out.print()
        _heading(out, f"{number}. {step.title}")
        _text(out, step.summary, indent=3)
    out.print()
    _text(out, content.notice("study"))
    out.print()
    _text(out, "One step in detail: journal steps 1 (or its id, e.g. track-triggers).")
    _end(out)


def print_step(number: int, step: Step) -> None:
    out = console()
    _heading(out, f"Step {number}: {step.title}")
    _text(out, step.summary)
    out.print()
    _heading(out, "Things to try")
    _bullets(out, step.actions)
    if step.questions:
        out.print()
        _heading(out, "Questions to ask yourself")
        _bullets(out, step.questions)
    if step.key == "challenge-instincts":
        out.print()
        _text(out, content.notice("study"))
    _end(out)


# --- guide topics


def print_topics(topics: Sequence[Topic]) -> None:
    out = console()
    _heading(out, "The guide")
    out.print()
    table = _plain_table()
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for topic in topics:
        table.add_row(escape(topic.key), escape(topic.summary))
    out.print(table)
    out.print()
    _text(out, "Read one with: journal guide TOPIC (e.g. journal guide patterns).")
    _end(out)


def print_patterns(patterns: Sequence[Pattern]) -> None:
    out = console()
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, header_style="bold", expand=True)
    table.add_column("Aspect", style="bold", no_wrap=True)
    for pattern in patterns:
        table.add_column(escape(pattern.name), ratio=4)
    for index, (aspect, _) in enumerate(patterns[0].aspects):
        label = content.aspect_label(aspect)
        table.add_row(label, *(escape(p.aspects[index][1]) for p in patterns))
    _heading(out, _topic_title("patterns"))
    out.print(table)
    for pattern in patterns:
        _heading(out, pattern.name)
        _text(out, pattern.summary, indent=2)
        out.print()
    _text(out, "How each tends to show: journal guide signs.")
    _end(out)


def print_signs(patterns: Sequence[Pattern], behaviors: Mapping[str, str]) -> None:
    out = console()
    for pattern in patterns:
        _heading(out, f"{pattern.name}: signs you might notice")
        _bullets(out, pattern.signs)
        out.print()
    _heading(out, "What you can record with -b/--behavior")
    table = _plain_table()
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for key, description in behaviors.items():
        table.add_row(escape(key), escape(description))
    out.print(Padding(table, (0, 0, 0, 2), expand=False))
    _end(out)


def print_styles(styles: Sequence[Style]) -> None:
    out = console()
    _heading(out, "Insecure attachment styles")
    _text(out, content.notice("styles-intro"))
    _text(out, content.notice("reframe"))
    out.print()
    table = _plain_table()
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for style in styles:
        table.add_row(escape(style.name), escape(style.line))
    out.print(Padding(table, (0, 0, 0, 2), expand=False))
    for style in styles:
        if style.signs:
            out.print()
            _heading(out, f"{style.name}: signs you might notice")
            _bullets(out, style.signs)
    _end(out)


def print_origins(origins: Sequence[Origin]) -> None:
    out = console()
    _heading(out, _topic_title("origins"))
    _text(out, content.notice("reframe"))
    for origin in origins:
        out.print()
        _heading(out, origin.title)
        _text(out, origin.text, indent=2)
        if origin.points:
            _bullets(out, origin.points, indent=4)
    out.print()
    _text(out, "What can help now: journal guide healing.")
    _end(out)


def print_healing(ways: Sequence[Way]) -> None:
    out = console()
    _heading(out, _topic_title("healing"))
    for way in ways:
        out.print()
        _heading(out, way.title)
        _text(out, way.summary, indent=2)
        _text(out, f"Try: {way.try_}", indent=2)
        _text(out, f"In the journal: {way.command}", indent=2)
    out.print()
    _text(out, "Where these patterns come from: journal guide origins.")
    _end(out)


def print_triggers(triggers: Sequence[Trigger]) -> None:
    out = console()
    key_width = max((len(t.key) for t in triggers), default=0)
    for group, title in GROUP_TITLES.items():
        members = [t for t in triggers if t.group == group]
        if not members:
            continue
        _heading(out, title)
        table = _plain_table()
        table.add_column(no_wrap=True, style="bold", min_width=key_width)
        table.add_column(ratio=1)
        for trigger in members:
            table.add_row(
                escape(trigger.key),
                f"{escape(trigger.description)}\n[italic]Try:[/italic] {escape(trigger.challenge)}",
            )
        out.print(Padding(table, (0, 0, 0, 2), expand=False))
        out.print()
    _text(out, "Record one with: journal add -u 6 -t KEY (repeat -t for more).")
    _end(out)


def _emotion_grid(emotions: Sequence[Emotion], levels: Sequence[int]) -> Any:
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column("energy", justify="right", no_wrap=True)
    for level in reversed(levels):
        table.add_column(f"{level:+d}" if level else "0", min_width=10, no_wrap=True)
    for energy in levels:
        cells = [
            "\n".join(e.word for e in emotions if e.energy == energy and e.pleasantness == p)
            for p in reversed(levels)
        ]
        table.add_row(f"{energy:+d}" if energy else "0", *(escape(c) for c in cells))
    return table


def print_emotions(emotions: Sequence[Emotion]) -> None:
    out = console()
    _heading(out, "Feeling words, by energy (rows) and pleasantness (columns)")
    levels = (2, 1, 0, -1, -2)
    table = _emotion_grid(emotions, levels)
    natural = Measurement.get(out, out.options.update_width(1000), table).maximum
    if natural > out.width:  # the grid would be cut: one list a row
        for energy in levels:
            out.print()
            _text(out, f"energy {energy:+d}" if energy else "energy 0")
            rows = Table.grid(padding=(0, 2))
            rows.add_column(justify="right", no_wrap=True)
            rows.add_column()
            for p in reversed(levels):
                words = [e.word for e in emotions if e.energy == energy and e.pleasantness == p]
                if words:
                    rows.add_row(f"{p:+d}" if p else "0", escape(", ".join(words)))
            out.print(Padding(rows, (0, 0, 0, 2), expand=False))
        out.print()
        _text(out, "The numbers run from unpleasant (-2) to pleasant (+2). Record with -e WORD.")
        _end(out)
        return
    out.print(table)
    _text(out, "Columns run from unpleasant (-2) to pleasant (+2). Record with -e WORD.")
    _end(out)


# --- the question of the day and the weekly challenge


def print_question(question: Question) -> None:
    out = console()
    _heading(out, question.text)
    out.print()
    _text(out, "Answer it with an entry: journal add --prompt (plus the usual options).")
    _end(out)


def _challenge_name(key: str, challenge: Challenge | None) -> str:
    return challenge.title if challenge else f"{key} (no longer in your prompt files)"


def print_challenge(record: Mapping[str, Any], challenge: Challenge | None) -> None:
    from journalcli.guide import week_start

    out = console()
    monday = week_start(record["week"])
    _heading(out, f"This week's challenge ({record['week']}, from Monday {monday:%d %B})")
    out.print()
    _heading(out, _challenge_name(record["challenge"], challenge))
    if challenge:
        _text(out, challenge.description, indent=2)
        _text(out, f"Focus: {FOCUS.get(challenge.focus, challenge.focus)}.", indent=2)
    out.print()
    if record["done"]:
        _text(out, f"Done on {record['done_at'][:10]}. {record['note']}".rstrip())
    else:
        _text(out, 'When you have done it: journal challenge done "how it went".')
        _text(out, "Not this one? journal challenge --new picks another.")
    out.print()
    _text(out, content.notice("practice"))
    _end(out)


def print_done(
    record: Mapping[str, Any],
    challenge: Challenge | None,
    *,
    again: bool = False,
    kept_out: bool = False,
    noted: bool = False,
) -> None:
    """After `challenge done`: what was marked; for a week already done, since when, and
    whether the note given was kept out (the first note stays unless --replace)."""
    out = console()
    name = _challenge_name(record["challenge"], challenge)
    if not again:
        _text(out, f"Marked done for {record['week']}: {name}.")
        return
    _text(out, f"Already done for {record['week']} on {record['done_at'][:10]}: {name}.")
    if kept_out:
        _text(out, f"Kept the first note ({record['note']}); add --replace to replace it.")
    elif noted:
        _text(out, f"Saved the note: {record['note']}")


def print_challenge_list(
    records: Sequence[Mapping[str, Any]],
    catalogue: Mapping[str, Challenge],
    current: str,
    done: int,
    counted: int,
) -> None:
    out = console()
    if not records:
        _text(out, content.notice("no-challenges"))
        _end(out)
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("week", no_wrap=True)
    table.add_column("challenge", ratio=1)
    table.add_column("done", no_wrap=True)
    table.add_column("note", ratio=1)
    for record in records:
        if record["done"]:
            status = f"yes {record['done_at'][5:10]}" if record.get("done_at") else "yes"
        else:
            status = "not yet" if record["week"] == current else "no"
        name = _challenge_name(record["challenge"], catalogue.get(record["challenge"]))
        table.add_row(record["week"], escape(name), status, escape(record.get("note") or ""))
    out.print(table)
    _text(out, f"{done} of {counted} weeks done.")
    _end(out)
