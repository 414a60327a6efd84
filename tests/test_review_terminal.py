"""`journal review` on a real pseudo-terminal, as a person goes through it (issue 11)."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from journalcli import content
from journalcli import review as core
from journalcli.store import Journal

MONDAY_MORNING = "2026-11-23T08:00:00+01:00"


def spawn(*args: str, now: str = MONDAY_MORNING) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "journalcli", "review", *args],
        env={**os.environ, "JOURNAL_NOW": now},
        encoding="utf-8",
        timeout=15,
        dimensions=(24, 80),
    )


@pytest.fixture
def week(add) -> None:
    add("-u", "6", "-t", "closeness", "-r", "stayed", "-w", "Sam", "-d", "nov 10 20:00")
    add("-u", "8", "-t", "stress", "-r", "withdrew", "-w", "Alex", "-d", "nov 17 9:00")
    add("-u", "5", "-t", "closeness", "-r", "stayed", "-w", "Sam", "-d", "nov 19 21:00")


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def test_every_step_skipped_with_enter(week, db_path):
    child = spawn()
    child.expect_exact("Week 2026-W47 (16 Nov to 22 Nov), beside the week before")
    child.expect_exact("Enter to go on: ")
    child.sendline("")
    child.expect_exact("The challenge of 2026-W47: ")
    child.expect_exact("Did you do it? [y/n] (Enter to skip): ")
    child.sendline("")
    child.expect_exact("Your answer (Enter to skip): ")
    child.sendline("")
    child.expect_exact("This week's challenge (2026-W48): ")
    child.expect_exact("  3. ")
    child.expect_exact("Enter keeps it, or pick 1-3: ")
    child.sendline("")
    child.expect_exact("Saved the review of week 2026-W47.")
    finish(child)
    journal = Journal(db_path)
    (stored,) = journal.reviews()
    assert stored == {
        "week": "2026-W47",
        "created": MONDAY_MORNING,
        "updated": MONDAY_MORNING,
        "question": core.question_for("2026-W47", content.questions(), None),
        "answer": "",
        "note": "",
    }
    assert journal.challenges() == []  # nothing said about a challenge: no record written


def test_every_step_answered(week, db_path):
    catalogue = content.challenges()
    child = spawn()
    child.expect_exact("mean urge")
    child.expect_exact("Enter to go on: ")
    figures = child.before
    assert all(len(line) <= 80 for line in figures.splitlines())
    child.sendline("")
    child.expect_exact("Did you do it? [y/n] (Enter to skip): ")
    child.sendline("maybe")
    child.expect_exact("answer y or n (or Enter to skip), not 'maybe'")
    child.expect_exact("Did you do it? [y/n] (Enter to skip): ")
    child.sendline("y")
    child.expect_exact("A note on how it went (Enter to skip): ")
    child.sendline("Phone stayed in the hall at dinner.")
    question = core.question_for("2026-W47", content.questions(), None)
    child.expect_exact(question)
    child.expect_exact("Your answer (Enter to skip): ")
    child.sendline("Say I need ten minutes instead of leaving.")
    child.expect_exact("This week's challenge (2026-W48): ")
    child.expect_exact("Enter keeps it, or pick 1-3: ")
    offered = child.before
    child.sendline("4")
    child.expect_exact("unknown choice '4'")
    child.expect_exact("Enter keeps it, or pick 1-3: ")
    child.sendline("2")
    child.expect_exact("Saved the review of week 2026-W47.")
    finish(child)
    journal = Journal(db_path)
    (stored,) = journal.reviews()
    assert stored["answer"] == "Say I need ten minutes instead of leaving."
    assert stored["note"] == "Phone stayed in the hall at dinner."
    records = {r["week"]: r for r in journal.challenges()}
    assert records["2026-W47"]["done"] is True
    assert records["2026-W47"]["done_at"] == MONDAY_MORNING
    picked = records["2026-W48"]["challenge"]
    assert f"2. {catalogue[picked].title}" in offered
    assert picked != core.week_challenge("2026-W48", [records["2026-W47"]], catalogue)


def test_a_second_review_edits_the_first_and_enter_keeps_the_answer(week, db_path):
    child = spawn()
    child.expect_exact("Enter to go on: ")
    child.sendline("")
    child.expect_exact("(Enter to skip): ")
    child.sendline("")
    child.expect_exact("Your answer (Enter to skip): ")
    child.sendline("first answer")
    child.expect_exact("pick 1-3: ")
    child.sendline("")
    finish(child)
    later = "2026-11-25T09:00:00+01:00"
    child = spawn(now=later)
    child.expect_exact("Enter to go on: ")
    child.sendline("")
    child.expect_exact("(Enter to skip): ")
    child.sendline("")
    child.expect_exact("Your answer so far: first answer")
    child.expect_exact("Your answer (Enter keeps it): ")
    child.sendline("")
    child.expect_exact("pick 1-3: ")
    child.sendline("")
    finish(child)
    (stored,) = Journal(db_path).reviews()
    assert (stored["answer"], stored["created"], stored["updated"]) == (
        "first answer",
        MONDAY_MORNING,
        later,
    )


def test_an_older_week_has_no_next_challenge_step_and_ctrl_d_saves_nothing(week, db_path):
    before = db_path.read_bytes()
    child = spawn("--week", "2026-W46")
    child.expect_exact("Week 2026-W46")
    child.expect_exact("Enter to go on: ")
    child.sendline("")
    child.expect_exact("(Enter to skip): ")
    child.sendline("n")
    child.expect_exact("A note on how it went (Enter to skip): ")
    child.sendline("")
    child.expect_exact("Your answer (Enter to skip): ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "This week's challenge" not in child.before
    assert "Traceback" not in child.before
    assert db_path.read_bytes() == before
