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
from kaufhaus.dossier.portability import portability, to_portability_json
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
        "eu-gdpr:A22",
        "eu-gdpr:A7-3",
        "eu-gdpr:A77",
    }
    assert set(RIGHT_TERMS) == {r["id"] for r in rights}
    articles = {r["id"]: r["article"]["en"] for r in rights}
    assert articles["access"] == "Art. 15(3) GDPR"
    assert articles["human_intervention"] == "Art. 22 GDPR"
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
    """A transfer that happened names its countries and safeguard; one that did not, neither."""
    accepted, refused = dossier("tv_fan")["transfers"], dossier("privacy")["transfers"]
    assert accepted["happened"] is True
    assert refused["happened"] is False
    assert accepted["dpv:hasLegalBasis"] == "eu-gdpr:A46-2-c"
    assert "Art. 46" in accepted["safeguard"]["de"]
    assert [c["code"] for c in accepted["dpv:hasThirdCountry"]] == ["US", "IN"]
    assert "United States" in accepted["what"]["en"] and "Indien" in accepted["what"]["de"]
    assert "dpv:hasLegalBasis" not in refused and "safeguard" not in refused
    assert refused["dpv:hasThirdCountry"] == []
    assert "nothing to a third country" in refused["what"]["en"]
    network = next(
        r
        for r in dossier("tv_fan")["recipients"]["dpv:hasRecipient"]
        if r["@id"] == accepted["recipient"]
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
    assert f"{percent}\u00a0%" in coupon["explanation"]["de"]
    assert f"{percent}%" in coupon["explanation"]["en"]
    assert adm["pricing"]["explanation"]["en"].startswith("Your price lies between")


@pytest.mark.parametrize("name", ["tv_fan", "privacy", "reject_and_type"])
def test_the_portable_file_holds_provided_and_observed_data_only(
    dossier: Dossier, name: str
) -> None:
    """Art. 20 is a file of its own: the player's data, none of the shop's making."""
    d = dossier(name)
    summary = d["portability"]
    assert summary["right"] == "eu-gdpr:A20" and summary["file"] == "portability.json"
    portable = portability(d)
    rows = portable["events"]
    assert summary["events"] == len(rows) == portable["entries"]
    kept = {e["id"] for e in d["events"] if e["origin"] != "dpv:InferredPersonalData"}
    assert {r["number"] for r in rows} <= kept
    assert {r["origin"] for r in rows} <= {"provided", "observed"}
    kinds = {r["what"] for r in rows}
    assert not kinds & {"price_shown", "price_change", "claim_use"}
    # No price, no offer, no note of the shop's in the player's data.
    text = json.dumps(rows)
    for shop_made in ('"price_cents"', '"normal_cents"', '"paid_cents"', '"coupons"', '"cookie"'):
        assert shop_made not in text
    assert not [r for r in rows if r["what"] == "coupon" and r["data"]["action"] == "shown"]
    assert portable["you_typed"] == d["data_subject"]
    typed = [r for r in rows if r["what"] == "input"]
    assert len(typed) == sum(e["kind"] == "input" for e in d["events"])
    for entry in typed:  # what was typed last under a field is the data subject's entry
        last = [r for r in typed if r["target"] == entry["target"]][-1]
        assert d["data_subject"][entry["target"]] == last["data"]["value"]
    # Scoped by legal basis: consent or contract is Art. 20(1)(a); the rest is a gift.
    for row in rows:
        in_scope = bool(set(row["legal_bases"]) & {"consent", "contract"})
        assert row["given_voluntarily"] is not in_scope
    assert portable["within_art_20"] + portable["given_voluntarily"] == len(rows)
    # It explains itself, in English field names, Art. 20(2) included.
    assert set(portable["fields"]) >= {k for r in rows for k in r}
    assert "Art. 20(2)" in portable["direct_transmission"]["en"]
    assert "Art. 20 Abs. 2" in portable["direct_transmission"]["de"]
    for lang in ("de", "en"):
        assert str(len(rows)) in summary["text"][lang]
    assert json.loads(to_portability_json(d)) == portable


def test_after_a_refusal_most_of_the_log_is_given_voluntarily(dossier: Dossier) -> None:
    """Necessary only: what is left runs on legitimate interest, beyond Art. 20(1)(a)."""
    portable = portability(dossier("privacy"))
    assert portable["given_voluntarily"] > portable["within_art_20"] > 0
    paid = [r for r in portable["events"] if r["what"] == "choice" and r.get("data", {}).get("buy")]
    assert paid and all(not r["given_voluntarily"] for r in paid)  # the purchase: a contract


def test_the_portable_file_is_written_beside_the_response_and_forgotten_with_it(
    game: Callable[[str], Game], tmp_path: Path
) -> None:
    from kaufhaus.dossier.model import build_dossier
    from kaufhaus.play.export import export_dossier
    from kaufhaus.play.savefolder import forget_files, our_files

    d = build_dossier(game("tv_fan"))
    written = export_dossier(d, tmp_path, lang="en", stamp="20260115-0930")
    names = [p.name for p in written]
    assert names[-1] == "dossier-20260115-0930-portability.json"
    portable = json.loads(written[-1].read_text(encoding="utf-8"))
    assert portable["format"] == "kaufhaus-portability" and portable["events"]
    assert sorted(p.name for p in our_files(tmp_path)) == sorted(names)
    deleted, kept = forget_files(our_files(tmp_path))
    assert len(deleted) == 4 and not kept and not list(tmp_path.iterdir())


def test_kaufhaus_dossier_writes_the_portable_file_of_a_save(
    game: Callable[[str], Game], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kaufhaus.cli import main
    from kaufhaus.saves import save_game

    path = tmp_path / "spiel.jsonl"
    save_game(game("tv_fan"), path)
    target = tmp_path / "mitnehmen.json"
    assert main(["dossier", str(path), "--format", "portability", "-o", str(target)]) == 0
    portable = json.loads(target.read_text(encoding="utf-8"))
    assert portable["format"] == "kaufhaus-portability"
    assert main(["dossier", str(path), "--format", "portability"]) == 0
    assert json.loads(capsys.readouterr().out) == portable


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_human_readable_answer_is_dated_says_15_4_and_names_the_countries(
    every_played: Callable[[str, str], tuple[Game, dict[str, Any]]], lang: str
) -> None:
    """What a reader holds, in HTML and Markdown: the day on the cover (Art. 12(3)),
    Art. 15(4) in the first layer, and the third countries by name exactly when the
    data went there (the TV fan accepted advertising; the privacy walk did not)."""
    from kaufhaus.dossier.export import to_html, to_markdown
    from kaufhaus.dossier.model import build_dossier
    from kaufhaus.dossier.texts import ART15_4, UI

    day = {"de": "8. Dezember 2026", "en": "8 December 2026"}[lang]
    countries = {"de": ("Vereinigte", "Indien"), "en": ("United States", "India")}[lang]
    for name, sent in (("walkthroughs/tv-fan", True), ("walkthroughs/privacy", False)):
        game, _ = every_played(name, lang)
        d = build_dossier(game, issued="2026-12-08")
        markup = to_html(d, lang)
        cover = markup[: markup.index("</header>")]
        first_layer = markup[: markup.index('id="appendix"')]
        markdown = to_markdown(d, lang)
        assert day in cover and day in markdown.split(f"## {UI[lang]['toc']}")[0]
        assert ART15_4[lang].split(":")[0] in first_layer
        assert ART15_4[lang].split(":")[0] in markdown
        for country in countries:
            assert (country in markup) is sent, (name, country)
            assert (country in markdown) is sent, (name, country)
