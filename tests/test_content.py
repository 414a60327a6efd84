"""The data under prompts/: every file loads and validates, the keys the code relies on exist,
user files override built-in ones, a malformed file gets a clear one-line error, and no text is
copied from the seed articles."""

from __future__ import annotations

import hashlib
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journalcli import content
from journalcli.errors import ContentError

ROOT = Path(__file__).resolve().parents[1]
PROMPTS = ROOT / "prompts"
SEEDS = ROOT.parent / "shared" / "seeds"
# sha256 prefixes of every run of 12 words in the seed articles (normalised as in _words), so
# the check runs without the articles themselves; kept in sync with them when they are present.
SHINGLES = Path(__file__).with_name("fixtures") / "seed_12_word_runs.txt"
RUN = 12

# The keys the foundation (entries, README, completion) uses, with the trigger groups of issue 3.
TRIGGER_GROUPS = {
    "closeness": "closeness",
    "vulnerability": "closeness",
    "needs": "closeness",
    "commitment": "closeness",
    "conflict": "threat",
    "criticism": "threat",
    "stress": "threat",
    "rejection": "threat",
    "abandonment": "threat",
    "annoyance": "other",
    "other": "other",
}
BEHAVIORS = [
    "topic-change",
    "superficial",
    "silence",
    "left",
    "no-eye-contact",
    "ignored-message",
    "busy",
    "shut-down",
    "ended-it",
    "other",
]


def _files() -> list[Path]:
    return sorted(PROMPTS.glob("*.toml"))


# --- every built-in file


def test_every_builtin_file_is_a_known_kind_named_after_its_file():
    kinds = {path.stem: tomllib.loads(path.read_text())["meta"]["kind"] for path in _files()}
    assert kinds == {kind: kind for kind in content.SCHEMA}


@pytest.mark.parametrize("kind", list(content.SCHEMA))
def test_every_kind_loads_and_validates(kind):
    assert content.load(kind)


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_every_file_names_the_articles_it_draws_on(path):
    sources = tomllib.loads(path.read_text())["meta"]["source"]
    known = {"000_6a9a5b5723e37618", "001_11dde143a0767dd8"}
    if path.name == "safety.toml":  # the signpost draws on no article: our own words
        assert sources == ["own-words"]
        return
    assert sources and set(sources) <= known
    if SEEDS.is_dir():
        assert all((SEEDS / f"{source}.txt").is_file() for source in sources)


def test_trigger_and_behavior_keys_the_foundation_uses_exist_with_their_groups():
    triggers = content.triggers()
    assert {key: t.group for key, t in triggers.items()} == TRIGGER_GROUPS
    assert list(triggers) == content.trigger_keys() == list(TRIGGER_GROUPS)
    assert all(t.challenge and t.description for t in triggers.values())
    assert content.behavior_keys() == BEHAVIORS


def test_steps_are_the_four_of_the_article_with_two_to_four_actions():
    steps = content.steps()
    assert [s.key for s in steps] == list(content.REQUIRED_IDS["steps"])
    assert [s.title for s in steps] == [
        "Track your triggers",
        "Practise self-reflection",
        "Challenge your instincts",
        "Work with a professional",
    ]
    assert all(2 <= len(s.actions) <= 4 for s in steps)
    questions = " ".join(steps[0].questions).lower()
    assert "pull away" in questions and "close" in questions and "vulnerable" in questions
    study = content.notice("study")
    assert "six weeks" not in study and "2020 study that suggested" in study
    assert "Hudson, Chopik, Briley" in study and "15 weeks" in study


def test_patterns_compare_all_seven_aspects_and_list_signs():
    patterns = content.patterns()
    assert list(patterns) == ["dismissive", "defensive"]
    for pattern in patterns.values():
        assert [aspect for aspect, _ in pattern.aspects] == list(content.ASPECTS)
        assert all(text.strip() for _, text in pattern.aspects)
        assert len(pattern.signs) >= 3
    assert [content.aspect_label(a) for a in content.ASPECTS] == [
        "Definition",
        "Core motivation",
        "Emotional expression",
        "Relationship behavior",
        "Common triggers",
        "Psychological impact",
        "Examples",
    ]


def test_styles_are_the_three_insecure_ones_with_signs_of_the_avoidant_style():
    styles = {s.key: s for s in content.styles()}
    assert list(styles) == ["anxious", "avoidant", "disorganized"]
    assert len(styles["avoidant"].signs) >= 5


def test_emotions_are_about_seventy_words_on_both_axes():
    emotions = content.emotions()
    assert 60 <= len(emotions) <= 80
    named = {"overwhelmed", "safe", "connected", "rejected", "defensive", "tense", "numb"}
    assert named <= {e.word for e in emotions}
    assert len({e.word for e in emotions}) == len(emotions)
    corners = {(e.energy > 0, e.pleasantness > 0) for e in emotions if e.energy and e.pleasantness}
    assert corners == {(True, True), (True, False), (False, True), (False, False)}


def test_reflection_has_thirty_questions_covering_every_tag():
    questions = content.questions()
    assert len(questions) >= 30
    assert len({q.text for q in questions}) == len(questions)
    for fit in content.REFLECTION_FITS:
        assert sum(fit in q.fits for q in questions) >= 3, fit


def test_challenges_are_twenty_small_acts_of_every_focus():
    challenges = content.challenges()
    assert len(challenges) >= 20
    assert {c.focus for c in challenges.values()} == set(content.CHALLENGE_FOCUS)


def test_disclaimer_is_data_and_fits_one_line_at_80_columns():
    text = content.notice("disclaimer")
    assert "not therapy" in text and "diagnosis" in text and "emergency" in text
    assert len(text) <= 80


# --- no copied text


def _words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("'", "")
    return re.sub(r"[^a-z0-9]+", " ", text).split()


def _runs(words: list[str]) -> dict[str, str]:
    """sha256 prefix -> the run of RUN words it stands for."""
    runs = (" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1))
    return {hashlib.sha256(run.encode()).hexdigest()[:16]: run for run in runs}


def _seed_runs() -> set[str]:
    return set(SHINGLES.read_text().split())


def _copied(text: str) -> list[str]:
    seeds = _seed_runs()
    return sorted(run for digest, run in _runs(_words(text)).items() if digest in seeds)


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_no_run_of_twelve_words_from_the_articles_appears_in_prompts(path):
    assert _copied(path.read_text(encoding="utf-8")) == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the checkout")
def test_the_copy_check_matches_the_articles_and_catches_a_copied_sentence():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    digests = set().union(*(_runs(_words(text)) for text in texts))
    assert digests == _seed_runs(), "regenerate tests/fixtures/seed_12_word_runs.txt"
    sentence = " ".join(_words(texts[1])[300:315])
    assert _copied(f'text = "{sentence.upper()}!"')


# --- user files


def _user_file(name: str, body: str) -> Path:
    folder = content.user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    content.load.cache_clear()
    return path


def test_user_dir_comes_from_journal_config_dir(tmp_path):
    assert content.user_dir() == tmp_path / "config" / "prompts"


def test_a_user_item_with_the_same_id_overrides_and_new_ids_are_added():
    _user_file(
        "mine.toml",
        """
[meta]
kind = "triggers"

[items.closeness]
description = "My own words."
group = "closeness"
challenge = "Stay for the whole film."

[items.in-laws]
description = "Visiting the in-laws."
group = "threat"
challenge = "Take a walk with one of them."
""",
    )
    triggers = content.triggers()
    assert triggers["closeness"].challenge == "Stay for the whole film."
    keys = list(triggers)
    assert (keys[0], keys[-1]) == ("closeness", "in-laws")  # an override keeps its place
    assert content.load("behaviors") and len(content.triggers()) == 12


def test_user_files_of_other_kinds_are_left_to_their_kind():
    _user_file(
        "questions.toml",
        """
[meta]
kind = "reflection"

[items.my-question]
question = "What did I want to say?"
fits = ["withdrew"]
""",
    )
    assert "my-question" in {q.key for q in content.questions()}
    assert list(content.triggers()) == list(TRIGGER_GROUPS)


MALFORMED = [
    ("not toml [", "not valid TOML"),
    ("[items.x]\ntext = 'a'\n", "missing [meta] table"),
    ("[meta]\nkind = 'triggerz'\n", "meta.kind 'triggerz' is not one of"),
    ("[meta]\nkind = 'triggers'\n", "missing [items.<id>] tables"),
    ("[meta]\nkind = 'notices'\nitems = 3\n", "missing [items.<id>] tables"),
    ("[meta]\nkind = 'notices'\n[items]\nnudge = 'hi'\n", "items.nudge must be a table"),
    ("[meta]\nkind = 'notices'\n[items.Bad_Id]\ntext = 'x'\n", "items.Bad_Id: an id uses"),
    ("[meta]\nkind = 'notices'\n[items.nudge]\n", "items.nudge.text is missing"),
    ("[meta]\nkind = 'notices'\n[items.nudge]\ntext = ' '\n", "items.nudge.text must be non-empty"),
    ("[meta]\nkind = 'notices'\n[items.nudge]\ntext = 3\n", "items.nudge.text must be non-empty"),
    (
        "[meta]\nkind = 'notices'\n[items.nudge]\ntext = 'x'\ntxet = 'y'\n",
        "items.nudge.txet is not a known field",
    ),
    (
        "[meta]\nkind = 'triggers'\n[items.x]\n"
        "description = 'd'\ngroup = 'fear'\nchallenge = 'c'\n",
        "items.x.group has 'fear'; use one of closeness, threat, other",
    ),
    (
        "[meta]\nkind = 'emotions'\n[items]\nglad = { energy = 3, pleasantness = 1 }\n",
        "items.glad.energy must be a whole number from -2 to 2",
    ),
    (
        "[meta]\nkind = 'emotions'\n[items]\nglad = { energy = true, pleasantness = 1 }\n",
        "items.glad.energy must be a whole number",
    ),
    (
        "[meta]\nkind = 'reflection'\n[items.q]\nquestion = 'Why?'\nfits = 'any'\n",
        "items.q.fits must be a list",
    ),
    (
        "[meta]\nkind = 'reflection'\n[items.q]\nquestion = 'Why?'\nfits = ['daily']\n",
        "items.q.fits has 'daily'",
    ),
    (
        "[meta]\nkind = 'steps'\n[items.s]\ntitle = 't'\nsummary = 's'\nactions = ['only one']\n",
        "items.s.actions must be a list of 2 to 4 texts",
    ),
]


@pytest.mark.parametrize(("body", "message"), MALFORMED)
def test_a_malformed_user_file_gets_an_error_naming_file_and_key(body, message):
    path = _user_file("broken.toml", body)
    kind = re.search(r"kind = '(\w+)'", body)
    with pytest.raises(ContentError) as caught:
        content.load(kind.group(1) if kind and kind.group(1) in content.SCHEMA else "notices")
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_malformed_user_file_is_one_line_on_stderr_and_exit_4(run, db_path):
    path = _user_file("broken.toml", "[meta]\nkind = 'triggers'\n[items.x]\ngroup = 'threat'\n")
    result = run("add", "-u", "5", "-t", "stress", "fine")
    assert result.exit_code == 4
    assert result.stderr == f"journal: error: {path}: items.x.description is missing\n"
    assert not db_path.exists()
    assert run("guide", "triggers").exit_code == 4


@pytest.fixture
def builtin_copy(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "builtin"
    shutil.copytree(PROMPTS, folder)
    monkeypatch.setattr(content, "builtin_dir", lambda: folder)
    return folder


def test_a_malformed_builtin_file_gets_the_same_clear_error(builtin_copy, run):
    path = builtin_copy / "steps.toml"
    path.write_text(path.read_text().replace('title = "Track your triggers"', "title = 1"))
    with pytest.raises(ContentError, match=rf"^{re.escape(str(path))}: items.track-triggers.title"):
        content.steps()
    result = run("steps")
    assert result.exit_code == 4 and "items.track-triggers.title" in result.stderr


@pytest.mark.parametrize(
    ("kind", "old", "new", "message"),
    [
        ("patterns", "[items.defensive]", "[items.protective]", "items.defensive is missing"),
        ("patterns", 'examples = "Going quiet', 'example = "Going quiet', "is not a known field"),
        ("notices", "[items.disclaimer]", "[items.small-print]", "items.disclaimer is missing"),
        ("challenges", 'kind = "challenges"', 'kind = "notices"', 'meta.kind must be "challenges"'),
        ("steps", "source = [", "sources = [", "meta.source must list the article"),
    ],
)
def test_builtin_files_must_keep_their_ids_kind_and_source(builtin_copy, kind, old, new, message):
    path = builtin_copy / f"{kind}.toml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(ContentError, match=re.escape(message)):
        content.load(kind)


def test_a_missing_builtin_file_says_so(builtin_copy):
    (builtin_copy / "emotions.toml").unlink()
    with pytest.raises(ContentError, match=r"emotions\.toml: built-in prompt file is missing"):
        content.emotions()


toml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(list(content.SCHEMA)),
    items=st.dictionaries(
        st.sampled_from(["a", "b-2", "Bad", ""]),
        st.dictionaries(
            st.sampled_from(["text", "title", "summary", "actions", "fits", "energy", "group"])
            | st.text(max_size=6),
            toml_values,
            max_size=4,
        )
        | toml_values,
        max_size=3,
    ),
)
def test_any_items_either_validate_or_raise_content_error(kind, items):
    try:
        content._validate(Path("x.toml"), kind, {"items": items})
    except ContentError as exc:
        assert str(exc).startswith("x.toml: ")


def test_every_trigger_has_a_few_words_for_the_menu_and_a_users_own_may_leave_them_out(tmp_path):
    from journalcli import content

    for trigger in content.triggers().values():
        assert trigger.short and len(trigger.short) <= 40, trigger.key
    folder = tmp_path / "config" / "prompts"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(
        '[meta]\nkind = "triggers"\n\n[items.my-own]\ndescription = "Mine, at length."\n'
        'group = "other"\nchallenge = "Try."\n',
        encoding="utf-8",
    )
    content.load.cache_clear()
    assert content.triggers()["my-own"].short == "Mine, at length."
