"""Usage errors from Typer/Click (wrong type, unknown option or command) are one line too."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["show", "abc"], "'abc' is not a valid int"),
        (["list", "-n", "0"], "--limit"),
        (["add", "--bogus"], "No such option: --bogus"),
        (["trends", "--weeks", "many"], "'many' is not a valid int"),
        (["sumary"], "Did you mean 'summary'?"),
        (["chalenge"], "Did you mean 'challenge'?"),
    ],
)
def test_usage_errors_are_one_line_exit_2_and_change_nothing(run, add, db_path, args, words):
    add("-u", "3", "-t", "stress", "before")
    before = db_path.read_bytes()
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0]
    assert "--help" in lines[0]
    assert "Traceback" not in result.output
    assert db_path.read_bytes() == before


def test_no_arguments_shows_today_and_help_is_still_there(run):
    result = run()
    assert result.exit_code == 0 and "Usage:" not in result.output
    assert result.stdout.startswith("Sunday 22 November 2026, week 2026-W47")
    result = run("--help")
    assert result.exit_code == 0
    assert "Usage: root [OPTIONS] COMMAND [ARGS]..." in result.output
    assert "add" in result.output and "status" in result.output


def test_declining_a_delete_says_nothing_changed(run, add, db_path):
    add("-u", "3", "-t", "stress", "keep me")
    before = db_path.read_bytes()
    result = run("delete", "1", input="n\n")
    assert result.exit_code == 1
    assert "nothing was changed" in result.stderr
    assert db_path.read_bytes() == before
