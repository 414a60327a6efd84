"""Hostile tests of encrypted journals (issue 15): each one a way a careful user broke the
promises "no plaintext at rest", "adding needs no passphrase" and "everything else keeps
working" before it was mended."""

from __future__ import annotations

import pytest

import test_encrypt
from test_encrypt import assert_no_plaintext

# The known journal and its fixtures, shared with tests/test_encrypt.py.
listed = test_encrypt.listed
sealed_journal = test_encrypt.sealed_journal

# Commands that change the tables after the entries (plans, challenges, reviews), each on an
# encrypted journal whose index is current: run in this order, they all succeed.
TABLE_WRITERS = [
    ["plan", "add", "abandonment", "breathe slowly"],
    ["plan", "remove", "1"],
    ["challenge", "done", "quietmarigold done"],
]


@pytest.mark.parametrize("argv", TABLE_WRITERS, ids=lambda argv: " ".join(argv[:2]))
def test_a_change_to_the_other_tables_keeps_the_journal_sealed(
    argv, run, db_path, listed, sealed_journal
):
    assert run("list").exit_code == 0  # the sealed index is current
    result = run(*argv)
    assert result.exit_code == 0, result.output
    assert_no_plaintext(db_path)
    assert listed() == sealed_journal[1]
