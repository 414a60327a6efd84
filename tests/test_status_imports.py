"""`journal` and `journal status` run at every terminal's start (`--short --once` in a shell
start-up file): on an indexed journal they import neither TinyDB, nor Rich, nor dateutil.
What is imported is checked, not how long it takes."""

from __future__ import annotations

import os

import pytest

from test_imports import _modules_after

HEAVY = {"tinydb", "rich", "rich.console", "rich.table", "dateutil", "dateutil.parser"}
RUN = "from journalcli.cli import main; main()"


@pytest.fixture
def indexed(tmp_path) -> dict[str, str]:
    env = {
        **os.environ,
        "JOURNAL_DB": str(tmp_path / "journal.json"),
        "JOURNAL_STATE_DIR": str(tmp_path / "state"),
    }
    for when in ("2026-11-20 20:00", "2026-11-22 09:00"):
        add = ("add", "-u", "5", "-t", "stress", "-r", "stayed", "-e", "tense", "-d", when, "n")
        _modules_after(RUN, *add, env=env)
    _modules_after(RUN, "challenge", env=env)  # a challenges table too
    return env


@pytest.mark.parametrize(
    "args",
    [(), ("status",), ("status", "--short"), ("status", "--short", "--once"), ("status", "--json")],
)
def test_status_imports_no_heavy_module(indexed, args):
    loaded = _modules_after(RUN, *args, env=indexed)
    assert not HEAVY & loaded
    assert "_hashlib" not in loaded  # 2-6 ms: the week's challenge is picked with zlib's CRC
    assert {"journalcli.index", "journalcli.today"} <= loaded  # it really read the journal


def test_the_second_once_in_a_day_does_not_even_read_the_journal(indexed):
    _modules_after(RUN, "status", "--short", "--once", env=indexed)
    loaded = _modules_after(RUN, "status", "--short", "--once", env=indexed)
    assert "journalcli.store" not in loaded and not HEAVY & loaded
