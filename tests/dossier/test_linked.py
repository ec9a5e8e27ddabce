"""The dossier is real JSON-LD in DPV 2.3: a processor expands it into the triples we mean.

pyld runs with a document loader that refuses every fetch, so the context must
be inline and complete; the triples are checked one by one, not merely counted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import pytest
from pyld import jsonld

from kaufhaus.dossier import linked
from kaufhaus.dossier.linked import DPV_NS, GDPR_NS, KH_NS, PD_NS, PROV_NS
from tests.dossier.conftest import SHIPPED, WALKS

Dossier = Callable[[str], dict[str, Any]]
Shipped = Callable[[str, str], dict[str, Any]]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TERM = re.compile(r"^(dpv|pd|eu-gdpr):[A-Za-z0-9_-]+$")


def _no_fetch(url: str, options: Any = None) -> Any:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


Triple = tuple[str, str, str]


def triples(doc: dict[str, Any]) -> set[Triple]:
    """The document as RDF: (subject, predicate, object) with objects in N-Quads form."""
    dataset = jsonld.to_rdf(doc, {"documentLoader": _no_fetch})
    out: set[Triple] = set()
    for quad in dataset["@default"]:
        obj = quad["object"]
        if obj["type"] == "literal":
            lang = obj.get("language")
            value = f'"{obj["value"]}"@{lang}' if lang else f'"{obj["value"]}"'
        else:
            value = obj["value"]
        out.add((quad["subject"]["value"], quad["predicate"]["value"], value))
    return out


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_walkthroughs_expand_to_the_triples_we_mean(
    shipped: Shipped, name: str, lang: str
) -> None:
    d = shipped(name, lang)
    assert d["lang"] == lang
    rdf = triples(d)
    doc = d["@id"]
    assert doc.startswith(linked.DOSSIER_BASE)

    # The file is an answer to an access request (Art. 15).
    assert (doc, RDF_TYPE, DPV_NS + "RightFulfilmentNotice") in rdf
    assert (doc, KH_NS + "right", GDPR_NS + "A15") in rdf

    # Each purpose with its DPV purpose and its GDPR legal basis.
    bases = {"consent": "A6-1-a", "legitimate_interest": "A6-1-f", "contract": "A6-1-b"}
    for purpose in d["purposes"]:
        node = f"{doc}#purpose-{purpose['id']}"
        assert (doc, DPV_NS + "hasPersonalDataHandling", node) in rdf
        assert (node, DPV_NS + "hasLegalBasis", GDPR_NS + bases[purpose["legal_basis"]]) in rdf
        term = purpose["dpv:hasPurpose"].split(":", 1)[1]
        assert (node, DPV_NS + "hasPurpose", DPV_NS + term) in rdf
    pricing = f"{doc}#purpose-price_optimisation"
    assert (pricing, DPV_NS + "hasPurpose", DPV_NS + "PersonalisedBenefits") in rdf
    assert (pricing, DPV_NS + "hasLegalBasis", GDPR_NS + "A6-1-f") in rdf

    # Every conclusion: typed by where it came from (inferred, except a typed
    # name: provided; the device's features: observed), derived from the log
    # entries it names.
    assert d["inferences"]
    for inference in d["inferences"]:
        node = f"{doc}#{inference['id']}"
        expected = {"identity": "ProvidedPersonalData", "fingerprint": "ObservedPersonalData"}
        origin = expected.get(inference["kind"], "InferredPersonalData")
        if inference["rule_id"] == "R-SAG":  # what the player said, written down
            origin = "ProvidedPersonalData"
        assert (node, RDF_TYPE, DPV_NS + origin) in rdf
        for eid in inference["evidence"]:
            assert (node, PROV_NS + "wasDerivedFrom", f"{doc}#event-{eid}") in rdf
        category = inference["data_category"].split(":", 1)[1]
        assert (node, DPV_NS + "hasPersonalData", PD_NS + category) in rdf

    # The recipients, typed as processors or third parties.
    for recipient in d["recipients"]["dpv:hasRecipient"]:
        node = doc + recipient["@id"]
        assert (node, RDF_TYPE, DPV_NS + recipient["role"].split(":", 1)[1]) in rdf
    # Each reality check points at the log entries that triggered it.
    for card in d["reality_checks"]:
        for eid in card["triggered_by_events"]:
            assert (doc + card["@id"], PROV_NS + "wasInfluencedBy", f"{doc}#event-{eid}") in rdf

    # Every log entry: its origin as its type, its sentence in both languages.
    for event in d["events"]:
        node = f"{doc}#event-{event['id']}"
        assert (doc, KH_NS + "logEntry", node) in rdf
        assert (node, RDF_TYPE, DPV_NS + event["origin"].split(":", 1)[1]) in rdf
        for text_lang in ("de", "en"):
            sentence = event["description"][text_lang].replace("\\", "\\\\").replace('"', '\\"')
            assert (node, KH_NS + "description", f'"{sentence}"@{text_lang}') in rdf


def test_a_typed_name_is_provided_and_a_special_category_is_named(shipped: Shipped) -> None:
    d = shipped("tv-fan", "en")
    rdf = triples(d)
    doc = d["@id"]
    typed = [e for e in d["events"] if e["kind"] == "input"]
    assert typed
    for event in typed:
        assert (f"{doc}#event-{event['id']}", RDF_TYPE, DPV_NS + "ProvidedPersonalData") in rdf

    # The privacy shopper bought condoms with her tights: the price rule's
    # conclusion about her is sex-life data, and says so in RDF, not only
    # "spending habits".
    d = shipped("privacy", "de")
    rdf = triples(d)
    doc = d["@id"]
    special = [i for i in d["inferences"] if i["art9"]]
    # The price rule's conclusion, and the note the queue at the till made of the
    # value pack in her basket.
    assert {(i["kind"], i["subject"]) for i in special} == {
        ("willingness_to_pay", "kondome"),
        ("note", "sparpack"),
    }
    for inference in special:
        node = f"{doc}#{inference['id']}"
        assert (node, DPV_NS + "hasPersonalData", PD_NS + "Sexual") in rdf
        # Legitimate interest has no Art. 9(2) condition: none is claimed.
        assert not any(s == node and p == KH_NS + "art9Condition" for s, p, _ in rdf)


def test_consent_to_a_special_category_is_no_art_9_condition(dossier: Dossier) -> None:
    """ "Accept all" is no explicit consent (Art. 9(2)(a)): no condition is asserted."""
    d = dossier("accept_and_condoms")
    rdf = triples(d)
    doc = d["@id"]
    sensitive = next(i for i in d["inferences"] if i["kind"] == "sensitive")
    assert sensitive["legal_basis"] == "consent"
    assert sensitive["art9_condition"] is None and sensitive["art9_status"] == "no_condition"
    node = f"{doc}#{sensitive['id']}"
    assert (node, DPV_NS + "hasPersonalData", PD_NS + "Sexual") in rdf
    assert not any(p == KH_NS + "art9Condition" for _, p, _ in rdf)


def test_every_top_level_key_maps_to_an_iri(shipped: Shipped) -> None:
    d = shipped("tv-fan", "de")
    context = d["@context"]
    for key, value in d.items():
        if key.startswith("@") or value in (None, [], {}):
            continue
        expanded = jsonld.expand(
            {"@context": context, "@id": d["@id"], key: value}, {"documentLoader": _no_fetch}
        )
        assert expanded and len(expanded[0]) == 2, key  # @id and the one property
        (iri,) = (k for k in expanded[0] if k != "@id")
        assert iri.startswith(("http://", "https://")), (key, iri)


@pytest.mark.parametrize("name", sorted(WALKS))
def test_every_dpv_term_is_in_the_pinned_2_3_vocabulary(dossier: Dossier, name: str) -> None:
    vocabulary = linked.dpv_terms()
    d = dossier(name)
    used = {s for s in _strings(d) if _TERM.match(s)}
    assert used, "the dossier speaks DPV"
    assert used <= vocabulary, sorted(used - vocabulary)
    assert d["dpv_version"] == "2.3"
    assert "pd:Behavioral" not in used


def test_the_term_list_is_the_official_2_3_release_with_source_and_licence() -> None:
    text = (
        resources.files("kaufhaus.dossier")
        .joinpath("vocab/dpv-2.3-terms.txt")
        .read_text(encoding="utf-8")
    )
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "2.3" in header and "W3C Document License" in header
    assert "https://github.com/w3c/dpv" in header
    terms = linked.dpv_terms()
    # Spot checks against the release notes: the British spellings, the GDPR extension.
    assert {"pd:Behavioural", "pd:Sexual", "pd:Health", "eu-gdpr:A9-2-a"} <= terms
    assert {"eu-gdpr:A6-1-a", "eu-gdpr:A6-1-f", "eu-gdpr:A22-3-a", "eu-gdpr:A7-3"} <= terms
    assert "pd:Behavioral" not in terms and "pd:BrowsingBehavior" not in terms
    assert len(terms) > 1500


def test_the_context_is_inline_and_fetches_nothing(dossier: Dossier) -> None:
    d = dossier("privacy")
    assert isinstance(d["@context"], dict)
    assert not any(isinstance(v, str) and v.endswith(".jsonld") for v in d["@context"].values())
    assert len(triples(d)) > 10 * len(d["events"])
