"""The command ends without the interpreter's teardown (os._exit): every byte it printed still
arrives, in order, and the exit code is the one the command chose."""

from __future__ import annotations

import os
import subprocess

from hostile_helpers import journal_command


def installed(*args: str, db) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "JOURNAL_DB": str(db)}
    return subprocess.run(
        [*journal_command(), *args], env=env, capture_output=True, timeout=60, check=False
    )


def test_a_long_output_arrives_whole_and_the_exit_codes_hold(run, db_path):
    for n in range(60):
        assert (
            run("add", "-q", "-u", "3", "-t", "stress", f"note {n} " + "word " * 200).exit_code == 0
        )
    expected = run("export", "-f", "json").stdout_bytes
    piped = installed("export", "-f", "json", db=db_path)
    assert piped.returncode == 0
    assert piped.stdout == expected and len(expected) > 60_000
    assert installed("show", "9999", db=db_path).returncode == 1
    assert installed("list", "-n", "0", db=db_path).returncode == 2
    assert installed("--version", db=db_path).stdout.startswith(b"journal ")


def test_a_change_is_on_disk_when_the_command_has_ended(db_path):
    result = installed("add", "-u", "4", "-t", "stress", "kept", db=db_path)
    assert result.returncode == 0, result.stderr
    assert b'"note":"kept"' in db_path.read_bytes()
    assert installed("list", "--json", db=db_path).stdout.count(b'"note": "kept"') == 1
