"""The entry's validators and its stored and public forms."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journalcli import content, model
from journalcli.errors import InputError
from journalcli.model import FIELDS, Entry

RELAXED = settings(deadline=None)  # timing varies under load; speed is not tested here


def _builtin_keys(kind: str) -> list[str]:
    """The shipped keys, read directly: at import time the user's own prompt files must not
    count (the autouse fixture that hides them is not active yet)."""
    with (content.builtin_dir() / f"{kind}.toml").open("rb") as fh:
        return list(tomllib.load(fh)["items"])


TRIGGERS, BEHAVIORS = _builtin_keys("triggers"), _builtin_keys("behaviors")


# --- urge


@RELAXED
@given(st.integers(0, 10))
def test_urge_accepts_every_value_from_0_to_10(value):
    assert model.parse_urge(value) == value
    assert model.parse_urge(str(value)) == value
    assert model.parse_urge(f" {value} ") == value


@RELAXED
@given(st.integers().filter(lambda n: not 0 <= n <= 10))
def test_urge_refuses_every_other_whole_number(value):
    with pytest.raises(InputError, match="from 0 to 10"):
        model.parse_urge(value)
    with pytest.raises(InputError, match="from 0 to 10"):
        model.parse_urge(str(value))


@RELAXED
@given(st.text())
def test_urge_text_is_a_number_0_to_10_or_an_input_error(text):
    try:
        value = model.parse_urge(text)
    except InputError as exc:
        assert "urge" in str(exc)
        return
    assert re.fullmatch(r"\s*[+-]?0*([0-9]|10)\s*", text)
    assert value == int(text)


@pytest.mark.parametrize(
    "value", ["7.5", "x", "ten", "", " ", "1e1", "٣", "++7", "7 8", "0x7", True, False, 7.0]
)
def test_urge_refuses_what_is_not_a_whole_number(value):
    with pytest.raises(InputError, match="whole number"):
        model.parse_urge(value)


def test_urge_refuses_a_huge_number_without_crashing():
    with pytest.raises(InputError):
        model.parse_urge("9" * 5000)
    with pytest.raises(InputError):
        model.parse_urge(10**5000)


# --- keys


@RELAXED
@given(st.sampled_from(TRIGGERS), st.sampled_from([str.upper, str.title, str.lower]))
def test_a_known_key_is_accepted_in_any_case(key, case):
    assert model.parse_key(f" {case(key)} ", TRIGGERS, "trigger") == key


def _near_misses(keys: list[str]) -> st.SearchStrategy[tuple[str, str]]:
    """(key, typo): one letter dropped or changed."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str]:
        key = draw(st.sampled_from(keys))
        at = draw(st.integers(0, len(key) - 1))
        letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
        typo = draw(st.sampled_from([key[:at] + key[at + 1 :], key[:at] + letter + key[at + 1 :]]))
        return key, typo

    return build()


@RELAXED
@given(_near_misses(TRIGGERS + BEHAVIORS))
def test_a_near_miss_gets_did_you_mean_and_the_valid_list(pair):
    key, typo = pair
    valid = TRIGGERS if key in TRIGGERS else BEHAVIORS
    if typo in valid:
        return
    with pytest.raises(InputError) as caught:
        model.parse_key(typo, valid, "trigger")
    message = str(caught.value)
    assert re.search(r"did you mean '[a-z-]+'\?", message)
    assert message.endswith("valid: " + ", ".join(valid))


def test_did_you_mean_names_the_intended_key():
    with pytest.raises(InputError, match="did you mean 'closeness'"):
        model.parse_key("closenes", TRIGGERS, "trigger")
    with pytest.raises(InputError, match="did you mean 'topic-change'"):
        model.parse_key("topic_change", BEHAVIORS, "behavior")
    with pytest.raises(InputError, match="did you mean 'stayed'"):
        model.parse_response("stay")


def test_a_far_miss_only_lists_the_valid_keys():
    with pytest.raises(InputError) as caught:
        model.parse_key("zzzz", TRIGGERS, "trigger")
    assert "did you mean" not in str(caught.value)
    assert "unknown trigger 'zzzz'" in str(caught.value)
    assert all(key in str(caught.value) for key in TRIGGERS)


def test_keys_split_on_commas_lower_and_drop_repeats():
    given_keys = ["Closeness,stress", "closeness", " needs "]
    assert model.parse_keys(given_keys, TRIGGERS, "t") == ("closeness", "stress", "needs")
    assert model.parse_keys(["", ","], TRIGGERS, "t") == ()


@pytest.mark.parametrize("value", ["withdrew", "STAYED", " partly "])
def test_responses(value):
    assert model.parse_response(value) == value.strip().lower()


# --- text


def test_text_is_stripped_and_notes_keep_their_lines():
    assert model.clean_text("  hi  ", "with") == "hi"
    assert model.clean_text("\n  line one\n\tline two  \n\n", "note", multiline=True) == (
        "  line one\n\tline two"
    )
    assert model.clean_text("a\r\nb\r\n", "note", multiline=True) == "a\nb"


@pytest.mark.parametrize("bad", ["a\x1b[31mb", "a\x00b", "a\rb", "a\x07", "a\x7f", "a\x9b31m"])
def test_control_characters_are_refused(bad):
    with pytest.raises(InputError, match="control character"):
        model.clean_text(bad, "note", multiline=True)


def test_newlines_only_in_notes():
    with pytest.raises(InputError, match="with contains a control character"):
        model.clean_with("Sam\nAlex")


def test_undecodable_bytes_are_refused():
    with pytest.raises(InputError, match="not valid UTF-8"):
        model.clean_text("bad \udcff", "note")


def test_overlong_text_is_refused():
    with pytest.raises(InputError, match="longer than"):
        model.clean_text("x" * (model.MAX_TEXT + 1), "note", multiline=True)


@RELAXED
@given(st.text())
def test_clean_text_returns_clean_text_or_refuses(text):
    try:
        cleaned = model.clean_text(text, "note", multiline=True)
    except InputError:
        return
    assert cleaned == cleaned.rstrip()
    assert all(ch in "\n\t" or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F) for ch in cleaned)


def test_words_drop_hash_and_repeats():
    assert model.clean_words(["#work, home", "work", " "], "tag") == ("work", "home")
    assert model.clean_words(["Scared", "scared"], "emotion", lower=True) == ("scared",)
    assert model.clean_with("  ") is None


# --- forms

AWARE = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2030, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=1))]),
)
WORD = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FFF), min_size=1, max_size=8)

ENTRIES = st.builds(
    Entry,
    when=AWARE,
    urge=st.none() | st.integers(0, 10),
    triggers=st.lists(st.sampled_from(TRIGGERS), unique=True).map(tuple),
    response=st.none() | st.sampled_from(model.RESPONSES),
    with_=st.none() | WORD,
    emotions=st.lists(WORD, unique=True, max_size=3).map(tuple),
    behaviors=st.lists(st.sampled_from(BEHAVIORS), unique=True).map(tuple),
    tags=st.lists(WORD, unique=True, max_size=3).map(tuple),
    note=st.text(max_size=50),
    prompt=st.none() | st.fixed_dictionaries({"question": WORD, "answer": WORD}),
    uid=st.uuids().map(str),
    created=st.none() | AWARE,
    updated=st.none() | AWARE,
)


@RELAXED
@given(ENTRIES, st.integers(1, 10**6))
def test_stored_form_round_trips(entry, entry_id):
    doc = entry.to_doc()
    assert "id" not in doc
    assert Entry.from_doc(entry_id, doc) == entry.with_changes(id=entry_id)


@RELAXED
@given(ENTRIES)
def test_public_form_has_the_documented_field_names(entry):
    public = entry.with_changes(id=3).to_dict()
    assert tuple(public) == FIELDS
    assert public["id"] == 3
    assert public["with"] == entry.with_
    assert datetime.fromisoformat(public["when"]) == entry.when
    assert datetime.fromisoformat(public["when"]).utcoffset() == entry.when.utcoffset()
