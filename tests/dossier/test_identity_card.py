"""The identity card counts what you gave, not the events that carry it (issue 20).

On the small till of ``tests/fixtures/coupon``: an e-mail address typed and a
coupon taken for it are one address the shop got from you, with both events as
the evidence; a second, different address is a second thing.
"""

from __future__ import annotations

from typing import Any

import pytest

from kaufhaus.dossier.model import build_dossier
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.conftest import ROOT

PACK = ROOT / "tests" / "fixtures" / "coupon"
ONCE = {
    "de": "Eingetippt oder gegen Rabatt eingetauscht: einmal.",
    "en": "Typed in or swapped for a discount: once.",
}
TWICE = {
    "de": "Eingetippt oder gegen Rabatt eingetauscht: zweimal.",
    "en": "Typed in or swapped for a discount: twice.",
}


@pytest.fixture(scope="module")
def till() -> Story:
    return load_pack(PACK)


def _card(story: Story, lang: str, *steps: str) -> tuple[dict[str, Any], dict[int, str]]:
    text = f"lang: {lang}\nseed: 1\nsteps:\n" + "".join(f"  - {s}\n" for s in steps)
    game = play(story, parse_walkthrough(text))
    cards = {c["id"]: c for c in build_dossier(game)["reality_checks"]}
    kinds = {e.id: str(e.kind) for e in game.log.events()}
    return cards["identity"], kinds


@pytest.mark.parametrize("lang", ["de", "en"])
def test_one_address_typed_and_swapped_counts_once(till: Story, lang: str) -> None:
    card, kinds = _card(till, lang, "type: erika@example.org", "choose: tauschen")
    assert card["session"][lang] == ONCE[lang]
    # Both events are the evidence: the typing and the swap.
    assert sorted(kinds[i] for i in card["triggered_by_events"]) == [Kind.COUPON, Kind.INPUT]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_two_addresses_count_twice_the_same_one_once(till: Story, lang: str) -> None:
    card, _ = _card(till, lang, "type: a@example.org", "type: b@example.org", "choose: tauschen")
    assert card["session"][lang] == TWICE[lang]
    card, _ = _card(till, lang, "type: a@example.org", "type: a@example.org", "choose: tauschen")
    assert card["session"][lang] == ONCE[lang]
