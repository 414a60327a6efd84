"""What importing drags in: the core stays free of the CLI and terminal libraries, and
`journal --version` (like shell completion) stays off the heavy modules."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys

import journalcli

CLI_LAYER = {"cli", "__main__", "interview", "commands", "views"}
CORE = sorted(m.name for m in pkgutil.iter_modules(journalcli.__path__) if m.name not in CLI_LAYER)


def _modules_after(code: str, *argv: str, env: dict[str, str] | None = None) -> set[str]:
    probe = (
        "import sys, json\n"
        f"sys.argv = {['journal', *argv]!r}\n"
        "try:\n"
        f"    {code}\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_there_is_a_core_to_check():
    assert {"model", "dates", "store", "content", "query"} <= set(CORE)


def test_core_modules_do_not_import_typer_or_rich():
    imports = "; ".join(f"import journalcli.{name}" for name in CORE)
    loaded = _modules_after(imports)
    assert not {m for m in loaded if m.split(".")[0] in ("typer", "rich", "click")}


def test_version_does_not_import_heavy_modules():
    loaded = _modules_after("from journalcli.cli import main; main()", "--version")
    heavy = {"rich.table", "rich.console", "tinydb", "dateutil", "dateutil.parser", "pydantic"}
    assert not heavy & loaded
    assert "journalcli.cli" in loaded  # the probe really ran the CLI


def test_add_to_an_indexed_journal_imports_neither_tinydb_nor_rich(tmp_path):
    env = {**os.environ, "JOURNAL_DB": str(tmp_path / "journal.json")}
    add = ("add", "-u", "5", "-t", "stress", "-r", "stayed", "a note")
    first = _modules_after("from journalcli.cli import main; main()", *add, env=env)
    assert "tinydb" in first  # a new journal is made through TinyDB
    loaded = _modules_after("from journalcli.cli import main; main()", *add, env=env)
    assert not {"tinydb", "rich", "rich.console", "dateutil"} & loaded
    assert "journalcli.index" in loaded


def test_the_command_switches_the_cyclic_gc_off_before_typer_loads():
    from importlib.metadata import entry_points

    [script] = [e for e in entry_points(group="console_scripts") if e.name == "journal"]
    assert script.value == "journalcli.__main__:main"
    probe = (
        "import gc, sys\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typer':\n"
        "            print('gc on' if gc.isenabled() else 'gc off', file=sys.stderr)\n"
        "sys.meta_path.insert(0, Spy())\n"
        "sys.argv = ['journal', '--version']\n"
        "from journalcli.__main__ import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stderr.splitlines()[:1] == ["gc off"]
    assert result.stdout.startswith("journal ")
