"""Helpers shared by the hostile-input tests: fake editors and the installed command."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def journal_command() -> list[str]:
    """The installed `journal` (the venv's bin), else `python -m journalcli`: both go through
    journalcli.__main__.main, where the signal handlers are installed."""
    script = shutil.which("journal", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "journalcli"]


def write_editor(folder: Path, body: str, name: str = "editor") -> Path:
    """An executable Python script used as $EDITOR; `body` sees the draft's path as `path`."""
    script = folder / name
    script.write_text(
        f"#!{sys.executable}\nimport os, sys, time\npath = sys.argv[-1]\n{body}\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def subprocess_env(**extra: str) -> dict[str, str]:
    """The test's environment (temp journal, fixed clock and zone) for a child process."""
    env = dict(os.environ)
    env.update(extra)
    return env
