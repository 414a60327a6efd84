"""Shell completion offers the trigger, behavior and response keys (Typer's bash/zsh protocol)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journalcli.cli import app

TRIGGERS = "closeness vulnerability needs commitment conflict criticism stress rejection "
TRIGGERS += "abandonment annoyance other"


def complete(words: str) -> list[str]:
    """What bash would be offered for the last word of `words` ("" = a new word)."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {"_JOURNAL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = CliRunner().invoke(app, [], prog_name="journal", env=env)
    assert result.exit_code == 0, result.output
    return result.stdout.split()


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("journal add -t clo", ["closeness"]),
        ("journal add --trigger c", ["closeness", "commitment", "conflict", "criticism"]),
        ("journal add -t ", TRIGGERS.split()),
        ("journal list --trigger st", ["stress"]),
        ("journal edit 3 -t ab", ["abandonment"]),
        ("journal add -b s", ["superficial", "silence", "shut-down"]),
        ("journal add --behavior no", ["no-eye-contact"]),
        ("journal edit 3 -b ended", ["ended-it"]),
        ("journal add -r ", ["withdrew", "stayed", "partly"]),
        ("journal list --response p", ["partly"]),
        ("journal add -t zzz", []),
    ],
)
def test_completes_keys(words, offered):
    assert complete(words) == offered


def test_completes_the_users_own_triggers(tmp_path):
    folder = Path(os.environ["JOURNAL_CONFIG_DIR"]) / "prompts"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        '[meta]\nkind = "triggers"\n\n'
        '[items.loneliness]\ndescription = "An evening alone."\ngroup = "other"\n'
        'challenge = "Send one message before the evening ends."\n'
    )
    assert complete("journal add -t lo") == ["loneliness"]


def test_a_broken_prompt_file_offers_nothing_rather_than_a_traceback(tmp_path):
    folder = Path(os.environ["JOURNAL_CONFIG_DIR"]) / "prompts"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text("[meta\n")
    assert complete("journal add -t clo") == []


def test_the_installed_command_completes_in_bash_and_zsh(tmp_path):
    script = shutil.which("journal", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "journalcli"]
    env = {**os.environ, "_JOURNAL_COMPLETE": "complete_bash", "COMP_CWORD": "3"}
    bash = subprocess.run(
        command,
        env={**env, "COMP_WORDS": "journal add -t vul"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert (bash.returncode, bash.stdout, bash.stderr) == (0, "vulnerability\n", "")
    zsh = subprocess.run(
        command,
        env={
            **os.environ,
            "_JOURNAL_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": "journal add -b le",
        },
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert zsh.returncode == 0
    assert '"left"' in zsh.stdout and "silence" not in zsh.stdout
    assert not Path(os.environ["JOURNAL_DB"]).parent.exists()  # completing touches no data
