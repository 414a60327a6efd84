"""The benchmark script the README documents still runs end to end (tiny sizes, one run).

It times nothing here: only that every command it measures succeeds and the report has its
rows and ratio columns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"


def test_the_benchmark_runs_and_reports_every_command():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "30", "--runs", "1", "--encrypted-sizes", "30"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line.split("|")[1:3] for line in result.stdout.splitlines() if line.startswith("| ")]
    measured = {(size.strip(), name.strip()) for size, name in rows}
    assert ("journal", "command") in measured
    for name in ("add (flags)", "list -n 20", "summary", "trends", "export markdown"):
        assert ("30", name) in measured
    for name in ("journal (today)", "status", "status --short", "summary --all", "calendar"):
        assert ("30", name) in measured
    for name in ("info", "review", "review --answer (saved)", "plan add"):
        assert ("30", name) in measured
    assert ("30", "first change (no index)") in measured
    for name in ("add (flags)", "list -n 20", "summary", "trends", "export markdown"):
        assert ("30", f"encrypted: {name}") in measured
    assert ("30", "encrypted: first read after 10 adds") in measured
    for name in ("add (flags)", "--help", "--version", "completion (-t clo<TAB>)"):
        assert ("empty", name) in measured
    assert "baseline minimal Typer command" in result.stdout
    assert "largest peak memory:" in result.stdout
