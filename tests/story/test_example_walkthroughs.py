"""The example packs' walkthroughs (issue 24): each plays to its ending asserting what a
player sees (undo included), and fails when one of its expectations is changed, so an
example's walkthrough is a test and not a recording. One test for every example pack."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import ExpectationFailed, load_walkthrough, play, require_ending
from tests.story.helpers import ROOT

EXAMPLES = ROOT / "scenes" / "examples"
PACKS = ("flow-reklamation", "inventur")
WALKS = [
    path for pack in PACKS for path in sorted((EXAMPLES / pack / "walkthroughs").glob("*.yaml"))
]


@cache
def _story(pack: str) -> Story:
    return load_pack(EXAMPLES / pack)


@pytest.mark.parametrize("path", WALKS, ids=lambda p: f"{p.parents[1].name}/{p.stem}")
def test_each_walkthrough_plays_to_its_ending(path: Path) -> None:
    walkthrough = load_walkthrough(path)
    game = play(_story(path.parents[1].name), walkthrough)
    require_ending(game, walkthrough)
    assert sum(s.kind == "expect" for s in walkthrough.steps) >= 4


@pytest.mark.parametrize("pack", PACKS)
def test_the_walkthroughs_reach_every_ending_in_both_languages_and_undo(pack: str) -> None:
    story = _story(pack)
    reached, langs, kinds = set(), set(), set()
    for path in sorted((EXAMPLES / pack / "walkthroughs").glob("*.yaml")):
        walkthrough = load_walkthrough(path)
        reached.add(play(story, walkthrough).scene.ending)
        langs.add(walkthrough.lang)
        kinds.update(s.kind for s in walkthrough.steps)
    assert reached == {s.ending for s in story.scenes.values() if s.ending}
    assert langs == set(story.languages) and "undo" in kinds


@pytest.mark.parametrize(
    ("pack", "name", "was", "now"),
    [
        (
            "flow-reklamation",
            "warten.yaml",
            "vars: {geduld: 2}, turns: 2",
            "vars: {geduld: 3}, turns: 2",
        ),
        ("flow-reklamation", "hotline.yaml", "The music is Vivaldi.", "The music is a pan flute."),
        (
            "flow-reklamation",
            "hotline.yaml",
            "], no_text: Your call is important}",
            ", Your call is important]}",
        ),
        (
            "flow-reklamation",
            "nummer.yaml",
            "  - expect: {vars: {nummer: 86}}",
            "  - expect: {vars: {nummer: 85}}",
        ),
        ("flow-reklamation", "bezahlt.yaml", "refused: undo", "refused: {choose: heim}"),
        (  # gathered choices come after the scene's own, in the order written
            "flow-reklamation",
            "aufgerufen.yaml",
            "  - choose: 2 ",
            "  - choose: 1 ",
        ),
        (
            "flow-reklamation",
            "aufgerufen.yaml",
            "{scene: schalter, choices: [warten, hotline, gehen]",
            "{scene: schalter, choices: [warten, hotline]",
        ),
        (
            "inventur",
            "zaehlen.yaml",
            "choices: [zurueck], refused",
            "choices: [zaehlen, zurueck], refused",
        ),
        ("inventur", "zaehlen.yaml", "vars: {gezaehlt: 3}}", "vars: {gezaehlt: 2}}"),
        ("inventur", "kaffee.yaml", "{kaffee: 0, stimmung: wach}", "{kaffee: 0, stimmung: muede}"),
        ("inventur", "kaffee.yaml", "{vars: {kaffee: 1}, choices", "{vars: {kaffee: 0}, choices"),
        ("inventur", "laerm.yaml", "ending: erwischt", "ending: feierabend"),
        ("inventur", "laerm.yaml", "vars: {unruhe: 1}, turns: 4", "vars: {unruhe: 2}, turns: 4"),
    ],
)
def test_each_walkthrough_fails_when_the_story_does_otherwise(
    tmp_path: Path, pack: str, name: str, was: str, now: str
) -> None:
    text = (EXAMPLES / pack / "walkthroughs" / name).read_text(encoding="utf-8")
    assert was in text
    changed = tmp_path / name
    changed.write_text(text.replace(was, now, 1), encoding="utf-8")
    with pytest.raises(ExpectationFailed):
        play(_story(pack), load_walkthrough(changed))
