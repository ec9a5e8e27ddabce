"""A note rests on what its condition read in the file.

The playtest's sales floor said "walking purposefully" and explained that the
voice had "the seconds before every decision" from the file; the note's evidence
was only the entry into the sales floor. Now the note cites the decisions whose
times ``shop.hesitation`` averaged, and the claim a text quotes carries them.
"""

from __future__ import annotations

import pytest

from kaufhaus.facades import facade_api
from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from kaufhaus.tracking.events import Kind
from kaufhaus.truth import check_step
from tests.conftest import ROOT

TEMPO = ROOT / "tests" / "fixtures" / "tempo"


@pytest.mark.parametrize(("pause", "note"), [(25.0, "bummelt"), (2.0, "eilt")])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_pace_note_cites_the_decisions_it_was_drawn_from(
    lang: str, pause: float, note: str
) -> None:
    game = Game(load_pack(TEMPO, api=facade_api()), lang=lang)
    game.start(0.0, {})
    game.choose("weiter_eins", pause)
    game.choose("weiter_zwei", 2 * pause)
    decisions = [e.id for e in game.log.events() if e.kind is Kind.CHOICE]
    check_step(game, 0, game.view().text)
    (inference,) = [i for i in game.profile.inferences() if i.key == f"note:{note}"]
    assert set(decisions) <= set(inference.evidence), (decisions, inference.evidence)
    used = [
        u
        for e in game.log.events()
        if e.kind is Kind.CLAIM_USE
        for u in e.data["claims"]
        if u["claim"] == f"note:{note}"
    ]
    assert used and set(decisions) <= set(used[0]["evidence"])


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_note_rests_on_what_its_words_read(lang: str) -> None:
    """A shoe size "worked out" from the device number rests on the entry the
    device was seen in, not only on the place that wrote it (issue 20: the shoe
    size at the tights rested on nothing but the look at the stand)."""
    game = Game(load_pack(TEMPO, api=facade_api()), lang=lang)
    game.start(0.0, {"os": "Linux"})
    game.choose("weiter_eins", 1.0)
    game.choose("weiter_zwei", 2.0)
    device = next(e.id for e in game.log.events() if e.kind is Kind.SESSION_START)
    (note,) = [e for e in game.log.events() if e.kind is Kind.NOTE and e.target == "fuss"]
    assert device in note.data["grounds"]
    (inference,) = [i for i in game.profile.inferences() if i.key == "note:fuss"]
    assert {device, note.data["by"]} <= set(inference.evidence)
