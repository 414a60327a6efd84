"""Redaction (export --redact names|notes, --redact-name): the matcher and apply() as plain
functions, then every format end to end on a journal full of hostile names, grepped for them."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from journalcli import content, exporters, redact
from journalcli.errors import InputError
from journalcli.model import Entry
from journalcli.redact import People, fold, label

RQ = "\u2019"  # the right single quotation mark, the apostrophe of typographers


def sub(names: list[str], text: str) -> str:
    return People(names).sub(text)


# --- the matcher


@pytest.mark.parametrize(
    ("names", "text", "expected"),
    [
        # common words as names: replaced wherever they stand as a word (over-redaction)
        (["Will"], "Will will come, willing or not", "Person A Person A come, willing or not"),
        (["May"], "May came in may. Mayday!", "Person A came in Person A. Mayday!"),
        # never inside another word, digits and underscores included
        (["Sam"], "Samantha, Sams, Sam2, 2Sam", "Samantha, Sams, Sam2, 2Sam"),
        # an underscore separates, as Markdown emphasis does
        (["Sam"], "_Sam_, x_Sam", "_Person A_, x_Person A"),
        (["Al"], "Alan, Hal and Al.", "Alan, Hal and Person A."),
        # possessives with either apostrophe
        (["Sam"], f"Sam's cat, Sam{RQ}s dog, Sams'", f"Person A's cat, Person A{RQ}s dog, Sams'"),
        (["James"], "James' coat", "Person A' coat"),
        # case and accents, both ways, composed or not
        (["Zoë"], "zoe, ZOË, Zoe\u0308, Zoë's", "Person A, Person A, Person A, Person A's"),
        (["zoe"], "Zoë and ZOÉ", "Person A and Person A"),
        (
            ["ANDRÉ"],
            "André, andre, Andre\u0301 and ANDRE",
            "Person A, Person A, Person A and Person A",
        ),
        (["Straße"], "STRASSE and strasse", "Person A and Person A"),
        # Markdown and regex characters are literal
        (["*Bo*"], "**Bo** and *Bo* and Bo*", "*Person A* and Person A and Bo*"),
        (["_Al_"], "_Al_ said _Al", "Person A said _Al"),
        (["[Jo]"], "[Jo] and [Jo](x) and Jo", "Person A and Person A(x) and Jo"),
        (["Li|Ma"], "Li|Ma, Li or Ma", "Person A, Li or Ma"),
        (["C\\D"], "C\\D and CD and C.D", "Person A and CD and C.D"),
        (["A.J."], "A.J. and AxJx", "Person A and AxJx"),
        (["(Lee)"], "(Lee) and Lee", "Person A and Lee"),
        # overlapping names: the longer first, each one person
        (["Sam", "Sam Lee"], "Sam Lee met Sam; sam  lee", "Person B met Person A; Person B"),
        (["Sam Lee", "Sam"], "Sam met Sam Lee", "Person A met Person B"),
        (["Lee", "Sam Lee"], "Lee and Sam\nLee", "Person A and Person B"),
        # invisible formatting inside a name does not hide it
        (["Sam"], "Sa\u00adm and Sa\u200bm", "Person A and Person A"),
    ],
)
def test_names_are_whole_words_in_any_case_or_accent(names, text, expected):
    people = People(names)
    labels = [people.of(name) for name in sorted(names, key=len)]  # shortest first: A, B
    assert labels == [label(i) for i in range(len(names))]
    assert people.sub(text) == expected


def test_labels_go_by_first_appearance_and_past_z():
    assert [label(n) for n in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "Person A",
        "Person B",
        "Person Z",
        "Person AA",
        "Person AB",
        "Person AZ",
        "Person BA",
        "Person ZZ",
        "Person AAA",
    ]
    names = [f"Name{i}" for i in range(30)]
    people = People(names)
    text = " ".join(reversed(names))
    assert people.sub(text).split(" Person ")[-1] == "AD"  # Name0 met last: the 30th label
    assert people.of("NAME29") == "Person A"


def test_a_name_of_punctuation_is_labelled_in_with_but_not_searched_in_text():
    people = People(["?", "-"])
    assert people.sub("a - b? c") == "a - b? c"
    assert people.of("?") == "Person A"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["names"], ("names",)),
        (["notes"], ("notes",)),
        (["names,notes"], ("names", "notes")),
        (["notes", "names"], ("names", "notes")),
        ([" NAMES , notes", "names"], ("names", "notes")),
    ],
)
def test_modes(values, expected):
    assert redact.parse_modes(values) == expected


@pytest.mark.parametrize("value", ["nmes", "", "names,", "names,everything", "all"])
def test_an_unknown_mode_is_refused(value):
    with pytest.raises(InputError, match="unknown --redact value"):
        redact.parse_modes([value])


@pytest.mark.parametrize("value", ["", "  ", "**", "-", "Sam\x07"])
def test_a_name_to_redact_needs_a_letter_or_digit_and_no_control_character(value):
    with pytest.raises(InputError):
        redact.parse_name(value)


_LETTERS = st.sampled_from("abcdefghijklmnopqrstuvwxyzéëöñçåøßABCDÉÖÑ")
_NAME = st.text(_LETTERS, min_size=2, max_size=8)
_FILLER = st.text(st.sampled_from("abcxyz ,.;:!?'\u2019\n-*_[]|\\()0123"), max_size=12)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


@given(
    name=_NAME,
    pieces=st.lists(st.tuples(_FILLER, st.sampled_from([str, str.upper, str.lower])), max_size=5),
)
def test_no_whole_word_occurrence_survives(name, pieces):
    key = fold(name)
    assume(key != "person")  # the label's own word
    text = "".join(filler + " " + case(name) + "'s " for filler, case in pieces)
    out = sub([name], text)
    assert key not in _words(out)
    assert out.count("Person A") >= len(pieces)


@given(name=_NAME, before=st.text(_LETTERS, max_size=3), after=st.text(_LETTERS, max_size=3))
def test_a_name_inside_another_word_stays(name, before, after):
    assume(before or after)
    word = before + name + after
    assume(fold(word) != fold(name))
    assert sub([name], f"{word}, {word}'s") == f"{word}, {word}'s"


@given(text=st.text(st.sampled_from("samSAMåÅ'_ -x1\u2019\u0301\u200b\u00ad"), max_size=20))
def test_text_without_the_name_as_a_word_is_unchanged(text):
    assume("sam" not in _words(text))
    assert sub(["Sam"], text) == text


_SPECIAL = st.sampled_from("ab zoëÉß*_[]|\\()'\u2019.-")


@settings(max_examples=50)  # each example is four names in many places: enough to find a leak
@given(
    names=st.lists(st.text(_SPECIAL, min_size=1, max_size=6), min_size=1, max_size=4),
    fillers=st.lists(st.text(_SPECIAL, max_size=6), min_size=1, max_size=5),
)
def test_no_name_of_any_characters_is_left_to_find(names, fillers):
    keys = [redact.person_key(name) for name in names]
    assume(all(len(key) > 1 and any(c.isalnum() for c in key) for key in keys))
    label_words = {"person", "a", "b", "c", "d"}  # a name that is a word of a label matches it
    assume(not any(set(_words(key)) & label_words for key in keys))
    text = " ".join(filler + " " + name for filler, name in zip(fillers, names * 5, strict=False))
    out = sub(names, text)
    words = " " + " ".join(fold(out).split()) + " "
    assert not [key for key in keys if f" {key} " in words]  # each stood alone: each replaced
    assert sub(names, out) == out  # and nothing in it a name would still match


# --- apply(): every user-written field, never a built-in text


def _entry(**fields: Any) -> Entry:
    return Entry(when=datetime.fromisoformat(fields.pop("when")), urge=5, **fields)


def test_apply_redacts_every_user_field_and_keeps_built_in_texts():
    question = content.load_builtin("reflection")["one-more-minute"]["question"]
    entries = [
        _entry(
            when="2026-11-18T08:00:00+01:00",
            with_="Conflict",  # a name that is also a trigger
            triggers=("conflict",),
            behaviors=("silence",),
            emotions=("tense", "Minute"),
            tags=("minute", "Minute", "home"),
            note="Minute came; a minute later",
            prompt={"question": question, "answer": "one more Minute"},
        ),
        _entry(when="2026-11-16T08:00:00+01:00", with_="Ann", note="conflict with ann"),
    ]
    challenges = [{"week": "2026-W47", "challenge": "one", "note": "with Ann", "done": False}]
    reviews = [
        {"week": "2026-W47", "question": question, "answer": "Ann", "note": "Minute's"},
        {"week": "2026-W48", "question": "What did Minute say?", "answer": "", "note": ""},
    ]
    plans = [{"id": 1, "with": "ann", "trigger": "conflict", "text": "If Ann shouts, I breathe"}]
    before = repr((entries, challenges, reviews, plans))
    out = redact.apply(
        entries,
        challenges,
        reviews,
        plans,
        modes=("names",),
        names=["minute"],
        builtin={question, "tense"},
    )
    assert repr((entries, challenges, reviews, plans)) == before  # the inputs are not touched
    first, second = out.entries
    assert isinstance(first, Entry) and first.uid == entries[0].uid
    # labels in order of first appearance: the oldest entry (Ann) first
    assert second.with_ == "Person A" and second.note == "Person B with Person A"
    assert first.with_ == "Person B"
    assert (first.triggers, first.behaviors) == (("conflict",), ("silence",))
    assert first.emotions == ("tense", "Person C")
    assert first.tags == ("Person C", "home")  # two spellings of one person: one tag
    assert first.note == "Person C came; a Person C later"
    assert first.prompt == {"question": question, "answer": "one more Person C"}
    assert out.challenges == [{**challenges[0], "note": "with Person A"}]
    assert out.reviews[0] == {**reviews[0], "answer": "Person A", "note": "Person C's"}
    # a question not among the built-in ones was written by the user: redacted
    assert out.reviews[1]["question"] == "What did Person C say?"
    assert out.plans == [{**plans[0], "with": "Person A", "text": "If Person A shouts, I breathe"}]


def test_apply_notes_leaves_out_the_private_text_and_keeps_the_rest():
    entry = _entry(
        when="2026-11-18T08:00:00+01:00",
        with_="Sam",
        triggers=("conflict",),
        emotions=("tense",),
        tags=("home",),
        note="private",
        prompt={"question": "Q?", "answer": "private"},
        response="stayed",
    )
    challenges = [{"week": "2026-W47", "note": "private"}]
    reviews = [{"week": "2026-W47", "question": "Q?", "answer": "private", "note": "private"}]
    plans = [{"id": 1, "with": "Sam", "trigger": "conflict", "text": "If it comes, I stay"}]
    out = redact.apply([entry], challenges, reviews, plans, modes=("notes",))
    assert out.entries == [entry.with_changes(note="", prompt={"question": "Q?", "answer": ""})]
    assert out.challenges == [{"week": "2026-W47", "note": ""}]
    assert out.reviews == [{"week": "2026-W47", "question": "Q?", "answer": "", "note": ""}]
    assert out.plans == plans
    both = redact.apply([entry], challenges, reviews, plans, modes=redact.MODES)
    assert "private" not in repr(both) and "Sam" not in repr(both)


def test_labels_go_first_to_the_people_of_the_period():
    old = _entry(when="2025-01-05T08:00:00+01:00", with_="Inès")
    new = _entry(when="2026-11-18T08:00:00+01:00", with_="Bea", note="and ines")
    out = redact.apply(
        [old, new], [], [], [], modes=("names",), period=(date(2026, 11, 1), date(2026, 11, 30))
    )
    # a person from outside the period is still found in the period's notes
    assert [e.with_ for e in out.entries] == ["Person B", "Person A"]
    assert out.entries[1].note == "and Person B"


# --- end to end: a journal full of hostile names, every format grepped for them

WITH = ["Zoë", "zoe", "Sam", "Sam Lee", "ANDRÉ", "Inès", "Conflict"]
EXTRA = ["Will", "May", "*Bodhi*", "_Alun_", "[Jory]", "Lior|Mae", "Cato\\Dex", f"O{RQ}Neil"]
# Parts of every name: none may be left as a word anywhere in a redacted export ("will" and
# "may" are also in the program's own texts, so they are checked in the user's text only).
SECRET = {"zoe", "sam", "lee", "andre", "ines", "bodhi", "alun", "jory", "lior", "mae", "cato"}
SECRET |= {"dex", "neil"}


@pytest.fixture
def hostile(run, tmp_path: Path) -> Path:
    question = content.load_builtin("reflection")["one-more-minute"]["question"]
    weekly = content.load_builtin("reflection")["week-stayed"]["question"]

    def entry(number: int, when: str, with_: str | None, note: str, **more: Any) -> dict:
        uid = f"00000000-0000-4000-8000-{number:012d}"
        return {"uid": uid, "when": when, "urge": 6, "with": with_, "note": note, **more}

    document = {
        "schema": 3,
        "entries": [
            entry(1, "2026-01-05T09:00:00+01:00", "Inès", "Old times with Ines."),
            entry(
                2,
                "2026-11-16T21:30:00+01:00",
                "Zoë",
                f"Zoe{RQ}s sister met Sam's friend Samantha. ANDRÉ called; will Will come?\n"
                f"# Sam Lee and sam  lee, *Bodhi* and _Alun_ | [Jory](x) Lior|Mae Cato\\Dex",
                triggers=["closeness"],
                response="withdrew",
                tags=["sam", f"O{RQ}Neil", "home"],
                emotions=["tense"],
                prompt={"question": question, "answer": "Thinking of andre and inès"},
                flagged=True,
            ),
            entry(3, "2026-11-18T08:15:00+01:00", "zoe", "May came in May", triggers=["stress"]),
            entry(4, "2026-11-19T08:15:00+01:00", "Sam Lee", "O'Neil's idea", response="stayed"),
            entry(5, "2026-11-20T08:15:00+01:00", "Conflict", "", triggers=["conflict"]),
            entry(6, "2026-11-21T08:15:00+01:00", "Sam", "ok", plan=1, plan_used=True),
            entry(7, "2026-11-22T08:15:00+01:00", "ANDRÉ", "Zoë's call"),
        ],
        "reviews": [
            {
                "week": "2026-W47",
                "created": "2026-11-22T10:00:00+01:00",
                "updated": "2026-11-22T10:00:00+01:00",
                "question": weekly,
                "answer": "Told Sam Lee about *Bodhi*",
                "note": "Zoë noticed",
            }
        ],
        "plans": [
            {
                "id": 1,
                "uid": "00000000-0000-4000-8000-100000000001",
                "trigger": "conflict",
                "with": "Sam",
                "text": "If Sam raises his voice, I tell Sam I need ten minutes",
                "created": "2026-11-01T10:00:00+01:00",
            }
        ],
    }
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    result = run("import", str(source))
    assert result.exit_code == 0, result.output
    from journalcli.store import Journal, resolve_path

    Journal(resolve_path(None)).save_challenge(
        {
            "week": "2026-W47",
            "challenge": "five-more-minutes",
            "done": True,
            "done_at": "2026-11-20T10:00:00+01:00",
            "note": "Did it with Sam and O'Neil",
        }
    )
    return source


def _redacted(run, *args: str) -> str:
    options = [part for name in EXTRA for part in ("--redact-name", name)]
    result = run("export", "--since", "nov 1", *args, "--redact", "names", *options)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("format_", ["markdown", "json", "csv"])
def test_no_name_is_left_in_any_format(run, hostile, format_):
    out = _redacted(run, "-f", format_)
    plain = fold(out.replace("\\", ""))  # Markdown escapes undone: "\*Bodhi\*" is "*Bodhi*"
    left = SECRET & set(re.findall(r"[^\W_]+", plain))
    assert not left, f"left in the {format_} export: {left}"
    assert "samantha" in plain  # not a name: a word that only starts with one
    assert "Person A" in out and "Person N" in out and "Person O" not in out  # 14 people
    # the common-word names go from the user's text ("May came in May")
    assert "Person M came in Person M" in out


def test_the_labels_are_the_same_in_every_format(run, hostile):
    document = json.loads(_redacted(run, "-f", "json"))
    assert document["redacted"] == ["names"]
    withs = [entry["with"] for entry in document["entries"]]
    # in order of first appearance in this export (since 1 November): Zoë (and zoe) first,
    # then the first entry's tags, answer and note; Inès is met in its answer (Person E),
    # though her own entry is older
    assert withs == ["Person A", "Person A", "Person G", "Person N", "Person B", "Person D"]
    rows = list(csv.DictReader(io.StringIO(_redacted(run, "-f", "csv").lstrip(exporters.BOM))))
    assert [row["with"] for row in rows] == withs
    assert {row["redacted"] for row in rows} == {"names"}
    markdown = _redacted(run)
    shown = {line[len("- With: ") :] for line in markdown.splitlines() if "With:" in line}
    assert shown == set(withs)
    assert "Thinking of Person D and Person E" in markdown
    plan = document["plans"][0]
    assert plan["with"] == "Person B"
    assert plan["text"] == "If Person B raises his voice, I tell Person B I need ten minutes"


def test_built_in_texts_stay_though_a_name_equals_their_words(run, hostile):
    markdown = _redacted(run, "--redact-name", "minute")
    question = content.load_builtin("reflection")["one-more-minute"]["question"]
    assert question in markdown  # the prompt's question is the program's: "minute" stays
    assert "- Triggers: conflict" in markdown  # a trigger, though "Conflict" is a person
    document = json.loads(_redacted(run, "-f", "json"))
    assert document["entries"][3]["triggers"] == ["conflict"]
    assert document["entries"][0]["emotions"] == ["tense"]
    assert document["reviews"][0]["question"].startswith("When did you stay present")
    assert document["challenges"][0]["challenge"] == "five-more-minutes"


def test_redact_notes_keeps_figures_triggers_behaviors_and_feelings(run, hostile):
    result = run("export", "-f", "json", "--redact", "notes")
    document = json.loads(result.stdout)
    plain = json.loads(run("export", "-f", "json").stdout)
    assert document["redacted"] == ["notes"]
    for redacted, entry in zip(document["entries"], plain["entries"], strict=True):
        assert redacted["note"] == ""
        if entry["prompt"]:
            assert redacted["prompt"] == {**entry["prompt"], "answer": ""}
        assert {**redacted, "note": entry["note"], "prompt": entry["prompt"]} == entry
    assert document["reviews"][0]["answer"] == document["reviews"][0]["note"] == ""
    assert document["challenges"][0]["note"] == ""
    assert document["plans"] == plain["plans"]
    for format_ in ("markdown", "csv"):
        out = run("export", "-f", format_, "--redact", "notes").stdout
        for private in ("Samantha", "Old times", "Thinking of", "Told Sam", "O'Neil's idea"):
            assert private not in out
        assert "Zoë" in out  # names stay unless asked


def test_names_and_notes_combine_either_way(run, hostile):
    for format_ in ("markdown", "json", "csv"):
        together = run("export", "-f", format_, "--redact", "names,notes").stdout
        twice = run("export", "-f", format_, "--redact", "notes", "--redact", "names").stdout
        assert together == twice
        assert "Samantha" not in together and "Zoë" not in together
    document = json.loads(run("export", "-f", "json", "--redact", "notes,names").stdout)
    assert document["redacted"] == ["names", "notes"]


def test_redact_name_alone_means_names(run, hostile):
    out = run("export", "-f", "json", "--redact-name", "Bodhi").stdout
    document = json.loads(out)
    assert document["redacted"] == ["names"]
    assert "Bodhi" not in out and "Zoë" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--redact", "nmes"], "unknown --redact value 'nmes'; valid: names, notes"),
        (["--redact", "names,all"], "unknown --redact value 'all'"),
        (["--redact-name", "**"], "--redact-name needs a name with a letter or digit"),
    ],
)
def test_a_bad_redaction_is_one_line_and_exit_2(run, hostile, tmp_path, args, message):
    target = tmp_path / "out.md"
    result = run("export", *args, "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith("journal: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert not target.exists()


def test_an_unredacted_export_has_no_mark(run, hostile):
    assert "redacted" not in json.loads(run("export", "-f", "json").stdout)
    header = run("export", "-f", "csv").stdout.splitlines()[0]
    assert "redacted" not in header


@pytest.mark.parametrize("format_", ["json", "jrnl"])
@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_import_refuses_a_redacted_export(run, hostile, db_path, tmp_path, format_, dry_run):
    shared = tmp_path / "shared.json"
    made = run("export", "-f", "json", "--redact", "notes", "-o", str(shared))
    assert made.exit_code == 0 and made.stdout.endswith(", notes redacted.\n")
    for journal in (db_path, tmp_path / "empty" / "journal.json"):
        before = journal.read_bytes() if journal.exists() else None
        result = run("import", "-f", format_, *dry_run, str(shared), JOURNAL_DB=str(journal))
        assert result.exit_code == 2
        assert result.stderr == (
            f"journal: error: {shared}: a redacted export (notes), a copy to share, not a "
            "backup; nothing was imported (import an export made without --redact)\n"
        )
        assert (journal.read_bytes() if journal.exists() else None) == before


def test_the_readme_example_is_what_export_prints(run, add):
    first = "Sam asked about moving in together. I changed the subject and texted Maya instead."
    add(
        "-u",
        "7",
        "-t",
        "closeness",
        "-r",
        "withdrew",
        "-w",
        "Sam",
        "-b",
        "topic-change",
        "-d",
        "nov 17 21:30",
        first,
    )
    second = "zoe's plan for Sam's birthday; Samantha from work came too. Will asked how I was."
    add("-u", "4", "-t", "conflict", "-r", "stayed", "-w", "Zoë", "-d", "nov 19 08:15", second)
    args = ["--since", "nov 16", "--redact", "names", "--redact-name", "Maya"]
    args += ["--redact-name", "Will"]
    command = "journal export " + " ".join(f'"{a}"' if " " in a else a for a in args)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"$ {command}\n...\n") + len(f"$ {command}\n...\n")
    shown = readme[start : readme.index("```", start)]
    result = run("export", *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n" + shown)


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("journal export --redact ", ["names", "notes", "names,notes"]),
        ("journal export --redact no", ["notes"]),
    ],
)
def test_redact_values_complete(words, offered):
    from typer.testing import CliRunner

    from journalcli.cli import app

    cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    env = {"_JOURNAL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
    assert CliRunner().invoke(app, [], prog_name="journal", env=env).stdout.split() == offered


@pytest.mark.parametrize(
    ("modes", "said"),
    [
        ("names", "people are named Person A, Person B and so on"),
        ("notes", "notes and answers are left out"),
        (
            "names,notes",
            "people are named Person A, Person B and so on; notes and answers are left out",
        ),
    ],
)
def test_a_redacted_brief_says_so_under_its_title(run, hostile, modes, said):
    out = run("export", "--since", "nov 1", "--redact", modes).stdout
    lines = out.splitlines()
    assert lines[0].startswith("# Journal: ")
    assert lines[2] == f"A redacted copy to share: {said}."
    assert "every question skipped" not in out  # answers left out are not answers skipped
    if "notes" in modes:
        assert out.count("- Reviewed; the answers are left out of this copy.") == 2  # parts 5, 6
    plain = run("export", "--since", "nov 1").stdout
    assert "redacted" not in plain and "left out of this copy" not in plain
