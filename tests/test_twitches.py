""" "Not one twitch" is a claim: the shop makes it only where it saw the player in
front of the product, and the claim rests on those moments.

The playtest heard the director say the hand "didn't twitch towards the TV. Not
once!" to a player who had never been near the TV: the file held the twitch
count 0 with no evidence at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.facades import facade_api
from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.truth import check_step

ZUCKEN = Path(__file__).parent / "fixtures" / "zucken"
NOT_ONCE = {"de": "Kein einziges Mal", "en": "Not one twitch"}


@pytest.fixture
def story() -> Story:
    return load_pack(ZUCKEN, api=facade_api())


def _twitch_uses(game: Game) -> list[dict[str, object]]:
    return [
        use
        for e in game.log.events()
        if e.kind is Kind.CLAIM_USE
        for use in e.data.get("claims", ())
        if str(use.get("claim", "")).startswith("twitches:")
    ]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_word_about_twitches_where_the_shop_never_saw_you(story: Story, lang: str) -> None:
    game = Game(story, lang=lang)
    game.start(0.0, {})
    since = len(game.log)
    game.choose("raus", 5.0)
    text = game.view().text
    check_step(game, since, text)
    assert NOT_ONCE[lang] not in text
    assert _twitch_uses(game) == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_not_one_twitch_rests_on_the_time_in_front_of_it(story: Story, lang: str) -> None:
    game = Game(story, lang=lang)
    game.start(0.0, {})
    game.choose("laden", 5.0)
    entered = game.log.events()[-1].id
    game.examine("hut", 9.0)
    looked = game.log.events()[-1].id
    since = len(game.log)
    game.choose("raus", 20.0)
    text = game.view().text
    check_step(game, since, text)
    assert NOT_ONCE[lang] in text
    (use,) = _twitch_uses(game)
    assert use["value"] == 0
    assert set(use["evidence"]) >= {entered, looked}  # type: ignore[arg-type]
