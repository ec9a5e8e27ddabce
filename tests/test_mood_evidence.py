"""A mood rests on what supports it (issue 20, playtest 5).

On the corridor pack (``tests/fixtures/flur``): one long hesitation among many
quick choices makes the shop conclude "decisive"; its evidence must then be the
quick choices, not the one hesitation that speaks against it. And the other way
round: a pondering mood rests on the hesitations.
"""

from __future__ import annotations

import pytest

from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.claims import Thresholds
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.conftest import ROOT

PACK = ROOT / "tests" / "fixtures" / "flur"


@pytest.fixture(scope="module")
def flur() -> Story:
    return load_pack(PACK)


def _walk(story: Story, lang: str, steps: list[str]) -> Game:
    text = f"lang: {lang}\nseed: 1\nsteps:\n" + "".join(f"  - {s}\n" for s in steps)
    return play(story, parse_walkthrough(text))


def _mood(game: Game) -> tuple[str, dict[str, str], set[int]]:
    (row,) = [i for i in build_dossier(game)["inferences"] if i["kind"] == "mood"]
    return row["value"], row["label"], set(row["evidence"])


def _choices(game: Game, *, slow: bool) -> set[int]:
    """The player's choices that took long (``slow``) or were quick, by the time they took."""
    out, entered = set(), 0.0
    for e in game.log.events():
        if str(e.kind) == "scene_enter":
            entered = e.t
        elif str(e.kind) == "choice" and (e.t - entered >= Thresholds().hesitation_s) == slow:
            out.add(e.id)
    return out


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_decisive_mood_rests_on_the_quick_choices(flur: Story, lang: str) -> None:
    back_and_forth = ["choose: links", "choose: rechts"] * 5
    game = _walk(flur, lang, ["choose: gerne", "wait: 40", "choose: rechts", *back_and_forth])
    mood, label, evidence = _mood(game)
    assert mood == "decisive"
    assert label[lang] == {"de": "entschlossen", "en": "decisive"}[lang]
    assert _choices(game, slow=True)  # the one long hesitation is there...
    assert evidence and evidence <= _choices(game, slow=False)  # ...and not the evidence


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_pondering_mood_rests_on_the_hesitations(flur: Story, lang: str) -> None:
    slowly = ["wait: 20", "choose: rechts", "wait: 20", "choose: links"]
    game = _walk(flur, lang, ["choose: gerne", *slowly, *slowly])
    mood, _, evidence = _mood(game)
    assert mood == "pondering"
    assert evidence and evidence <= _choices(game, slow=True)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_mood_s_average_names_what_it_is_taken_over(flur: Story, lang: str) -> None:
    """Round 5: "4 s on average" beside evidence whose choices averaged 3 s. The
    reason says the mean is over every decision, and how many were long, so it can
    be recounted from the log."""
    back_and_forth = ["choose: links", "choose: rechts"] * 5
    game = _walk(flur, lang, ["choose: gerne", "wait: 40", "choose: rechts", *back_and_forth])
    (row,) = [i for i in build_dossier(game)["inferences"] if i["kind"] == "mood"]
    decisions = len(_choices(game, slow=True) | _choices(game, slow=False))
    slow = len(_choices(game, slow=True))
    reason = row["reason"][lang]
    expected = {
        "de": f"über alle {decisions} Entscheidungen ({slow} davon ab 12 s)",
        "en": f"over all {decisions} decisions ({slow} of them 12 s or more)",
    }[lang]
    assert expected in reason, reason
    # And which of them are its evidence: the ones that speak for the mood.
    n = len(row["evidence"])
    assert {
        "de": f"als Belege die {n} Einträge, die dafür sprechen",
        "en": f"the evidence is the {n} entries that speak for it",
    }[lang] in reason, reason
