"""The dossier holds up as an Art. 15 answer (EDPB Guidelines 01/2022), with an Art. 20 part.

Each test asks for one element a data-protection practitioner would look for,
and, where the dossier makes a claim about the game (the cookie, the
transfers), checks the claim against what the game actually does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.dossier.linked import RIGHT_TERMS
from kaufhaus.game import Game
from kaufhaus.saves import COOKIE_FILE, write_cookie
from tests.dossier.conftest import WALKS

Dossier = Callable[[str], dict[str, Any]]


def test_the_answer_starts_with_an_explicit_confirmation(dossier: Dossier) -> None:
    d = dossier("tv_fan")
    confirmation = d["confirmation"]
    assert confirmation["processing"] is True
    events, inferences = str(len(d["events"])), str(len(d["inferences"]))
    assert confirmation["text"]["de"].startswith("Ja.")
    assert confirmation["text"]["en"].startswith("Yes.")
    for lang in ("de", "en"):
        assert events in confirmation["text"][lang]
        assert inferences in confirmation["text"][lang]


def test_every_right_is_named_with_its_article(dossier: Dossier) -> None:
    rights = dossier("privacy")["rights_detail"]
    assert {r["right"] for r in rights} == {
        "eu-gdpr:A15",
        "eu-gdpr:A16",
        "eu-gdpr:A17",
        "eu-gdpr:A18",
        "eu-gdpr:A20",
        "eu-gdpr:A21",
        "eu-gdpr:A22-3-a",
        "eu-gdpr:A7-3",
        "eu-gdpr:A77",
    }
    assert set(RIGHT_TERMS) == {r["id"] for r in rights}
    articles = {r["id"]: r["article"]["en"] for r in rights}
    assert articles["access"] == "Art. 15(3) GDPR"
    assert articles["human_intervention"] == "Art. 22(3) GDPR"
    assert articles["withdraw_consent"] == "Art. 7(3) GDPR"
    for right in rights:
        for lang in ("de", "en"):
            assert right["label"][lang] and right["how"][lang]
    erasure = next(r for r in rights if r["id"] == "erasure")
    assert "kaufhaus forget" in erasure["how"]["de"]


@pytest.mark.parametrize("name", sorted(WALKS))
def test_retention_has_a_period_and_a_criterion_for_every_kind_of_data(
    dossier: Dossier, name: str
) -> None:
    d = dossier(name)
    covered = {term for r in d["retention"] for term in r["applies_to"]}
    origins = {o for c in d["personal_data"] for o in c["origins"]}
    assert origins <= covered, origins - covered
    for row in d["retention"]:
        for lang in ("de", "en"):
            assert row["what"][lang] and row["period"][lang] and row["criteria"][lang]
    cookie = next(r for r in d["retention"] if r["id"] == "cookie")
    assert "kaufhaus-cookie.json" in cookie["criteria"]["en"]


def test_transfers_to_third_countries_follow_the_advertising_consent(dossier: Dossier) -> None:
    accepted, refused = dossier("tv_fan")["transfers"], dossier("privacy")["transfers"]
    assert accepted["happened"] is True
    assert refused["happened"] is False
    for transfer in (accepted, refused):
        assert transfer["dpv:hasLegalBasis"] == "eu-gdpr:A46-2-c"
        assert "Art. 46" in transfer["safeguard"]["de"]
    assert "outside the EU" in accepted["what"]["en"]
    assert "nothing to a third country" in refused["what"]["en"]
    network = next(
        r
        for r in dossier("tv_fan")["recipients"]["dpv:hasRecipient"]
        if r["name"] == accepted["recipient"]
    )
    assert network["purposes"] == ["advertising"] and network["received"] is True


def test_the_cookie_written_after_necessary_only_is_disclosed_and_real(
    dossier: Dossier, game: Callable[[str], Game], tmp_path: Path
) -> None:
    d = dossier("privacy")
    assert d["consent"]["choice"] == "necessary"
    cookie = d["shop_cookie"]
    assert cookie["written_after_necessary_only"] is True
    assert cookie["file"] == COOKIE_FILE
    assert "Nur notwendige" in cookie["what"]["de"]
    assert "Necessary only" in cookie["what"]["en"]
    # What the dossier says is what the game does: a shopper who chose
    # "necessary only" still gets the cookie, with the visit count in it.
    path = write_cookie(game("privacy"), tmp_path)
    assert path is not None and path.name == cookie["file"]
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["visits"] == 1
    assert written["interests"] == {}  # no consent to personalisation: no interests


def test_the_logic_of_prices_and_coupons_is_explained(dossier: Dossier) -> None:
    adm = dossier("privacy")["automated_decision_making"]
    coupon = adm["coupon"]
    percent = round(coupon["rate"] * 100)
    assert f"{percent} %" in coupon["explanation"]["de"]
    assert f"{percent}%" in coupon["explanation"]["en"]
    assert adm["pricing"]["explanation"]["en"].startswith("Your price lies between")


@pytest.mark.parametrize("name", ["tv_fan", "privacy", "reject_and_type"])
def test_the_portable_part_holds_provided_and_observed_data_only(
    dossier: Dossier, name: str
) -> None:
    d = dossier(name)
    portable = d["portability"]
    assert portable["right"] == "eu-gdpr:A20"
    kept = [e for e in d["events"] if e["origin"] != "dpv:InferredPersonalData"]
    assert [e["id"] for e in portable["events"]] == [e["id"] for e in kept]
    assert {e["origin"] for e in portable["events"]} <= {
        "dpv:ObservedPersonalData",
        "dpv:ProvidedPersonalData",
    }
    kinds = {e["kind"] for e in portable["events"]}
    assert not kinds & {"price_shown", "price_change", "claim_use"}
    assert "inference" not in json.dumps(portable)
    assert portable["provided"] == d["data_subject"]
    typed = [e for e in portable["events"] if e["kind"] == "input"]
    assert len(typed) == sum(e["kind"] == "input" for e in d["events"])
    for entry in typed:  # what was typed last under a field is the data subject's entry
        last = [e for e in typed if e["target"] == entry["target"]][-1]
        assert d["data_subject"][entry["target"]] == last["data"]["value"]
    for lang in ("de", "en"):
        assert str(len(kept)) in portable["text"][lang]
