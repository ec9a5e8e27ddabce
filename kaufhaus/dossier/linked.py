"""The dossier as Linked Data: DPV 2.3 terms, the JSON-LD context, and node ids.

Why a module of its own: the engine (``kaufhaus.tracking``) names its
categories and purposes in DPV words of an older release (``pd:Behavioral``)
and knows nothing of the GDPR extension. The dossier is the document that
leaves the game, so the translation to the pinned vocabulary happens here,
once, and a test holds every emitted term to the term list shipped beside
this file (``vocab/dpv-2.3-terms.txt``, extracted from the official 2.3
Turtle files, W3C Document License 2023).

The context maps every key of the dossier to an IRI: the ones that matter to
DPV (purpose, legal basis, personal data, recipients, rights, …) explicitly,
everything else through ``@vocab`` into the game's own (fictional,
``.example``) namespace, so a JSON-LD processor expands the file into RDF
instead of dropping it. Nothing in it is fetched: the context is inline.
"""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources
from typing import Any

DPV_VERSION = "2.3"

#: The dossier's format name and version (``model`` writes them, the exporters check them).
FORMAT = "kaufhaus-dossier"
VERSION = 4

DPV_NS = "https://w3id.org/dpv#"
PD_NS = "https://w3id.org/dpv/pd#"
GDPR_NS = "https://w3id.org/dpv/legal/eu/gdpr#"
PROV_NS = "http://www.w3.org/ns/prov#"
DCT_NS = "http://purl.org/dc/terms/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
#: The game's own terms: a reserved ``.example`` domain, nothing to resolve.
KH_NS = "https://kaufhaus-internet.example/vocab#"

#: Where the schema says it lives (``$id``); the file ships in ``schema/``.
SCHEMA_ID = "https://kaufhaus-internet.example/schema/dossier-4.schema.json"

#: Prefixes whose terms must exist in the pinned DPV release.
DPV_PREFIXES = ("dpv", "pd", "eu-gdpr")

#: Spelling that changed between DPV releases (the engine still writes the old one).
TERM_FIX: dict[str, str] = {
    "pd:Behavioral": "pd:Behavioural",
    "pd:BrowsingBehavior": "pd:BrowsingBehaviour",
    "pd:Favorite": "pd:Favourite",
}


def term(value: str) -> str:
    """A DPV term in its 2.3 spelling."""
    return TERM_FIX.get(value, value)


#: Art. 6(1) legal bases, from the GDPR extension of DPV.
LEGAL_BASIS: dict[str, str] = {
    "consent": "eu-gdpr:A6-1-a",
    "contract": "eu-gdpr:A6-1-b",
    "legitimate_interest": "eu-gdpr:A6-1-f",
}

#: Art. 9(2) conditions for special categories, by legal basis: none. The game
#: never asks for explicit consent (Art. 9(2)(a); a click on "Accept all" is not
#: that), and legitimate interest is no condition at all. The file asserts a
#: condition only where one holds, so the lookup always returns ``None``
#: (``law.art9_state``: such a conclusion is unlawful).
ART9_CONDITION: dict[str, str] = {}

#: The DPV purpose for each of the shop's purposes, where the engine's term is
#: not honest enough. DPV 2.3 has no "personalised pricing"; the closest term is
#: ``PersonalisedBenefits`` — and the dossier says that here the "benefit"
#: includes a surcharge (``PURPOSE_NOTES``).
PURPOSE_TERM: dict[str, str] = {"price_optimisation": "dpv:PersonalisedBenefits"}

PURPOSE_NOTES: dict[str, dict[str, str]] = {
    "price_optimisation": {
        "de": "Das Datenschutz-Vokabular des W3C (DPV 2.3) kennt keine personalisierten "
        "Preise; wir führen sie dort als „personalisierte Vorteile“. Zu unseren Vorteilen "
        "gehört auch der Aufschlag.",
        "en": "The W3C's data privacy vocabulary (DPV 2.3) has no term for personalised "
        "pricing; we file it there as “personalised benefits”. Our benefits include the "
        "surcharge.",
    },
}

#: The special category of personal data behind a product's ``sensitive`` mark.
SPECIAL_TERM: dict[str, str] = {"health": "pd:Health", "sex_life": "pd:Sexual"}

#: The data subject's rights (Art. 15–22, 7(3), 77) in the GDPR extension.
RIGHT_TERMS: dict[str, str] = {
    "access": "eu-gdpr:A15",
    "rectification": "eu-gdpr:A16",
    "erasure": "eu-gdpr:A17",
    "restriction": "eu-gdpr:A18",
    "portability": "eu-gdpr:A20",
    "object": "eu-gdpr:A21",
    "human_intervention": "eu-gdpr:A22",
    "withdraw_consent": "eu-gdpr:A7-3",
    "complaint": "eu-gdpr:A77",
}

#: Keys whose values are ``{"de": …, "en": …}`` wherever they appear: language maps.
_LANGUAGE_KEYS = (
    "address",
    "art15_4",
    "art22_text",
    "article",
    "basis_text",
    "citation",
    "conclusion_words",
    "criteria",
    "dated",
    "description",
    "does",
    "dpo",
    "explanation",
    "how",
    "in_reality",
    "kind_label",
    "label",
    "law",
    "legal_basis_label",
    "mechanic",
    "name",
    "name_label",
    "note",
    "origin_label",
    "period",
    "place",
    "purpose_note",
    "reason",
    "role_label",
    "rule_label",
    "rule_text",
    "safeguard",
    "said",
    "session",
    "shop_answer",
    "significance",
    "subject_label",
    "text",
    "title",
    "value_text",
    "what",
    "workings",
)

#: Keys whose values are DPV (or other) terms or nodes of this file: IRIs, never strings.
_IRI_KEYS = (
    "dpv:hasPurpose",
    "dpv:hasLegalBasis",
    "dpv:hasPersonalData",
    "dpv:hasDataSource",
    "dpv:hasProcessing",
    "dpv:hasHumanInvolvement",
    "dpv:hasStorageCondition",
    "dpv:hasContext",
    "dpv:hasRecipient",
    "dpv:hasThirdCountry",
    "dpv:hasDuration",
)

#: Data kept exactly as logged or computed, opaque to RDF (an ``rdf:JSON`` literal):
#: what the player typed, what a device reported, the engine's numbers. Their keys
#: are nobody's vocabulary ("term" in a fingerprint is a terminal, not a DPV term).
_JSON_KEYS = (
    "catalogue",
    "cookie",
    "data",
    "fingerprint",
    "neutral_prices",
    "prices",
    "profile",
    "scenes",
    "value",
)

#: Counts, which must never share a property with the lists they count.
_COUNTS: dict[str, Any] = {
    "events": "kh:eventCount",
    "inferences": "kh:inferenceCount",
    "claims_used": "kh:claimUseCount",
    "reality_checks": "kh:realityCheckCount",
    "contests": "kh:contestCount",
}


@cache
def _context_template(lang: str) -> dict[str, Any]:
    """The context, built once per language of the scene texts quoted in the file.

    One meaning per key: where a key means something else in one part of the
    file (``events`` is the log at the top and a count in the summary), that
    part has a scoped context of its own.
    """
    ctx: dict[str, Any] = {
        "@version": 1.1,
        "@vocab": KH_NS,
        "dpv": DPV_NS,
        "pd": PD_NS,
        "eu-gdpr": GDPR_NS,
        "prov": PROV_NS,
        "dct": DCT_NS,
        "kh": KH_NS,
        "xsd": XSD_NS,
        "$schema": {"@id": "dct:conformsTo", "@type": "@id"},
        "issued": {"@id": "dct:issued", "@type": "xsd:date"},
        "dpv_version": {"@id": "kh:dpvVersion"},
        "controller": {"@id": "dpv:hasDataController"},
        "data_subject": {"@id": "kh:typedByYou", "@type": "@json"},
        "purposes": {"@id": "dpv:hasPersonalDataHandling"},
        "rights": {"@id": "kh:rightsText", "@container": "@language"},
        "rights_detail": {"@id": "dpv:hasRight"},
        "events": {"@id": "kh:logEntry"},
        "inferences": {"@id": "kh:inference"},
        "contests": {"@id": "kh:rightExercised"},
        "origin": {"@id": "kh:origin", "@type": "@id"},
        "data_category": {"@id": "dpv:hasPersonalData", "@type": "@id"},
        "special_category_term": {"@id": "dpv:hasPersonalData", "@type": "@id"},
        "art9_condition": {"@id": "kh:art9Condition", "@type": "@id"},
        "role": {"@id": "kh:role", "@type": "@id"},
        "right": {"@id": "kh:right", "@type": "@id"},
        "concerns": {"@id": "kh:concerns", "@type": "@id"},
        "evidence_events": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
        "triggered_by": {"@id": "prov:wasInfluencedBy", "@type": "@id"},
        "applies_to": {"@id": "kh:appliesTo", "@type": "@id"},
        "recipient": {"@id": "kh:recipient", "@type": "@id"},
        # The engine writes its rules in German; an English file has them in English
        # (``rule_lang`` says which, row by row).
        "rule": _rule_term(lang),
        "summary": {"@id": "kh:summary", "@context": dict(_COUNTS)},
        "source": {"@id": "kh:source", "@context": dict(_COUNTS)},
        "personal_data": {
            "@id": "kh:personalDataCategory",
            "@context": {
                **_COUNTS,
                "term": {"@id": "dpv:hasPersonalData", "@type": "@id"},
                "origins": {"@id": "kh:origin", "@type": "@id"},
                "purposes": "kh:purposeId",
            },
        },
        "recipients": {
            "@id": "kh:recipients",
            "@context": {
                "purposes": "kh:purposeId",
                "count": "kh:partnerCount",
                # Names of invented German firms: German words.
                "name": {"@id": "kh:name", "@language": "de"},
            },
        },
        "consent": {
            "@id": "kh:consent",
            "@context": {
                "events": "kh:decisionEvent",
                "after_refusal": {
                    "@id": "kh:afterRefusal",
                    "@context": {
                        "events": "kh:eventCount",
                        "processed": "kh:processedCount",
                        "event_ids": "kh:processedEvent",
                        "by_purpose": {"@id": "kh:byPurpose", "@type": "@json"},
                        "by_basis": {"@id": "kh:byLegalBasis", "@type": "@json"},
                    },
                },
            },
        },
        "automated_decision_making": {
            "@id": "kh:automatedDecisionMaking",
            "@context": {
                "logic": {
                    "@id": "kh:logic",
                    "@context": {
                        "inferences": "kh:inferenceCount",
                        # An engine rule in the file's language, beside its words in both.
                        "text": _rule_term(lang),
                        "rule": "kh:ruleId",
                    },
                },
                "pricing": {"@id": "kh:pricing", "@context": {"rule": "kh:ruleId"}},
            },
        },
        "price_comparison": {"@id": "kh:priceComparison", "@context": {"rule": "kh:ruleId"}},
        "special_categories": {
            "@id": "kh:specialCategories",
            "@context": {"inference": {"@id": "kh:aboutInference", "@type": "@id"}},
        },
        "reality_checks": {
            "@id": "kh:realityCheck",
            "@context": {"source": {"@id": "kh:sourceCitation", "@language": "de"}},
        },
        "shown_vs_neutral": {
            "@id": "kh:shown",
            "@context": {
                "text": {"@id": "kh:textShown", "@language": lang},
                "neutral_text": {"@id": "kh:textShownToNeutral", "@language": lang},
            },
        },
        "portability": {"@id": "kh:portability", "@context": dict(_COUNTS)},
    }
    for key in _IRI_KEYS:
        ctx[key] = {"@type": "@id"}
    for key in _LANGUAGE_KEYS:
        ctx.setdefault(key, {"@container": "@language"})
    for key in _JSON_KEYS:
        ctx[key] = {"@id": f"kh:{key}", "@type": "@json"}
    return ctx


def context(base: str, lang: str = "de") -> dict[str, Any]:
    """The inline JSON-LD context; ``base`` makes ``#event-3`` a node of this file.

    ``lang`` is the language the scene texts quoted in the file were shown in.
    """
    ctx = copy.deepcopy(_context_template(lang if lang in ("de", "en") else "de"))
    ctx["@base"] = base
    return ctx


#: Where a dossier's IRI lives: a reserved ``.example`` domain, nothing to resolve,
#: and hierarchical, so ``#event-3`` resolves the same in every RDF library.
DOSSIER_BASE = "https://kaufhaus-internet.example/akte/"


def dossier_iri(session: str) -> str:
    """A name for this file (not an address), unique per game: its session's name."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in str(session))
    return DOSSIER_BASE + (safe or "unnamed")


@cache
def dpv_terms() -> frozenset[str]:
    """Every term the three DPV 2.3 modules declare (shipped, never fetched)."""
    text = (
        resources.files("kaufhaus.dossier")
        .joinpath("vocab/dpv-2.3-terms.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def schema() -> dict[str, Any]:
    """The shipped JSON Schema (draft 2020-12) every dossier export claims to follow."""
    import json

    text = (
        resources.files("kaufhaus.dossier")
        .joinpath("schema/dossier.schema.json")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _rule_term(lang: str) -> dict[str, str]:
    """An engine rule: as logged (German) in a German file, in English in an English one."""
    if lang == "en":
        return {"@id": "kh:rule", "@language": "en"}
    return {"@id": "kh:ruleAsLogged", "@language": "de"}
