"""Redaction for an export to share: people become "Person A", "Person B", ...; private text
is left out. Pure functions on the records the export shows; the journal is never changed.

A name matches as a whole word, whatever its case and accents ("Zoë" is "zoe", "ANDRÉ" is
"andre"), with a possessive ("Sam's" becomes "Person A's", with either apostrophe), never
inside another word ("Samantha" stays), the longest name first ("Sam Lee" is one person, not
"Person A Lee").
A name that is also a common word ("Will", "May") is replaced wherever it stands as a word:
over-redaction is preferred to a leak.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from journalcli.errors import InputError
from journalcli.model import Entry, clean_text

NAMES, NOTES = "names", "notes"
MODES = (NAMES, NOTES)
LABEL = "Person"

# Apostrophes, hyphens and spaces people type for the same character.
_SAME = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})
# Not preceded (checked one character in) / followed by a letter or digit; an underscore
# separates, as a space does.
_AFTER_START, _END = r"(?<![^\W_][\s\S])", r"(?![^\W_])"
_DROPPED = frozenset(("Mn", "Me", "Cf"))  # combining marks, invisible formatting


def parse_modes(values: Iterable[str]) -> tuple[str, ...]:
    """What --redact asks for ("names,notes", or the option given twice), in MODES order;
    InputError naming an unknown value."""
    wanted: set[str] = set()
    for value in values:
        for part in value.split(","):
            word = part.strip().casefold()
            if word not in MODES:
                shown = part.strip() if len(part.strip()) <= 40 else part.strip()[:37] + "..."
                raise InputError(f"unknown --redact value {shown!r}; valid: {', '.join(MODES)}")
            wanted.add(word)
    return tuple(mode for mode in MODES if mode in wanted)


def parse_name(value: str) -> str:
    """A name given with --redact-name: one line with at least one letter or digit."""
    name = clean_text(value, "--redact-name")
    if not any(char.isalnum() for char in name):
        raise InputError(f"--redact-name needs a name with a letter or digit, not {value[:40]!r}")
    return name


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character without case, accents or invisible formatting: it may become two ("ß"
    is "ss") or none (a combining accent, a soft hyphen, a zero-width space)."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold())
    return "".join(c for c in text.translate(_SAME) if unicodedata.category(c) not in _DROPPED)


def fold(text: str) -> str:
    """Text compared without case, accents or invisible formatting."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


def person_key(name: str) -> str:
    """Who a name stands for: spellings that differ only in case, accents or spacing are one
    person ("Zoë", "zoe" and "ZOE")."""
    return " ".join(fold(name).split())


def label(number: int) -> str:
    """The label of the number-th person (0 is "Person A"); after Z come AA, AB, ... as
    spreadsheet columns do."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{LABEL} {letters}"


class People:
    """The names to replace and the label each person has been given, in order of first
    appearance (a person gets a label when first met, in with or in text)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.labels: dict[str, str] = {}
        keys = {person_key(name) for name in names}
        # Names with no letter or digit ("?", "-") stand for someone in `with`, but are not
        # looked for in text: they would replace punctuation everywhere.
        wanted = sorted(
            (key for key in keys if any(char.isalnum() for char in key)),
            key=lambda key: (-len(key), key),
        )
        self._pattern = re.compile("|".join(map(_alternative, wanted))) if wanted else None

    def of(self, name: str) -> str:
        """The label of a person, given on first sight."""
        key = person_key(name)
        found = self.labels.get(key)
        if found is None:
            found = self.labels[key] = label(len(self.labels))
        return found

    def sub(self, text: str) -> str:
        """The text with every name in it replaced by the person's label."""
        if self._pattern is None or not text:
            return text
        folded = fold(text)
        matches = list(self._pattern.finditer(folded))
        if not matches:
            return text
        starts = None if text.isascii() else _starts(text)
        pieces: list[str] = []
        done = 0
        for match in matches:
            start, end = match.span()
            if starts is not None:
                start, end = starts[start], starts[end - 1] + 1
                while end < len(text) and not _fold_char(text[end]):
                    end += 1  # a combining accent or a zero-width character after the name
            pieces += [text[done:start], self.of(match.group())]
            done = end
        pieces.append(text[done:])
        return "".join(pieces)


def _alternative(key: str) -> str:
    """A person's key as a literal pattern on folded text: any run of spaces between its
    words, whole words at the ends that are letters or digits."""
    body = r"\s+".join(re.escape(part) for part in key.split(" "))
    if key[0].isalnum():
        # Checked after the first character, not before: a pattern that starts with a literal
        # lets the regex engine skip ahead to it (ten times faster on a long journal).
        body = body[0] + _AFTER_START + body[1:]
    return body + (_END if key[-1].isalnum() else "")


def _starts(text: str) -> list[int]:
    """For each character of fold(text), the index of the character of `text` it comes from."""
    starts: list[int] = []
    for index, char in enumerate(text):
        starts.extend([index] * len(_fold_char(char)))
    return starts


class Redacted(NamedTuple):
    """The records of an export, redacted; the same types as they came in."""

    entries: list[Entry]
    challenges: list[dict[str, Any]]
    reviews: list[dict[str, Any]]
    plans: list[dict[str, Any]]


def apply(
    entries: Sequence[Entry],
    challenges: Sequence[Mapping[str, Any]],
    reviews: Sequence[Mapping[str, Any]],
    plans: Sequence[Mapping[str, Any]],
    *,
    modes: Collection[str],
    names: Iterable[str] = (),
    builtin: Collection[str] = (),
    period: tuple[date, date] | None = None,
) -> Redacted:
    """Copies of the records with `modes` applied (nothing else changes; the inputs are not
    touched).

    names: every `with` (of entries and plans) and `names` (--redact-name) become "Person A",
    "Person B", ... in every text a person wrote: with, tags, notes, answers, feeling words
    of their own, challenge and review notes, plan texts. `builtin` holds the program's own
    texts (the shipped questions and feeling words), left as they are where one fills a field.
    Labels go in order of first appearance: the entries of `period` (all, without one) oldest
    first, then plans, challenges, reviews and the other entries.
    notes: notes, prompt and review answers and challenge notes become empty; figures,
    triggers, behaviors and feelings stay.
    """
    unknown = set(modes) - set(MODES)
    if unknown:
        raise InputError(f"unknown redaction {sorted(unknown)[0]!r}; valid: {', '.join(MODES)}")
    notes = NOTES in modes
    people: People | None = None
    if NAMES in modes:
        everyone = [e.with_ for e in entries if e.with_]
        everyone += [p["with"] for p in plans if p["with"]]
        people = People([*everyone, *names])
    kept = {" ".join(text.split()) for text in builtin}

    def text(value: str) -> str:
        """A text the user wrote."""
        return value if people is None else people.sub(value)

    def shipped_or_text(value: str) -> str:
        """A text that may be one of the program's own (a question, a feeling word)."""
        return value if " ".join(value.split()) in kept else text(value)

    def private(value: str) -> str:
        return "" if notes else text(value)

    def words(values: tuple[str, ...], redacted: Callable[[str], str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(map(redacted, values)))  # two spellings, one person: once

    def entry(item: Entry) -> Entry:
        """Fields in the order a reader meets them, which is the order labels are given."""
        changes: dict[str, Any] = {}
        if people is not None:
            if item.with_:
                changes["with_"] = people.of(item.with_)
            changes["tags"] = words(item.tags, text)
            changes["emotions"] = words(item.emotions, shipped_or_text)
        if item.prompt:
            question = shipped_or_text(item.prompt["question"])
            changes["prompt"] = {"question": question, "answer": private(item.prompt["answer"])}
        changes["note"] = private(item.note)
        return item.with_changes(**changes)

    first = [
        index
        for index, item in sorted(enumerate(entries), key=lambda pair: _order(pair[1]))
        if period is None or period[0] <= item.when.date() <= period[1]
    ]
    out: dict[int, Entry] = {}
    for index in first:
        out[index] = entry(entries[index])
    new_plans = [
        {
            **plan,
            "with": people.of(plan["with"]) if people and plan["with"] else plan["with"],
            "text": text(plan["text"]),
        }
        for plan in plans
    ]
    new_challenges = [{**record, "note": private(record["note"])} for record in challenges]
    new_reviews = [
        {
            **record,
            "question": shipped_or_text(record["question"]),
            "answer": private(record["answer"]),
            "note": private(record["note"]),
        }
        for record in reviews
    ]
    for index in sorted(range(len(entries)), key=lambda i: _order(entries[i])):
        if index not in out:
            out[index] = entry(entries[index])
    return Redacted([out[i] for i in range(len(entries))], new_challenges, new_reviews, new_plans)


def _order(entry: Entry) -> tuple[Any, ...]:
    return (entry.when, entry.id or 0)
