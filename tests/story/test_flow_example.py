"""scenes/examples/flow-reklamation: every flow feature of the guide in one pack (issue 24),
clean under check --strict, fully reached by story-test, and a walkthrough per feature
that asserts what a player sees (undo included) and fails when the story changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.game import Game
from kaufhaus.story.check import check_pack
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import RETURN, Story
from kaufhaus.storytest import facade_api, format_report, probe_pack, quicktest
from kaufhaus.walkthrough import ExpectationFailed, load_walkthrough, play, require_ending
from tests.story.helpers import ROOT

PACK = ROOT / "scenes" / "examples" / "flow-reklamation"
WALKS = sorted((PACK / "walkthroughs").glob("*.yaml"))


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
    assert all(f"{name}(" in sources for name in ("seq", "cycle", "shuffle"))
    assert any(
        a.expr and "roll(" in a.expr.source for s in scenes for i in s.items for a in i.state.set
    )
    assert any(c.once for c in choices) and story.back == "undo"
    assert {"de", "en"} == set(story.languages)


def test_check_strict_finds_nothing() -> None:
    _story, problems = check_pack(PACK, probe_pack, facade_api())
    assert [p.format() for p in problems] == []  # no errors, no warnings (--strict)


def test_story_test_reaches_everything(story: Story) -> None:
    report = quicktest(story)
    assert report.ok, format_report(report)


@pytest.mark.parametrize("path", WALKS, ids=lambda p: p.stem)
def test_each_walkthrough_plays_to_its_ending(story: Story, path: Path) -> None:
    walkthrough = load_walkthrough(path)
    game = play(story, walkthrough)
    require_ending(game, walkthrough)
    assert sum(s.kind == "expect" for s in walkthrough.steps) >= 4


@pytest.mark.parametrize(
    ("name", "was", "now"),
    [
        ("warten.yaml", "vars: {geduld: 2}, turns: 2", "vars: {geduld: 3}, turns: 2"),
        ("hotline.yaml", "The music is a pan flute.", "The music is Vivaldi."),
        ("nummer.yaml", "  - expect: {vars: {nummer: 86}}", "  - expect: {vars: {nummer: 85}}"),
        ("bezahlt.yaml", "refused: undo", "refused: {choose: heim}"),
    ],
)
def test_each_walkthrough_fails_when_the_story_does_otherwise(
    story: Story, tmp_path: Path, name: str, was: str, now: str
) -> None:
    text = (PACK / "walkthroughs" / name).read_text(encoding="utf-8")
    assert was in text
    changed = tmp_path / name
    changed.write_text(text.replace(was, now, 1), encoding="utf-8")
    with pytest.raises(ExpectationFailed):
        play(story, load_walkthrough(changed))


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
