"""The first card's point: what the shop gained from watching, every figure from the file.

A surcharge reads as harm, a discount as bait (the profile is what was paid
with), no purchase as conclusions drawn all the same; the three most personal
conclusions are the file's own, a special category first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kaufhaus.dossier.card import INTIMACY, card_point, most_intimate
from kaufhaus.tracking.numbers import cents, format_money


@pytest.mark.parametrize("name", ["tv_fan", "privacy", "reject_and_type"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_figure_of_the_point_is_in_the_file(
    dossier: Callable[[str], dict[str, Any]], name: str, lang: str
) -> None:
    d = dossier(name)
    point = card_point(d, lang)
    paid = cents(float(d["payments"]["total_paid"]))
    neutral = cents(float(d["payments"]["total_neutral"]))
    if d["payments"]["payments"]:
        assert format_money(abs(paid - neutral), lang) in point.verdict
        assert point.prices is not None
        assert format_money(paid, lang) in point.prices
        assert format_money(neutral, lang) in point.prices
    else:
        assert point.prices is None
        assert str(len(d["inferences"])) in point.verdict
    by_kind = {r["kind"]: r for r in d["inferences"]}
    for kind in ("customer_value", "next_visit", "next_purchase"):
        if kind in by_kind:
            assert point.worth is not None
            assert by_kind[kind]["value_text"][lang] in point.worth
    # The personal three are conclusions of the file, in its words, most personal first.
    rows = most_intimate(d["inferences"])
    assert len(point.intimate) == len(rows) == min(3, len(rows))
    for line, row in zip(point.intimate, rows, strict=True):
        assert row in d["inferences"]
        label = row["kind_label"][lang]
        assert line.lower().startswith(label.lower())
    ranks = [
        INTIMACY.index("art9" if r.get("art9") and r["kind"] != "sensitive" else r["kind"])
        for r in rows
    ]
    assert ranks == sorted(ranks)


def test_a_special_category_comes_first(dossier: Callable[[str], dict[str, Any]]) -> None:
    d = dossier("privacy")  # the condoms: a note in a special category
    first = most_intimate(d["inferences"])[0]
    assert first.get("art9")
    assert "Familienplanung" in card_point(d, "de").intimate[0]


def _money_file(paid: float, neutral: float, payments: int) -> dict[str, Any]:
    return {
        "payments": {
            "total_paid": paid,
            "total_neutral": neutral,
            "payments": [{}] * payments,
        },
        "inferences": [
            {
                "kind": "customer_value",
                "subject": "",
                "value": 1566.02,
                "kind_label": {"de": "Kundenwert", "en": "customer value"},
                "value_text": {"de": "1.566,02 €", "en": "€1,566.02"},
            }
        ],
    }


def test_a_discount_reads_as_bait_not_as_a_gift() -> None:
    d = _money_file(1424.05, 1499.00, 1)
    de, en = card_point(d, "de"), card_point(d, "en")
    # The verdict word first (round 7: "bait" never said helped or harmed).
    assert de.verdict.startswith("Genützt – nur diesmal: 74,95\xa0€ weniger, als Köder.")
    assert en.verdict.startswith("It helped you – this time only: €74.95 less, as bait.")
    assert de.worth == "Was Sie dem Kaufhaus jetzt wert sind: Kundenwert 1.566,02 €"
    assert (de.figure, en.figure) == ("-74,95\xa0€", "-€74.95")  # the largest type


def test_a_surcharge_harms_and_no_purchase_still_costs_data() -> None:
    more = card_point(_money_file(1582.21, 1499.00, 1), "de")
    assert more.verdict.startswith("Geschadet: Sie zahlten 83,21\xa0€ mehr")
    same = card_point(_money_file(12.99, 12.99, 1), "en")
    assert "1 conclusion about you" in same.verdict  # counted: one conclusion, not "1 conclusions"
    none = card_point(_money_file(0, 0, 0), "de")
    assert none.verdict == (
        "Genützt hat es Ihnen nichts: Sie haben nichts gekauft – und trotzdem zog das "
        "Kaufhaus 1 Schluss über Sie."
    )
    assert none.prices is None
    assert (more.figure, same.figure, none.figure) == ("+83,21\xa0€", "€0.00", None)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_printed_file_opens_with_the_same_point(
    dossier: Callable[[str], dict[str, Any]], lang: str
) -> None:
    """Screen and paper say the same: the exports put the point above the card."""
    import html

    from kaufhaus.dossier.export import to_html, to_markdown

    d = dossier("tv_fan")
    point = card_point(d, lang)
    page = html.unescape(to_html(d, lang))
    assert page.index(point.verdict) < page.index('<table class="card">')
    for said in point.intimate:
        assert said in page
    text = to_markdown(d, lang)
    assert f"## {point.verdict}" in text
    assert text.index(point.verdict) < text.index("| | |")


def test_a_refusal_is_on_the_point_with_the_file_s_count(
    dossier: Callable[[str], dict[str, Any]],
) -> None:
    from kaufhaus.play.describe import after_decision_count

    refused = dossier("privacy")  # only the necessary cookies
    n = after_decision_count(refused["consent"])
    assert n > 0
    assert card_point(refused, "de").refused == (
        f"Sie haben am Banner abgelehnt – danach wurden trotzdem {n} Ereignisse über Sie "
        "verarbeitet."
    )
    assert card_point(dossier("tv_fan"), "en").refused is None  # accepted all: nothing refused


def _shown_file(*shown: tuple[str, str, int, int]) -> dict[str, Any]:
    """Nothing bought; prices logged as shown: (kind, product, price, normal) in cents."""
    d = _money_file(0, 0, 0)
    d["catalogue"] = {
        "tv": {"name": {"de": "65-Zoll-UHD-Fernseher", "en": "65-inch UHD TV"}},
        "fass": {"name": {"de": "Bierfässchen", "en": "beer keg"}},
    }
    d["events"] = [
        {
            "id": n,
            "kind": kind,
            "target": pid,
            "data": {"product": pid, "price_cents": p, "normal_cents": q},
        }
        for n, (kind, pid, p, q) in enumerate(shown)
    ]
    return d


def test_with_nothing_bought_the_point_names_the_price_shown() -> None:
    """ "Did being watched help or harm you?" with nothing bought: the price the file
    logged as shown against the normal one (the furthest off, its last showing)."""
    d = _shown_file(
        ("price_shown", "fass", 4995, 4995),
        ("price_shown", "tv", 149900, 149900),
        ("price_change", "tv", 157303, 149900),
    )
    assert card_point(d, "de").prices == (
        "Ihnen angezeigt: 65-Zoll-UHD-Fernseher für 1.573,03\xa0€ – 74,03\xa0€ über dem "
        "Normalpreis von 1.499,00\xa0€."
    )
    assert card_point(d, "en").prices == (
        "Shown to you: 65-inch UHD TV at €1,573.03 – €74.03 above the normal price of €1,499.00."
    )
    less = card_point(_shown_file(("price_shown", "fass", 4745, 4995)), "en").prices
    assert (
        less == "Shown to you: beer keg at €47.45 – €2.50 below the normal price of €49.95. Bait."
    )
    same = card_point(_shown_file(("price_shown", "fass", 4995, 4995)), "de").prices
    assert same == "Jeder Preis, den Sie sahen, war der Normalpreis – diesmal."


def test_with_nothing_bought_the_verdict_still_says_help_or_harm() -> None:
    """The card's question is answered in words with nothing bought too: by the price
    the prices line names (the file's logged price furthest from the normal one)."""
    more = _shown_file(
        ("price_shown", "fass", 4995, 4995),
        ("price_shown", "tv", 149900, 149900),
        ("price_change", "tv", 150783, 149900),
    )
    assert card_point(more, "de").verdict == (
        "Es hätte Ihnen geschadet: +8,83\xa0€ über dem Normalpreis, hätten Sie gekauft. "
        "Sie kauften nichts – den 1 Schluss über Sie behält das Kaufhaus trotzdem."
    )
    assert card_point(more, "en").verdict.startswith(
        "It would have harmed you: buying would have cost you €8.83 above the normal price."
    )
    assert "8,83\xa0€ über dem Normalpreis" in str(card_point(more, "de").prices)
    less = _shown_file(("price_shown", "fass", 4745, 4995))
    assert card_point(less, "de").verdict.startswith(
        "Genützt hätte es nur als Köder: 2,50\xa0€ unter dem Normalpreis, damit Sie kaufen."
    )
    assert card_point(less, "en").verdict.startswith(
        "It would have helped you only as bait: €2.50 below the normal price"
    )
    same = _shown_file(("price_shown", "fass", 4995, 4995))
    assert card_point(same, "en").verdict == (
        "It did you no good: you saw only normal prices and bought nothing – and still the "
        "shop drew 1 conclusion about you."
    )
    for d in (more, less, same):
        assert card_point(d, "de").figure is None  # nothing paid: no figure of money paid
