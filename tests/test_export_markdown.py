"""Markdown export: structure by week and day, the summary's numbers, and escaping checked on
the token stream of a real CommonMark parser (plus GFM tables and strikethrough)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from journalcli import brief, exporters
from journalcli.model import Entry

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

NASTY = [
    "# heading?",
    "## also not",
    "> quoted?",
    "- a list?",
    "+ a list?",
    "* a list?",
    "1. ordered?",
    "2) ordered?",
    "a | table | row\n---|---|---\nb | c | d",
    "<script>alert(1)</script>",
    "<div>\nblock html\n</div>",
    "[x](http://e)",
    "![i](x)",
    "<http://autolink.example>",
    "[ref]: http://e",
    "`code` and ``more``",
    "```\nfenced\n```",
    "~~~\nfenced\n~~~",
    "~~struck~~",
    "---",
    "***",
    "___",
    "*em* **strong** _em_ __strong__",
    "title\n===",
    "title\n---",
    "    indented code",
    "\tindented by a tab",
    "trailing spaces   \nnext line",
    "back\\slash at the end\\",
    "&amp; &#65; &copy;",
    "first paragraph\n\n\n\nsecond after blank lines",
    "Zoë 家族 🙃 -> fine",
]
INLINE_OK = {"text", "hardbreak"}


def _paragraph_text(markdown: str) -> list[str]:
    """The plain text of each paragraph; fails on any token other than a paragraph of text."""
    tokens = MD.parse(markdown)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"] * (
        len(tokens) // 3
    ), markdown
    texts = []
    for token in tokens[1::3]:
        children = token.children or []
        assert {child.type for child in children} <= INLINE_OK, (markdown, children)
        texts.append(_text(token))
    return texts


def _text(inline) -> str:
    return "".join("\n" if c.type == "hardbreak" else c.content for c in inline.children or [])


def _expected(text: str) -> list[str]:
    """What a reader should see: the lines as typed, trimmed, blank lines between paragraphs."""
    blocks = re.split(r"\n\s*\n", "\n".join(line.strip() for line in text.splitlines()))
    return [block.strip("\n") for block in blocks if block.strip()]


@pytest.mark.parametrize("note", NASTY)
def test_user_text_renders_as_the_plain_text_typed(note):
    assert _paragraph_text("\n\n".join(exporters.paragraphs(note))) == _expected(note)


_MARKDOWN_HEAVY = st.sampled_from(list("#>-+*=_`~|<>[]()!&;:.\\ 1\n\t")) | st.characters(
    blacklist_categories=("Cc", "Cs")
)


@given(st.text(_MARKDOWN_HEAVY, max_size=60))
def test_any_text_renders_as_plain_paragraphs(note):
    assert _paragraph_text("\n\n".join(exporters.paragraphs(note))) == _expected(note)


@given(st.text(_MARKDOWN_HEAVY.filter(lambda c: c not in "\n\t"), max_size=40))
def test_inline_text_stays_text(value):
    tokens = MD.parse(f"- With: {exporters.escape_inline(value)}")
    inline = next(t for t in tokens if t.type == "inline")
    assert {child.type for child in inline.children or []} <= {"text"}
    assert "".join(c.content for c in inline.children or []) == f"With: {value}".strip()


def test_escaping_is_minimal_so_the_raw_file_reads_well():
    assert exporters.paragraphs("I said: it's fine. (It wasn't.) 3 + 4 = 7!") == [
        "I said: it's fine. (It wasn't.) 3 + 4 = 7!"
    ]
    assert exporters.paragraphs("Sam & me\nline two") == ["Sam & me\\\nline two"]


def _entry(when: str, note: str = "", **fields) -> Entry:
    values = {"urge": 5, "triggers": ("closeness",), "response": "stayed"} | fields
    return Entry(when=datetime.fromisoformat(when), note=note, **values)


NOW = datetime.fromisoformat("2026-11-22T18:30:00+01:00")


def _markdown(entries, since: date, until: date) -> str:
    """The whole export of since..until, through the brief's core as the command does."""
    document = brief.build(entries, [], [], [], since, until, NOW)
    return "".join(exporters.markdown_chunks(document))


def _entries_part(markdown: str) -> str:
    """Part 6, the entries by week and day (the parts before it have their own tests)."""
    return markdown[markdown.index("\n## Week ") + 1 :]


def _headings(markdown: str) -> list[tuple[str, str]]:
    tokens = MD.parse(markdown)
    return [
        (token.tag, tokens[i + 1].content)
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def test_entries_grouped_by_week_and_day_oldest_first():
    entries = [
        _entry("2026-11-23T07:00:00+01:00", "next week"),
        _entry("2026-11-22T23:50:00+01:00", "sunday late"),
        _entry("2026-11-22T08:00:00+01:00", "sunday early"),
        _entry("2026-11-16T00:10:00+01:00", "monday just after midnight"),
    ]
    text = _markdown(entries, date(2026, 11, 16), date(2026, 11, 23))
    assert _headings(text)[0] == (
        "h1",
        "Journal: Monday 16 November 2026 to Monday 23 November 2026",
    )
    text = _entries_part(text)
    assert _headings(text) == [
        ("h2", "Week 2026-W47: Monday 16 November 2026 to Sunday 22 November 2026"),
        ("h3", "Monday 16 November 2026"),
        ("h4", "00:10 · urge 5 · stayed"),
        ("h3", "Sunday 22 November 2026"),
        ("h4", "08:00 · urge 5 · stayed"),
        ("h4", "23:50 · urge 5 · stayed"),
        ("h2", "Week 2026-W48: Monday 23 November 2026 to Sunday 29 November 2026"),
        ("h3", "Monday 23 November 2026"),
        ("h4", "07:00 · urge 5 · stayed"),
    ]
    notes = [line for line in text.splitlines() if "sunday" in line or "week" in line]
    assert notes == ["sunday early", "sunday late", "next week"]


def test_the_day_is_the_entrys_own_local_day():
    # 23:30 in New York is already the next day in Europe; the entry keeps its own day.
    entry = _entry("2026-11-17T23:30:00-05:00", "abroad")
    text = _entries_part(_markdown([entry], date(2026, 11, 16), date(2026, 11, 22)))
    assert ("h3", "Tuesday 17 November 2026") in _headings(text)
    assert ("h4", "23:30 · urge 5 · stayed") in _headings(text)


def test_every_field_is_shown_and_escaped():
    entry = _entry(
        "2026-11-18T08:15:00+01:00",
        "# not a heading\n\n[x](http://e)",
        triggers=("closeness", "needs"),
        response="partly",
        with_="*Sam* <b>",
        behaviors=("silence",),
        emotions=("scared", "`tight`"),
        tags=("#work", "a|b"),
        prompt={"question": "What did you need?", "answer": "- space\n\n> then you"},
    )
    text = _entries_part(_markdown([entry], date(2026, 11, 16), date(2026, 11, 22)))
    tokens = MD.parse(text)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert kinds <= {
        "heading_open",
        "heading_close",
        "paragraph_open",
        "paragraph_close",
        "inline",
        "text",
        "hardbreak",
        "bullet_list_open",
        "bullet_list_close",
        "list_item_open",
        "list_item_close",
    }
    items = [_text(tokens[i + 2]) for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert items[-7:] == [
        "Triggers: closeness, needs",
        "With: *Sam* <b>",
        "Behaviors: silence",
        "Emotions: scared, `tight`",
        "Tags: #work, a|b",
        "Prompt: What did you need?",
        "Answer: - space",
    ]
    assert "> then you" in [_text(t) for t in tokens if t.type == "inline"]
    notes = [
        _text(tokens[i + 1])
        for i, t in enumerate(tokens)
        if t.type == "paragraph_open" and t.level == 0
    ]
    assert notes[-2:] == ["# not a heading", "[x](http://e)"]


def test_unrated_entries_read_plainly():
    entry = Entry(when=datetime.fromisoformat("2026-11-02T19:45:00+01:00"), urge=None, note="x")
    text = _entries_part(_markdown([entry], date(2026, 11, 2), date(2026, 11, 8)))
    assert ("h4", "19:45") in _headings(text)


def test_an_empty_period_says_so():
    text = _markdown([], date(2026, 11, 16), date(2026, 11, 22))
    # Each part only when it has data: the title, the glance and part 6 say so, nothing else.
    assert [heading for _, heading in _headings(text)] == [
        "Journal: Monday 16 November 2026 to Sunday 22 November 2026",
        "At a glance",
    ]
    assert text.count("No entries in this period.") == 2


# --- end to end: the summary block carries `journal summary`'s numbers


def _glance(markdown: str) -> str:
    return markdown.split("## At a glance\n\n", 1)[1].split("\n", 1)[0]


def _rows(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the table under `heading`, as text."""
    part = markdown.split(f"{heading}\n\n", 1)[1].split("\n\n", 1)[0]
    return [
        [cell.strip() for cell in line.strip("|").split(" | ")] for line in part.splitlines()[2:]
    ]


def test_export_summary_matches_journal_summary(run, add):
    add("-u", "7", "-t", "closeness", "-t", "needs", "-r", "withdrew", "-d", "nov 10 21:00")
    add("-u", "4", "-t", "conflict", "-r", "stayed", "-d", "nov 12 08:00")
    add("-u", "6", "-t", "closeness", "-r", "stayed", "-d", "nov 20 19:00")
    add("-u", "3", "-t", "criticism", "-r", "partly", "-d", "nov 1 12:00")  # outside
    result = run("export", "--since", "nov 9", "--until", "nov 22")
    assert result.exit_code == 0, result.output
    summary = json.loads(run("summary", "--since", "nov 9", "--until", "nov 22", "--json").output)
    assert (summary["entries"], summary["days_logged"], summary["days"]) == (3, 3, 14)
    assert f"{summary['urge']['mean']:.1f}" == "5.7"
    assert _glance(result.stdout) == (
        "3 entries on 3 of 14 days. Mean urge 5.7 (0 to 10). Stayed present 67%, partly 0%, "
        "withdrew 33% of the times a response was recorded."
    )
    triggers = [(row[0], int(row[1])) for row in _rows(result.stdout, "### What set it off")]
    assert triggers == [(row["trigger"], row["count"]) for row in summary["triggers"]]
    assert triggers == [("closeness", 2), ("conflict", 1), ("needs", 1)]
    lens = summary["lens"]
    assert (
        f"Share of all triggers recorded: closeness {round(lens['closeness'] * 100)}%, "
        f"threat {round(lens['threat'] * 100)}%, other {round(lens['other'] * 100)}%."
    ) in result.stdout
    assert "# Journal: Monday 9 November 2026 to Sunday 22 November 2026" in result.stdout
    assert "nov 1" not in result.stdout and "Sunday 1 November" not in result.stdout


def test_default_period_is_first_entry_to_today(run, add):
    add("-u", "5", "-t", "closeness", "-r", "stayed", "-d", "2026-10-05 09:00")
    result = run("export")
    assert result.stdout.startswith("# Journal: Monday 5 October 2026 to Sunday 22 November 2026\n")
    assert _glance(result.stdout).startswith("1 entry on 1 of 49 days.")


def test_empty_journal_exports_an_empty_document(run):
    result = run("export")
    assert result.exit_code == 0
    assert "No entries in this period." in result.stdout


@given(st.lists(st.lists(st.sampled_from(["", "a", "b c", "\n"]), max_size=4), max_size=6))
def test_the_document_made_in_pieces_equals_it_made_at_once(blocks):
    every_line = [line for block in blocks for line in block]
    expected = "\n".join(every_line).rstrip("\n") + "\n"
    assert "".join(exporters._lines_out(blocks)) == expected
