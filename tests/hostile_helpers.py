"""Helpers shared by the hostile-input tests: fake editors, the installed command, files that
are not regular files, and snapshots of a folder."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import sys
from pathlib import Path

import pytest


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


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (the backups folder included), byte for byte."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# What can stand where a regular file is expected; each is refused at once, never opened.
SPECIAL_KINDS = [
    "folder",
    "fifo",
    "socket",
    "device",
    "link to /dev/zero",
    "link to /dev/null",
    "link to a fifo",
    "link loop",
]


def make_special(kind: str, path: Path, tmp_path: Path) -> socket.socket | None:
    """Put a `kind` (see SPECIAL_KINDS, or "dangling link") at `path`; a socket is returned
    so the caller keeps it open."""
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        if len(str(path)) > 100:  # AF_UNIX paths are limited to 108 bytes
            pytest.skip("temp path too long for a unix socket")
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        return sock
    elif kind == "device":
        try:
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
        except PermissionError:
            pytest.skip("making a device node needs root")
    elif kind == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "link to /dev/null":
        path.symlink_to("/dev/null")
    elif kind == "link to a fifo":
        os.mkfifo(tmp_path / "elsewhere.fifo")
        path.symlink_to(tmp_path / "elsewhere.fifo")
    elif kind == "dangling link":
        path.symlink_to(tmp_path / "nowhere.toml")
    elif kind == "link loop":
        path.symlink_to(path)
    else:
        raise ValueError(kind)
    return None
