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
