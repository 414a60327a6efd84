"""Issue 13, fidelity to the articles: the drifts corrected, readings that name their article,
the weekly advice of step 1, and (below) the origins and healing topics and the reframe."""

from __future__ import annotations

from journalcli import content


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_psychological_impact_of_each_pattern_says_what_the_comparison_table_says():
    patterns = content.patterns()
    dismissive = dict(patterns["dismissive"].aspects)
    defensive = dict(patterns["defensive"].aspects)
    assert "isolated" in dismissive["psychological-impact"]
    assert "unstable" in defensive["psychological-impact"]
    assert "withdrawing emotionally" in defensive["psychological-impact"]


def test_defensive_distancing_holds_feelings_back_to_keep_closeness_away():
    expression = dict(content.patterns()["defensive"].aspects)["emotional-expression"]
    assert "on purpose to keep closeness away" in expression


def test_the_avoidant_style_lists_self_esteem_and_identity():
    avoidant = next(s for s in content.styles() if s.key == "avoidant")
    assert any("think" in sign.lower() and "who you are" in sign for sign in avoidant.signs)


def test_every_reading_that_cites_an_article_names_which_one():
    for key, item in content.load("readings").items():
        text = _flat(item["text"])
        assert "The article" not in text and "the article" not in text, key
        if "article" in text:
            assert "comparison article (dismissive attachment vs. defensive distancing)" in text


def test_step_one_points_the_weekly_look_back_to_review_and_summary():
    actions = " ".join(content.steps()[0].actions)
    assert "`journal review`" in actions and "`journal summary`" in actions
    assert "guide triggers" not in actions


# --- origins, healing and the reframe

DISCLAIMER = "Reflection aid, not therapy or diagnosis. In a crisis: local emergency services."


def _view(run, *args: str) -> str:
    """Exit 0, nothing wider than 80 columns, the disclaimer last; the text joined back up."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert max(len(line) for line in lines) <= 80
    assert lines[-1] == DISCLAIMER
    return _flat(result.stdout)


REFRAME = (
    "Keeping distance is not a sign that you do not want closeness. More often it is a fear, "
    "learned early, that closeness is not safe. And these styles are not set in stone."
)


def test_the_reframe_is_one_notice_shown_on_styles_and_origins():
    assert _flat(content.notice("reframe")) == REFRAME


def test_guide_styles_opens_with_patterns_not_labels_and_the_reframe(run):
    text = _view(run, "guide", "styles")
    assert text.startswith(
        "Insecure attachment styles Patterns, not labels; they can change. " + REFRAME
    )


def test_guide_origins_covers_each_root_the_articles_name_and_the_reframe(run):
    text = _view(run, "guide", "origins")
    assert text.startswith("Where the patterns come from " + REFRAME)
    # caregivers emotionally unavailable or distant
    assert "unavailable, emotionally far away" in text
    # each of the four early experiences of the avoidant-attachment article, named as its source
    assert '"Understanding and Managing Avoidant Insecure Attachment" names four kinds' in text
    for words in (
        "showing them was discouraged, or seen as weak",  # emotionally distant parenting
        "praised for needing little",  # high expectations of independence
        "a separation, a death, long times apart",  # loss or instability
        "adults who kept their own distance, and picking up their way",  # modelling
    ):
        assert words in text, words
    # self-reliance that looks like maturity while working as a defence
    assert "look grown-up and strong from the outside" in text and "shield" in text
    # the comparison article's roots of defensive distancing
    assert "unpredictable or ended in rejection" in text
    assert "Dismissive attachment vs. defensive distancing" in text
    # understanding, never blame
    assert "not about blame" in text and "None of this is anyone's fault" in text


def test_origins_name_four_kinds_of_early_experience():
    experiences = next(o for o in content.origins() if o.key == "experiences")
    assert len(experiences.points) == 4


HEALING = {
    "self-awareness": "Self-awareness",
    "vulnerability": "vulnerability",
    "mindfulness": "Mindfulness",
    "regulation": "Emotional regulation",
    "communication": "Consistent communication",
    "empathy": "Empathy",
    "boundaries": "closeness grow gradually",
    "therapy": "Therapy",
}


def test_guide_healing_has_each_way_of_the_comparison_article_with_a_try_and_a_command(run):
    text = _view(run, "guide", "healing")
    ways = content.healing()
    assert {way.key for way in ways} == set(HEALING)
    for way in ways:
        assert HEALING[way.key] in way.title
        assert _flat(f"Try: {way.try_}") in text and f"In the journal: {way.command}" in text
    assert "cognitive-behavioural therapy" in text and "emotion-focused therapy" in text


def test_every_healing_command_is_a_real_journal_command(run):
    from journalcli.cli import COMMANDS

    for way in content.healing():
        words = way.command.split()
        assert words[0] == "journal" and words[1] in COMMANDS, way.command
        assert run(*words[1:], "--help").exit_code == 0, way.command


def test_the_guide_lists_origins_and_healing_and_the_views_cross_link(run):
    text = _view(run, "guide")
    assert "origins " in text and "healing " in text
    assert "journal guide healing" in _view(run, "guide", "origins")
    assert "journal guide origins" in _view(run, "guide", "healing")


def test_an_empty_journal_hints_the_reframe_too(run):
    for args in (("list",), ("summary",)):
        text = _flat(run(*args).stdout)
        assert text.startswith("No entries yet. Record the first one with:")
        assert "early-learned fear that closeness is not safe" in text
        assert "can change" in text


def _readme_block(command: str) -> list[str]:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"$ {command}\n") + len(command) + 3
    return readme[start : readme.index("```", start)].rstrip("\n").splitlines()


def test_the_readme_shows_origins_healing_and_step_one_as_they_print(run):
    for command in ("journal guide origins", "journal guide healing", "journal steps 1"):
        printed = [line.rstrip() for line in run(*command.split()[1:]).stdout.splitlines()]
        assert _readme_block(command) == printed, command
