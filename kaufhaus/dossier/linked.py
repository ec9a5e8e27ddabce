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

from functools import cache
from importlib import resources
from typing import Any

DPV_VERSION = "2.3"

#: The dossier's format name and version (``model`` writes them, the exporters check them).
FORMAT = "kaufhaus-dossier"
VERSION = 3

DPV_NS = "https://w3id.org/dpv#"
PD_NS = "https://w3id.org/dpv/pd#"
GDPR_NS = "https://w3id.org/dpv/legal/eu/gdpr#"
PROV_NS = "http://www.w3.org/ns/prov#"
DCT_NS = "http://purl.org/dc/terms/"
#: The game's own terms: a reserved ``.example`` domain, nothing to resolve.
KH_NS = "https://kaufhaus-internet.example/vocab#"

#: Where the schema says it lives (``$id``); the file ships in ``schema/``.
SCHEMA_ID = "https://kaufhaus-internet.example/schema/dossier-3.schema.json"

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

#: Art. 9(2) conditions for special categories. Legitimate interest has none:
#: that absence is the point the dossier makes (the lookup returns ``None``).
ART9_CONDITION: dict[str, str] = {"consent": "eu-gdpr:A9-2-a"}

#: The DPV purpose for each of the shop's purposes, where the engine's term is
#: not honest enough. DPV 2.3 has no "personalised pricing"; the closest term is
#: ``PersonalisedBenefits`` — and the dossier says that here the "benefit"
#: includes a surcharge (``PURPOSE_NOTES``).
PURPOSE_TERM: dict[str, str] = {"price_optimisation": "dpv:PersonalisedBenefits"}

PURPOSE_NOTES: dict[str, dict[str, str]] = {
    "price_optimisation": {
        "de": "DPV 2.3 hat keinen Begriff für personalisierte Preise; am nächsten kommt "
        "dpv:PersonalisedBenefits („personalisierte Vorteile“). Zu unseren Vorteilen "
        "gehört auch der Aufschlag.",
        "en": "DPV 2.3 has no term for personalised pricing; the closest is "
        "dpv:PersonalisedBenefits. Our benefits include the surcharge.",
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
    "human_intervention": "eu-gdpr:A22-3-a",
    "withdraw_consent": "eu-gdpr:A7-3",
    "complaint": "eu-gdpr:A77",
}

#: Keys whose values are ``{"de": …, "en": …}``: language-tagged strings in RDF.
_LANGUAGE_KEYS = (
    "address",
    "article",
    "rule_text",
    "basis_text",
    "citation",
    "criteria",
    "description",
    "does",
    "dpo",
    "explanation",
    "how",
    "in_reality",
    "kind_label",
    "label",
    "legal_basis_label",
    "logic_text",
    "name",
    "note",
    "origin_label",
    "period",
    "place",
    "purpose_note",
    "reason",
    "rule_label",
    "safeguard",
    "said",
    "session",
    "significance",
    "subject_label",
    "text",
    "title",
    "value_text",
    "what",
)

#: Keys whose values are DPV (or other) terms, i.e. IRIs, not strings.
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
    "dpv:hasRight",
    "dpv:hasThirdCountry",
    "dpv:hasJustification",
    "dpv:hasDuration",
)


@cache
def _context_template() -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "@version": 1.1,
        "@vocab": KH_NS,
        "dpv": DPV_NS,
        "pd": PD_NS,
        "eu-gdpr": GDPR_NS,
        "prov": PROV_NS,
        "dct": DCT_NS,
        "kh": KH_NS,
        "$schema": {"@id": "dct:conformsTo", "@type": "@id"},
        "dpv_version": {"@id": "dct:requires"},
        "controller": {"@id": "dpv:hasDataController"},
        "data_subject": {"@id": "dpv:hasDataSubject"},
        "purposes": {"@id": "dpv:hasPersonalDataHandling"},
        "rights": {"@id": "kh:rightsText", "@container": "@language"},
        "rights_detail": {"@id": "dpv:hasRight"},
        "transfers": {"@id": "kh:transfers"},
        "events": {"@id": "kh:logEntry"},
        "inferences": {"@id": "kh:inference"},
        "origin": {"@id": "kh:origin", "@type": "@id"},
        "origins": {"@id": "kh:origin", "@type": "@id"},
        "data_category": {"@id": "dpv:hasPersonalData", "@type": "@id"},
        "special_category_term": {"@id": "dpv:hasPersonalData", "@type": "@id"},
        "art9_condition": {"@id": "kh:art9Condition", "@type": "@id"},
        "term": {"@id": "kh:term", "@type": "@id"},
        "role": {"@id": "kh:role", "@type": "@id"},
        "right": {"@id": "kh:right", "@type": "@id"},
        "evidence_events": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
        "triggered_by": {"@id": "prov:wasInfluencedBy", "@type": "@id"},
        "by_basis_dpv": {"@id": "kh:byLegalBasis"},
        "applies_to": {"@id": "kh:appliesTo", "@type": "@id"},
    }
    for key in _IRI_KEYS:
        ctx[key] = {"@type": "@id"}
    for key in _LANGUAGE_KEYS:
        ctx.setdefault(key, {"@container": "@language"})
    return ctx


def context(base: str) -> dict[str, Any]:
    """The inline JSON-LD context; ``base`` makes ``#event-3`` a node of this file."""
    ctx = dict(_context_template())
    for key, value in ctx.items():
        if isinstance(value, dict):
            ctx[key] = dict(value)
    ctx["@base"] = base
    return ctx


def dossier_iri(story_id: str, story_hash: str, seed: Any) -> str:
    """A name for this file (not an address): story, its hash and the seed."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in str(story_id))
    return f"urn:kaufhaus:akte:{safe}:{str(story_hash)[:16]}:{seed}"


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
