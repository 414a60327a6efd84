"""Issue 13, a signpost in the hard moments: what calls for it and what does not (pure, with
hypothesis), the user's additions that never remove, the crisis contact, and the signpost in
`journal add` / `journal edit` (flags and interview): shown even with --quiet, on stderr when
stdout is redirected, never stored and never exported."""

from __future__ import annotations

import json
import os
import sys

import pexpect
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journalcli import content, safety

SIGNPOST = "This sounds very hard"
GENERIC = "your local emergency number, or a crisis line where you live"


def _words() -> safety.Words:
    return safety.words()


def _found(text: str) -> list[str]:
    words = _words()
    return safety.matches(text, words.phrases, words.unless)


# --- what speaks of self-harm or of not wanting to live


@pytest.mark.parametrize(
    "text",
    [
        "everyone would be better off without me",
        "Honestly I just want to die.",
        "I WANT TO DIE",
        "I've been feeling suicidal again",
        "thought about how I'd end my life",
        "I don't want to live like this, or at all",
        "I dont want to be here anymore",
        "i keep wanting to hurt myself",
        "the self-harm is back",
        "I don't want to die, but part of me wants to die... no: I want to die",
        "Thinking about\nkilling... no, I mean: I could kill myself",
        "There's nothing to live for.",
    ],
)
def test_notes_that_speak_of_self_harm_or_not_wanting_to_live_match(text):
    assert _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to die",
        "I do NOT want to die, I want to feel close to someone",
        "Read about a suicide bomber in the news and felt sick",
        "suicide bombers on the radio again",
        "I'd die of embarrassment if she saw that",
        "this deadline is killing me",
        "I feel sad and lonely tonight",
        "I cried a lot, it was a hard day, I miss him",
        "He said I was selfish and I felt awful",
        "dieting again; it's killing my mood",
        "the suicidesquad film",  # not a whole word
        "unsuicidal",
        "",
    ],
)
def test_ordinary_sadness_idioms_and_news_do_not_match(text):
    assert _found(text) == []


HARMLESS = [
    "today", "i", "felt", "so", "tired", "and", "he", "said", "work", "was", "long",
    "we", "argued", "about", "money", "later", "quiet", "evening", "she", "left", "early",
]  # fmt: skip
SEPARATORS = st.sampled_from([" ", "  ", "\n", ", ", ". ", " - ", "! ", "? ", "; ", "\t"])


def _phrases() -> list[str]:
    return [" ".join(p) for p in _words().phrases]


@given(
    before=st.lists(st.sampled_from(HARMLESS), max_size=6),
    after=st.lists(st.sampled_from(HARMLESS), max_size=6),
    index=st.integers(min_value=0),
    sep=SEPARATORS,
    upper=st.booleans(),
)
def test_any_phrase_matches_anywhere_in_any_case(before, after, index, sep, upper):
    phrases = _phrases()
    phrase = phrases[index % len(phrases)]
    text = sep.join([*before, phrase.replace(" ", sep), *after])
    assert phrase in _found(text.upper() if upper else text)


@given(st.lists(st.sampled_from(HARMLESS), max_size=30), SEPARATORS)
def test_everyday_words_never_match(words, sep):
    assert _found(sep.join(words)) == []


@given(index=st.integers(min_value=0), glue=st.sampled_from(["x", "un", "s", "9", "é"]))
def test_a_one_word_phrase_inside_a_longer_word_is_not_a_match(index, glue):
    single = [p for p in _phrases() if " " not in p]
    word = single[index % len(single)]
    assert _found(f"{glue}{word}") == [] and _found(f"{word}{glue}") == []


@given(st.text(max_size=200))
def test_matching_any_text_never_fails_and_ignores_case(text):
    found = _found(text)
    assert isinstance(found, list)
    if text.isascii():
        assert _found(text.upper()) == found == _found(text.lower())


@given(
    before=st.lists(st.sampled_from(HARMLESS), max_size=5),
    negation=st.sampled_from(["don't", "dont", "do not", "DON\u2019T", "never"]),
)
def test_not_wanting_to_die_is_never_a_match(before, negation):
    assert _found(" ".join([*before, "I", negation, "want to die"])) == []


# --- urge and feelings


@pytest.mark.parametrize("feeling", ["hopeless", "worthless", "despairing", "Desperate"])
@pytest.mark.parametrize("urge", [7, 8, 10])
def test_a_strong_urge_with_a_distress_feeling_calls_for_the_signpost(urge, feeling):
    assert safety.needs_signpost(urge, ["tense", feeling], [""], _words())


@pytest.mark.parametrize(
    ("urge", "feelings"),
    [
        (6, ["hopeless"]),  # below 7
        (0, ["worthless"]),
        (None, ["hopeless"]),
        (10, ["trapped", "numb", "smothered"]),  # the everyday words of pulling away
        (10, ["sad", "lonely", "rejected", "overwhelmed", "exhausted", "empty"]),
        (10, []),
    ],
)
def test_a_mild_urge_or_everyday_feelings_do_not(urge, feelings):
    assert not safety.needs_signpost(urge, feelings, ["a hard evening"], _words())


@pytest.mark.parametrize("urge", [None, 0, 3, 10])
def test_a_phrase_calls_for_it_at_any_urge(urge):
    assert safety.needs_signpost(urge, [], ["", "I want to die"], _words())


def test_the_distress_feelings_are_feeling_words_and_not_the_everyday_ones():
    distress = _words().distress
    assert {"hopeless", "worthless", "despairing"} <= distress
    assert distress <= set(content.emotion_words())
    assert not distress & {"trapped", "numb", "smothered", "sad", "lonely", "overwhelmed"}


# --- the user's files: add, never remove; a broken one never silences it


def _user(name: str, body: str) -> None:
    folder = content.user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    content.load.cache_clear()


def test_a_user_file_adds_phrases_and_feelings():
    _user(
        "mine.toml",
        '[meta]\nkind = "safety"\n[items.mine]\nphrases = ["cannot go on"]\nfeelings = ["lost"]\n',
    )
    words = _words()
    assert _found("I cannot go on") == ["cannot go on"]
    assert "lost" in words.distress and "hopeless" in words.distress


def test_a_user_file_can_never_remove_or_except_the_built_in_words():
    _user(
        "mine.toml",
        '[meta]\nkind = "safety"\n'
        '[items.not-living]\nphrases = ["zzz"]\n'
        '[items.distress]\nfeelings = ["zzz"]\n'
        '[items.not-meant]\nunless = ["want to die", "better off without me"]\n'
        '[items.signpost]\ntext = "fine"\n',
    )
    assert _found("I want to die") == ["want to die"]
    assert _found("better off without me") == ["better off without me"]
    assert "hopeless" in _words().distress
    assert safety.signpost().startswith(SIGNPOST)


@pytest.mark.parametrize(
    "body",
    [
        "not toml [",
        '[meta]\nkind = "safety"\n[items.x]\nphrases = "one"\n',
        '[meta]\nkind = "safety"\n[items.x]\nwords = ["a"]\n',
    ],
)
def test_a_broken_user_file_falls_back_to_the_built_in_words(body, run):
    _user("broken.toml", body)
    assert _found("everyone would be better off without me")
    result = run("add", "-u", "2", "-t", "stress", "I want to die")
    # the broken file is named (nothing is saved, exit 4), and the signpost still shows
    assert SIGNPOST in result.stderr
    hopeless = run("add", "-u", "9", "-t", "stress", "-e", "#Hopeless,tense")
    assert SIGNPOST in hopeless.stderr


def test_refused_options_still_get_the_signpost_when_the_note_calls_for_it(run, add, db_path):
    typo = run("add", "-u", "3", "-t", "strss", "I want to end my life")
    assert typo.exit_code == 2 and "did you mean" in typo.stderr
    assert SIGNPOST in typo.stderr and not db_path.exists()
    add("-u", "3", "-t", "stress")
    edit = run("edit", "1", "-t", "strss", "better off dead")
    assert edit.exit_code == 2 and SIGNPOST in edit.stderr
    for urge in ("²", "٣", "9" * 5000, "-1", "x"):
        refused = run("add", "-u", urge, "-t", "stress", "I want to die")
        assert refused.exit_code == 2 and SIGNPOST in refused.stderr, refused.output
    worthless = run("add", "-u", "08", "-t", "strss", "-e", "worthless")
    assert worthless.exit_code == 2 and SIGNPOST in worthless.stderr
    plain = run("add", "-u", "3", "-t", "strss", "a long day")
    assert plain.exit_code == 2 and SIGNPOST not in plain.stderr


# --- the crisis contact


def _contact(value: str) -> None:
    folder = content.user_dir().parent
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(value, encoding="utf-8")


def test_the_signpost_points_to_the_configured_contact_else_the_generic_places():
    assert safety.signpost().endswith(f"reach out now: {GENERIC}.")
    _contact('crisis_contact = "Sam (0123 456 789), or 112"\n')
    assert safety.signpost().endswith("reach out now: Sam (0123 456 789), or 112.")
    assert content.crisis_contact() == "Sam (0123 456 789), or 112"


@pytest.mark.parametrize(
    "topic", [(), ("styles",), ("origins",), ("healing",), ("patterns",), ("steps",)]
)
def test_every_guide_view_closes_with_the_configured_contact(run, topic):
    _contact('crisis_contact = "the Samaritans, 116 123"\n')
    lines = run("guide", *topic).stdout.rstrip().splitlines()
    assert (
        lines[-1]
        == "Reflection aid, not therapy or diagnosis. In a crisis: the Samaritans, 116 123."
    )
    assert "local emergency services" not in run("guide", *topic).stdout


def test_a_users_own_wording_of_the_closing_line_keeps_the_contact_and_never_loops():
    _user(
        "mine.toml",
        '[meta]\nkind = "notices"\n[items.crisis-default]\ntext = "call {crisis}"\n'
        '[items.disclaimer]\ntext = "Mine. Crisis: {crisis}."\n',
    )
    assert content.notice("disclaimer") == "Mine. Crisis: call {crisis}."
    _contact('crisis_contact = "Ana"\n')
    assert content.notice("disclaimer") == "Mine. Crisis: Ana."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("crisis_contact = 3\n", "crisis_contact must be one line of text"),
        ('crisis_contact = "  "\n', "crisis_contact must be one line of text"),
        ('crisis_contact = "a\\nb"\n', "crisis_contact must be one line of text"),
        ('crisis-contact = "Sam"\n', "crisis-contact is not a known setting"),
        ("crisis_contact = [", "not valid TOML"),
    ],
)
def test_a_broken_config_is_an_error_for_the_guide_but_never_silences_the_signpost(
    run, body, message
):
    _contact(body)
    guide = run("guide", "styles")
    assert guide.exit_code == 4 and message in guide.stderr
    assert guide.stderr.count("\n") == 1
    added = run("add", "-u", "9", "-t", "stress", "-e", "hopeless", "awful")
    assert added.exit_code == 0
    assert SIGNPOST in added.stderr and GENERIC in " ".join(added.stderr.split())


# --- journal add and edit


def test_the_issue_example_gets_the_signpost_not_just_a_tip(run, db_path):
    _contact('crisis_contact = "my sister Ana, 0612 345 678"\n')
    result = run(
        "add", "-u", "10", "-t", "rejection", "-e", "hopeless", "-r", "withdrew",
        "everyone would be better off without me",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout.startswith("Saved entry 1:")
    assert SIGNPOST in result.stderr
    assert "A journal cannot help in a crisis" in " ".join(result.stderr.split())
    assert "my sister Ana, 0612 345 678" in " ".join(result.stderr.split())
    assert "Something to try" not in result.stdout  # the signpost, not a tip, this time
    stored = db_path.read_text()
    assert SIGNPOST not in stored and "Ana" not in stored  # never stored
    for fmt in ("json", "csv", "markdown"):
        exported = run("export", "--format", fmt)
        assert exported.exit_code == 0, exported.output
        assert "Ana" not in exported.stdout and SIGNPOST not in exported.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("-u", "7", "-t", "stress", "-e", "worthless"),
        ("-u", "0", "I want to die"),
        ("-u", "3", "-t", "conflict", "thinking of hurting myself"),
        ("-u", "9", "-t", "stress", "-e", "despairing", "--quiet"),
        ("-u", "1", "-t", "stress", "--quiet", "so suicidal"),
    ],
)
def test_add_with_flags_shows_the_signpost_even_with_quiet(run, args):
    result = run("add", *args)
    assert result.exit_code == 0, result.output
    assert SIGNPOST in result.stderr and GENERIC in " ".join(result.stderr.split())
    assert SIGNPOST not in result.stdout
    assert max(len(line) for line in result.stderr.splitlines()) <= 80


@pytest.mark.parametrize(
    "args",
    [
        ("-u", "6", "-t", "stress", "-e", "hopeless"),
        ("-u", "10", "-t", "stress", "-e", "trapped", "-e", "numb", "-e", "smothered"),
        ("-u", "8", "-t", "stress", "-r", "withdrew", "I'd die of embarrassment"),
        ("-u", "8", "-t", "stress", "this deadline is killing me"),
        ("-u", "5", "-t", "rejection", "-e", "sad", "I feel so sad and alone tonight"),
        ("-u", "4", "-t", "stress", "I don't want to die, I want to feel better"),
        ("-u", "4", "-t", "stress", "news: a suicide bomber in the city"),
    ],
)
def test_add_without_distress_shows_no_signpost(run, args):
    result = run("add", *args)
    assert result.exit_code == 0, result.output
    assert SIGNPOST not in result.output


def test_edit_shows_it_when_the_entry_comes_to_call_for_it(run, add):
    add("-u", "8", "-t", "stress", "a hard day")
    plain = run("edit", "1", "-r", "stayed")
    assert plain.exit_code == 0 and SIGNPOST not in plain.output
    for args in (("-e", "hopeless"), ("-u", "2", "nothing to live for")):
        result = run("edit", "1", *args)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Updated entry 1")
        assert SIGNPOST in result.stderr


def test_a_reflective_answer_that_speaks_of_it_counts_too():
    assert safety.check(2, (), "", {"question": "What did you need?", "answer": "to end it all"})


# --- the interview: once a note calls for it, no more questions


def _spawn(*args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "journalcli", "add", *args],
        env=dict(os.environ),
        encoding="utf-8",
        timeout=15,
        dimensions=(24, 80),
    )


def _interview(db_path, note: str, feelings: str = "") -> str:
    child = _spawn()
    child.expect_exact("(0-10): ")
    child.sendline("8")
    child.expect_exact("Numbers or names: ")
    child.sendline("stress")
    for prompt in ("now", "with?", "[p]artly", "Numbers or names"):
        child.expect_exact(prompt)
        child.expect_exact("): ")
        child.sendline("")
    child.expect_exact("Feeling words (Enter to skip): ")
    child.sendline(feelings)
    child.expect_exact("A note (Enter to skip): ")
    child.sendline(note)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


@pytest.mark.parametrize(
    ("note", "feelings"),
    [("honestly everyone would be better off without me", ""), ("awful night", "hopeless")],
)
def test_the_interview_skips_the_question_and_shows_it_straight_after_saving(
    db_path, note, feelings
):
    out = _interview(db_path, note, feelings)
    assert "A question to sit with" not in out
    after = out.split("Saved entry 1:", 1)[1]
    assert SIGNPOST in " ".join(after.split())
    from journalcli.store import Journal

    entry = Journal(db_path).get(1)
    assert entry.note == note and entry.prompt is None


def test_the_interview_asks_on_for_an_ordinary_note(db_path):
    child = _spawn()
    child.expect_exact("(0-10): ")
    child.sendline("8")
    child.expect_exact("Numbers or names: ")
    child.sendline("stress")
    for prompt in ("now", "with?", "[p]artly", "Numbers or names", "Feeling words"):
        child.expect_exact(prompt)
        child.expect_exact("): ")
        child.sendline("")
    child.expect_exact("A note (Enter to skip): ")
    child.sendline("this deadline is killing me")
    child.expect_exact("A question to sit with")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert SIGNPOST not in child.before


def test_the_signpost_goes_to_stdout_on_a_terminal(db_path):
    child = _spawn("-u", "9", "-t", "stress", "-e", "hopeless", "--quiet")
    child.expect_exact("Saved entry 1")
    child.expect_exact(SIGNPOST)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_the_signpost_is_not_in_the_json_export(run, add):
    add("-u", "9", "-t", "stress", "-e", "hopeless", "want to die")
    data = json.loads(run("export", "--format", "json").stdout)
    assert SIGNPOST not in json.dumps(data)


@given(st.text(max_size=260))
def test_any_crisis_contact_is_one_clean_line_or_a_clear_error(value):
    import tomllib

    from hypothesis import assume

    from journalcli.errors import ContentError

    body = f"crisis_contact = {json.dumps(value, ensure_ascii=False)}\n"
    try:
        assume(tomllib.loads(body)["crisis_contact"] == value)
    except tomllib.TOMLDecodeError:
        assume(False)
    _contact(body)
    try:
        contact = content.crisis_contact()
    except ContentError as exc:
        assert "config.toml: crisis_contact must be one line" in str(exc)
        assert content.crisis_contact(strict=False) is None
        return
    assert contact is not None and contact == " ".join(contact.split())
    assert 0 < len(contact) <= content.MAX_CONTACT and "\n" not in contact


def test_the_signpost_comes_before_an_if_then_plan(run, db_path):
    assert run("plan", "add", "rejection", "Say I need a minute, then come back.").exit_code == 0
    ordinary = run("add", "-u", "6", "-t", "rejection", "a hard evening")
    assert "Say I need a minute" in ordinary.stdout
    hard = run("add", "-u", "6", "-t", "rejection", "I wish I was dead")
    assert hard.exit_code == 0
    assert "Say I need a minute" not in hard.output  # the signpost alone, nothing else to do
    assert "This sounds very hard" in hard.output
