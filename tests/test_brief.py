"""The brief for a therapist (issue 14): `journal export --format markdown [--brief]`.

A golden brief of a small fixed journal, checked through a CommonMark parser; its figures against
`summary`, `trends` (terminal and JSON) for the same period; the period and its weeks under a
Sunday-night and a mid-week clock."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from journalcli import brief, exporters, stats
from journalcli.model import Entry, clean_with

MD = MarkdownIt("commonmark").enable("table")
GOLDEN = Path(__file__).parent / "fixtures" / "brief.md"
SPARKS = set("▁▂▃▄▅▆▇█")
WEDNESDAY_MORNING = "2026-11-18T08:00:00+01:00"
SUNDAY_NIGHT = "2026-11-22T23:30:00+01:00"


def _entry(when: str, urge: int | None, *triggers: str, **fields) -> Entry:
    return Entry(
        when=datetime.fromisoformat(f"2026-{when}:00+01:00"), urge=urge, triggers=triggers, **fields
    )


# A fixed journal: the period is Wednesday 4 to Wednesday 18 November, seen on the 18th at 08:00,
# so its first and last weeks are partial and the last one is in progress.
ENTRIES = [
    _entry("11-03T20:00", 6, "closeness", response="withdrew", note="before the period"),
    _entry(
        "11-04T21:00",
        7,
        "closeness",
        "needs",
        response="withdrew",
        with_="Sam",
        behaviors=("silence",),
        emotions=("anxious",),
    ),
    _entry("11-06T19:00", 5, "stress", response="stayed", with_="Mum", emotions=("tense",)),
    _entry(
        "11-08T22:00",
        8,
        "closeness",
        response="withdrew",
        with_="Sam",
        emotions=("smothered",),
        flagged=True,
        note="# He said *maybe* | later\n\n<b>not html</b> [x](http://e)",
    ),
    _entry("11-10T08:30", 0, note="calm morning"),
    _entry(
        "11-11T20:45",
        6,
        "closeness",
        "vulnerability",
        response="stayed",
        with_="sam",
        emotions=("anxious",),
        plan=1,
        plan_used=True,
    ),
    _entry("11-12T21:30", 4, "needs", response="partly", with_="Sam"),
    _entry("11-14T15:00", 5, "stress", response="stayed", emotions=("calm",)),
    _entry(
        "11-16T21:30",
        6,
        "closeness",
        response="stayed",
        with_="Sam",
        plan=1,
        plan_used=True,
        flagged=True,
        note=None,
        prompt={"question": "What did you need?", "answer": "- space\n\n> then you"},
    ),
    _entry("11-17T12:30", 3, "criticism", response="stayed", with_="Mum|Dad"),
    _entry("11-18T07:30", 5, "closeness", response="partly", plan=1, plan_used=False),
]
PLANS = [
    {
        "id": 1,
        "uid": "00000000-0000-0000-0000-000000000001",
        "trigger": "closeness",
        "with": None,
        "text": "Stay one more | minute",
        "created": "2026-11-01T10:00:00+01:00",
    },
]
CHALLENGES = [
    {"week": "2026-W44", "challenge": "phone-away", "done": True, "done_at": None, "note": ""},
    {
        "week": "2026-W46",
        "challenge": "five-more-minutes",
        "done": True,
        "done_at": "2026-11-14T20:00:00+01:00",
        "note": "Did it *twice*",
    },
]
REVIEWS = [
    {
        "week": "2026-W46",
        "created": "2026-11-16T09:00:00+01:00",
        "updated": "2026-11-16T09:00:00+01:00",
        "question": "What helped?",
        "answer": "Saying it **out loud**.",
        "note": "",
    },
]


def _render(
    entries,
    since: date,
    until: date,
    now: str = WEDNESDAY_MORNING,
    *,
    with_entries=False,
    **records,
) -> str:
    """The document of since..until seen at `now`, from these records alone."""
    document = brief.build(
        entries,
        records.get("challenges", []),
        records.get("reviews", []),
        records.get("plans", []),
        since,
        until,
        datetime.fromisoformat(now),
    )
    return "".join(exporters.markdown_chunks(document, with_entries=with_entries))


def _golden_brief(*, with_entries: bool = False) -> str:
    return _render(ENTRIES, date(2026, 11, 4), date(2026, 11, 18), with_entries=with_entries,
                   challenges=CHALLENGES, reviews=REVIEWS, plans=PLANS)  # fmt: skip


def _all_tokens(tokens):
    for token in tokens:
        yield token
        yield from _all_tokens(token.children or [])


def test_the_golden_brief():
    text = _golden_brief()
    assert text == GOLDEN.read_text(encoding="utf-8")  # the whole document, as it reads
    tokens = MD.parse(text)
    headings = [
        (t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert headings == [
        ("h1", "Journal: Wednesday 4 November 2026 to Wednesday 18 November 2026"),
        ("h2", "At a glance"),
        ("h2", "The weeks"),
        ("h2", "To talk about"),
        ("h3", "Sunday 8 November 2026, 22:00 · urge 8 · withdrew"),
        ("h3", "Monday 16 November 2026, 21:30 · urge 6 · stayed"),
        ("h2", "Patterns"),
        ("h3", "What set it off"),
        ("h3", "Lens"),
        ("h3", "What went with staying present"),
        ("h3", "Feelings"),
        ("h3", "Who it was with"),
        ("h2", "If-then plans"),
        ("h2", "Weekly challenges and reviews"),
        ("h3", "2026-W46: Monday 9 November 2026 to Sunday 15 November 2026"),
    ]
    # Tables parse as tables, every row as wide as its header (an escaped | stays in its cell).
    tables = []
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            tables[-1][-1] += 1
    assert [len(rows) - 1 for rows in tables] == [3, 5, 6, 2, 3, 1]
    assert all(len(set(rows)) == 1 for rows in tables)
    cells = [t.content for t in tokens if t.type == "inline"]
    assert "Mum|Dad" in " ".join(c.replace("\\|", "|") for c in cells)
    plan_cell = next(t for t in tokens if t.type == "inline" and "Stay one more" in t.content)
    assert (
        "".join(c.content for c in plan_cell.children) == "1. if closeness: Stay one more | minute"
    )
    # No raw HTML anywhere; user text is text.
    kinds = {t.type for t in _all_tokens(tokens)}
    assert not kinds & {"html_block", "html_inline", "link_open", "image", "em_open", "strong_open"}
    texts = ["".join(c.content for c in t.children or []) for t in tokens if t.type == "inline"]
    assert "# He said *maybe* | later" in texts
    assert "Did it *twice*" in " ".join(texts)
    # Sparklines of mean urge and stayed-present rate, one mark a week.
    sparks = [t for t in texts if SPARKS & set(t)]
    assert sparks == [
        "Mean urge, week by week (0 to 10): ▆▅▄",
        "Stayed present, week by week (0 to 100%): ▃▆▆",
    ]
    assert "## Week " not in text and "before the period" not in text and "calm morning" not in text


def test_the_full_export_adds_the_entries_after_the_brief():
    text = _golden_brief(with_entries=True)
    assert text.startswith(_golden_brief())
    rest = text[len(_golden_brief()) :]
    assert rest.startswith("\n## Week 2026-W45: Monday 2 November 2026 to Sunday 8 November 2026\n")
    assert "calm morning" in rest and "before the period" not in rest


def test_parts_without_data_are_left_out():
    calm = [_entry("11-10T08:30", 0)]
    text = _render(calm, date(2026, 11, 9), date(2026, 11, 15))
    assert re.findall(r"^#+ (.*)$", text, flags=re.M) == [
        "Journal: Monday 9 November 2026 to Sunday 15 November 2026",
        "At a glance",
        "The weeks",
        "Patterns",
        "What went with staying present",
    ]
    assert "1 entry on 1 of 7 days. No urge ratings. No responses recorded." in text
    assert "1 calm check-in (urge 0, no urge)." in text


def test_a_redacted_record_renders_what_it_is_given():
    # The redaction step may hand over entries, reviews and challenges without their text.
    bare = [
        _entry(
            "11-16T21:30",
            6,
            "closeness",
            response="stayed",
            flagged=True,
            note=None,
            with_=None,
            prompt=None,
        )
    ]
    reviews = [{**REVIEWS[0], "week": "2026-W47", "answer": None, "question": None, "note": None}]
    challenges = [{**CHALLENGES[1], "week": "2026-W47", "note": None}]
    plans = [{**PLANS[0], "text": None}]
    text = _render(bare, date(2026, 11, 16), date(2026, 11, 22), SUNDAY_NIGHT, with_entries=True,
                   challenges=challenges, reviews=reviews, plans=plans)  # fmt: skip
    assert "None" not in text
    assert "| 1. if closeness | 0 |" in text
    assert "- Reviewed, every question skipped." in text


def _clean_or_none(text: str) -> str | None:
    try:
        return clean_with(text)
    except Exception:
        return None


_CELL_TEXT = st.text(
    st.sampled_from(list("#>-+*=_`~|<>[]()!&;:.\\ 1a")) | st.characters(codec="utf-8"),
    min_size=1,
    max_size=30,
).map(_clean_or_none)


@settings(max_examples=60)
@given(_CELL_TEXT.filter(bool), _CELL_TEXT.filter(bool))
def test_a_name_or_a_plan_stays_in_its_table_cell_as_typed(name, plan):
    entry = _entry("11-16T21:30", 6, "closeness", response="stayed", with_=name)
    plans = [{**PLANS[0], "text": plan}]
    tokens = MD.parse(_render([entry], date(2026, 11, 16), date(2026, 11, 22), plans=plans))
    tables: list[list[list[str]]] = []
    inside = False
    for token in tokens:
        if token.type in ("table_open", "table_close"):
            inside = token.type == "table_open"
            tables += [[]] if inside else []
        elif inside and token.type == "tr_open":
            tables[-1].append([])
        elif inside and token.type == "inline":
            text = "".join(c.content for c in token.children or [] if c.type == "text")
            tables[-1][-1].append(text)
    first = [row[0] for table in tables for row in table if row]
    assert name in first  # who it was with
    assert f"1. if closeness: {' '.join(plan.split())}" in first  # the plan
    for table in tables:  # every row as wide as its header: no | broke out of its cell
        assert len({len(row) for row in table if row}) == 1


# --- end to end: the same figures as the terminal and JSON


@pytest.fixture
def journal(run, add) -> None:
    """Four weeks (2026-W44 to W47) with people, a plan, a done challenge and a review."""
    assert run("plan", "add", "closeness", "Stay | a minute").exit_code == 0
    for when, urge, trigger, response, person in [
        ("oct 27 20:00", "7", "closeness", "withdrew", "Sam"),
        ("nov 2 21:00", "8", "closeness", "withdrew", "Sam"),
        ("nov 4 19:00", "5", "stress", "stayed", "Mum"),
        ("nov 10 08:30", "6", "conflict", "partly", "Sam"),
        ("nov 11 20:45", "5", "closeness", "stayed", "sam"),
        ("nov 13 21:30", "4", "needs", "stayed", "Mum"),
        ("nov 17 21:30", "6", "closeness", "stayed", "Sam"),
        ("nov 19 12:30", "3", "criticism", "stayed", "team lead"),
        ("nov 21 22:00", "4", "closeness", "partly", "Sam"),
    ]:
        add(
            "-u",
            urge,
            "-t",
            trigger,
            "-r",
            response,
            "-w",
            person,
            "-e",
            "anxious",
            "-d",
            when,
            "--used-plan" if trigger == "closeness" else "--flag",
        )
    assert run("challenge", "done", "Went for a walk").exit_code == 0
    answer = ("review", "--week", "2026-W46", "--answer", "Saying *it* helped.")
    assert run(*answer).exit_code == 0


def _table(markdown: str, heading: str) -> list[list[str]]:
    part = markdown.split(f"{heading}\n\n", 1)[1]
    lines = next(line for line in part.split("\n\n") if line.startswith("| ")).splitlines()
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{round(rate * 100)}%"


def _urge(mean: float | None) -> str:
    return "-" if mean is None else f"{mean:.1f}"


def test_the_briefs_figures_are_summarys_and_trends(run, journal):
    text = run("export", "--brief").stdout
    summary = json.loads(run("summary", "--json").stdout)
    trends = json.loads(run("trends", "--weeks", "4", "--json").stdout)
    assert text.startswith("# Journal: Monday 26 October 2026 to Sunday 22 November 2026\n")
    assert (summary["since"], summary["until"]) == ("2026-10-26", "2026-11-22")
    glance = (
        f"{summary['entries']} entries on {summary['days_logged']} of {summary['days']} days. "
        f"Mean urge {_urge(summary['urge']['mean'])} (0 to 10). Stayed present "
        f"{_percent(summary['stayed_rate'])}, partly {_percent(summary['partly_rate'])}, withdrew "
        f"{_percent(summary['withdrew_rate'])} of the times a response was recorded."
    )
    assert f"\n{glance}\n" in text
    weeks = [
        [
            row["week"] + (" (in progress)" if row["in_progress"] else ""),
            str(row["entries"]),
            _urge(row["mean_urge"]),
            _percent(row["stayed_rate"]),
            _percent(row["partly_rate"]),
            "done" if row["challenge_done"] else "-",
            "yes" if row["reviewed"] else "-",
        ]
        for row in trends["weeks"]
    ]
    assert _table(text, "## The weeks") == weeks
    assert weeks[-1][-2:] == ["done", "-"] and weeks[-2][-1] == "yes"
    for heading, key in (("### What set it off", "trigger"), ("### Who it was with", "with")):
        assert _table(text, heading) == [
            [row[key], str(row["count"]), _urge(row["mean_urge"]),
             _percent(row["stayed_rate"]), _percent(row["partly_rate"])]
            for row in summary["triggers" if key == "trigger" else "with"]
        ]  # fmt: skip
    staying = _table(text, "### What went with staying present")
    assert summary["staying"] and staying == [
        [
            stats.factor_label(row),
            _percent(row["with"]["stayed_rate"]),
            str(row["with"]["n"]),
            _percent(row["without"]["stayed_rate"]),
            str(row["without"]["n"]),
            f"{round(row['difference'] * 100):+d}",
        ]
        for row in summary["staying"]
    ]
    quadrants = summary["quadrants"]
    assert _table(text, "### Feelings") == [
        ["High energy", str(quadrants["high_unpleasant"]), str(quadrants["high_pleasant"])],
        ["Low energy", str(quadrants["low_unpleasant"]), str(quadrants["low_pleasant"])],
    ]
    (plan,) = summary["plans"]
    assert _table(text, "## If-then plans") == [
        [
            "1. if closeness: Stay \\| a minute",
            str(plan["entries"]),
            str(plan["used"]),
            str(plan["not_used"]),
            _percent(plan["used_stayed_rate"]),
            _percent(plan["not_used_stayed_rate"]),
        ]
    ]
    review = json.loads(run("review", "list", "--json").stdout)[0]
    assert f"- Question: {review['question']}\n- Answer: Saying \\*it\\* helped.\n" in text
    # The terminal shows the same: its sparklines (the week in progress set apart by a space)
    # and its rows.
    terminal = run("trends", "--weeks", "4").stdout
    for label, key, scale in (("mean urge", "mean_urge", 10), ("stayed present", "stayed_rate", 1)):
        shown = re.search(rf"^{label} +(.*)$", terminal, flags=re.M)[1].replace(" ", "")
        assert shown == stats.sparkline([row[key] for row in trends["weeks"]], scale)
        assert f": {shown}\n" in text
    terminal = run("summary").stdout
    for row in _table(text, "### What set it off") + _table(text, "### Who it was with"):
        assert re.search(r"^" + r" +".join(map(re.escape, row)), terminal, flags=re.M), row
    flagged = re.findall(
        r"^### (.*)$", text.split("## To talk about", 1)[1].split("\n## ")[0], flags=re.M
    )
    assert flagged == [
        "Wednesday 4 November 2026, 19:00 · urge 5 · stayed",
        "Tuesday 10 November 2026, 08:30 · urge 6 · partly",
        "Friday 13 November 2026, 21:30 · urge 4 · stayed",
        "Thursday 19 November 2026, 12:30 · urge 3 · stayed",
    ]
    assert "\n## Week " not in text


# --- the period and its weeks under two clocks


def _week_rows(markdown: str) -> dict[str, str]:
    return {row[0]: row[1] for row in _table(markdown, "## The weeks")}


def _add_on(run, *days: str) -> None:
    """An entry on each day (the clock of the latest one, so none is in the future)."""
    for day in days:
        added = run("add", "-u", "5", "-t", "stress", "-r", "stayed", "-d", day,
                    JOURNAL_NOW=SUNDAY_NIGHT)  # fmt: skip
        assert added.exit_code == 0, added.output


def test_on_a_sunday_night_the_last_28_days_are_four_whole_weeks(run):
    # oct 25 is a day too early; nov 22 23:10 is an hour before the clock.
    _add_on(run, "oct 25 23:59", "oct 26 00:05", "nov 22 23:10")
    text = run("export", "--brief", JOURNAL_NOW=SUNDAY_NIGHT).stdout
    assert text.startswith("# Journal: Monday 26 October 2026 to Sunday 22 November 2026\n")
    assert _week_rows(text) == {
        "2026-W44": "1",
        "2026-W45": "0",
        "2026-W46": "0",
        "2026-W47 (in progress)": "1",
    }
    assert "Partial:" not in text and "In progress: this week" in text
    assert "2 entries on 2 of 28 days." in text


def test_on_a_wednesday_morning_the_weeks_at_either_end_are_partial(run):
    # oct 21 is a day too early, oct 19 in the same week and out, nov 19 after the period.
    _add_on(run, "oct 21 22:00", "oct 22 07:00", "oct 19 09:00", "nov 18 07:30", "nov 19 07:30")
    text = run("export", "--brief", JOURNAL_NOW=WEDNESDAY_MORNING).stdout
    assert text.startswith("# Journal: Thursday 22 October 2026 to Wednesday 18 November 2026\n")
    assert _week_rows(text) == {
        "2026-W43 (partial)": "1",
        "2026-W44": "0",
        "2026-W45": "0",
        "2026-W46": "0",
        "2026-W47 (partial, in progress)": "1",
    }
    assert "Partial: the period covers only some days of that week" in text
    # --since/--until say otherwise; the whole export of the same days has the same weeks.
    text = run(
        "export", "--brief", "--since", "oct 19", "--until", "oct 21", JOURNAL_NOW=WEDNESDAY_MORNING
    ).stdout
    assert _week_rows(text) == {"2026-W43 (partial)": "2"}
    whole = run("export", "--since", "oct 19", "--until", "oct 21", JOURNAL_NOW=WEDNESDAY_MORNING)
    assert whole.stdout.startswith(text) and "\n## Week 2026-W43: " in whole.stdout


@pytest.mark.parametrize("format_", ["json", "csv"])
def test_brief_is_markdown_only(run, add, format_):
    add("-u", "5", "-t", "stress", "-r", "stayed")
    result = run("export", "--brief", "--format", format_)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"journal: error: --brief is a Markdown brief; it does not go with --format {format_}\n"
    )
