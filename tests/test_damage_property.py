"""Random damage to a sound journal (issue 10): a field's type or value changed, a field
removed, an unknown one added, a record replaced, a key renamed, bytes cut off the end or out
of the middle, with the index kept, made afresh or gone. Every command either works or exits 3
(1 for an id that is not there) with one line on stderr, never a traceback (the `run` fixture
re-raises any exception); a read-only command never changes the file; a change that goes
through alters nothing but its own record."""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journalcli import index
from journalcli.model import DamagedRecord, Entry
from journalcli.store import SCHEMA

WHEN = datetime.fromisoformat("2026-11-20T21:30:00+01:00")


def _entry(number: int) -> dict[str, Any]:
    when = WHEN + timedelta(hours=7 * number)
    return Entry(
        when=when,
        urge=number,
        triggers=("closeness", "stress")[: number % 2 + 1],
        response="stayed",
        with_="Sam",
        emotions=("tense",),
        behaviors=("silence",),
        tags=("home",),
        note=f"note {number} ü",
        prompt={"question": "What did you need?", "answer": "time"} if number == 2 else None,
        uid=str(uuid.UUID(int=number)),
        created=when,
        updated=when + timedelta(days=1) if number == 1 else when,
    ).to_doc()


def _sound() -> dict[str, dict[str, Any]]:
    done = {"done": True, "done_at": "2026-11-12T09:00:00+01:00", "note": "ok"}
    return {
        "entries": {str(n): _entry(n) for n in (1, 2, 3)},
        "meta": {"1": {"schema": SCHEMA, "next_id": 4}},
        "challenges": {
            "1": {"week": "2026-W46", "challenge": "ask", **done},
            "2": {
                "week": "2026-W47",
                "challenge": "stay",
                "done": False,
                "done_at": None,
                "note": "",
            },
        },
    }


# --- what a damage may put in a field: near misses of every field's rule, and anything else

_NEAR = st.sampled_from(
    [
        "5",
        11,
        -1,
        True,
        False,
        None,
        "",
        0,
        5.0,
        2**63,
        -(2**63),
        10**30,  # past 64 bits: orjson reads it as a float
        [],
        {},
        [1],
        [None],
        ["closeness", 1],
        "closeness",
        "maybe",
        "2026-11-22T18:00:00",
        "2026-11-22T18:00:00+01:00",
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+00:00",
        "1899-12-31T23:00:00+00:00",
        "2026-W47",
        "2026-W99",
        "not-a-uuid",
        "00000000-0000-0000-0000-000000000003",  # entry 3's uid: a duplicate
        {"question": "q"},
        {"question": "q", "answer": 1},
        "\x1b[2J",
        "\ud800",  # a lone surrogate: not valid in UTF-8 JSON
    ]
)
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
_VALUE = _NEAR | _JSON

# (table, key) of every record, and the fields a record of that table has
_RECORDS = [("entries", key) for key in ("1", "2", "3")] + [
    ("challenges", "1"),
    ("challenges", "2"),
    ("meta", "1"),
]


@st.composite
def damaged(draw: st.DrawFn) -> tuple[bytes, str]:
    """(the damaged file's bytes, what to do with the index: none, fresh or trusted)."""
    data = _sound()
    kind = draw(st.sampled_from(["set", "remove", "add", "replace", "rename", "cut end", "cut"]))
    if kind in ("cut end", "cut"):
        raw, _ = index.layout(data, SCHEMA)
        start = draw(st.integers(0, len(raw) - 1))
        end = len(raw) if kind == "cut end" else draw(st.integers(start + 1, len(raw)))
        return raw[:start] + raw[end:], draw(st.sampled_from(["none", "trusted"]))
    table, key = draw(st.sampled_from(_RECORDS))
    record = data[table][key]
    if kind == "set":
        record[draw(st.sampled_from(sorted(record)))] = draw(_VALUE)
    elif kind == "remove":
        del record[draw(st.sampled_from(sorted(record)))]
    elif kind == "add":
        record[draw(st.text(min_size=1, max_size=8))] = draw(_VALUE)
    elif kind == "replace":
        data[table][key] = draw(_VALUE)
    else:  # a record's key renamed: the whole file is read, so no index
        new = draw(st.text(max_size=20) | st.integers(-5, 2**70).map(str))
        data[table] = {(new if k == key else k): v for k, v in data[table].items()}
        return json.dumps(data).encode("utf-8", "surrogatepass"), "none"
    try:
        raw, rows = index.layout(data, SCHEMA)
    except TypeError:  # orjson cannot write it (a lone surrogate, an int past 64 bits)
        return json.dumps(data).encode("utf-8", "surrogatepass"), "none"
    return raw, draw(st.sampled_from(["none", "fresh"])) if rows is not None else "none"


def _place(path: Path, raw: bytes, how: str, sound_rows: index.Index) -> None:
    """The journal's bytes, and its index: none; fresh (the one a write would leave, for
    damage that an earlier version let through); or trusted (the sound journal's index, as if
    the file had rotted in place under an unchanged signature)."""
    path.write_bytes(raw)
    index.discard(path)
    if how == "fresh":
        _, rows = index.layout(json.loads(raw), SCHEMA)
        assert rows is not None
        index.write(path, rows, index.signature(path.stat()))
    elif how == "trusted":
        index.write(path, sound_rows, index.signature(path.stat()))


def _records(raw: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


READ_ONLY = [
    ("list",),
    ("list", "--json"),
    ("list", "-n", "1"),
    ("show", "2"),
    ("show", "2", "--json"),
    ("summary",),
    ("summary", "--all", "--json"),
    ("trends",),
    ("trends", "--json"),
    ("week", "2026-11-20"),
    ("export", "--format", "json"),
    ("export", "--format", "csv"),
    ("export", "--format", "markdown"),
    ("info",),
    ("info", "--json"),
    ("challenge", "list"),
    ("challenge", "list", "--json"),
]
# (command, the entry it changes, whether it changes this week's challenge record)
CHANGES = [
    (("add", "-u", "3", "-t", "stress", "-q", "new"), None, False),
    (("edit", "1", "-u", "9"), "1", False),
    (("edit", "2", "-u", "1"), "2", False),
    (("delete", "3", "--yes"), "3", False),
    (("import", "IMPORT"), None, False),
    (("challenge",), None, True),
    (("challenge", "done", "went well"), None, True),
    (("challenge", "--new"), None, True),
]


def _check_exit(args: tuple[str, ...], result: Any) -> None:
    allowed = {0, 3}
    if args[0] in ("show", "edit", "delete"):
        allowed.add(1)  # that entry is not there
    if args[-1] == "--new":
        allowed.add(2)  # this week's challenge is already done
    assert result.exit_code in allowed, (args, result.exit_code, result.output)
    if result.exit_code:
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith("journal: error: ") for line in lines), lines
        if args[0] != "info":  # info names each damaged record on a line of its own
            assert len(lines) == 1, (args, lines)


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage=damaged())
def test_every_command_works_or_exits_3_on_a_damaged_journal(run, tmp_path_factory, damage):
    raw, how = damage
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "journal.json"
    source = folder / "import.json"
    new = {"uid": str(uuid.UUID(int=99)), "when": "2026-11-21T10:00:00+01:00", "urge": 4}
    source.write_text(json.dumps({"schema": 1, "entries": [new]}))
    _, sound_rows = index.layout(_sound(), SCHEMA)
    assert sound_rows is not None
    _place(path, raw, how, sound_rows)
    before = path.read_bytes(), path.stat().st_mtime_ns
    for args in READ_ONLY:
        _check_exit(args, run("--db", str(path), *args))
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before, args

    if how == "trusted":
        return  # an index trusted for bytes that changed under it: reads only (see docstring)
    records = _records(raw)
    for args, target, this_week in CHANGES:
        _place(path, raw, how, sound_rows)
        for stale in folder.glob("journal.json.*"):
            if stale.suffix in (".bak", ".lock"):
                stale.unlink()
        mtime = path.stat().st_mtime_ns
        args = tuple(str(source) if arg == "IMPORT" else arg for arg in args)
        result = run("--db", str(path), *args)
        _check_exit(args, result)
        if result.exit_code:
            assert (path.read_bytes(), path.stat().st_mtime_ns) == (raw, mtime), args
            continue
        after = _records(path.read_bytes())
        assert after is not None
        if records is None or not isinstance(records.get("entries"), dict):
            continue  # an empty file, say, read as a new journal
        for key, doc in records["entries"].items():
            if key != target:
                assert after["entries"].get(key, "gone") == doc, (args, key)
        for key, record in (records.get("challenges") or {}).items():
            if not (this_week and isinstance(record, dict) and record.get("week") == "2026-W47"):
                assert after["challenges"].get(key, "gone") == record, (args, key)
    shutil.rmtree(folder)


# --- the checking constructor: a damaged document is refused, never half-read

_TIMES = ("when", "created", "updated")


@given(
    number=st.integers(1, 3),
    field=st.sampled_from([*sorted(_entry(1)), "extra"]),
    value=_VALUE,
)
def test_from_doc_refuses_or_reads_back_exactly_what_is_stored(number, field, value):
    """Whatever one field holds, from_doc raises DamagedRecord or gives an Entry that writes
    back the very same document (times in their ISO form), and nothing else escapes."""
    doc = {**_entry(number), field: value}
    try:
        read = Entry.from_doc(number, doc)
    except DamagedRecord as exc:
        assert exc.record == f"entry {number}"
        assert field in str(exc) or exc.field is None
        return
    written = read.to_doc()
    for name, stored in doc.items():
        if name in _TIMES and stored is not None:
            assert datetime.fromisoformat(written[name]) == datetime.fromisoformat(stored)
        else:
            assert written[name] == stored, name
    assert Entry.from_doc(number, written) == read
