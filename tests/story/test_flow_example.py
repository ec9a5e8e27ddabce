"""scenes/examples/flow-reklamation: every flow feature of the guide in one pack (issue 24),
clean under check --strict, fully reached by story-test; its walkthroughs are tested
with every example pack's in test_example_walkthroughs.py."""

from __future__ import annotations

import pytest

from kaufhaus.game import Game
from kaufhaus.story.check import check_pack
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import RETURN, Story
from kaufhaus.storytest import facade_api, format_report, probe_pack, quicktest
from tests.story.helpers import ROOT

PACK = ROOT / "scenes" / "examples" / "flow-reklamation"


@pytest.fixture(scope="module")
def story() -> Story:
    return load_pack(PACK)


def test_the_pack_uses_every_flow_feature(story: Story) -> None:
    scenes = list(story.scenes.values())
    choices = [c for s in scenes for c in s.choices]
    sources = " ".join(
        t.source(lang)
        for s in scenes
        for t in [s.text, *(c.reply for c in s.choices if c.reply), *(i.text for i in s.items)]
        for lang in story.languages
    )
    assert any(s.on_enter for s in scenes) and any(s.divert for s in scenes)
    assert any(c.selectable and c.why_not for c in choices)
    assert any(c.tunnel for c in choices) and any(c.goto == RETURN for c in choices)
    assert all(f"{name}(" in sources for name in ("seq", "once", "cycle", "shuffle"))
    assert any(
        a.expr and "roll(" in a.expr.source for s in scenes for i in s.items for a in i.state.set
    )
    assert any(c.once for c in choices) and story.back == "undo"
    assert any(s.choices_from for s in scenes) and story.only_offered == {"auswege"}
    assert {"de", "en"} == set(story.languages)


def test_check_strict_finds_nothing() -> None:
    _story, problems = check_pack(PACK, probe_pack, facade_api())
    assert [p.format() for p in problems] == []  # no errors, no warnings (--strict)


def test_story_test_reaches_everything(story: Story) -> None:
    report = quicktest(story)
    assert report.ok, format_report(report)


def test_shuffle_and_roll_are_the_same_in_both_languages(story: Story) -> None:
    heard = []
    for lang in story.languages:
        game = Game(story, seed=4, lang=lang)
        game.start(0.0, {})
        game.examine("automat", 1.0)
        game.choose("hotline", 2.0)
        for t in range(3, 9):
            game.choose("weiter", float(t))
        music = {"Vivaldi": 0, "Panflöte": 1, "pan flute": 1, "Jingle": 2, "jingle": 2}
        heard.append((game.state["nummer"], [v for k, v in music.items() if k in game.view().text]))
    assert heard[0] == heard[1]
