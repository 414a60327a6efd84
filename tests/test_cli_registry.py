"""The lazy command table in cli.py stays in step with the command modules, every command
has help text, and the README mentions every command."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import typer

from journalcli import cli, commands

ROOT = Path(__file__).resolve().parents[1]


def _registered() -> dict[str, str]:
    found: dict[str, str] = {}
    for module in pkgutil.iter_modules(commands.__path__):
        for name in cli._load_commands(module.name):
            found[name] = module.name
    return found


def test_command_table_matches_the_modules():
    assert _registered() == cli.COMMANDS


def test_every_command_has_help(run):
    for name in cli.COMMANDS:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert f" {name} [OPTIONS]" in result.output, name


def test_every_command_has_a_one_line_summary():
    group = typer.main.get_command(cli.app)
    for name in cli.COMMANDS:
        command = group.get_command(None, name)
        assert command is not None and (command.help or "").strip(), name


def test_readme_mentions_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.COMMANDS if f"journal {name}" not in readme]
    assert not missing


def test_unknown_command_is_an_error(run):
    result = run("nosuch")
    assert result.exit_code == 2
    assert "No such command" in result.output
