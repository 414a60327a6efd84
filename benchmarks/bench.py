"""Start-up and scale benchmark: whole `journal` processes, timed against two baselines.

    python benchmarks/bench.py                 # 1,000 / 10,000 / 50,000 entries, 7 runs each
    python benchmarks/bench.py --sizes 1000 --runs 3

Run it with the Python of a normal (non-editable) install of journal, as users have it.

Builds journals of realistic entries (fixed seed), runs each command as a fresh process
several times, and prints medians next to `python -c pass` and a minimal Typer command run by
the same interpreter, as ratios. Peak memory is the child's max RSS (os.wait4).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

TRIGGERS = ["closeness", "vulnerability", "needs", "commitment", "conflict", "criticism"]
TRIGGERS += ["stress", "rejection", "abandonment", "annoyance", "other"]
BEHAVIORS = ["topic-change", "superficial", "silence", "left", "busy", "shut-down"]
PEOPLE = ["Sam", "partner", "mum", "Alex", "team lead", "Jo"]
WORDS = [
    "asked",
    "felt",
    "wanted",
    "close",
    "talk",
    "later",
    "tired",
    "quiet",
    "phone",
    "kitchen",
    "dinner",
    "weekend",
    "plans",
    "laughed",
    "joked",
    "away",
    "room",
    "door",
    "message",
    "answer",
    "evening",
    "morning",
    "work",
    "long",
    "day",
    "hug",
]
NOW = "2026-11-22T18:30:00+01:00"
MINIMAL_TYPER = """
import typer
app = typer.Typer()
@app.command()
def main(name: str = "x") -> None:
    typer.echo(name)
app()
"""


def build(path: Path, count: int, seed: int = 7) -> None:
    """A journal of `count` entries over the past years, written once through the store."""
    from journalcli.model import Entry
    from journalcli.store import Journal

    rng = random.Random(seed)
    end = datetime.fromisoformat(NOW)
    entries = []
    for _ in range(count):
        when = end - timedelta(minutes=rng.randrange(0, 60 * 24 * 3 * 365))
        entries.append(
            Entry(
                when=when.replace(second=0, microsecond=0),
                urge=rng.randint(0, 10),
                triggers=tuple(rng.sample(TRIGGERS, rng.choice((1, 1, 2, 3)))),
                response=rng.choice(("withdrew", "stayed", "partly", None)),
                with_=rng.choice(PEOPLE),
                emotions=tuple(rng.sample(["tense", "calm", "numb", "warm"], 1)),
                behaviors=tuple(rng.sample(BEHAVIORS, rng.randint(0, 2))),
                tags=tuple(rng.sample(["home", "work", "family"], rng.randint(0, 1))),
                note=" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60))),
                created=when,
                updated=when,
            )
        )
    Journal(path).add_many(entries)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in ms and peak RSS in MB of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {argv}\n{err}")
    return elapsed, usage.ru_maxrss // 1024


def median_of(argv: list[str], env: dict[str, str], runs: int) -> tuple[float, int]:
    run_once(argv, env)  # warm the page cache and .pyc files
    samples = [run_once(argv, env) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    journal = shutil.which("journal", path=str(Path(sys.executable).parent)) or "journal"
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="journal-bench-"))
    base_env = {**os.environ, "JOURNAL_NOW": NOW, "COLUMNS": "80", "NO_COLOR": "1"}
    # Let the warm-up run write .pyc files, as a normal install has them.
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    base_env["JOURNAL_CONFIG_DIR"] = str(work / "config")
    try:
        minimal = work / "minimal_typer.py"
        minimal.write_text(MINIMAL_TYPER)
        rows: list[tuple[str, str, float, int]] = []
        pass_ms, _ = median_of([py, "-c", "pass"], base_env, args.runs)
        typer_ms, _ = median_of([py, str(minimal), "--name", "y"], base_env, args.runs)
        empty_add: float | None = None
        for size in [0, *sizes]:
            path = work / f"journal-{size}.json"
            if size:
                build(path, size)
            env = {**base_env, "JOURNAL_DB": str(path)}
            add = [journal, "add", "-u", "5", "-t", "stress", "-r", "stayed", "-w", "Sam", "note"]
            commands: dict[str, list[str]] = {"add (flags)": add}
            if size:
                commands |= {
                    "list -n 20": [journal, "list", "-n", "20"],
                    "summary": [journal, "summary"],
                    "trends": [journal, "trends"],
                    "export markdown": [journal, "export", "--format", "markdown"],
                }
            else:
                commands |= {"--help": [journal, "--help"], "--version": [journal, "--version"]}
                complete_env = {
                    **env,
                    "_JOURNAL_COMPLETE": "complete_bash",
                    "COMP_WORDS": "journal add -t clo",
                    "COMP_CWORD": "4",
                }
                ms, rss = median_of([journal], complete_env, args.runs)
                rows.append(("empty", "completion (-t clo<TAB>)", ms, rss))
            for name, argv in commands.items():
                ms, rss = median_of(argv, env, args.runs)
                rows.append((f"{size:,}" if size else "empty", name, ms, rss))
                if name == "add (flags)" and not size:
                    empty_add = ms
        print_report(rows, pass_ms, typer_ms, empty_add or 1.0, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_report(
    rows: list[tuple[str, str, float, int]],
    pass_ms: float,
    typer_ms: float,
    empty_add: float,
    runs: int,
) -> None:
    import typer

    print(f"# journal benchmark, {datetime.now():%Y-%m-%d}, {platform.machine()}, ")
    print(
        f"# {os.cpu_count()} cores, Python {platform.python_version()}, Typer {typer.__version__}"
    )
    print(f"# medians of {runs} runs after one warm-up; memory = peak RSS\n")
    print(f"baseline `python -c pass`:        {pass_ms:7.1f} ms")
    print(f"baseline minimal Typer command:   {typer_ms:7.1f} ms\n")
    print("| journal | command | median ms | x Typer | x empty add | peak MB |")
    print("|---|---|---:|---:|---:|---:|")
    for size, name, ms, rss in rows:
        vs_add = f"{ms / empty_add:.2f}" if name == "add (flags)" else ""
        print(f"| {size} | {name} | {ms:.0f} | {ms / typer_ms:.2f} | {vs_add} | {rss} |")


if __name__ == "__main__":
    main()
