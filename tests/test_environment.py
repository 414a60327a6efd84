"""Odd environments: a TZ the system cannot use, a garbage clock override, and a C/POSIX locale
(through the installed `journal`, since only a real process has real stdout encoding)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile_helpers import tree
from journalcli import clock
from journalcli.errors import InputError

COMMANDS = [
    ("add", "-u", "3", "-t", "stress", "-q", "a note"),
    ("list",),
    ("summary",),
    ("trends",),
    ("week",),
]
BAD_ZONES = [
    "Not/AZone",
    ":/nonexistent",
    "garbage",
    "America",  # a folder of zones, not a zone
    "UTC+99",  # glibc takes it; datetime cannot hold the offset
    "UTC+24",
    "EST5EDT,M3.2.0,M13.1.0",  # there is no 13th month
    ":../../../etc/passwd",
]
GOOD_ZONES = [
    "UTC",
    "Europe/Berlin",
    ":America/New_York",
    "CET-1CEST,M3.5.0,M10.5.0/3",
    "EST5EDT",
    "<+0530>-5:30",
    "NZST-12NZDT,M9.5.0,M4.1.0/3",
    "",
]


@pytest.fixture
def zone(monkeypatch):
    def use(tz: str) -> None:
        monkeypatch.setenv("TZ", tz)
        time.tzset()  # conftest's teardown sets the zone back

    return use


@pytest.fixture
def journal(run, db_path) -> Path:
    assert run("add", "-q", "-u", "4", "-t", "stress", "Zoë said: ça va? 日本").exit_code == 0
    return db_path.parent


@pytest.mark.parametrize("tz", BAD_ZONES)
def test_zone_problem_names_each_bad_zone(tz):
    assert clock.zone_problem(tz)


@pytest.mark.parametrize("tz", GOOD_ZONES)
def test_zone_problem_accepts_zones_and_posix_rules(tz):
    assert clock.zone_problem(tz) is None


@pytest.mark.parametrize("tz", BAD_ZONES)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_zone_the_system_cannot_use_is_refused_in_one_line(run, journal, zone, tz, args):
    before = tree(journal)
    zone(tz)
    result = run(*args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"TZ={tz!r}" in lines[0], result.stderr
    assert "Europe/Berlin" in lines[0]  # says what would work
    assert tree(journal) == before


@pytest.mark.parametrize("tz", ["UTC", "America/New_York", "<+0530>-5:30", ""])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_good_zones_work(run, journal, zone, tz, args):
    zone(tz)
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_the_real_clock_is_used_without_an_override(monkeypatch):
    monkeypatch.delenv("JOURNAL_NOW")
    assert abs(clock.now().timestamp() - time.time()) < 5


@pytest.mark.parametrize(
    "value",
    [
        "tomorrow",
        "2026-13-45",
        "2026-11-22T25:00",
        "1700000000",
        "0001-01-01T00:00+05:00",  # out of range in UTC
        "9999-12-31T23:00-12:00",
        "x" * 500,
    ],
)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_a_garbage_clock_override_is_refused_in_one_line(run, journal, value, args):
    before = tree(journal)
    result = run(*args, JOURNAL_NOW=value)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "JOURNAL_NOW=" in lines[0], result.stderr
    assert len(lines[0]) < 300
    assert tree(journal) == before


def test_a_clock_override_without_offset_takes_the_local_one(monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2026-07-01T12:00")
    assert clock.now().isoformat() == "2026-07-01T12:00:00+02:00"
    monkeypatch.setenv("JOURNAL_NOW", "2026-13-01")
    with pytest.raises(InputError, match="not an ISO 8601 date-time"):
        clock.now()


# --- a C/POSIX locale, through the installed command

JOURNAL = Path(sys.executable).with_name("journal")
NOTE = "Zoë said: ça va? 日本 ✓"


def _c_locale() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"))
    }
    return {**env, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}


def _journal(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(JOURNAL), *args], env=env, capture_output=True, timeout=30)


def test_the_installed_command_sees_an_ascii_locale():
    """The premise of the tests below: without help, Python's streams are ASCII here."""
    probe = "import sys; print(sys.stdout.encoding, sys.getfilesystemencoding())"
    env = _c_locale()
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["ascii", "ascii"]


@pytest.fixture(scope="module")
def c_locale(tmp_path_factory) -> dict[str, str]:
    """A journal with a non-ASCII entry typed on the command line under LC_ALL=C."""
    folder = tmp_path_factory.mktemp("c-locale")
    env = _c_locale()
    env.update(JOURNAL_DB=str(folder / "journal.json"), JOURNAL_NOW="2026-11-22T18:30:00+01:00")
    added = _journal(env, "add", "-u", "4", "-t", "stress", "-w", "Zoë", "--tag", "café", NOTE)
    assert added.returncode == 0, added.stderr.decode()
    return env


def test_a_c_locale_reads_typed_text_as_utf8(c_locale):
    stored = json.loads(Path(c_locale["JOURNAL_DB"]).read_text(encoding="utf-8"))
    (entry,) = stored["entries"].values()
    assert (entry["note"], entry["with"], entry["tags"]) == (NOTE, "Zoë", ["café"])


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("list",), "Zoë"),
        (("list", "--search", "ÇA VA"), NOTE),
        (("list", "--with", "zoë", "--json"), NOTE),
        (("show", "1"), NOTE),
        (("summary",), "Zoë"),
        (("trends",), "·"),
        (("week",), "Zoë"),
        (("week", "2026-11-22"), "Zoë"),
        (("export",), NOTE),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_a_c_locale_prints_utf8(c_locale, args, shown):
    result = _journal(c_locale, *args)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    assert shown in result.stdout.decode("utf-8")


def test_a_c_locale_reads_a_challenge_note_as_utf8(c_locale):
    assert _journal(c_locale, "challenge").returncode == 0
    result = _journal(c_locale, "challenge", "done", "très bien")
    assert result.returncode == 0, result.stderr.decode()
    stored = json.loads(Path(c_locale["JOURNAL_DB"]).read_text(encoding="utf-8"))
    assert [r["note"] for r in stored["challenges"].values()] == ["très bien"]


@pytest.mark.parametrize("name", ["COLUMNS", "LINES"])
@pytest.mark.parametrize("value", ["²", "٣", "0", "3", "-5", "99999999999", "abc", ""])
def test_an_odd_terminal_size_falls_back_to_the_terminal(run, journal, name, value):
    for args in (("list",), ("summary",), ("trends",), ("week",), ("steps",), ("guide",)):
        result = run(*args, **{name: value})
        assert result.exit_code == 0, (args, result.output)
        assert result.stdout.strip()


def test_a_c_locale_error_names_the_non_ascii_input(tmp_path):
    env = _c_locale()
    env["JOURNAL_DB"] = str(tmp_path / "journal.json")
    result = _journal(env, "add", "-u", "4", "-t", "clösenéss", "note")
    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1 and "clösenéss" in lines[0]


def test_a_bad_zone_through_the_installed_command(tmp_path):
    env = {**os.environ, "JOURNAL_DB": str(tmp_path / "journal.json"), "TZ": "Not/AZone"}
    result = _journal(env, "add", "-u", "4", "-t", "stress", "note")
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1 and "TZ='Not/AZone'" in result.stderr.decode()
    assert not (tmp_path / "journal.json").exists()
