"""No view ends a line in spaces (Rich pads wrapped text and tables to the full width): output
copied from a terminal or diffed in a file carries no invisible tails."""

from __future__ import annotations

import pytest

VIEWS = [
    (),
    ("status",),
    ("list",),
    ("show", "1"),
    ("summary",),
    ("trends",),
    ("week",),
    ("calendar",),
    ("calendar", "--month", "2026-11"),
    ("steps",),
    ("steps", "1"),
    ("guide",),
    ("guide", "patterns"),
    ("guide", "signs"),
    ("guide", "styles"),
    ("guide", "triggers"),
    ("guide", "emotions"),
    ("guide", "origins"),
    ("guide", "healing"),
    ("prompt",),
    ("challenge",),
    ("challenge", "list"),
    ("review", "list"),
    ("plan", "list"),
    ("backups",),
    ("info",),
]


@pytest.mark.parametrize("width", ["80", "60"])
@pytest.mark.parametrize("args", VIEWS, ids=lambda a: " ".join(a) or "journal")
def test_no_view_line_ends_in_spaces(run, add, args, width):
    assert run("plan", "add", "closeness", "Stay one more minute, and say so.").exit_code == 0
    add("-u", "6", "-t", "closeness", "-r", "stayed", "-w", "Sam", "A long note " * 12)
    add("-u", "4", "-t", "stress", "-r", "partly", "short")
    result = run(*args, COLUMNS=width)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    tails = [line for line in result.stdout.splitlines() if line != line.rstrip(" ")]
    assert tails == []


def test_the_feelings_grid_becomes_lists_where_it_would_be_cut(run):
    wide = run("guide", "emotions", COLUMNS="80").stdout
    narrow = run("guide", "emotions", COLUMNS="60").stdout
    assert "energy   -2" in wide and "energy +2" not in wide
    assert "energy +2" in narrow and "thrilled" in narrow and "overwhelmed" in narrow
    assert all(len(line) <= 60 for line in narrow.splitlines())
