"""The guided questions of `journal add`: through a real pseudo-terminal, as a person types."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from journalcli.commands import entries as commands
from journalcli.store import Journal


def spawn(*args: str) -> pexpect.spawn:
    """`journal add` on a pseudo-terminal; the environment (temp journal, fixed clock and
    zone, 80 columns, no colour) comes from conftest's autouse fixture."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "journalcli", "add", *args],
        env=dict(os.environ),
        encoding="utf-8",
        timeout=15,
        dimensions=(24, 80),
    )


def lines_fit(child: pexpect.spawn) -> None:
    """Every line the interview printed so far fits 80 columns."""
    assert all(len(line) <= 80 for line in child.before.splitlines()), child.before


def test_the_interview_as_a_person_types_it_every_step_answered(db_path):
    child = spawn()
    child.expect_exact("How strong was the urge to pull away? (0-10): ")
    child.sendline("12")
    child.expect_exact("urge must be from 0 to 10, not 12")
    child.expect_exact("How strong was the urge to pull away? (0-10): ")  # asked again
    child.sendline("7")
    child.expect_exact("What set it off?")
    child.expect_exact(" 1 closeness      someone moved closer")
    child.expect_exact(" 2 vulnerability  asked to show what you feel")
    child.expect_exact("Numbers or names: ")
    lines_fit(child)
    child.sendline("1 closness")
    child.expect_exact("did you mean 'closeness'?")
    child.expect_exact("Numbers or names: ")
    lines_fit(child)
    child.sendline("c")  # closeness, commitment, conflict, criticism
    child.expect_exact("'c' could be closeness, commitment, conflict, criticism; type more")
    child.expect_exact("Numbers or names: ")
    child.sendline("1, vuln stre")  # unique prefixes
    child.expect_exact("When was it? (Enter for now, or e.g. 'yesterday 21:30'): ")
    child.sendline("tomorrow")
    child.expect_exact("When was it?")  # the future is refused, and asked again
    lines_fit(child)
    child.sendline("yesterday 21:30")
    child.expect_exact("Who was it with? (Enter to skip): ")
    child.sendline("Sam")
    child.expect_exact("[p]artly (Enter to skip): ")
    child.sendline("w")
    child.expect_exact("How did it show?")
    child.expect_exact(" 1 topic-change")
    child.expect_exact("Numbers or names (Enter to skip): ")
    lines_fit(child)
    child.sendline("3 left")
    child.expect_exact("What did you feel? Feeling words (Enter to skip): ")
    child.sendline("xyzzy")
    child.expect_exact("'xyzzy' is not in the feeling words")
    child.expect_exact("Feeling words (Enter to skip): ")
    lines_fit(child)
    child.sendline("Anxious, tense")
    child.expect_exact("A note (Enter to skip): ")
    child.sendline("He asked how I felt and I left the room.")
    child.expect_exact("A question to sit with: ")
    child.expect_exact("(Enter to skip): ")
    child.sendline("Being seen")
    child.expect_exact(
        "Saved entry 1: urge 7; closeness, vulnerability, stress; withdrew; with Sam "
        "(2026-11-21 21:30)"
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    entry = Journal(db_path).get(1)
    assert (entry.urge, entry.triggers, entry.with_, entry.response) == (
        7,
        ("closeness", "vulnerability", "stress"),
        "Sam",
        "withdrew",
    )
    assert entry.when.isoformat() == "2026-11-21T21:30:00+01:00"
    assert entry.behaviors == ("silence", "left")
    assert entry.emotions == ("anxious", "tense")
    assert entry.note == "He asked how I felt and I left the room."
    assert entry.prompt is not None and entry.prompt["answer"] == "Being seen"


def test_every_optional_step_skipped_with_enter(db_path):
    child = spawn()
    child.expect_exact("(0-10): ")
    child.sendline("5")
    child.expect_exact("Numbers or names: ")
    child.sendline("stress")
    skipped = 0
    # when, with, response, how it showed, feelings, note, the reflective question
    for prompt in ("now", "with?", "[p]artly", "Numbers or names", "Feeling words", "A note"):
        child.expect_exact(prompt)
        child.expect_exact("): ")
        child.sendline("")
        skipped += 1
    child.expect_exact("(Enter to skip): ")
    child.sendline("")
    child.expect_exact("Saved entry 1: urge 5; stress; response not recorded (2026-11-22 18:30)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and skipped == 6
    entry = Journal(db_path).get(1)
    assert entry.when.isoformat() == "2026-11-22T18:30:00+01:00"  # Enter: now
    assert (entry.with_, entry.response, entry.behaviors, entry.emotions, entry.note) == (
        None,
        None,
        (),
        (),
        "",
    )
    assert entry.prompt is None


def test_stayed_present_is_not_asked_how_the_distancing_showed(interview, db_path):
    result = interview("3", "needs", "", "", "s", "", "")
    assert "How did it show?" not in result.stdout
    assert Journal(db_path).get(1).behaviors == ()


@pytest.mark.parametrize(
    ("typed", "when"),
    [
        ("yesterday 21:30", "2026-11-21T21:30:00+01:00"),
        ("nov 3 08:15", "2026-11-03T08:15:00+01:00"),
        ("2026-10-25 02:30", "2026-10-25T02:30:00+02:00"),  # the repeated hour: the first
        ("", "2026-11-22T18:30:00+01:00"),
    ],
)
def test_when_reads_what_d_reads(interview, db_path, typed, when):
    interview("3", "needs", typed, "", "", "", "", "")
    assert Journal(db_path).get(1).when.isoformat() == when


def test_when_out_of_range_or_in_a_gap_is_asked_again_in_one_line(interview, db_path):
    result = interview(
        "3", "needs", "1850-01-01", "2026-03-29 02:30", "9" * 300, "", "", "", "", "", ""
    )
    lines = result.stderr.splitlines()
    assert len([line for line in lines if line.startswith("  ")]) == 3
    assert all(len(line) <= 80 for line in lines)
    assert Journal(db_path).get(1).when.isoformat() == "2026-11-22T18:30:00+01:00"


def test_menus_fit_80_columns_with_a_long_key_of_the_users_own(tmp_path, monkeypatch):
    from journalcli import content, interview

    folder = tmp_path / "config" / "prompts"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        '[meta]\nkind = "triggers"\n\n[items.a-very-long-trigger-name-of-my-own]\n'
        'description = "Mine: a description much longer than any column could hold, on and on."\n'
        'group = "other"\nchallenge = "Stay."\n'
    )
    content.load.cache_clear()
    for menu in (interview.trigger_menu(), interview.behavior_menu()):
        assert all(len(line) <= 80 for line in menu.splitlines())
    assert "12 a-very-long-trigger-name-of-my-own  Mine" in interview.trigger_menu()
    assert interview.pick("a-very", content.trigger_keys(), "trigger").startswith("a-very-long")


def test_only_what_the_flags_left_out_is_asked(db_path):
    child = spawn("-u", "5", "-r", "partly", "-w", "Alex", "a short call")
    child.expect_exact("Numbers or names: ")
    asked = child.before
    child.sendline("conflict")
    child.expect_exact("Saved entry 1: urge 5; conflict; partly; with Alex")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "How strong" not in asked and "Who was it with" not in asked
    assert Journal(db_path).get(1).note == "a short call"


def test_end_of_input_saves_nothing(db_path):
    child = spawn()
    child.expect_exact("(0-10): ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "Traceback" not in child.before
    assert not db_path.exists()


# --- the same questions in-process, with the terminal check switched on, for the edge cases


@pytest.fixture
def interview(run, monkeypatch):
    monkeypatch.setattr(commands, "_on_terminal", lambda: True)

    def answer(*lines: str, args: tuple[str, ...] = ("-q",)):
        result = run("add", *args, input="".join(f"{line}\n" for line in lines))
        assert result.exit_code == 0, result.output
        return result

    return answer


def test_urge_0_skips_the_triggers_and_enter_skips_the_rest(interview, db_path):
    result = interview("0", "", "", "", "", "", "")
    assert "What set it off?" not in result.stdout
    entry = Journal(db_path).get(1)
    assert (entry.urge, entry.triggers, entry.with_, entry.response, entry.note) == (
        0,
        (),
        None,
        None,
        "",
    )


@pytest.mark.parametrize(
    ("typed", "response"),
    [("w", "withdrew"), ("S", "stayed"), ("p", "partly"), ("Withdrew", "withdrew")],
)
def test_response_by_letter_or_word(interview, db_path, typed, response):
    interview("6", "7", "", "", typed, "", "", "")
    assert Journal(db_path).get(1).response == response


def test_wrong_answers_are_asked_again(interview, db_path):
    result = interview(
        "ten", "6", "", "99", "9" * 5000, "needs 3", "", "", "maybe", "p", "", "", ""
    )
    assert all(len(line) <= 80 for line in result.stderr.splitlines())
    assert result.stderr.count("whole number") == 1
    assert "pick at least one" in result.stderr
    assert "unknown trigger '99'" in result.stderr
    assert "unknown response 'maybe'" in result.stderr
    entry = Journal(db_path).get(1)
    assert (entry.urge, entry.triggers, entry.response) == (6, ("needs",), "partly")
