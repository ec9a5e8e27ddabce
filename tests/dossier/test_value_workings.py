"""The customer value shows its sum: a pupil with a calculator gets the figure shown.

The playtest could not recompute "Kundenwert 1.579,18 €" from "erwarteter Umsatz
1.579 €". The reason now is the engine's own sum: the basket at full price, half
of price × willingness to pay for each product the shop has signals on, the rest
of the catalogue as one term; the terms add up to the value, to the cent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

MONEY = {
    "de": re.compile(r"(\d{1,3}(?:\.\d{3})*,\d{2})\xa0€"),
    "en": re.compile(r"€(\d{1,3}(?:,\d{3})*\.\d{2})"),
}
PERCENT = {"de": re.compile(r"(\d+(?:,\d)?)\xa0%"), "en": re.compile(r"(\d+(?:\.\d)?)%")}


def amount(text: str, lang: str) -> Decimal:
    if lang == "de":
        return Decimal(text.replace(".", "").replace(",", "."))
    return Decimal(text.replace(",", ""))


def check_workings(reason: str, shown_value: str, lang: str) -> int:
    """The reason's terms add up to its total, the total is the value shown, and each
    bracket ``½ × price × percent`` gives its term (within the percent's rounding).
    Returns the number of terms."""
    sums, _, total = reason.rpartition(" = ")
    (total_text,) = MONEY[lang].findall(total)
    assert total.strip() == shown_value, (reason, shown_value)
    terms = sums.split(" + ")
    added = Decimal(0)
    for term in terms:
        money = [amount(m, lang) for m in MONEY[lang].findall(term)]
        added += money[0]  # the term's amount comes first
        if "½ ×" in term:
            (percent,) = PERCENT[lang].findall(term)
            rate = amount(percent, lang) / 100
            price = money[1]
            # One decimal of a percent: off by at most 0.05 % of half the price.
            assert abs(price * rate / 2 - money[0]) <= price * Decimal("0.0005") / 2 + Decimal(
                "0.01"
            ), term
    assert added == amount(total_text, lang), reason
    return len(terms)


@pytest.mark.parametrize(
    "name", ["tv_fan", "accept_and_enter", "beer_keg_fan", "accept_and_condoms"]
)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_customer_value_is_the_sum_its_reason_shows(
    dossier: Callable[[str], dict[str, Any]], name: str, lang: str
) -> None:
    d = dossier(name)
    (row,) = [r for r in d["inferences"] if r["kind"] == "customer_value"]
    assert check_workings(row["reason"][lang], row["value_text"][lang], lang) >= 1


def test_the_basket_is_named_and_the_unseen_products_are_one_term(
    dossier: Callable[[str], dict[str, Any]],
) -> None:
    d = dossier("tv_fan")  # the TV bought; nothing else looked at
    (row,) = [r for r in d["inferences"] if r["kind"] == "customer_value"]
    de, en = row["reason"]["de"], row["reason"]["en"]
    assert de.startswith("Warenkorb 1.499,00\xa0€ (65-Zoll-UHD-Fernseher) + ")
    assert en.startswith("basket €1,499.00 (65-inch UHD TV) + ")
    others = len(d["catalogue"]) - 1
    assert f"({others} weitere Produkte: ½ × " in de and "im Schnitt" in de
    assert f"({others} other products: ½ × " in en and "on average" in en
