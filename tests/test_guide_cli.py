"""The guide end to end: steps, guide, prompt and challenge at 80 columns, and the extras of
`journal add` (--prompt, the reflective question in the interview, the nudge, --quiet)."""

from __future__ import annotations

import json

import pytest

from journalcli import content
from journalcli.commands import entries

DISCLAIMER = "Reflection aid, not therapy or diagnosis. In a crisis: local emergency services."
LAST_WEEK = "2026-11-15T20:00:00+01:00"  # Sunday of 2026-W46


def _lines(output: str) -> list[str]:
    return [line.rstrip() for line in output.splitlines()]


def _check_view(result) -> str:
    """Exit 0, nothing wider than 80 columns, and the disclaimer as the last line."""
    assert result.exit_code == 0, result.output
    lines = _lines(result.stdout)
    assert max(len(line) for line in lines) <= 80
    assert lines[-1] == content.notice("disclaimer") == DISCLAIMER
    return " ".join(" ".join(lines).split())  # wrapped text joined back up


# --- steps and guide


def test_steps_lists_all_four_with_the_study_as_encouragement(run):
    text = _check_view(run("steps"))
    for number, step in enumerate(content.steps(), 1):
        assert f"{number}. {step.title}" in text
        assert " ".join(step.summary.split()) in text
    _claims_only_what_the_sources_support(text)


def _claims_only_what_the_sources_support(text: str) -> None:
    """The research notice names its sources and says "suggested", never "measurably"."""
    assert "six weeks" not in text and "measurably" not in text
    assert "Understanding and Managing Avoidant Insecure Attachment" in text
    assert "2020 study that suggested" in text
    assert "Hudson, Chopik, Briley and colleagues" in text and "about 15 weeks" in text
    assert "completing weekly challenges, not wanting to change" in text


@pytest.mark.parametrize("which", ["1", "track-triggers", "TRACK-TRIGGERS"])
def test_one_step_in_detail_has_its_actions_and_questions(run, which):
    text = _check_view(run("steps", which))
    step = content.steps()[0]
    assert text.startswith(f"Step 1: {step.title}")
    for line in (*step.actions, *step.questions):
        assert line in text


def test_the_challenge_step_repeats_the_encouragement(run):
    text = _check_view(run("steps", "3"))
    assert "Challenge your instincts" in text
    _claims_only_what_the_sources_support(text)


@pytest.mark.parametrize(
    ("arg", "hint"),
    [("5", "valid: track-triggers"), ("track-trigers", "did you mean 'track-triggers'")],
)
def test_an_unknown_step_is_one_line_exit_2(run, arg, hint):
    result = run("steps", arg)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and hint in result.stderr


def test_guide_without_a_topic_lists_the_topics(run):
    text = _check_view(run("guide"))
    for topic in content.topics():
        assert f"{topic.key} {topic.summary}" in text


def test_guide_patterns_is_a_table_with_all_seven_aspects(run):
    result = run("guide", "patterns")
    text = _check_view(result)
    lines = _lines(result.stdout)
    for aspect in content.ASPECTS:
        label = content.aspect_label(aspect)
        assert any(line.lstrip().startswith(label) for line in lines), label
    header = next(line for line in lines if "Aspect" in line)
    assert "Dismissive attachment" in header and "Defensive distancing" in header
    patterns = content.patterns()
    assert "keeps intimacy" in text and "Going quiet or leaving" in text
    assert all(p.name in text for p in patterns.values())


def test_guide_signs_shows_the_signs_of_each_pattern_and_the_behavior_keys(run):
    text = _check_view(run("guide", "signs"))
    for pattern in content.patterns().values():
        assert all(sign in text for sign in pattern.signs)
    assert all(key in text for key in content.behavior_keys())


def test_guide_styles_shows_three_styles_and_the_avoidant_signs(run):
    text = _check_view(run("guide", "styles"))
    for style in content.styles():
        assert style.name in text and style.line in text
        assert all(sign in text for sign in style.signs)


def test_guide_triggers_shows_each_trigger_with_its_challenge(run):
    text = _check_view(run("guide", "triggers"))
    for trigger in content.triggers().values():
        assert trigger.key in text and trigger.challenge in text


def test_guide_emotions_places_every_word(run):
    result = run("guide", "emotions")
    _check_view(result)
    words = set(result.stdout.replace(",", " ").split())
    assert {e.word for e in content.emotions()} <= words


def test_guide_steps_is_the_steps_view(run):
    assert run("guide", "steps").stdout == run("steps").stdout


def test_an_unknown_topic_is_one_line_exit_2(run):
    result = run("guide", "patern")
    assert result.exit_code == 2
    assert "did you mean 'patterns'" in result.stderr and result.stderr.count("\n") == 1


def test_a_user_override_shows_in_the_guide(run):
    folder = content.user_dir()
    folder.mkdir(parents=True)
    (folder / "styles.toml").write_text(
        '[meta]\nkind = "styles"\n[items.anxious]\nname = "Anxious"\nline = "My own line."\n'
    )
    text = _check_view(run("guide", "styles"))
    assert "My own line." in text and "Worries about being left" not in text


# --- the question of the day


def _question(result) -> str:
    """The question: the lines before the first blank one, unwrapped."""
    assert result.exit_code == 0, result.output
    lines = _lines(result.stdout)
    return " ".join(lines[: lines.index("")])


def test_prompt_is_the_same_all_day_and_changes_with_the_day(run):
    texts = {q.text for q in content.questions()}
    morning = _question(run("prompt", JOURNAL_NOW="2026-11-22T07:00:00+01:00"))
    assert _question(run("prompt")) == morning
    assert morning in texts
    week = {
        _question(run("prompt", JOURNAL_NOW=f"2026-11-{d:02d}T12:00:00+01:00")) for d in range(1, 8)
    }
    assert len(week) >= 4
    _check_view(run("prompt"))


def test_prompt_random_and_for(run):
    any_texts = {q.text for q in content.questions() if "any" in q.fits}
    assert {_question(run("prompt", "--random")) for _ in range(10)} <= any_texts
    withdrew = {q.text for q in content.questions() if "withdrew" in q.fits}
    assert _question(run("prompt", "--for", "withdrew")) in withdrew
    assert run("prompt", "--for", "often").exit_code == 2


# --- the weekly challenge


def _records(run) -> list[dict]:
    result = run("challenge", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _title(result) -> str:
    assert result.exit_code == 0, result.output
    lines = _lines(result.stdout)
    return lines[lines.index("") + 1]


def test_challenge_is_stable_for_the_week_and_remembered(run):
    first = run("challenge")
    assert _lines(first.stdout)[0] == "This week's challenge (2026-W47, from Monday 16 November)"
    title = _title(first)
    assert title in {c.title for c in content.challenges().values()}
    assert _title(run("challenge", JOURNAL_NOW="2026-11-16T06:00:00+01:00")) == title
    _check_view(first)
    [record] = _records(run)
    assert set(record) == {"week", "challenge", "done", "done_at", "note"}
    assert record["week"] == "2026-W47" and record["done"] is False
    assert content.challenges()[record["challenge"]].title == title


def test_challenge_new_picks_another_and_remembers_it(run):
    first = _title(run("challenge"))
    second = _title(run("challenge", "--new"))
    assert second != first
    assert _title(run("challenge")) == second
    [record] = _records(run)
    assert content.challenges()[record["challenge"]].title == second


def test_challenge_done_with_a_note_then_list(run):
    title = _title(run("challenge"))
    result = run("challenge", "done", "stayed for dinner")
    assert result.exit_code == 0
    assert result.stdout == f"Marked done for 2026-W47: {title}.\n"
    [record] = _records(run)
    assert record["done"] is True
    assert record["done_at"] == "2026-11-22T18:30:00+01:00"
    assert record["note"] == "stayed for dinner"
    assert "Done on 2026-11-22. stayed for dinner" in _check_view(run("challenge"))


def test_challenge_new_after_done_is_refused_and_changes_nothing(run, db_path):
    run("challenge", "done")
    before = db_path.read_bytes()
    result = run("challenge", "--new")
    assert result.exit_code == 2
    assert "already done; a new one comes on Monday 23 November" in result.stderr
    assert db_path.read_bytes() == before


def test_challenge_list_shows_past_weeks_done_or_not(run):
    run("challenge", JOURNAL_NOW=LAST_WEEK)
    run("challenge", "done", "it was hard", JOURNAL_NOW="2026-11-08T10:00:00+01:00")
    run("challenge")
    records = _records(run)
    assert [(r["week"], r["done"]) for r in records] == [
        ("2026-W47", False),
        ("2026-W46", False),
        ("2026-W45", True),
    ]
    assert len({r["challenge"] for r in records}) == 3  # recent weeks' are not repeated
    result = run("challenge", "list")
    text = _check_view(result)
    rows = [line.split()[:1] + line.split()[-2:] for line in _lines(result.stdout)[1:4]]
    assert rows[0][0] == "2026-W47" and "not yet" in _lines(result.stdout)[1]
    assert _lines(result.stdout)[2].split()[-1] == "no"
    assert "yes 11-08" in _lines(result.stdout)[3] and "it was hard" in text
    assert "1 of 2 weeks done." in text  # this week is under way: counted once it is done


def test_challenge_list_when_there_is_none_yet(run, db_path):
    text = _check_view(run("challenge", "list"))
    assert content.notice("no-challenges") in text
    assert not db_path.exists()


def test_a_removed_challenge_is_replaced_if_not_done_and_named_if_done(run):
    folder = content.user_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        '[meta]\nkind = "challenges"\n[items.my-own]\n'
        'title = "My own"\ndescription = "Call my sister."\nfocus = "ask"\n'
    )
    run("challenge", JOURNAL_NOW=LAST_WEEK)
    run("challenge", "--new", JOURNAL_NOW=LAST_WEEK)
    # make last week's the user's own, done; this week's the user's own, not done
    records = {r["week"]: r for r in _records(run)}
    assert "2026-W46" in records
    from journalcli.store import Journal, resolve_path

    journal = Journal(resolve_path(None))
    done_at = "2026-11-13T09:00:00+01:00"
    journal.save_challenge(
        {**records["2026-W46"], "challenge": "my-own", "done": True, "done_at": done_at}
    )
    journal.save_challenge({**records["2026-W46"], "week": "2026-W47", "challenge": "my-own"})
    (folder / "mine.toml").unlink()
    content.load.cache_clear()
    assert _title(run("challenge")) in {c.title for c in content.challenges().values()}
    listing = run("challenge", "list").stdout
    assert "my-own (no longer in your prompt files)" in " ".join(listing.split())


def test_new_with_a_subcommand_is_an_error(run):
    assert run("challenge", "--new", "done").exit_code == 2


# --- journal add: the nudge, --quiet, --prompt, the interview's question


def test_a_strong_urge_that_was_acted_on_gets_the_first_trigger_challenge(run):
    result = run("add", "-u", "8", "-t", "criticism", "-t", "stress", "-r", "withdrew", "x")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Saved entry 1:")
    assert lines[1:] == [content.notice("nudge"), f"  {content.triggers()['criticism'].challenge}"]


@pytest.mark.parametrize(
    "args",
    [
        ("-u", "8", "-t", "conflict", "-r", "withdrew", "--quiet"),
        ("-u", "8", "-t", "conflict", "-r", "withdrew", "-q"),
        ("-u", "6", "-t", "conflict", "-r", "withdrew"),
        ("-u", "9", "-t", "conflict", "-r", "stayed"),
        ("-u", "9", "-t", "conflict", "-r", "partly"),
    ],
)
def test_no_nudge_when_quiet_mild_or_stayed(run, args):
    result = run("add", *args)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1


def test_a_strong_urge_with_no_response_recorded_gets_the_nudge(run):
    result = run("add", "-u", "7", "-t", "closeness")
    assert content.triggers()["closeness"].challenge in result.stdout


def test_add_prompt_asks_today_question_and_stores_it(run, add):
    question = _question(run("prompt"))
    result = run("add", "-u", "3", "-t", "stress", "--prompt", input="I needed a walk\n")
    assert result.exit_code == 0, result.output
    assert f"A question to sit with: {question}" in result.stdout
    entry = json.loads(run("show", "1", "--json").stdout)
    assert entry["prompt"] == {"question": question, "answer": "I needed a walk"}


def test_add_prompt_fits_the_response_and_an_empty_answer_stores_nothing(run):
    result = run("add", "-u", "3", "-t", "stress", "-r", "stayed", "--prompt", input="\n")
    assert result.exit_code == 0, result.output
    stayed = {q.text for q in content.questions() if "stayed" in q.fits}
    asked = result.stdout.split("A question to sit with: ")[1].splitlines()[0]
    assert asked in stayed
    assert json.loads(run("show", "1", "--json").stdout)["prompt"] is None


def test_add_prompt_without_input_saves_the_entry_anyway(run):
    result = run("add", "-u", "3", "-t", "stress", "--prompt", input="")
    assert result.exit_code == 0, result.output
    assert json.loads(run("show", "1", "--json").stdout)["prompt"] is None


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(entries, "_on_terminal", lambda: True)


def test_the_interview_offers_a_question_that_fits_the_response(run, terminal):
    # urge, trigger, when (now), with, response, how it showed, feelings, note, the answer
    result = run("add", input="8\n5\n\nSam\nw\n\n\nwe argued\nI felt cornered\n")
    assert result.exit_code == 0, result.output
    entry = json.loads(run("show", "1", "--json").stdout)
    assert entry["response"] == "withdrew" and entry["note"] == "we argued"
    withdrew = {q.text for q in content.questions() if "withdrew" in q.fits}
    assert entry["prompt"]["question"] in withdrew
    assert entry["prompt"]["answer"] == "I felt cornered"
    assert content.triggers()["conflict"].challenge in result.stdout


def test_the_interview_question_is_skipped_at_end_of_input_and_with_quiet(run, terminal):
    skipped = "\n" * 6  # when, with, response, how it showed, feelings, note
    result = run("add", input=f"4\n7\n{skipped}\n")
    assert result.exit_code == 0, result.output
    assert "A question to sit with" in result.stdout
    quiet = run("add", "--quiet", input=f"4\n7\n{skipped}")
    assert quiet.exit_code == 0, quiet.output
    assert "A question to sit with" not in quiet.stdout
    assert [e["prompt"] for e in json.loads(run("list", "--json").stdout)] == [None, None]
