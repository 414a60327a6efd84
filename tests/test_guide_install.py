"""A normal (non-editable) install finds its prompts/ data when run from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import journalcli, sys
from journalcli import content
assert content.builtin_dir() == __import__("pathlib").Path(journalcli.__file__).parent / "prompts"
print(content.builtin_dir())
print(sum(len(content.load(kind)) for kind in content.SCHEMA))
"""


def test_an_installed_copy_finds_its_data_outside_the_checkout(tmp_path):
    target, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, ROOT],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert install.returncode == 0, install.stderr
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "JOURNAL_DB": str(tmp_path / "journal.json"),
        "JOURNAL_CONFIG_DIR": str(tmp_path / "config"),
        "COLUMNS": "80",
        "NO_COLOR": "1",
    }

    def python(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-s", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    probe = python("-c", PROBE)
    assert probe.returncode == 0, probe.stderr
    folder, count = probe.stdout.split()
    assert Path(folder).is_relative_to(target)
    assert not Path(folder).is_relative_to(ROOT)
    assert int(count) > 150
    steps = python("-m", "journalcli", "steps")
    assert steps.returncode == 0, steps.stderr
    assert "Challenge your instincts" in steps.stdout
