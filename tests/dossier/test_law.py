"""The law right, game by game: the answers the file gives, pinned in both languages.

Objection under each legal basis, Art. 22 under legitimate interest, Art. 22
for a conclusion that fed no decision, Art. 9 without a condition – each
answer follows from what the file itself states about the conclusion
(its processing, the decisions it fed, its Art. 9 position), so the answer
and the file cannot name different bases.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kaufhaus.dossier import law
from kaufhaus.dossier.answers import answer, law_text, shop_answer

Dossier = Callable[[str], dict[str, Any]]
Every = Callable[[str, str], dict[str, Any]]

LANGS = ("de", "en")


def _row(d: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(r for r in d["inferences"] if r["kind"] == kind)


# ------------------------------------------------------------------ objection
OBJECT_WORDS = {
    "consent": {"de": "Widerruf nach Art. 7 Abs. 3", "en": "withdrawal under Art. 7(3)"},
    "legitimate_interest": {"de": "nach Art. 21 Abs. 1", "en": "Under Art. 21(1)"},
    "contract": {
        "de": "sieht Art. 21 DSGVO keinen Widerspruch vor",
        "en": "Art. 21 GDPR gives no right to object",
    },
}


@pytest.mark.parametrize("lang", LANGS)
def test_objection_under_consent_is_withdrawal(every: Every, lang: str) -> None:
    row = _row(every("walkthroughs/tv-fan", "de"), "interest")
    assert row["legal_basis"] == "consent" and [p["legal_basis"] for p in row["processing"]] == [
        "consent"
    ]
    text = law_text("object", row, lang)
    assert OBJECT_WORDS["consent"][lang] in text
    assert OBJECT_WORDS["contract"][lang] not in text
    assert OBJECT_WORDS["legitimate_interest"][lang] not in text


@pytest.mark.parametrize("lang", LANGS)
def test_objection_under_legitimate_interest_is_art_21_1(every: Every, lang: str) -> None:
    row = _row(every("walkthroughs/tv-fan", "de"), "price_sensitivity")
    assert row["legal_basis"] == "legitimate_interest"
    text = law_text("object", row, lang)
    assert OBJECT_WORDS["legitimate_interest"][lang] in text
    assert OBJECT_WORDS["consent"][lang] not in text


@pytest.mark.parametrize("lang", LANGS)
def test_objection_under_contract_alone_has_no_art_21(lang: str) -> None:
    row = {
        "kind": "identity",
        "purpose": "service",
        "legal_basis": "contract",
        "processing": [{"purpose": "service", "legal_basis": "contract"}],
    }
    text = law_text("object", row, lang)
    assert OBJECT_WORDS["contract"][lang] in text
    assert OBJECT_WORDS["legitimate_interest"][lang] not in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_typed_address_is_one_datum_with_the_bases_of_all_its_purposes(
    dossier: Dossier, lang: str
) -> None:
    """The audit's e-mail: the conclusion said contract, the log legitimate interest, and
    the objection answer said "no right to object". Now both are one datum's bases, the
    same in the log, the conclusion and the answer, and the answer names both."""
    d = dossier("reject_and_type")
    row = _row(d, "identity")
    typed = [e for e in d["events"] if e["kind"] == "input"]
    assert typed
    for event in typed:
        assert row["purpose"] in event["processed_for"]
        assert set(event["legal_bases"]) == set(law.bases(row["processing"]))
    assert {"contract", "legitimate_interest"} <= set(law.bases(row["processing"]))
    text = law_text("object", row, lang)
    assert OBJECT_WORDS["contract"][lang] in text
    assert OBJECT_WORDS["legitimate_interest"][lang] in text


# ------------------------------------------------------------------ Art. 22
@pytest.mark.parametrize("lang", LANGS)
def test_a_price_decision_on_legitimate_interest_is_not_allowed_and_the_shop_admits_it(
    every: Every, lang: str
) -> None:
    d = every("walkthroughs/tv-fan", "de")
    row = _row(d, "willingness_to_pay")
    assert row["legal_basis"] == "legitimate_interest"
    assert row["decisions"].get("price") and row["art22"] == law.ART22_PROHIBITED
    text = law_text("human", row, lang)
    assert {"de": "nicht zulässig", "en": "not allowed"}[lang] in text
    assert "C-634/21" in text
    # Art. 22(3) review is not offered as if it made the decision lawful.
    assert {"de": "macht sie nicht zulässig", "en": "does not make it lawful"}[lang] in text
    assert {"de": "Sie haben recht", "en": "You are right"}[lang] in shop_answer("human", row, lang)
    # The file says the same on its rights page.
    adm = d["automated_decision_making"]["art22_text"][lang]
    assert "C-634/21" in adm


@pytest.mark.parametrize("lang", LANGS)
def test_art_22_is_not_offered_for_a_conclusion_that_fed_no_decision(
    every: Every, lang: str
) -> None:
    d = every("walkthroughs/tv-fan", "de")
    row = next(r for r in d["inferences"] if not r["decisions"])
    assert row["art22"] == law.ART22_NONE
    text = law_text("human", row, lang)
    assert {"de": "in keine Entscheidung", "en": "not yet gone into any decision"}[lang] in text
    assert "C-634/21" not in text and "22(3)" not in text and "Abs. 3" not in text
    assert {"de": "noch gar nichts", "en": "not decided anything"}[lang] in shop_answer(
        "human", row, lang
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_conclusion_that_only_shaped_texts_is_no_significant_decision(
    every: Every, lang: str
) -> None:
    d = every("walkthroughs/tv-fan", "de")
    row = next(r for r in d["inferences"] if set(r["decisions"]) == {"text"})
    assert row["art22"] == law.ART22_INSIGNIFICANT
    assert {"de": "kaum eine", "en": "hardly is one"}[lang] in law_text("human", row, lang)


# ------------------------------------------------------------------ Art. 9
@pytest.mark.parametrize("lang", LANGS)
def test_art_9_without_a_condition_is_unlawful_and_says_so(every: Every, lang: str) -> None:
    d = every("truth/custom-back", "de")
    row = next(r for r in d["inferences"] if r["art9"])
    assert row["art9_condition"] is None and row["art9_status"] == law.ART9_UNLAWFUL
    unlawful = {"de": "unzulässig", "en": "unlawful"}[lang]
    erasure = {"de": "Art. 17 Abs. 1 lit. d", "en": "Art. 17(1)(d)"}[lang]
    for right in ("object", "rectify"):
        text = law_text(right, row, lang)
        assert unlawful in text and erasure in text
    # Nothing to weigh: the objection answer does not weigh interests.
    assert {"de": "überwiegen", "en": "override"}[lang] not in law_text("object", row, lang)
    note = next(n for n in d["special_categories"]["inferences"] if n["inference"] == row["@id"])
    assert unlawful in note["note"][lang] and erasure in note["note"][lang]
    assert answer("object", row, lang)["shop"]


def test_every_conclusion_of_every_walkthrough_has_one_basis_per_purpose(every: Every) -> None:
    from tests.dossier.conftest import EVERY_WALKTHROUGH

    for name, _ in EVERY_WALKTHROUGH:
        d = every(name, "de")
        for row in d["inferences"]:
            purposes = [p["purpose"] for p in row["processing"]]
            assert len(purposes) == len(set(purposes)), row["key"]
            assert row["purpose"] in purposes


def test_a_segment_with_its_own_article_gets_no_second_one() -> None:
    """The audit: "You are not an a fan of electronics?"."""
    row = {
        "kind": "segment",
        "kind_label": {"de": "Segment", "en": "segment"},
        "subject_label": {"de": "Fan von Elektronik", "en": "a fan of electronics"},
    }
    assert "not a fan of electronics?" in shop_answer("rectify", row, "en")
    row["subject_label"] = {"de": "Zauderer", "en": "ditherer"}
    assert "not a ditherer?" in shop_answer("rectify", row, "en")
    row["subject_label"] = {"de": "Schnäppchenjäger", "en": "early bird"}
    assert "not an early bird?" in shop_answer("rectify", row, "en")
