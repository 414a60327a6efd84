"""When an entry calls for the signpost to help in a crisis: pure matching of the words in
prompts/safety.toml, and the signpost's text. Knows nothing of terminals; nothing here is
stored or sent anywhere.

The signpost shows when an urge of SIGNPOST_URGE or more comes with a feeling of the distress
set (about hope and self-worth), or, at any urge, when a note or an answer speaks of self-harm
or of not wanting to live. Phrases match whole words in any case; a phrase that lies inside one
of the `unless` phrases ("I don't want to die") is not a match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from journalcli import content
from journalcli.errors import ContentError

SIGNPOST_URGE = 7


class Words(NamedTuple):
    """What calls for the signpost: phrases (as token tuples), exceptions, distress feelings."""

    phrases: tuple[tuple[str, ...], ...]
    unless: tuple[tuple[str, ...], ...]
    distress: frozenset[str]


def tokens(text: str) -> list[str]:
    """Lower-case words: apostrophes dropped ("don't" is "dont"), any other character that is
    not a letter or a digit separates words."""
    folded = text.casefold().replace("'", "").replace("\u2019", "").replace("\u2018", "")
    return "".join(c if c.isalnum() else " " for c in folded).split()


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(tokens(text))


def _spans(words: Sequence[str], phrase: Sequence[str]) -> list[tuple[int, int]]:
    n = len(phrase)
    if not n:
        return []
    first = phrase[0]
    return [
        (i, i + n)
        for i in range(len(words) - n + 1)
        if words[i] == first and tuple(words[i : i + n]) == tuple(phrase)
    ]


def matches(
    text: str, phrases: Iterable[Sequence[str]], unless: Iterable[Sequence[str]] = ()
) -> list[str]:
    """The phrases found in `text` as whole words, leaving out any occurrence that lies inside
    an occurrence of an `unless` phrase."""
    words = tokens(text)
    covered = [span for phrase in unless for span in _spans(words, phrase)]
    found = []
    for phrase in phrases:
        for start, end in _spans(words, phrase):
            if not any(low <= start and end <= high for low, high in covered):
                found.append(" ".join(phrase))
                break
    return found


def needs_signpost(
    urge: int | None, feelings: Iterable[str], texts: Iterable[str | None], words: Words
) -> bool:
    """Whether an entry with this urge, these feelings and these texts (note, answer) calls
    for the signpost."""
    strong = urge is not None and urge >= SIGNPOST_URGE
    if strong and any(feeling.casefold() in words.distress for feeling in feelings):
        return True
    return any(text and matches(text, words.phrases, words.unless) for text in texts)


# --- the data, with the user's additions


def _collect(items: dict[str, content.Item], field: str) -> list[str]:
    return [value for item in items.values() for value in item.get(field, ())]


def words() -> Words:
    """The built-in words, plus the phrases and feelings the user's prompt files add. A user
    file can never take one away (the lists are joined, not replaced), and a broken one
    leaves the built-in words in force. Exceptions come from the built-in file only."""
    builtin = content.load_builtin("safety")
    phrases = _collect(builtin, "phrases")
    feelings = _collect(builtin, "feelings")
    try:
        merged = content.load("safety")
    except ContentError:
        merged = {}
    phrases += _collect(merged, "phrases")
    feelings += _collect(merged, "feelings")
    return Words(
        tuple(dict.fromkeys(p for p in map(_phrase, phrases) if p)),
        tuple(p for p in map(_phrase, _collect(builtin, "unless")) if p),
        frozenset(f.casefold() for f in feelings),
    )


def entry_texts(note: str | None, prompt: dict[str, str] | None) -> list[str]:
    """The texts of an entry the person wrote: the note and the answer to a question."""
    return [note or "", (prompt or {}).get("answer") or ""]


def check(
    urge: int | None, feelings: Iterable[str], note: str | None, prompt: dict[str, str] | None
) -> bool:
    return needs_signpost(urge, feelings, entry_texts(note, prompt), words())


def signpost() -> str:
    """The signpost's words, pointing to the user's crisis contact, else to the generic
    places. Read from the built-in file and a lenient read of config.toml, so no broken
    file of the user's can keep it from showing."""
    texts = content.load_builtin("safety")
    where = content.crisis_contact(strict=False) or texts["signpost-default"]["text"]
    return " ".join(str(texts["signpost"]["text"]).split()).replace("{crisis}", where)
