"""The reveal's conclusions show their basis: the sum behind the customer value.

Played on the little chemist's (tests/fixtures/roentgen): look at the lubricant,
take it, pay. The conclusions tab's customer value entry shows the basket and the
hand cream's half of price × willingness to pay, adding up to the headline value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from kaufhaus.facades import facade_api
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from tests.conftest import ROOT
from tests.dossier.test_value_workings import check_workings
from tests.tui.helpers import make_app, new_game
from tests.tui.test_reveal import option_text, play_steps

ROENTGEN = ROOT / "tests" / "fixtures" / "roentgen"


@pytest.fixture(scope="module")
def roentgen() -> Story:
    return load_pack(ROENTGEN, api=facade_api())


@pytest.mark.parametrize(
    ("lang", "head", "basket"),
    [
        ("de", "Kundenwert: ", "Warenkorb 7,49\xa0€ (Gleitgel) + "),
        ("en", "Customer value: ", "basket €7.49 (lubricant) + "),
    ],
)
async def test_the_customer_value_on_screen_shows_the_sum_it_is(
    roentgen: Story, tmp_path: Path, lang: str, head: str, basket: str
) -> None:
    app = make_app(roentgen, tmp_path / "saves", lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot)
        steps = [("choose", "alles_ja"), ("examine", "tube_ansehen"), ("choose", "nehmen_salbe")]
        await play_steps(pilot, steps)
        screen: Any = app.screen
        screen._activate("conclusions")
        await pilot.pause()
        texts = option_text(screen.query_one("#conclusions", OptionList))
        (entry,) = [t for t in texts if head in t]
        headline = next(line for line in entry.splitlines() if head in line)
        value = headline.split(head, 1)[1].strip()
        # The sum is one line (wrapped on screen at 200 columns here): join it up.
        body = " ".join(line.strip() for line in entry.splitlines() if line.strip())
        start = body.index(basket)
        workings = body[start : body.index(" = ", start) + 3 + len(value)]
        assert check_workings(workings, value, lang) == 2  # the basket, the hand cream
        assert "Handcreme" in workings if lang == "de" else "hand cream" in workings
