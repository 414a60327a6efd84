"""If-then plans (issue 13): the `plan` commands, the plans table (schema 3) and its checks,
and the entry's `plan` / `plan_used` fields."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pexpect
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journalcli import index, plans, store
from journalcli.errors import InputError, StorageError
from journalcli.model import RESPONSES, DamagedRecord, Entry
from journalcli.store import Journal

WHEN = datetime.fromisoformat("2026-11-20T21:30:00+01:00")
UID = "0b7c6a1e-4a8e-4d53-9a39-2f8a4f0c1d11"


def plan(**changes: Any) -> dict[str, Any]:
    record = {
        "uid": UID,
        "trigger": "closeness",
        "with": None,
        "text": "Stay one more minute.",
        "created": "2026-11-20T08:00:00+01:00",
    }
    return record | changes


# --- the commands


def test_plan_add_list_remove_and_ids_are_never_reused(run):
    assert run("plan", "add", "closeness", "Stay one more minute.").stdout == (
        "Saved plan 1: if closeness, then: Stay one more minute.\n"
    )
    result = run("plan", "add", "needs", "Ask Sam what he needs.", "--with", "Sam")
    assert result.stdout == "Saved plan 2: if needs with Sam, then: Ask Sam what he needs.\n"
    assert run("plan", "list").stdout == (
        "  1  if closeness, then: Stay one more minute.\n"
        "  2  if needs with Sam, then: Ask Sam what he needs.\n"
    )
    assert run("plan", "remove", "2").exit_code == 0
    assert run("plan", "add", "stress", "Breathe out slowly.").stdout.startswith("Saved plan 3:")
    listed = json.loads(run("plan", "list", "--json").stdout)
    assert [p["id"] for p in listed] == [1, 3]
    assert listed[0] == {
        "id": 1,
        "uid": listed[0]["uid"],
        "trigger": "closeness",
        "with": None,
        "text": "Stay one more minute.",
        "created": "2026-11-22T18:30:00+01:00",
    }
    assert run("plan", "remove", "3").exit_code == 0
    assert run("plan", "add", "stress", "Again.").stdout.startswith("Saved plan 4:")


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("plan", "add", "nosuch", "x"), 2, "trigger"),
        (("plan", "add", "closeness", "   "), 2, "empty"),
        (("plan", "add", "closeness"), 2, "only on a terminal"),
        (("plan", "remove", "7"), 1, "no plan with id 7"),
        (("plan", "remove", "0"), 2, ""),
    ],
)
def test_bad_plan_commands_say_one_line_and_change_nothing(run, db_path, args, code, says):
    result = run(*args)
    assert result.exit_code == code
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not db_path.exists()


def test_an_empty_plan_list_says_how_to_make_one(run):
    assert "journal plan add" in run("plan", "list").stdout
    assert json.loads(run("plan", "list", "--json").stdout) == []


def spawn_plan(*args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "journalcli", "plan", "add", *args],
        env=dict(os.environ),
        encoding="utf-8",
        timeout=20,
        dimensions=(24, 80),
    )


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("", "Stay with the closeness a minute longer than feels easy; notice how it is."),
        ("Hold her hand for a minute.", "Hold her hand for a minute."),
    ],
)
def test_plan_add_without_text_on_a_terminal_offers_the_suggestion(db_path, typed, saved):
    child = spawn_plan("closeness")
    child.expect("A suggestion for closeness: Stay with the closeness")
    child.expect("Enter to take it, or write your own")
    child.sendline(typed)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [p["text"] for p in Journal(db_path).plans()] == [saved]


def test_plan_add_without_text_and_end_of_input_on_a_terminal_saves_nothing(db_path):
    child = spawn_plan("closeness")
    child.expect("write your own")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert not db_path.exists() or Journal(db_path).plans() == []


# --- the store


def test_migrating_2_adds_an_empty_plans_table_and_keeps_one():
    assert store.SCHEMA >= 3
    assert store.MIGRATIONS[2]({"meta": {"1": {"schema": 2, "next_id": 1}}})["plans"] == {}
    assert store.MIGRATIONS[2]({"plans": {"1": plan()}})["plans"] == {"1": plan()}


def schema_2_file(path: Path, *, indexed: bool = False) -> bytes:
    """A journal as the program wrote it before plans (schema 2: no plans table, no fields)."""
    doc = Entry(when=WHEN, urge=5, triggers=("stress",), note="before plans").to_doc()
    del doc["plan"], doc["plan_used"], doc["flagged"]
    data = {"entries": {"1": doc}, "meta": {"1": {"schema": 2, "next_id": 2}}, "reviews": {}}
    payload, rows = index.layout(data, 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    if indexed:
        assert rows is not None
        index.write(path, rows, index.signature(path.stat()))
    return payload


@pytest.mark.parametrize("indexed", [True, False], ids=["with its index", "no index"])
def test_a_schema_2_file_reads_as_plan_none_and_is_migrated_on_its_next_write(
    db_path, run, indexed
):
    before = schema_2_file(db_path, indexed=indexed)
    shown = json.loads(run("show", "1", "--json").stdout)
    assert (shown["plan"], shown["plan_used"]) == (None, None)
    assert json.loads(run("plan", "list", "--json").stdout) == []
    assert db_path.read_bytes() == before
    assert run("plan", "add", "stress", "Breathe out slowly.").exit_code == 0
    data = json.loads(db_path.read_bytes())
    assert data["meta"]["1"]["schema"] == store.SCHEMA and list(data["plans"]) == ["1"]
    assert Journal(db_path).get(1).note == "before plans"
    assert run("add", "-u", "3", "-t", "stress", "after").stdout.splitlines()[1] == (
        "Your plan for stress: Breathe out slowly."
    )
    assert [e.plan for e in Journal(db_path).entries()] == [None, 1]
    assert f"schema:   {store.SCHEMA}" in run("info").stdout


def test_a_schema_3_file_is_refused_by_a_journal_that_knows_only_schema_2(db_path, monkeypatch):
    Journal(db_path).add_plan(plan())
    before = db_path.read_bytes()
    monkeypatch.setattr(store, "SCHEMA", 2)
    with pytest.raises(StorageError, match=r"newer journal \(schema 4; this one knows 2\)"):
        Journal(db_path).plans()
    with pytest.raises(StorageError, match="newer journal"):
        Journal(db_path).add(Entry(when=WHEN, urge=1, triggers=("stress",)))
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    ("record", "says"),
    [
        ("text", "plan 1 is damaged: is not an object"),
        (plan(extra=1), 'unknown field "extra"'),
        ({k: v for k, v in plan().items() if k != "text"}, "text is missing"),
        (plan(uid="nope"), "uid must be a UUID string"),
        (plan(trigger=3), "trigger must be the key of a trigger"),
        (plan(trigger=""), "trigger must be the key of a trigger"),
        (plan(**{"with": 5}), "with must be a string or null"),
        (plan(text=""), "text must be a string that is not empty"),
        (plan(text=["x"]), "text must be a string that is not empty"),
        (plan(created="yesterday"), "created"),
        (plan(created="2026-11-20T08:00:00"), "created"),
    ],
)
def test_a_damaged_plan_is_named_when_read_and_by_info(db_path, run, record, says):
    Journal(db_path).add(Entry(when=WHEN, urge=1, triggers=("stress",)))
    data = json.loads(db_path.read_bytes())
    data["plans"] = {"1": record}
    db_path.write_text(json.dumps(data))
    result = run("plan", "list")
    assert result.exit_code == 3 and says in result.stderr
    info = run("info")
    assert says in info.stdout + info.stderr


def test_two_plans_with_one_uid_are_damage(db_path, run):
    Journal(db_path).add_plan(plan())
    Journal(db_path).add_plan(plan())
    problems = store.plan_problems(json.loads(db_path.read_bytes())["plans"])
    assert [str(p) for p in problems] == ["plan 2 is damaged: uid is the uid of plan 1 too"]


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("plan", "1", "plan must be the id of a plan or null"),
        ("plan", 0, "plan must be the id of a plan or null"),
        ("plan", True, "plan must be the id of a plan or null"),
        ("plan_used", 1, "plan_used must be true, false or null"),
        ("plan_used", "yes", "plan_used must be true, false or null"),
    ],
)
def test_an_entry_with_a_damaged_plan_field_is_named(field, value, says):
    doc = Entry(when=WHEN, urge=1).to_doc() | {field: value}
    with pytest.raises(DamagedRecord, match=says):
        Entry.from_doc(1, doc)
    for short in (True, False):  # the full stored form and one completed with defaults
        partial = dict(doc)
        if short:
            del partial["note"]
        with pytest.raises(DamagedRecord, match=says):
            Entry.from_doc(1, partial)


def test_an_entry_keeps_its_plan_fields():
    entry = Entry(when=WHEN, urge=1, plan=4, plan_used=False)
    assert Entry.from_doc(1, entry.to_doc()).plan_used is False
    assert Entry.from_doc(1, entry.to_doc()).plan == 4


# --- which plan an entry meets


def stored(plan_id: int, trigger: str, with_: str | None = None) -> dict[str, Any]:
    return plan(trigger=trigger, **{"with": with_}) | {"id": plan_id}


@pytest.mark.parametrize(
    ("triggers", "with_", "expected"),
    [
        (("closeness",), None, 3),  # the newest plan for no one in particular
        (("closeness",), "sam", 2),  # a plan for that person first, whatever its age
        (("closeness",), "Alex", 3),  # a plan for someone else is not this entry's
        (("stress", "closeness"), "Sam", 2),
        (("stress",), None, None),
        ((), "Sam", None),
    ],
)
def test_plan_for_prefers_the_person_then_the_newest(triggers, with_, expected):
    table = [stored(1, "closeness"), stored(2, "closeness", "Sam"), stored(3, "closeness")]
    entry = Entry(when=WHEN, urge=5, triggers=triggers, with_=with_)
    found = plans.plan_for(entry, table)
    assert (found["id"] if found else None) == expected


def test_new_plan_refuses_empty_and_overlong_text(now):
    with pytest.raises(InputError, match="empty"):
        plans.new_plan("closeness", " \t", None, now)
    with pytest.raises(InputError, match="longer"):
        plans.new_plan("closeness", "x" * 1001, None, now)
    assert plans.new_plan("closeness", " ok ", " Sam ", now)["with"] == "Sam"


# --- add and edit: the plan an entry meets


@pytest.fixture
def two_plans(run):
    assert run("plan", "add", "closeness", "Stay one more minute.").exit_code == 0
    assert run("plan", "add", "needs", "Ask Sam what would help.", "--with", "Sam").exit_code == 0


def test_add_shows_the_plan_after_saving_and_links_it(run, two_plans):
    result = run("add", "-u", "6", "-t", "closeness", "-r", "stayed", "--used-plan", "hug")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "Saved entry 1: urge 6; closeness; stayed (2026-11-22 18:30).",
        "Your plan for closeness: Stay one more minute.",
    ]
    shown = json.loads(run("show", "1", "--json").stdout)
    assert (shown["plan"], shown["plan_used"]) == (1, True)
    result = run("add", "-u", "4", "-t", "needs", "-w", "sam", "--no-used-plan")
    assert "Your plan for needs with Sam: Ask Sam what would help." in result.stdout
    shown = json.loads(run("show", "2", "--json").stdout)
    assert (shown["plan"], shown["plan_used"]) == (2, False)
    run("add", "-u", "4", "-t", "closeness", "-t", "stress")  # no flag: linked, not answered
    shown = json.loads(run("show", "3", "--json").stdout)
    assert (shown["plan"], shown["plan_used"]) == (1, None)


def test_add_without_a_plan_for_the_trigger_links_nothing(run, two_plans):
    result = run("add", "-u", "4", "-t", "needs", "-w", "Alex")  # the needs plan is Sam's
    assert "Your plan" not in result.stdout
    shown = json.loads(run("show", "1", "--json").stdout)
    assert (shown["plan"], shown["plan_used"]) == (None, None)


def test_quiet_add_links_the_plan_without_showing_it(run, two_plans):
    result = run("add", "-q", "-u", "4", "-t", "closeness", "--used-plan")
    assert "Your plan" not in result.stdout
    assert json.loads(run("show", "1", "--json").stdout)["plan_used"] is True


@pytest.mark.parametrize("flag", ["--used-plan", "--no-used-plan"])
def test_a_plan_flag_without_a_plan_is_refused_and_nothing_is_saved(run, two_plans, flag):
    result = run("add", "-u", "4", "-t", "stress", flag)
    assert result.exit_code == 2 and "no plan" in result.stderr
    assert json.loads(run("list", "--json").stdout) == []


def test_edit_sets_plan_used_and_links_the_plan_it_meets(run, two_plans):
    run("add", "-u", "4", "-t", "closeness")
    run("add", "-u", "4", "-t", "stress")
    assert run("edit", "1", "--no-used-plan").exit_code == 0
    shown = json.loads(run("show", "1", "--json").stdout)
    assert (shown["plan"], shown["plan_used"]) == (1, False)
    result = run("edit", "2", "--used-plan")
    assert result.exit_code == 2 and "meets no plan" in result.stderr
    assert run("edit", "2", "-t", "needs", "-w", "Sam", "--used-plan").exit_code == 0
    shown = json.loads(run("show", "2", "--json").stdout)
    assert (shown["plan"], shown["plan_used"]) == (2, True)


@pytest.mark.parametrize("trigger", ["closeness", "stress"])
def test_a_damaged_plan_is_named_and_the_file_left_as_it_is(run, db_path, two_plans, trigger):
    data = json.loads(db_path.read_bytes())
    data["plans"]["1"]["text"] = 7
    db_path.write_text(json.dumps(data))
    before = db_path.read_bytes()
    result = run("add", "-u", "4", "-t", trigger)
    assert result.exit_code == 3 and "plan 1 is damaged: text" in result.stderr
    assert db_path.read_bytes() == before


def spawn_add(*args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "journalcli", "add", *args],
        env=dict(os.environ),
        encoding="utf-8",
        timeout=20,
        dimensions=(24, 80),
    )


@pytest.mark.parametrize(("answer", "stored"), [("y", True), ("n", False), ("", None)])
def test_the_interview_asks_whether_the_plan_was_used(run, db_path, two_plans, answer, stored):
    child = spawn_add()
    child.expect_exact("(0-10): ")
    child.sendline("6")
    child.expect_exact("Numbers or names: ")
    child.sendline("closeness")
    for prompt in ("now", "with?", "[p]artly", "Numbers or names", "Feeling words", "A note"):
        child.expect_exact(prompt)
        child.expect_exact("): ")
        child.sendline("")
    child.expect_exact("(Enter to skip): ")  # the reflective question
    child.sendline("")
    child.expect_exact("Your plan for closeness: Stay one more minute.")
    child.expect_exact("Did you use your plan? [y/n] (Enter to skip): ")
    child.sendline("maybe")
    child.expect_exact("answer y or n")
    child.expect_exact("Did you use your plan? [y/n] (Enter to skip): ")
    child.sendline(answer)
    child.expect_exact("Saved entry 1:")
    child.expect_exact("Your plan for closeness: Stay one more minute.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    entry = Journal(db_path).get(1)
    assert (entry.plan, entry.plan_used) == (1, stored)


def test_the_interview_asks_nothing_about_plans_when_none_fits(run, db_path, two_plans):
    child = spawn_add()
    child.expect_exact("(0-10): ")
    child.sendline("6")
    child.expect_exact("Numbers or names: ")
    child.sendline("stress")
    for _ in range(7):
        child.expect_exact("): ")
        child.sendline("")
    child.expect_exact("Saved entry 1:")
    child.expect(pexpect.EOF)
    assert "plan" not in child.before
    child.close()
    assert Journal(db_path).get(1).plan is None


# --- the summary's plans section


def linked(plan_id: int, used: bool | None, response: str | None, day: int = 20) -> Entry:
    when = WHEN.replace(day=day)
    return Entry(
        when=when, urge=5, triggers=("closeness",), response=response, plan=plan_id, plan_used=used
    )


def test_plan_figures_by_hand():
    table = [stored(1, "closeness"), stored(2, "needs", "Sam"), stored(3, "stress")]
    entries = [
        # plan 1: used 4 (3 with a response, 2 stayed), not used 3 (1 stayed), 1 not said
        linked(1, True, "stayed"),
        linked(1, True, "stayed"),
        linked(1, True, "withdrew"),
        linked(1, True, None),
        linked(1, False, "withdrew"),
        linked(1, False, "partly"),
        linked(1, False, "stayed"),
        linked(1, None, "stayed"),
        # plan 2: used 3, all stayed; not used 2: below the rule, counts only
        linked(2, True, "stayed"),
        linked(2, True, "stayed"),
        linked(2, True, "stayed"),
        linked(2, False, "withdrew"),
        linked(2, False, "withdrew"),
        # a removed plan's entries are in no row
        linked(9, True, "stayed"),
        Entry(when=WHEN, urge=5, triggers=("closeness",), response="stayed"),
    ]
    rows = plans.figures(table, entries, 3)
    assert [
        (
            r["id"],
            r["entries"],
            r["used"],
            r["not_used"],
            r["used_answered"],
            r["not_used_answered"],
            r["compared"],
            r["used_stayed_rate"],
            r["not_used_stayed_rate"],
        )
        for r in rows
    ] == [
        (1, 8, 4, 3, 3, 3, True, 0.67, 0.33),
        (2, 5, 3, 2, 3, 2, False, None, None),
        (3, 0, 0, 0, 0, 0, False, None, None),
    ]


def test_the_summary_counts_only_the_periods_entries_for_each_plan():
    from journalcli import stats

    table = [stored(1, "closeness")]
    entries = [linked(1, True, "stayed", day) for day in (1, 10, 20, 21)]
    since, until = WHEN.date().replace(day=10), WHEN.date().replace(day=20)
    result = stats.summary(entries, since, until, until, plans=table)
    assert [(r["entries"], r["used"]) for r in result["plans"]] == [(2, 2)]
    assert stats.summary(entries, since, until, until)["plans"] == []


def test_summary_shows_the_plans_section_end_to_end(run, two_plans):
    for used, response in [(True, "stayed")] * 3 + [(False, "withdrew")] * 2 + [(False, "stayed")]:
        flag = "--used-plan" if used else "--no-used-plan"
        assert run("add", "-u", "5", "-t", "closeness", "-r", response, flag).exit_code == 0
    data = json.loads(run("summary", "--json").stdout)
    first = data["plans"][0]
    assert (first["entries"], first["used"], first["not_used"]) == (6, 3, 3)
    assert (first["used_stayed_rate"], first["not_used_stayed_rate"]) == (1.0, 0.33)
    assert data["plans"][1]["entries"] == 0
    out = run("summary").stdout
    section = out[out.index("Your if-then plans") :]
    assert "1. if closeness: Stay one more minute." in section
    assert "100%" in section and "33%" in section
    assert "2. if needs with Sam" in section


def test_summary_without_plans_has_no_plans_section(run):
    run("add", "-u", "5", "-t", "closeness", "-r", "stayed")
    assert "if-then" not in run("summary").stdout
    assert json.loads(run("summary", "--json").stdout)["plans"] == []


# --- export and import


def exported(run, tmp_path, name="export.json") -> Path:
    target = tmp_path / name
    assert run("export", "-f", "json", "-o", str(target)).exit_code == 0
    return target


def test_plans_travel_in_the_json_export_and_entries_keep_their_link(run, tmp_path, two_plans):
    run("add", "-u", "5", "-t", "needs", "-w", "Sam", "--used-plan")
    run("add", "-u", "5", "-t", "closeness", "--no-used-plan")
    target = exported(run, tmp_path)
    document = json.loads(target.read_text())
    assert [p["id"] for p in document["plans"]] == [1, 2]
    assert document["plans"] == json.loads(run("plan", "list", "--json").stdout)
    # into another journal that already has a plan of its own: the ids change, the links follow
    other = tmp_path / "other.json"
    env = {"JOURNAL_DB": str(other)}
    assert run("plan", "add", "stress", "Breathe out slowly.", **env).exit_code == 0
    result = run("import", str(target), **env)
    assert result.exit_code == 0
    assert "Added 2 plans." in result.stdout
    mine = {p["text"]: p["id"] for p in json.loads(run("plan", "list", "--json", **env).stdout)}
    assert mine == {
        "Breathe out slowly.": 1,
        "Stay one more minute.": 2,
        "Ask Sam what would help.": 3,
    }
    entries = json.loads(run("list", "--json", **env).stdout)
    assert sorted((e["plan"], e["plan_used"]) for e in entries) == [(2, False), (3, True)]
    # twice: nothing new
    again = run("import", str(target), **env)
    assert "Added 0 plans; 2 already in the journal." in again.stdout
    assert len(json.loads(run("plan", "list", "--json", **env).stdout)) == 3


def test_a_link_to_a_plan_removed_before_the_export_imports_as_null(run, tmp_path, two_plans):
    run("add", "-u", "5", "-t", "closeness", "--used-plan")
    run("plan", "remove", "1")
    target = exported(run, tmp_path)
    env = {"JOURNAL_DB": str(tmp_path / "other.json")}
    assert run("import", str(target), **env).exit_code == 0
    entry = json.loads(run("list", "--json", **env).stdout)[0]
    assert (entry["plan"], entry["plan_used"]) == (None, True)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda p: p.update(trigger="nosuch"), "plans[0]: unknown trigger 'nosuch'"),
        (lambda p: p.update(text=""), "plans[0]: text must be a string that is not empty"),
        (lambda p: p.pop("id"), "plans[0]: id must be a whole number"),
        (lambda p: p.update(id="1"), "plans[0]: id must be a whole number or null"),
        (lambda p: p.update(extra=1), 'plans[0]: has an unknown field "extra"'),
        (lambda p: p.update(id=2), "plans[1]: repeats the id of plans[0]"),
    ],
)
def test_a_bad_plan_in_an_import_imports_nothing(run, tmp_path, two_plans, change, says):
    run("add", "-u", "5", "-t", "closeness", "--used-plan")
    target = exported(run, tmp_path)
    document = json.loads(target.read_text())
    change(document["plans"][0])
    target.write_text(json.dumps(document))
    other = tmp_path / "other.json"
    result = run("import", str(target), JOURNAL_DB=str(other))
    assert result.exit_code == 2
    assert says in result.stderr and "nothing was imported" in result.stderr
    assert not other.exists()


def test_a_plan_uid_twice_in_a_file_is_refused(run, tmp_path, two_plans):
    target = exported(run, tmp_path)
    document = json.loads(target.read_text())
    document["plans"][1]["uid"] = document["plans"][0]["uid"]
    target.write_text(json.dumps(document))
    result = run("import", str(target), JOURNAL_DB=str(tmp_path / "other.json"))
    assert result.exit_code == 2 and "plans[1]: repeats the uid of plans[0]" in result.stderr


def test_a_dry_run_says_which_plans_it_would_add_and_writes_nothing(run, tmp_path, two_plans):
    target = exported(run, tmp_path)
    other = tmp_path / "other.json"
    result = run("import", "--dry-run", str(target), JOURNAL_DB=str(other))
    assert "Would add 2 plans." in result.stdout
    assert not other.exists()


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("plan", "1", "plan must be the id of a plan or null"),
        ("plan", 0, "plan must be the id of a plan or null"),
        ("plan", True, "plan must be the id of a plan or null"),
        ("plan_used", "yes", "plan_used must be true, false or null"),
        ("plan_used", 0, "plan_used must be true, false or null"),
    ],
)
def test_an_imported_entry_with_a_bad_plan_field_imports_nothing(run, tmp_path, field, value, says):
    run("add", "-u", "5", "-t", "closeness")
    target = exported(run, tmp_path)
    document = json.loads(target.read_text())
    document["entries"][0][field] = value
    target.write_text(json.dumps(document))
    result = run("import", str(target), JOURNAL_DB=str(tmp_path / "other.json"))
    assert result.exit_code == 2 and says in result.stderr


# --- properties


TRIGGERS = ("closeness", "needs", "stress")
NAMES = (None, "Sam", "sam", "Alex")


@given(
    table=st.lists(st.tuples(st.sampled_from(TRIGGERS), st.sampled_from(NAMES)), max_size=6),
    triggers=st.lists(st.sampled_from(TRIGGERS), max_size=3, unique=True),
    person=st.sampled_from(NAMES),
)
def test_plan_for_fits_the_entry_and_prefers_the_person(table, triggers, person):
    stored_plans = [stored(n + 1, trigger, who) for n, (trigger, who) in enumerate(table)]
    entry = Entry(when=WHEN, urge=5, triggers=tuple(triggers), with_=person)
    found = plans.plan_for(entry, stored_plans)
    fits = [p for p in stored_plans if p["trigger"] in triggers]
    mine = [p for p in fits if p["with"] and person and p["with"].lower() == person.lower()]
    general = [p for p in fits if p["with"] is None]
    if found is None:
        assert not mine and not general
    elif mine:
        assert found == max(mine, key=lambda p: p["id"])
    else:
        assert found == max(general, key=lambda p: p["id"])


@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from((1, 2)),
            st.sampled_from((True, False, None)),
            st.sampled_from((*RESPONSES, None)),
        ),
        max_size=20,
    )
)
def test_plan_figures_add_up(rows):
    entries = [linked(plan_id, used, response) for plan_id, used, response in rows]
    for row in plans.figures([stored(1, "closeness"), stored(2, "needs")], entries, 3):
        mine = [r for r in rows if r[0] == row["id"]]
        assert row["entries"] == len(mine)
        assert row["used"] + row["not_used"] == sum(r[1] is not None for r in mine)
        assert row["used_answered"] <= row["used"] and row["not_used_answered"] <= row["not_used"]
        assert row["compared"] == (row["used_answered"] >= 3 and row["not_used_answered"] >= 3)
        for rate in (row["used_stayed_rate"], row["not_used_stayed_rate"]):
            assert rate is None if not row["compared"] else 0 <= rate <= 1


def test_csv_export_has_the_plan_columns(run, two_plans):
    import csv
    import io

    run("add", "-u", "5", "-t", "closeness", "--used-plan")
    run("add", "-u", "5", "-t", "needs", "-w", "Sam", "--no-used-plan")
    run("add", "-u", "5", "-t", "stress")
    rows = list(csv.DictReader(io.StringIO(run("export", "-f", "csv").stdout.lstrip("\ufeff"))))
    assert [(r["plan"], r["plan_used"]) for r in rows] == [("1", "true"), ("2", "false"), ("", "")]


def test_a_backup_with_a_damaged_plan_is_not_a_good_backup(db_path, two_plans):
    data = json.loads(db_path.read_bytes())
    data["plans"]["2"]["created"] = "soon"
    db_path.write_text(json.dumps(data))
    with pytest.raises(StorageError, match="plan 2 is damaged: created"):
        store.verify(db_path)
