"""Start-up and scale benchmark: whole `journal` processes, timed against two baselines.

    python benchmarks/bench.py                 # 1,000 / 10,000 / 50,000 entries, 7 runs each
    python benchmarks/bench.py --sizes 1000 --runs 3 --encrypted-sizes 1000

Run it with the Python of a normal (non-editable) install of journal, as users have it.

Builds journals of realistic entries (fixed seed), runs each command as a fresh process
several times, and prints medians next to `python -c pass` and a minimal Typer command run by
the same interpreter, as ratios. Peak memory is the child's max RSS (os.wait4).

"first change (no index)" is `add` to a journal whose index does not match it (after a copy
or a restore): the index is deleted before each run, outside the time measured.

"encrypted" rows use a copy of the same journal after `journal encrypt`, unlocked (the key in a
private runtime folder of the benchmark's own): `add` there seals the entry and waits beside
the journal (a journal of its own, so the reading rows never merge); "first read after 10
adds" is `list -n 20` (which merges them) after ten encrypted adds made before each run,
outside the time.
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
from collections.abc import Callable
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
TYPER_ARGS = ["--name", "y"]
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


PASSPHRASE = "benchmark passphrase"


def encrypt(path: Path) -> None:
    """`journal encrypt` on the journal at `path` (without the terminal), then unlocked."""
    from journalcli import keys
    from journalcli.store import Journal

    identity = Journal(path).encrypt(PASSPHRASE)
    keys.unlock(path, identity, 600)


def _ten_adds(path: Path) -> Callable[[], None]:
    """Ten entries added to the encrypted journal at `path`, to wait for the next reading
    command to merge them (untimed, before each run; the journal grows by ten a run)."""
    journal = shutil.which("journal", path=str(Path(sys.executable).parent)) or "journal"

    def add() -> None:
        env = {**os.environ, "JOURNAL_DB": str(path), "JOURNAL_NOW": NOW}
        for number in range(10):
            argv = [journal, "add", "-q", "-u", "4", "-t", "stress", f"waiting {number}"]
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)

    return add


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in ms and peak RSS in MB of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {argv}\n{err}")
    return elapsed, usage.ru_maxrss // 1024


# (journal size, command, argv, env, what to do before each run, untimed)
Job = tuple[str, str, list[str], dict[str, str], Callable[[], None] | None]


def measure(jobs: list[Job], runs: int) -> dict[tuple[str, str], tuple[float, int]]:
    """Median ms and peak MB of each job. Runs are interleaved (every job once per round), so
    a busy moment on the machine slows baselines and commands alike and ratios stay fair."""
    for _, _, argv, env, before in jobs:
        if before:
            before()
        run_once(argv, env)  # warm the page cache and .pyc files
    samples: dict[tuple[str, str], list[tuple[float, int]]] = {}
    for _ in range(runs):
        for size, name, argv, env, before in jobs:
            if before:
                before()
            samples.setdefault((size, name), []).append(run_once(argv, env))
    return {
        key: (statistics.median(s[0] for s in runs_), max(s[1] for s in runs_))
        for key, runs_ in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--encrypted-sizes", default="10000,50000", help="sizes also measured encrypted"
    )
    parser.add_argument("--build", nargs=2, metavar=("PATH", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--encrypt", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(Path(args.build[0]), int(args.build[1]))
        return
    if args.encrypt:
        encrypt(Path(args.encrypt))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    journal = shutil.which("journal", path=str(Path(sys.executable).parent)) or "journal"
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="journal-bench-"))
    base_env = {**os.environ, "JOURNAL_NOW": NOW, "COLUMNS": "80", "NO_COLOR": "1"}
    # The parsed prompt files are kept in a folder of the benchmark's own (filled by the
    # warm-up run, as a user's is after the first command), never in the user's cache.
    base_env["JOURNAL_CACHE_DIR"] = str(work / "cache")
    # Let the warm-up run write .pyc files, as a normal install has them.
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    base_env["JOURNAL_CONFIG_DIR"] = str(work / "config")
    runtime = work / "run"  # where `journal unlock` keeps the key: private, as the login's is
    runtime.mkdir(mode=0o700)
    base_env["XDG_RUNTIME_DIR"] = str(runtime)
    os.environ.update(
        JOURNAL_CONFIG_DIR=base_env["JOURNAL_CONFIG_DIR"],
        XDG_RUNTIME_DIR=str(runtime),
        JOURNAL_CACHE_DIR=base_env["JOURNAL_CACHE_DIR"],
    )
    try:
        minimal = work / "minimal_typer.py"
        minimal.write_text(MINIMAL_TYPER)
        jobs: list[Job] = [
            ("baseline", "python -c pass", [py, "-c", "pass"], base_env, None),
            ("baseline", "minimal Typer command", [py, str(minimal), *TYPER_ARGS], base_env, None),
        ]
        add = [journal, "add", "-u", "5", "-t", "stress", "-r", "stayed", "-w", "Sam", "note"]
        for size in [0, *sizes]:
            path = work / f"journal-{size}.json"
            label = f"{size:,}" if size else "empty"
            env = {**base_env, "JOURNAL_DB": str(path)}
            if size:
                # In a child process: a fork of a big parent would count the parent's memory
                # in the children's peak RSS.
                subprocess.run([py, __file__, "--build", str(path), str(size)], check=True)
                commands = {
                    "add (flags)": add,
                    "journal (today)": [journal],
                    "status": [journal, "status"],
                    "status --short": [journal, "status", "--short"],
                    "list -n 20": [journal, "list", "-n", "20"],
                    "summary": [journal, "summary"],
                    "summary --all": [journal, "summary", "--all"],
                    "trends": [journal, "trends"],
                    "calendar": [journal, "calendar"],
                    "export markdown": [journal, "export", "--format", "markdown"],
                    "export json": [journal, "export", "--format", "json"],
                    "export csv": [journal, "export", "--format", "csv"],
                    "info": [journal, "info"],
                    "review": [journal, "review"],
                    "review --answer (saved)": [journal, "review", "--answer", "calmer"],
                    "plan add": [journal, "plan", "add", "stress", "breathe out slowly"],
                    "first change (no index)": add,
                }
            else:
                complete = {"_JOURNAL_COMPLETE": "complete_bash", "COMP_CWORD": "4"}
                complete["COMP_WORDS"] = "journal add -t clo"
                jobs.append(
                    (label, "completion (-t clo<TAB>)", [journal], {**env, **complete}, None)
                )
                commands = {
                    "add (flags)": add,
                    "--help": [journal, "--help"],
                    "--version": [journal, "--version"],
                }
            no_index = _unlinker(path.with_name(path.name + ".idx"))
            jobs += [
                (label, name, argv, env, no_index if name.startswith("first change") else None)
                for name, argv in commands.items()
            ]
            if size and str(size) in args.encrypted_sizes.split(","):
                jobs += _encrypted_jobs(work, size, label, base_env)
        print_report(measure(jobs, args.runs), args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _encrypted_jobs(work: Path, size: int, label: str, env: dict[str, str]) -> list[Job]:
    """The encrypted rows: three journals built as the plain one is (to read, to add to, to
    read after ten adds), each encrypted and unlocked in a child process."""
    py, journal = sys.executable, shutil.which("journal", path=str(Path(sys.executable).parent))
    copies = {}
    for role in ("read", "add", "first"):
        path = work / f"encrypted-{role}-{size}.json"
        child = {**env, "JOURNAL_DB": str(path)}
        subprocess.run([py, __file__, "--build", str(path), str(size)], check=True, env=child)
        subprocess.run([py, __file__, "--encrypt", str(path)], check=True, env=child)
        copies[role] = (path, child)
    read_env, add_env, first_env = (copies[role][1] for role in ("read", "add", "first"))
    add = [journal or "journal", "add", "-u", "5", "-t", "stress", "-r", "stayed", "note"]
    listing = [journal or "journal", "list", "-n", "20"]
    return [
        (label, "encrypted: add (flags)", add, add_env, None),
        (label, "encrypted: list -n 20", listing, read_env, None),
        (label, "encrypted: summary", [journal or "journal", "summary"], read_env, None),
        (label, "encrypted: trends", [journal or "journal", "trends"], read_env, None),
        (label, "encrypted: export markdown", [journal or "journal", "export"], read_env, None),
        (
            label,
            "encrypted: first read after 10 adds",
            listing,
            first_env,
            _ten_adds(copies["first"][0]),
        ),
    ]


def _unlinker(path: Path) -> Callable[[], None]:
    return lambda: path.unlink(missing_ok=True)


def print_report(results: dict[tuple[str, str], tuple[float, int]], runs: int) -> None:
    import typer

    pass_ms = results.pop(("baseline", "python -c pass"))[0]
    typer_ms = results.pop(("baseline", "minimal Typer command"))[0]
    empty_add = results[("empty", "add (flags)")][0]
    print(f"# journal benchmark, {datetime.now():%Y-%m-%d}, {platform.machine()}, ", end="")
    print(f"{os.cpu_count()} cores, Python {platform.python_version()}, Typer {typer.__version__}")
    print(f"# medians of {runs} interleaved runs after one warm-up; memory = peak RSS\n")
    print(f"baseline `python -c pass`:        {pass_ms:7.1f} ms")
    print(f"baseline minimal Typer command:   {typer_ms:7.1f} ms\n")
    print("| journal | command | median ms | x Typer | x empty add | peak MB |")
    print("|---|---|---:|---:|---:|---:|")
    for (size, name), (ms, rss) in results.items():
        vs_add = f"{ms / empty_add:.2f}" if name.endswith("add (flags)") else ""
        print(f"| {size} | {name} | {ms:.0f} | {ms / typer_ms:.2f} | {vs_add} | {rss} |")
    largest = max(results.items(), key=lambda item: item[1][1])
    (size, name), (_, rss) = largest
    print(f"\nlargest peak memory: {rss} MB ({name} at {size})")


if __name__ == "__main__":
    main()
