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
        ("de", "Kundenwert: ", "Warenkorb und Gekauftes zum Listenpreis 7,49\xa0€ (Gleitgel) + "),
        ("en", "Customer value: ", "basket and purchases at list price €7.49 (lubricant) + "),
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


async def test_each_conclusion_on_screen_names_its_basis(roentgen: Story, tmp_path: Path) -> None:
    """The hand cream, never looked at, is "23 %" likely to be bought: the line under it
    names the shelf's points and the lubricant taken from the same shelf; the next
    visit shows its sum; the note says what it was written after."""
    app = make_app(roentgen, tmp_path / "saves", lang="de")
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot)
        await play_steps(pilot, [("choose", "alles_ja"), ("choose", "nehmen_salbe")])
        screen: Any = app.screen
        screen._activate("conclusions")
        await pilot.pause()
        texts = [
            " ".join(line.strip() for line in t.splitlines() if line.strip())
            for t in option_text(screen.query_one("#conclusions", OptionList))
        ]
        (cream,) = [t for t in texts if t.startswith("• Kaufwahrscheinlichkeit · Handcreme")]
        assert (
            "Grundlage: Interesse 0 Punkte · Warengruppe „Gesundheitsregal“ 4 Punkte · "
            "Querverkauf: „Gleitgel“ aus derselben Warengruppe genommen · "
            "Preisempfindlichkeit 27\xa0%" in cream
        )
        (visit,) = [t for t in texts if t.startswith("• Nächster Besuch")]
        assert "Grundlage: 14 Tage × (1 − 23\xa0% Kaufwahrscheinlichkeit für „Handcreme“)" in visit
        (note,) = [t for t in texts if t.startswith("• Notiz des Personals")]
        assert "Notiert, als: #" in note and "„Das Gleitgel nehmen“" in note


async def test_nothing_paid_the_first_card_still_says_harm(roentgen: Story, tmp_path: Path) -> None:
    """The lubricant taken but never paid for: the card answers with the price shown
    (8,18 € against 7,49 €), in words, above the prices line that shows it."""
    from kaufhaus.tui.widgets.literal import Literal

    app = make_app(roentgen, tmp_path / "saves", lang="de")
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot)
        await play_steps(pilot, [("choose", "alles_ja"), ("choose", "nehmen_salbe")])
        screen: Any = app.screen
        verdict = screen.query_one("#point-verdict", Literal).text
        facts = screen.query_one("#point-facts", Literal).text
        assert verdict.startswith(
            "Es hätte Ihnen geschadet: +0,69\xa0€ über dem Normalpreis, hätten Sie gekauft."
        )
        assert "Gleitgel für 8,18\xa0€ – 0,69\xa0€ über dem Normalpreis von 7,49\xa0€" in facts
