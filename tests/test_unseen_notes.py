"""A note made out of the shop's sight is its own evidence (issue 20, playtest 1).

The fixture pack ``heimweg``: a counter the shop watches, a back yard it does not
(``observed: false``) where its man writes a note anyway, and home. The file holds
the note (the shop wrote it) but nothing the player did in the yard; so the note
rests on the note event itself, and every conclusion still names an event of the file.
"""

from __future__ import annotations

import pytest

from kaufhaus.dossier.check import problems
from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.truth import check_dossier
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.conftest import ROOT

HEIMWEG = ROOT / "tests" / "fixtures" / "heimweg"


@pytest.fixture(scope="module")
def heimweg() -> Story:
    return load_pack(HEIMWEG)


def _home(story: Story, lang: str) -> Game:
    steps = "steps:\n  - choose: gruessen\n  - choose: schlafen\n"
    return play(story, parse_walkthrough(f"lang: {lang}\nseed: 1\n{steps}"))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_note_made_out_of_sight_rests_on_itself(heimweg: Story, lang: str) -> None:
    game = _home(heimweg, lang)
    dossier = build_dossier(game)
    rows = {r["id"]: r for r in dossier["events"]}
    # Nothing the player did in the yard is in the file: not the arrival, not the bed.
    yard = {r["kind"] for r in rows.values() if r["scene"] == "hof"}
    assert yard == {"note", "claim_use"}  # only what the shop itself did there
    notes = {i["subject"]: i for i in dossier["inferences"] if i["kind"] == "note"}
    words = {"de": "Wohnt hinter dem Hof.", "en": "Lives behind the yard."}[lang]
    assert notes["hof"]["label"][lang] == words
    (evidence,) = notes["hof"]["evidence"]
    assert rows[evidence]["kind"] == "note" and rows[evidence]["scene"] == "hof"
    # Where the shop saw the cause, the cause stays the evidence (the greeting).
    (greeting,) = notes["gruss"]["evidence"]
    assert rows[greeting]["kind"] == "choice"
    assert problems(dossier) == []
    check_dossier(game, dossier)  # the truth checker holds it too
