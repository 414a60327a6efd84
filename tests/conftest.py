"""Shared fixtures: every test runs with a temp journal, a fixed clock, zone and width."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from journalcli import content
from journalcli.cli import app
from journalcli.commands import secret

# The same examples on every run and every machine (a test run must be deterministic); set
# HYPOTHESIS_PROFILE=explore locally to search with fresh random examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Sunday 22 November 2026, 18:30 in Central European Time (UTC+1, no DST in November).
TZ = "CET-1CEST,M3.5.0,M10.5.0/3"
NOW = "2026-11-22T18:30:00+01:00"


_CACHE = pytest.StashKey[tuple[str | None, str]]()


def pytest_configure(config: pytest.Config) -> None:
    """The parsed built-in prompt files (content.cache_dir) go to a folder of the test run's
    own, never to the user's cache: set before collection, as some test modules read the
    prompts when they are imported."""
    config.stash[_CACHE] = (os.environ.get("JOURNAL_CACHE_DIR"), tempfile.mkdtemp())
    os.environ["JOURNAL_CACHE_DIR"] = config.stash[_CACHE][1]


def pytest_unconfigure(config: pytest.Config) -> None:
    before, folder = config.stash[_CACHE]
    shutil.rmtree(folder, ignore_errors=True)
    if before is None:
        os.environ.pop("JOURNAL_CACHE_DIR", None)
    else:
        os.environ["JOURNAL_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("JOURNAL_DB", str(tmp_path / "data" / "journal.json"))
    monkeypatch.setenv("JOURNAL_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("JOURNAL_NOW", NOW)
    monkeypatch.setenv("TZ", TZ)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    # Unlocked keys go to a private temp runtime folder, and no test in-process ever waits for
    # a passphrase on the real terminal (tests/crypt_helpers.py types one through a pty).
    # (Beside tmp_path, not in it: some tests check that nothing else appears in tmp_path.)
    runtime = tmp_path.with_name(f"{tmp_path.name}-runtime")
    runtime.mkdir(mode=0o700, exist_ok=True)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setattr(secret, "TTY", str(tmp_path / "no-terminal"))
    for name in ("VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    time.tzset()
    content.load.cache_clear()
    content.load_builtin.cache_clear()
    yield
    monkeypatch.undo()
    time.tzset()
    content.load.cache_clear()
    content.load_builtin.cache_clear()


@pytest.fixture
def now() -> datetime:
    return datetime.fromisoformat(NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.json"


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke the CLI in-process; an unexpected exception fails the test, never hides."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, **env: str) -> Result:
        result = runner.invoke(app, list(args), input=input, env=env or None)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke


@pytest.fixture
def add(run: Callable[..., Result]) -> Callable[..., dict[str, Any]]:
    """Add an entry through the CLI and return it as `show --json` prints it."""

    def make(*args: str) -> dict[str, Any]:
        result = run("add", *args)
        assert result.exit_code == 0, result.output
        entry_id = result.output.split()[2].rstrip(":")
        return json.loads(run("show", entry_id, "--json").output)

    return make
