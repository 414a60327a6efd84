"""Hostile tests of the therapist brief and redaction (issue 14), end to end through `journal`."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journalcli import exporters

TODAY = date(2026, 11, 22)  # the clock of conftest: Sunday 22 November 2026, 18:30 CET


def _urge(mean: float | None) -> str:
    return "-" if mean is None else f"{mean:.1f}"


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{round(rate * 100)}%"


def _table(markdown: str, heading: str) -> list[list[str]]:
    part = markdown.split(f"{heading}\n\n", 1)[1].split("\n\n", 1)[0]
    return [
        [cell.strip() for cell in line.strip("|").split(" | ")] for line in part.splitlines()[2:]
    ]


# --- the figures of any period are summary's and trends'


@pytest.fixture(scope="module")
def spread(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export of entries over nine weeks: around the end of summer time (25 October), at
    midnight, with and without ratings or responses, a calm check-in, a review and a challenge."""
    rows = [
        ("2026-09-28T00:00:00+02:00", 7, "withdrew"),
        ("2026-10-04T23:59:00+02:00", 3, "stayed"),
        ("2026-10-11T12:00:00+02:00", None, None),
        ("2026-10-25T02:30:00+01:00", 6, "partly"),
        ("2026-10-26T00:00:00+01:00", 0, None),
        ("2026-11-01T23:59:00+01:00", 8, "withdrew"),
        ("2026-11-09T08:00:00+01:00", 5, "stayed"),
        ("2026-11-11T21:00:00+01:00", 4, "partly"),
        ("2026-11-18T10:00:00+01:00", 9, "withdrew"),
        ("2026-11-22T18:00:00+01:00", 2, "stayed"),
    ]
    entries = [
        {
            "uid": f"00000000-0000-4000-8000-{number:012d}",
            "when": when,
            "urge": urge,
            "triggers": ["stress"] if urge else [],
            "response": response,
            "with": "Sam" if number % 2 else None,
            "note": "",
        }
        for number, (when, urge, response) in enumerate(rows, 1)
    ]
    review = {"week": "2026-W46", "created": "2026-11-16T09:00:00+01:00",
              "updated": "2026-11-16T09:00:00+01:00", "question": "What helped?",
              "answer": "It did.", "note": ""}  # fmt: skip
    path = tmp_path_factory.mktemp("spread") / "spread.json"
    path.write_text(json.dumps({"schema": 3, "entries": entries, "reviews": [review]}))
    return path


# The journal is imported once; importing it again adds nothing.
@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=st.integers(0, 62),
    length=st.integers(0, 40),
)
def test_the_figures_of_any_period_are_summarys_and_trends(run, spread, first, length):
    assert run("import", str(spread)).exit_code == 0
    since = date(2026, 9, 21) + timedelta(days=first)
    until = min(since + timedelta(days=length), TODAY)
    period = ("--since", since.isoformat(), "--until", until.isoformat())
    text = run("export", "--brief", *period).stdout
    assert run("export", *period).stdout.startswith(text)
    summary = json.loads(run("summary", "--json", *period).stdout)
    assert (summary["since"], summary["until"]) == (since.isoformat(), until.isoformat())
    days = f"{summary['days']} day" + ("" if summary["days"] == 1 else "s")
    if summary["entries"]:
        assert f" on {summary['days_logged']} of {days}. " in text
    rows = (
        {row[0].split(" ")[0]: row for row in _table(text, "## The weeks")}
        if ("## The weeks" in text)
        else {}
    )
    trends = json.loads(run("trends", "--weeks", "10", "--json").stdout)["weeks"]
    for week in trends:
        start = date.fromisoformat(week["start"])
        whole = since <= start and start + timedelta(days=6) <= until
        if not whole or week["week"] not in rows:
            continue
        assert rows[week["week"]][1:5] == [
            str(week["entries"]),
            _urge(week["mean_urge"]),
            _percent(week["stayed_rate"]),
            _percent(week["partly_rate"]),
        ]
    # every week the period touches is a row, marked partial exactly when the period cuts it
    if rows:
        for label, row in rows.items():
            year, number = (int(part) for part in label.split("-W"))
            start = date.fromisocalendar(year, number, 1)
            cut = start < since or start + timedelta(days=6) > until
            assert ("partial" in row[0]) == cut, (label, since, until)
    if summary["with"]:
        assert _table(text, "### Who it was with")[0][1] == str(summary["with"][0]["count"])


# --- flags


@pytest.mark.parametrize(("count", "said"), [(1, "1 entry (id 2)"), (2, "2 entries (ids 1, 2)")])
def test_unflag_all_names_one_id_in_the_singular(run, add, count, said):
    for number in range(2):
        add("-u", "4", "-t", "stress", "-r", "stayed", *(["--flag"] if number >= 2 - count else []))
    result = run("unflag", "--all", input="n\n")
    assert f"Clear the flag of {said}? [y/N]" in result.stdout
    assert result.exit_code == 1


# --- the README


README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readme_gives_the_current_schema_numbers():
    from journalcli import exporters, store

    assert re.findall(r'JSON is `\{"schema": (\d+)', README) == [str(exporters.SCHEMA)]
    assert re.findall(r"The file's schema is (\d+)", README) == [str(store.SCHEMA)]


# --- redaction: names the whole-word rule let through


def _sub(names: list[str], text: str) -> str:
    from journalcli.redact import People

    return People(names).sub(text)


@pytest.mark.parametrize(
    ("names", "text", "expected"),
    [
        # scripts written without spaces between words: a name stands inside a "word"
        (["李明"], "我和李明吵架了。李明的猫", "我和Person A吵架了。Person A的猫"),
        (["さくら"], "さくらと話した", "Person Aと話した"),
        (["サクラ"], "昨日サクラさんに", "昨日Person Aさんに"),
        (["สมชาย"], "ฉันคุยกับสมชายเมื่อวาน", "ฉันคุยกับPerson Aเมื่อวาน"),
        (["민수"], "민수와 이야기했다, 민수가", "Person A와 이야기했다, Person A가"),
        # ... and a Latin name beside them is still a whole word
        (["Sam"], "和Sam一起, Samantha", "和Person A一起, Samantha"),
    ],
)
def test_a_name_in_a_script_without_spaces_is_found(names, text, expected):
    assert _sub(names, text) == expected


@pytest.mark.parametrize(
    ("names", "text", "expected"),
    [
        (["Sam Lee"], "Sam-Lee, Sam_Lee, sam - lee", "Person A, Person A, Person A"),
        (["Ann-Marie"], "Ann Marie, ann_marie, Ann-Marie's", "Person A, Person A, Person A's"),
        (["Jean Luc Picard"], "Jean-Luc Picard", "Person A"),
        # one person, one label, however the words are joined; a shorter name stays apart
        (["Sam Lee", "Sam"], "Sam-Lee and Sam and Sam Lee", "Person A and Person B and Person A"),
    ],
)
def test_the_words_of_a_name_may_be_joined_by_hyphens_or_underscores(names, text, expected):
    assert _sub(names, text) == expected


# --- every user field of the brief stays text


_HOSTILE = st.sampled_from(list("#>-+*=_`~|<>[]()!&;:.\\ 1\n")) | st.characters(
    blacklist_categories=("Cc", "Cs")
)
_LINE = st.text(_HOSTILE.filter(lambda c: c != "\n"), min_size=1, max_size=20).filter(str.strip)
_STRUCTURE = {"html_block", "html_inline", "link_open", "image", "code_inline", "code_block",
              "fence", "em_open", "strong_open", "s_open", "blockquote_open", "hr",
              "ordered_list_open", "lheading"}  # fmt: skip


def _brief_tokens(line: str, text: str) -> tuple[str, list]:
    """The full brief of four flagged entries with `line` in every one-line field (with, tags,
    feeling words, questions, plan person, challenge title) and `text` in every text field."""
    from datetime import datetime

    from markdown_it import MarkdownIt

    from journalcli import brief
    from journalcli.model import Entry

    when = datetime.fromisoformat("2026-11-18T21:00:00+01:00")
    entries = [
        Entry(when=when, urge=5, triggers=("closeness",), response="stayed", with_=line,
              tags=(line,), emotions=(line,), note=text, flagged=True, plan=1, plan_used=True,
              prompt={"question": line, "answer": text})
        for _ in range(4)
    ]  # fmt: skip
    plans = [{"id": 1, "uid": "p", "trigger": "closeness", "with": line, "text": text,
              "created": "2026-11-01T10:00:00+01:00"}]  # fmt: skip
    challenges = [{"week": "2026-W47", "challenge": line, "done": True, "done_at": None,
                   "note": text + "x"}]  # fmt: skip
    reviews = [{"week": "2026-W47", "created": "", "updated": "", "question": line,
                "answer": text + "y", "note": text}]  # fmt: skip
    document = brief.build(entries, challenges, reviews, plans, date(2026, 11, 16), TODAY,
                           datetime.fromisoformat("2026-11-22T18:30:00+01:00"))  # fmt: skip
    markdown = "".join(exporters.markdown_chunks(document))
    return markdown, MarkdownIt("commonmark").enable("table").parse(markdown)


def _shape(tokens: list) -> list[str]:
    """The block structure: every block token but the paragraphs (which the text may split)."""
    return [t.type + t.tag for t in tokens if t.type not in ("inline", "paragraph_open",
            "paragraph_close", "softbreak")]  # fmt: skip


@settings(max_examples=25)
@given(text=st.text(_HOSTILE, max_size=40), line=_LINE)
def test_no_user_field_of_the_brief_becomes_structure(text, line):
    line = " ".join(line.split())
    markdown, tokens = _brief_tokens(line, text)
    found = [t for t in tokens for t in [t, *(t.children or [])] if t.type in _STRUCTURE]
    assert not found, markdown
    _, plain = _brief_tokens("x", "y" if text.strip() else "")
    assert _shape(tokens) == _shape(plain), markdown


# --- redaction end to end: every field, every format, the brief too


@pytest.fixture
def quinby(run, tmp_path: Path) -> None:
    """A journal with the person Quinby (and Quinby-Rhee, named in notes only) in every field a
    person writes, and SECRET in every private text."""
    question = "What did you need?"
    stamp = "2026-11-14T10:00:00+01:00"

    def entry(number: int, day: int, **more) -> dict:
        return {
            "uid": f"00000000-0000-4000-8000-{number:012d}",
            "when": f"2026-11-{day:02d}T20:00:00+01:00",
            "urge": 6,
            "triggers": ["closeness"],
            "response": "stayed",
            **more,
        }

    document = {
        "schema": 3,
        "entries": [
            entry(1, 2, note="SECRET old", **{"with": "QUINBY"}),
            entry(
                2,
                17,
                tags=["quinby", "home"],
                emotions=["quinby-ish", "tense"],
                note="SECRET: Quinby\u2019s and Quinby-Rhee's",
                flagged=True,
                prompt={"question": question, "answer": "SECRET Quinby"},
                **{"with": "Quinby"},
            ),
            entry(3, 19, note="SECRET met quinby_rhee", plan=1, plan_used=True, flagged=True),
        ],
        "reviews": [
            {
                "week": "2026-W47",
                "created": stamp,
                "updated": stamp,
                "question": question,
                "answer": "SECRET Quinby",
                "note": "SECRET Quinby",
            }
        ],
        "plans": [
            {
                "id": 1,
                "uid": "00000000-0000-4000-8000-100000000001",
                "trigger": "closeness",
                "with": "Quinby",
                "text": "Call Quinby",
                "created": stamp,
            }
        ],
    }
    source = tmp_path / "quinby.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    assert run("import", str(source)).exit_code == 0
    from journalcli.store import Journal, resolve_path

    challenge = {"week": "2026-W46", "challenge": "phone-away", "done": True, "done_at": stamp}
    Journal(resolve_path(None)).save_challenge({**challenge, "note": "SECRET with Quinby"})


_FORMATS = [("--format", "markdown"), ("--brief",), ("--format", "json"), ("--format", "csv")]


@pytest.mark.parametrize("format_", _FORMATS)
def test_redacted_names_leave_no_trace_in_any_format(run, quinby, format_):
    result = run("export", "--since", "nov 10", *format_, "--redact", "names",
                 "--redact-name", "Quinby Rhee")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "quinby" not in result.stdout.casefold() and "rhee" not in result.stdout.casefold()
    assert "Person A" in result.stdout and "SECRET" in result.stdout


@pytest.mark.parametrize("format_", _FORMATS)
def test_redacted_notes_leave_out_every_private_text_and_nothing_else(run, quinby, format_):
    result = run("export", "--since", "nov 10", *format_, "--redact", "notes")
    assert result.exit_code == 0, result.output
    assert "SECRET" not in result.stdout
    kept = ["Quinby", "quinby-ish", "tense", "closeness"]
    kept += [] if format_ == ("--format", "csv") else ["Call Quinby"]  # plans: not in CSV
    for text in kept:
        assert text in result.stdout, text


# --- import refuses a redacted export in one line, whatever the file says


@pytest.mark.parametrize(
    "document",
    [
        {"schema": 3, "redacted": ["names\nnotes", "\x1b[2J\x1b[31m"], "entries": []},
        {"schema": 3, "redacted": "x\r\ny\u2028z", "entries": []},
        {"schema": 3, "redacted": None, "entries": []},
        {"schema": 3, "entries": [{"uid": "a\nb\x1b[31m", "when": "x"}]},
    ],
)
@pytest.mark.parametrize("format_", ["json", "jrnl"])
def test_a_refused_import_is_one_plain_line(run, tmp_path, document, format_):
    source = tmp_path / "shared.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    result = run("import", "--format", format_, str(source))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n")
    assert result.stderr.isprintable() or result.stderr[:-1].isprintable(), result.stderr
    assert "None" not in result.stderr


@pytest.mark.parametrize(
    ("names", "text", "expected"),
    [
        # a name written with punctuation around it in `with` is that name in a note too
        (["(Lee)"], "(Lee) and Lee, Lee's", "Person A and Person A, Person A's"),
        (["@sam"], "@sam said sam was fine", "Person A said Person A was fine"),
        (["*Kim*"], "**Kim** and *Kim* and Kim.", "*Person A* and Person A and Person A."),
        (["[Jo]"], "[Jo](x) and Jo", "Person A(x) and Person A"),
        (["Sam!"], "Sam! Sam? Samantha", "Person A Person A? Samantha"),
        # ... and still one person, apart from someone written without it
        (["(Lee)", "Lee"], "Lee and (Lee)", "Person A and Person B"),
        (["(Lee)", "Ann"], "Ann, Lee, (Lee)", "Person A, Person B, Person B"),
    ],
)
def test_a_name_in_punctuation_is_found_without_it(names, text, expected):
    assert _sub(names, text) == expected
