"""A user's prompt file that is not UTF-8 text, or not a regular file at all: exit 4 at once,
one line naming the file, never a hang, nothing created or renamed beside it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from hostile_helpers import SPECIAL_KINDS, journal_command, make_special, subprocess_env

GOOD = """[meta]
kind = "triggers"

[items.my-own]
description = "Mine."
group = "other"
challenge = "Try."
"""


@pytest.fixture
def prompts(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / "prompts"
    folder.mkdir(parents=True)
    return folder


def _listing(folder: Path) -> list[tuple[str, int]]:
    return sorted((path.name, os.lstat(path).st_mode) for path in folder.iterdir())


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (GOOD.replace("Mine.", "Caf\u00e9.").encode("latin-1"), "byte 0xe9"),
        (GOOD.encode("utf-16"), "byte 0xff at position 0"),
        (GOOD.encode("utf-16-le"), "not valid TOML"),  # NULs are valid UTF-8, not TOML
        (b"\x80\x81\x82 binary", "byte 0x80 at position 0"),
    ],
)
@pytest.mark.parametrize("command", [("add", "-u", "3", "-t", "closeness", "-q"), ("steps",)])
def test_a_prompt_file_that_is_not_utf8_is_exit_4(run, prompts, db_path, raw, where, command):
    path = prompts / "mine.toml"
    path.write_bytes(raw)
    result = run(*command)
    assert result.exit_code == 4
    [line] = result.stderr.splitlines()
    assert line.startswith(f"journal: error: {path}: ") and where in line
    assert not db_path.exists()


def test_a_deeply_nested_prompt_file_is_exit_4(run, prompts):
    (prompts / "deep.toml").write_text("a = " + "[" * 50_000, encoding="utf-8")
    result = run("steps")
    assert result.exit_code == 4
    assert "deep.toml: not valid TOML" in result.stderr


def test_a_huge_prompt_file_is_refused_unread(run, prompts):
    from journalcli import content

    (prompts / "big.toml").write_bytes(b"#" * (content.MAX_FILE_BYTES + 1))
    result = run("steps")
    assert result.exit_code == 4
    assert "big.toml: larger than" in result.stderr


def test_a_symlink_to_a_good_file_is_read(run, prompts, tmp_path):
    real = tmp_path / "dotfiles" / "mine.toml"
    real.parent.mkdir()
    real.write_text(GOOD, encoding="utf-8")
    (prompts / "mine.toml").symlink_to(real)
    result = run("add", "-u", "3", "-t", "my-own", "-q")
    assert result.exit_code == 0, result.output


KINDS = [*SPECIAL_KINDS, "dangling link"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_prompt_file_that_is_not_a_regular_file_is_exit_4_at_once(
    prompts, db_path, tmp_path, kind
):
    """Through the installed command under a timeout: a regression fails, never hangs."""
    path = prompts / "x.toml"
    sock = make_special(kind, path, tmp_path)
    try:
        before = _listing(prompts)
        result = subprocess.run(
            [*journal_command(), "add", "-u", "3", "-t", "closeness", "-q"],
            env=subprocess_env(),
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert result.returncode == 4, result.stderr
        [line] = result.stderr.splitlines()
        assert line.startswith(f"journal: error: {path}: ")
        assert "not a regular file" in line or "cannot read" in line
        assert _listing(prompts) == before
        assert not db_path.exists()
    finally:
        if sock is not None:
            sock.close()
