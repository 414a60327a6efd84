"""export streams the entries from a matching index (store.Streamed: figures from the index's
columns, each entry built as it is written); the bytes are those of the all-in-memory way
(Journal.entries, brief.build), which redaction, a damaged entry or a missing index still take."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from journalcli import brief, store
from journalcli.model import Entry

NOW = "2026-11-22T08:00:00+01:00"


def _entry(when: str, urge: int | None, *triggers: str, **fields: object) -> Entry:
    moment = datetime.fromisoformat(when)
    return Entry(when=moment, urge=urge, triggers=triggers, created=moment, **fields)  # type: ignore[arg-type]


@pytest.fixture
def journal(run, db_path) -> None:
    """Entries whose instant order differs from their local order within a day, a local day
    that is not the UTC day, flagged ones, calm and unrated ones, one twelve years back (more
    than trends' 520 weeks at a time), a plan, a done challenge, and reviews of a week with
    entries, of one without, and of one outside --since."""
    assert run("plan", "add", "closeness", "Stay *a* minute").exit_code == 0
    store.Journal(db_path).add_many(
        [
            _entry("2014-03-02T10:00:00+00:00", 6, "stress", response="stayed", note="long ago"),
            _entry("2026-09-29T20:00:00+02:00", 4, "closeness", response="partly", with_="Sam"),
            _entry("2026-11-10T09:00:00+09:00", 7, "closeness", "stress", response="withdrew",
                   with_="Sam", flagged=True, note="# not a heading\n\nsecond | part",
                   emotions=("anxious",), behaviors=("silence",), plan=1, plan_used=True),
            _entry("2026-11-10T08:00:00+01:00", 5, "conflict", response="stayed", with_="Mum",
                   prompt={"question": "What helped?", "answer": "A *walk*."}, tags=("home",)),
            _entry("2026-11-11T00:30:00+05:00", 0, note="calm"),
            _entry("2026-11-11T21:00:00+01:00", None, response="partly", flagged=True),
            _entry("2026-11-12T07:00:00+01:00", 1, "needs", "stress", response="stayed"),
            _entry("2026-11-17T21:30:00+01:00", 6, "closeness", response="stayed", with_="sam",
                   plan=1, plan_used=False),
            _entry("2026-11-21T22:00:00+01:00", 3, "criticism", with_="team lead",
                   note="true, not flagged", updated=datetime.fromisoformat(NOW)),
        ]
    )  # fmt: skip
    assert run("challenge", "done", "Went for a walk").exit_code == 0
    for week, answer in [("2026-W46", "Saying it helped."), ("2026-W41", "Quiet week.")]:
        assert run("review", "--week", week, "--answer", answer).exit_code == 0
    assert run("review", "--week", "2026-W39", "--answer", "Before.").exit_code == 0


CASES = [
    (*fmt, *period)
    for fmt in (("-f", "markdown"), ("-f", "json"), ("-f", "csv"))
    for period in ((), ("--since", "2026-10-05"), ("--since", "2026-11-10", "--until", "nov 11"))
] + [("--brief",), ("--brief", "--since", "2026-09-01")]


_STREAMED = store.Journal.streamed


def _both(run, monkeypatch, *args: str) -> tuple[str, str, int]:
    """The export streamed, the export the all-in-memory way, and how many streamed."""
    streamed: list[store.Streamed] = []

    def spy(self, *period):
        found = _STREAMED(self, *period)
        streamed.extend([found] if found is not None else [])
        return found

    monkeypatch.setattr(store.Journal, "streamed", spy)
    new = run("export", *args)
    monkeypatch.setattr(store.Journal, "streamed", lambda self, *period: None)
    old = run("export", *args)
    monkeypatch.setattr(store.Journal, "streamed", _STREAMED)
    assert new.exit_code == old.exit_code == 0, new.output + old.output
    return new.stdout, old.stdout, len(streamed)


@pytest.mark.parametrize("args", CASES)
def test_streamed_export_is_byte_identical(run, monkeypatch, journal, args):
    new, old, streamed = _both(run, monkeypatch, *args)
    assert streamed == 1  # the streamed way was taken
    assert new == old
    if "markdown" in args and not args[2:]:
        assert "## To talk about" in new and "### Weekly review" in new
        day = new.split("\n### Tuesday 10 November 2026\n", 1)[1]
        assert day.index("08:00 · urge 5") < day.index("09:00 · urge 7")  # local time order


@pytest.mark.parametrize("modes", ["names", "notes", "names,notes"])
def test_redacted_export_keeps_the_all_in_memory_way(run, monkeypatch, journal, modes):
    for fmt in ("markdown", "json", "csv"):
        new, old, streamed = _both(run, monkeypatch, "-f", fmt, "--redact", modes)
        assert streamed == 0
        assert new == old
        hidden = ["Sam"] * ("names" in modes) + ["not a heading"] * ("notes" in modes)
        assert not [text for text in hidden if text in new]


def test_the_output_file_says_how_many_were_streamed(run, monkeypatch, journal, tmp_path):
    out = tmp_path / "out.md"
    said = run("export", "--since", "2026-11-10", "-o", str(out)).stdout
    assert said.startswith("Exported 7 entries (2026-11-10 to 2026-11-22)")
    written = out.read_bytes()
    monkeypatch.setattr(store.Journal, "streamed", lambda self, *period: None)
    again = run("export", "--since", "2026-11-10", "-o", str(out), "--force").stdout
    assert again == said and out.read_bytes() == written


def test_without_a_matching_index_export_streams_the_scanned_file(
    run, monkeypatch, journal, db_path
):
    """After a copy or a restore the file is scanned entry by entry, and streamed from that;
    a file in another layout (written by hand or another tool) is read whole, not streamed."""
    import json

    from journalcli import index

    expected = {fmt: _both(run, monkeypatch, "-f", fmt)[0] for fmt in ("markdown", "csv")}
    index.path_for(db_path).unlink()
    assert store.Journal(db_path).streamed(*_days()) is not None
    for fmt, text in expected.items():
        assert _both(run, monkeypatch, "-f", fmt) == (text, text, 1)
    db_path.write_text(json.dumps(json.loads(db_path.read_text()), indent=2))
    assert not store.Journal(db_path).snapshot().sound
    for fmt, text in expected.items():
        assert _both(run, monkeypatch, "-f", fmt) == (text, text, 0)


def _days():
    return date(2014, 1, 1), date(2026, 11, 22)


@pytest.mark.parametrize("since", [date(2014, 1, 1), date(2026, 10, 7), date(2026, 11, 11)])
def test_the_brief_from_the_index_columns_is_the_brief_from_entries(journal, db_path, since):
    """Every figure, week row (top triggers too, which the Markdown does not show) and
    flagged entry of build_streamed is build's."""
    until = date(2026, 11, 22)
    journal_ = store.Journal(db_path)
    records = journal_.challenges(), journal_.reviews(), journal_.plans()
    now = datetime.fromisoformat("2026-11-22T18:30:00+01:00")
    old = brief.build(journal_.entries(since, until), *records, since, until, now)
    streamed = journal_.streamed(since, until)
    assert streamed is not None
    new = brief.build_streamed(
        streamed.facts, streamed.flagged(), streamed.by_day(), *records, since, until, now
    )
    assert replace(new, by_day=None) == replace(old, entries=[])
    assert [e for _, day in new.by_day for e in day] == sorted(
        old.entries, key=lambda e: (e.when.date(), e.when.time(), e.id)
    )


def test_streamed_entries_are_the_checked_ones(journal, db_path):
    """Built without the checks the index's rows passed, each entry equals Journal.entries'."""
    journal_ = store.Journal(db_path)
    streamed = journal_.streamed(*_days())
    assert streamed is not None and len(streamed) == 9
    assert list(streamed) == journal_.entries(*_days())
    assert [e.id for e in streamed.flagged()] == [e.id for e in journal_.entries() if e.flagged]


def test_an_encrypted_journal_exports_the_same_bytes(run, monkeypatch, journal, db_path):
    """Sealed, with its sealed index (streamed) and without one (read whole)."""
    from crypt_helpers import install_key, recovery_key, unlocked
    from journalcli import index

    formats = ("markdown", "json", "csv")
    plain = {fmt: run("export", "-f", fmt).stdout for fmt in formats}
    install_key(db_path)
    store.Journal(db_path, identity=recovery_key).seal_leftovers()
    unlocked(db_path)
    for fmt in formats:
        new, old, streamed = _both(run, monkeypatch, "-f", fmt)
        assert new == old == plain[fmt] and streamed == 1
    index.path_for(db_path).unlink()
    assert store.Journal(db_path, identity=recovery_key).streamed(*_days()) is not None  # scanned
    assert run("export", "-f", "json").stdout == plain["json"]


def test_stored_by_day_gives_the_fields_of_the_entries_by_day(journal, db_path):
    """The entries stored_by_day does not build are, field by field, by_day's."""
    streamed = store.Journal(db_path).streamed(*_days())
    assert streamed is not None
    days = list(streamed.by_day())
    stored = list(streamed.stored_by_day())
    assert [day for day, _ in stored] == [day for day, _ in days]
    for (_, entries), (_, items) in zip(days, stored, strict=True):
        assert [item[:2] for item in items] == [(e.when, e.urge) for e in entries]
        assert [item[2:10] for item in items] == [
            (list(e.triggers), e.response, e.with_, list(e.emotions), list(e.behaviors),
             list(e.tags), e.note, e.prompt)
            for e in entries
        ]  # fmt: skip
