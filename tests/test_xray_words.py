"""The x-ray speaks in the file's words, never in a pack's ids.

The playtest's x-ray said "A text used what we know about you: our note: “a
note”" (a placeholder for the note the text had just quoted) and "special
category · sex_life: kondome" where the reveal says "sex life: value pack of
condoms". The lines are read from the very function the panel prints.
"""

from __future__ import annotations

import re

import pytest

from kaufhaus.facades import facade_api
from kaufhaus.game import Game
from kaufhaus.play.describe import xray_lines
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from tests.conftest import ROOT

ROENTGEN = ROOT / "tests" / "fixtures" / "roentgen"


def _ids(story: Story) -> set[str]:
    """Every id the pack gives a thing, and the Art. 9 codes of its products."""
    out = {story.id, *story.catalogue, *story.scenes}
    for scene in story.scenes.values():
        out |= {c.id for c in scene.choices} | {i.id for i in scene.items}
    out |= set(story.notes)
    out |= {p.category for p in story.catalogue.values()}
    out |= {str(p.sensitive) for p in story.catalogue.values() if p.sensitive}
    return out


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_xray_never_shows_a_pack_id(lang: str) -> None:
    story = load_pack(ROENTGEN, api=facade_api())
    game = Game(story, lang=lang)
    game.start(0.0, {})
    shown: list[str] = []

    def look() -> None:
        logged, beliefs = xray_lines(game, lang, events=100, beliefs=100)
        shown.extend(logged + beliefs)

    look()
    game.choose("alles_ja", 5.0)
    look()
    game.examine("tube_ansehen", 10.0)
    look()
    game.choose("nehmen_salbe", 40.0)
    look()
    text = "\n".join(shown)
    words = {"de": "Kauft Gleitgel. Errötet nicht.", "en": "Buys lubricant. Does not blush."}
    assert words[lang] in text  # the note the till's text quoted, in its own words
    assert {"de": "eine Notiz", "en": "a note"}[lang] not in text
    sex_life = {"de": "Sexualleben", "en": "sex life"}[lang]
    lubricant = {"de": "Gleitgel", "en": "lubricant"}[lang]
    assert any(f"{sex_life}: {lubricant}" in line for line in shown)
    leaked = sorted(
        i for i in _ids(story) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)
    )
    assert not leaked, leaked
