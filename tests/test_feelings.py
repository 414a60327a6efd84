"""Feeling words (-e) are checked like triggers: the built-in list plus the user's prompt
files, any case, and a near miss gets a "did you mean"; imports of older files keep the free
words they have."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journalcli import content, model
from journalcli.errors import InputError

WORDS = sorted(content.load.__wrapped__("emotions"))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (("Overwhelmed",), ["overwhelmed"]),
        (("SAFE", "safe"), ["safe"]),
        (("#tense",), ["tense"]),
        (("numb, calm",), ["numb", "calm"]),
        ((" Rejected ", "defensive"), ["rejected", "defensive"]),
        (("connected",), ["connected"]),
    ],
)
def test_known_words_are_stored_in_lower_case(add, typed, stored):
    options = [part for word in typed for part in ("-e", word)]
    entry = add("-u", "4", "-t", "stress", *options)
    assert entry["emotions"] == stored


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("overwhelmd", "did you mean 'overwhelmed'?"),
        ("Rejectd", "did you mean 'rejected'?"),
        ("defensiv", "did you mean 'defensive'?"),
        ("sfae", ""),
        ("fine", ""),
        ("tense,grumpy", ""),
    ],
)
def test_an_unknown_word_is_exit_2_with_a_hint_and_nothing_is_saved(run, db_path, typed, hint):
    result = run("add", "-u", "4", "-t", "stress", "-e", typed, "a note")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("journal: error: unknown feeling word ")
    assert hint in line and line.endswith("`journal guide emotions` lists them")
    assert len(line) < 160  # the seventy words are not listed
    assert not db_path.exists()


def test_edit_checks_the_words_too_and_changes_nothing_on_a_bad_one(run, add, db_path):
    add("-u", "4", "-t", "stress", "-e", "tense", "a note")
    before = db_path.read_bytes()
    result = run("edit", "1", "-e", "grumpy")
    assert result.exit_code == 2 and "unknown feeling word 'grumpy'" in result.stderr
    assert db_path.read_bytes() == before
    assert run("edit", "1", "-e", "Hurt").exit_code == 0
    assert json.loads(run("show", "1", "--json").stdout)["emotions"] == ["hurt"]


def test_words_from_the_users_prompt_files_are_accepted(run, add):
    folder = content.user_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        '[meta]\nkind = "emotions"\n[items]\nlet-down = { energy = -1, pleasantness = -2 }\n'
    )
    content.load.cache_clear()
    assert add("-u", "4", "-t", "stress", "-e", "Let-Down", "-e", "numb")["emotions"] == [
        "let-down",
        "numb",
    ]


def test_an_import_keeps_the_free_words_of_an_older_file(run, tmp_path):
    record = {
        "uid": "0b7f3c2e-5a1d-4e8f-9c6b-2d4a8e1f3b5c",
        "when": "2026-11-16T21:30:00+01:00",
        "urge": 5,
        "emotions": ["grumpy", "wobbly"],
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps([record]))  # a `list --json` of an older journal
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    assert json.loads(run("show", "1", "--json").stdout)["emotions"] == ["grumpy", "wobbly"]


@given(st.sampled_from(WORDS), st.lists(st.booleans(), min_size=30, max_size=30))
def test_every_known_word_is_accepted_in_any_case(word, upper):
    typed = "".join(c.upper() if up else c for c, up in zip(word, upper[: len(word)], strict=True))
    assert model.parse_feelings([typed], WORDS) == (word,)


@given(st.text(min_size=1, max_size=30))
def test_anything_else_is_an_input_error_never_another_exception(text):
    try:
        words = model.parse_feelings([text], WORDS)
    except InputError:
        return
    assert all(word in WORDS for word in words)
