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


def test_the_interview_as_a_person_types_it(db_path):
    child = spawn()
    child.expect_exact("How strong was the urge to pull away? (0-10): ")
    child.sendline("12")
    child.expect_exact("urge must be from 0 to 10, not 12")
    child.expect_exact("How strong was the urge to pull away? (0-10): ")  # asked again
    child.sendline("7")
    child.expect_exact("What set it off?")
    child.expect_exact(" 1 closeness")
    child.expect_exact("Numbers or names: ")
    child.sendline("1 closenes")
    child.expect_exact("did you mean 'closeness'?")
    child.expect_exact("Numbers or names: ")
    child.sendline("1, stress")
    child.expect_exact("Who was it with? (Enter to skip): ")
    child.sendline("Sam")
    child.expect_exact("[p]artly (Enter to skip): ")
    child.sendline("s")
    child.expect_exact("A note (Enter to skip): ")
    child.sendline("He asked how I felt and I stayed in the room.")
    child.expect_exact("(Enter to skip): ")  # a reflective question, skipped
    child.sendline("")
    child.expect_exact("Saved entry 1: urge 7; closeness, stress; stayed; with Sam")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    entry = Journal(db_path).get(1)
    assert (entry.urge, entry.triggers, entry.with_, entry.response) == (
        7,
        ("closeness", "stress"),
        "Sam",
        "stayed",
    )
    assert entry.note == "He asked how I felt and I stayed in the room."
    assert entry.when.isoformat() == "2026-11-22T18:30:00+01:00"


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
    result = interview("0", "", "", "")
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
    interview("6", "7", "", typed, "")
    assert Journal(db_path).get(1).response == response


def test_wrong_answers_are_asked_again(interview, db_path):
    result = interview("ten", "6", "", "99", "9" * 5000, "needs 3", "", "maybe", "p", "")
    assert result.stderr.count("whole number") == 1
    assert "pick at least one" in result.stderr
    assert "unknown trigger '99'" in result.stderr
    assert "unknown response 'maybe'" in result.stderr
    entry = Journal(db_path).get(1)
    assert (entry.urge, entry.triggers, entry.response) == (6, ("needs",), "partly")
