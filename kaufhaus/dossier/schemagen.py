"""The dossier's JSON Schema, generated: the format's contract, written once in code.

``schema/dossier.schema.json`` is this module's output, committed so that
anyone can validate a file without running the game (a test holds the file
to what this module generates). Generated rather than hand-written because
its enums come from sources of truth that change: the DPV 2.3 terms by their
concept type (``vocab/dpv-2.3-types.txt``, extracted from the official
Turtle files), the engine's purposes, event kinds and conclusion families.

What the schema says, and what it leaves to the checker (``check.py``):

- closed objects wherever the format is closed (every row of the log, every
  conclusion, every purpose, …), open only where data is kept as logged
  (``events[].data``, the profile, the fingerprint, the catalogue);
- every term from the pinned vocabulary, of the right kind (a purpose is a
  ``dpv:Purpose``, a legal basis a ``dpv:LegalBasis``, …);
- every list with an item schema and, where empty would be false, ``minItems``;
- the nine rights, each by ``contains``; ``@type`` and ``origin`` equal and
  fixed by the kind of row; a legal basis that matches its purpose; a
  transfer's country and safeguard present if and only if it happened; no
  Art. 9(2) condition where none holds;
- what JSON Schema cannot say (evidence naming an event of this file, ids in
  order, counts and sums that agree) the checker says.

Run ``python -m kaufhaus.dossier.schemagen`` to write the file again after a
change of the format; ``--types DIR`` re-extracts the concept types from the
DPV 2.3 Turtle files in DIR.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from kaufhaus.dossier import linked
from kaufhaus.dossier.law import ART9_UNLAWFUL, ART22_STATES
from kaufhaus.dossier.texts import CONSENT_CHOICE_LABELS, ROLE_LABELS
from kaufhaus.tracking.events import CONTEST_RIGHTS, SHOP_RECORDS, Kind
from kaufhaus.tracking.purposes import BASIS_LABEL, PURPOSES
from kaufhaus.tracking.vocabulary import INFERENCE_KIND_LABELS

SCHEMA_FILE = "schema/dossier.schema.json"
TYPES_FILE = "vocab/dpv-2.3-types.txt"

#: The concept types the schema's enums are drawn from.
TYPES = (
    "dpv:Purpose",
    "dpv:LegalBasis",
    "dpv:PersonalData",
    "dpv:SpecialCategoryPersonalData",
    "dpv:Right",
    "dpv:Processing",
    "dpv:HumanInvolvement",
    "dpv:DataSource",
)

OBSERVED = "dpv:ObservedPersonalData"
PROVIDED = "dpv:ProvidedPersonalData"
INFERRED = "dpv:InferredPersonalData"
ORIGINS = (OBSERVED, PROVIDED, INFERRED)


# ------------------------------------------------------------------ vocabulary
def extract_types(folder: Path) -> dict[str, list[str]]:
    """Each term's concept types among ``TYPES``, from the official Turtle files."""
    rows: dict[str, list[str]] = {}
    for name in ("dpv-2.3.ttl", "pd-2.3.ttl", "eu-gdpr-2.3.ttl"):
        text = (folder / name).read_text(encoding="utf-8")
        for match in re.finditer(
            r"^((?:dpv|pd|eu-gdpr):[A-Za-z0-9_-]+) a ([^;]*?)\s*;", text, re.M
        ):
            types = [t.strip() for t in match.group(2).replace("\n", " ").split(",")]
            kept = [t for t in types if t in TYPES]
            if kept:
                rows[match.group(1)] = kept
    return dict(sorted(rows.items()))


def types_text(rows: dict[str, list[str]]) -> str:
    header = [
        "# W3C Data Privacy Vocabulary (DPV) 2.3 — the concept types the dossier's schema",
        "# draws its enums from: a line per term, <term> <type>[,<type>…], for the types",
        "#   " + ", ".join(TYPES),
        "# as declared in the official Turtle files (w3c/dpv, 2.3: dpv, pd, legal/eu/gdpr).",
        "# Licence: W3C Document License 2023, https://www.w3.org/copyright/document-license-2023/",
        "# Extracted with: python -m kaufhaus.dossier.schemagen --types <folder of the .ttl files>",
    ]
    return "\n".join([*header, *(f"{t} {','.join(ts)}" for t, ts in rows.items())]) + "\n"


@cache
def term_types() -> dict[str, frozenset[str]]:
    text = resources.files("kaufhaus.dossier").joinpath(TYPES_FILE).read_text(encoding="utf-8")
    out: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            term, _, types = line.partition(" ")
            out[term] = frozenset(types.split(","))
    return out


def terms_of(*types: str) -> list[str]:
    """Every pinned term of one of ``types``, sorted."""
    wanted = set(types)
    return sorted(t for t, ts in term_types().items() if ts & wanted)


# ------------------------------------------------------------------ building blocks
def enum(values: Iterable[Any]) -> dict[str, Any]:
    return {"enum": sorted(set(values), key=str)}


def closed(
    properties: dict[str, Any], required: Iterable[str] | None = None, **extra: Any
) -> dict[str, Any]:
    """An object with exactly these keys; all of them required unless said otherwise."""
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(properties if required is None else required),
        "additionalProperties": False,
        **extra,
    }


def array(items: dict[str, Any], min_items: int = 0, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array", "items": items, **extra}
    if min_items:
        out["minItems"] = min_items
    return out


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def node(prefix: str) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^#{prefix}-[a-z0-9_]+$"}


def when(condition: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"properties": condition, "required": sorted(condition)}, "then": then}


STR = {"type": "string"}
SAID = {"type": "string", "minLength": 1}
TEXT = ref("text")
INT = {"type": "integer", "minimum": 0}
NUM = {"type": "number"}
SECONDS = {"type": "number", "minimum": 0}
MONEY = {"type": "number", "minimum": 0}
SIGNED = {"type": "number"}
BOOL = {"type": "boolean"}
EVENT_ID = {"type": "integer", "minimum": 0}
EVENT_IDS = array(EVENT_ID, uniqueItems=True)
EVENT_NODES = array({"type": "string", "pattern": "^#event-[0-9]+$"}, uniqueItems=True)
JSON_DATA = {"type": "object"}
PURPOSE_IDS = sorted(PURPOSES)
BASES = sorted(BASIS_LABEL)


def defs() -> dict[str, Any]:
    personal_data = [
        *terms_of("dpv:PersonalData", "dpv:SpecialCategoryPersonalData"),
        "dpv:PersonalData",
        "dpv:SpecialCategoryPersonalData",
    ]
    return {
        "text": closed({"de": STR, "en": STR}),
        # A log entry's sentence in both languages, and in each a word at least: an
        # empty one would be an entry the file claims to explain and does not.
        "sentence": closed({"de": SAID, "en": SAID}),
        "personalData": enum(personal_data),
        "specialCategory": enum(
            [*terms_of("dpv:SpecialCategoryPersonalData"), "dpv:SpecialCategoryPersonalData"]
        ),
        "purposeTerm": enum(terms_of("dpv:Purpose")),
        "legalBasis": enum(terms_of("dpv:LegalBasis")),
        "art6": enum(linked.LEGAL_BASIS.values()),
        "right": enum(terms_of("dpv:Right")),
        "origin": enum(ORIGINS),
        "purposeId": enum(PURPOSE_IDS),
        "basis": enum(BASES),
        "eventKind": enum(str(k) for k in Kind),
        "inferenceKind": enum(INFERENCE_KIND_LABELS),
        "event": event(),
        "inference": inference(),
        "purpose": purpose(),
        "processing": closed(
            {
                "purpose": ref("purposeId"),
                "legal_basis": ref("basis"),
                "dpv:hasPurpose": ref("purposeTerm"),
                "dpv:hasLegalBasis": ref("art6"),
            },
            allOf=purpose_basis_rules(),
        ),
        "use": closed(
            {
                "event": EVENT_ID,
                "t": SECONDS,
                "scene": STR,
                "place": TEXT,
                "evidence": EVENT_IDS,
                "said": TEXT,
            }
        ),
        "right_detail": closed(
            {
                "@id": node("right"),
                "@type": {"const": "dpv:DataSubjectRight"},
                "right": enum(linked.RIGHT_TERMS.values()),
                "id": enum(linked.RIGHT_TERMS),
                "article": TEXT,
                "label": TEXT,
                "how": TEXT,
            },
            allOf=[
                when({"id": {"const": key}}, {"properties": {"right": {"const": term}}})
                for key, term in linked.RIGHT_TERMS.items()
            ],
        ),
        "retention": closed(
            {
                "@id": node("retention"),
                "@type": {"const": ["dpv:StorageDuration", "dpv:UntilEventDuration"]},
                "id": STR,
                "applies_to": array(
                    enum([*ORIGINS, *personal_data]), min_items=1, uniqueItems=True
                ),
                "what": TEXT,
                "period": TEXT,
                "criteria": TEXT,
            }
        ),
        "decision": closed(
            {
                "kind": enum(["text", "price", "coupon", "payment"]),
                "event": EVENT_ID,
                "scene": STR,
                "product": nullable(STR),
                "yours": MONEY,
                "neutral": MONEY,
            },
            required=["kind", "event", "scene"],
            allOf=[
                when(
                    {"kind": enum(["price", "payment"])},
                    {"required": ["product", "yours", "neutral"]},
                )
            ],
        ),
        "contest": closed(
            {
                "@id": node("contest"),
                "@type": {"const": "dpv:RightExerciseRecord"},
                "event": EVENT_ID,
                "t": SECONDS,
                "right_id": enum(CONTEST_RIGHTS),
                "right": enum(["eu-gdpr:A16", "eu-gdpr:A21", "eu-gdpr:A22"]),
                "label": TEXT,
                "conclusion": {"type": "string", "minLength": 1},
                "concerns": node("inference"),
                "conclusion_words": TEXT,
                "shop_answer": TEXT,
                "law": TEXT,
                "dpv:hasLegalBasis": {"const": "eu-gdpr:A6-1-c"},
                "evidence_events": array(
                    {"type": "string", "pattern": "^#event-[0-9]+$"}, min_items=1, maxItems=1
                ),
            },
            required=[
                "@id",
                "@type",
                "event",
                "t",
                "right_id",
                "right",
                "label",
                "conclusion",
                "conclusion_words",
                "shop_answer",
                "law",
                "dpv:hasLegalBasis",
                "evidence_events",
            ],
            allOf=[
                when(
                    {"right_id": {"const": "rectify"}},
                    {"properties": {"right": {"const": "eu-gdpr:A16"}}},
                ),
                when(
                    {"right_id": {"const": "object"}},
                    {"properties": {"right": {"const": "eu-gdpr:A21"}}},
                ),
                when(
                    {"right_id": {"const": "human"}},
                    {"properties": {"right": {"const": "eu-gdpr:A22"}}},
                ),
            ],
        ),
    }


def purpose_basis_rules(purpose_key: str = "purpose") -> list[dict[str, Any]]:
    """One legal basis per purpose, and the GDPR term that names it."""
    rules = []
    for pid, p in sorted(PURPOSES.items()):
        rules.append(
            when({purpose_key: {"const": pid}}, {"properties": {"legal_basis": {"const": p.basis}}})
        )
    for basis, term in linked.LEGAL_BASIS.items():
        rules.append(
            when(
                {"legal_basis": {"const": basis}},
                {"properties": {"dpv:hasLegalBasis": {"const": term}}},
            )
        )
    return rules


def origin_rules() -> list[dict[str, Any]]:
    """``@type`` is the origin, whichever of the three it is."""
    return [
        when({"origin": {"const": o}}, {"properties": {"@type": {"const": o}}}) for o in ORIGINS
    ]


def event() -> dict[str, Any]:
    provided = ["input", "contest"]
    # The shop's own records (prices, claims used, notes, transfers): its inferences.
    shop = sorted(str(k) for k in SHOP_RECORDS if k is not Kind.STATE)
    return closed(
        {
            "@id": {"type": "string", "pattern": "^#event-[0-9]+$"},
            "@type": ref("origin"),
            "id": EVENT_ID,
            "kind": ref("eventKind"),
            "t": SECONDS,
            "scene": STR,
            "target": STR,
            "data": JSON_DATA,
            "processed_for": array(ref("purposeId"), uniqueItems=True),
            "legal_bases": array(ref("basis"), uniqueItems=True),
            "data_category": ref("personalData"),
            "origin": ref("origin"),
            "origin_label": TEXT,
            "after_refusal": BOOL,
            "description": ref("sentence"),
            "on_screen": BOOL,
        },
        required=[
            "@id",
            "@type",
            "id",
            "kind",
            "t",
            "scene",
            "processed_for",
            "legal_bases",
            "data_category",
            "origin",
            "origin_label",
            "after_refusal",
            "description",
        ],
        allOf=[
            *origin_rules(),
            when({"kind": enum(provided)}, {"properties": {"origin": {"const": PROVIDED}}}),
            # The shop's records are its conclusions, except a note that only
            # writes down what the player said: that is provided.
            {
                "if": {
                    "properties": {
                        "kind": {"const": "note"},
                        "data": {"properties": {"said": {"const": True}}, "required": ["said"]},
                    },
                    "required": ["kind", "data"],
                },
                "then": {"properties": {"origin": {"const": PROVIDED}}},
                "else": when({"kind": enum(shop)}, {"properties": {"origin": {"const": INFERRED}}}),
            },
            when(
                {"kind": {"not": enum([*provided, *shop, "state"])}},
                {"properties": {"origin": {"const": OBSERVED}}},
            ),
            when({"kind": {"const": "price_shown"}}, {"required": ["on_screen"]}),
            {
                "if": {"properties": {"processed_for": {"maxItems": 0}}},
                "then": {"properties": {"legal_bases": {"maxItems": 0}}},
                "else": {"properties": {"legal_bases": {"minItems": 1}}},
            },
        ],
    )


def inference() -> dict[str, Any]:
    expected = {"identity": PROVIDED, "fingerprint": OBSERVED}
    return closed(
        {
            "@id": {"type": "string", "pattern": "^#inference-[0-9]+$"},
            "@type": ref("origin"),
            "id": {"type": "string", "pattern": "^inference-[0-9]+$"},
            "key": {"type": "string", "minLength": 1},
            "kind": ref("inferenceKind"),
            "subject": STR,
            "value": {"type": ["number", "string"]},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "evidence": array(EVENT_ID, min_items=1, uniqueItems=True),
            "evidence_events": array(
                {"type": "string", "pattern": "^#event-[0-9]+$"}, min_items=1, uniqueItems=True
            ),
            "rule": {"type": "string", "minLength": 1},
            "rule_lang": enum(["de", "en"]),
            "rule_id": {"type": "string", "pattern": "^R-[A-Z]+$"},
            "rule_text": TEXT,
            "reason": TEXT,
            "purpose": ref("purposeId"),
            "legal_basis": ref("basis"),
            "data_category": ref("personalData"),
            "special_category": nullable(STR),
            "label": nullable(TEXT),
            "workings": nullable(TEXT),
            "origin": ref("origin"),
            "origin_label": TEXT,
            "special_category_term": nullable(ref("specialCategory")),
            "art9_condition": nullable(enum(t for t in terms_of("dpv:LegalBasis") if "A9-2" in t)),
            "art9_status": nullable({"const": ART9_UNLAWFUL}),
            "kind_label": TEXT,
            "subject_label": TEXT,
            "value_text": TEXT,
            "dpv:hasPurpose": ref("purposeTerm"),
            "dpv:hasLegalBasis": ref("art6"),
            "legal_basis_label": TEXT,
            "processing": array(ref("processing"), min_items=1),
            "decisions": {
                "type": "object",
                "propertyNames": enum(["text", "price", "coupon"]),
                "additionalProperties": array(EVENT_ID, min_items=1, uniqueItems=True),
            },
            "art22": enum(ART22_STATES),
            "evidence_valid": {"const": True},
            "art9": BOOL,
            "purpose_refused": BOOL,
            "used": array(ref("use")),
        },
        allOf=[
            *origin_rules(),
            *purpose_basis_rules(),
            *[
                when({"kind": {"const": kind}}, {"properties": {"origin": {"const": origin}}})
                for kind, origin in expected.items()
            ],
            when(
                {"kind": {"not": enum(expected)}, "rule_id": {"not": {"const": "R-SAG"}}},
                {"properties": {"origin": {"const": INFERRED}}},
            ),
            # A note of what the player said is theirs: provided, not concluded.
            when(
                {"rule_id": {"const": "R-SAG"}},
                {"properties": {"kind": {"const": "note"}, "origin": {"const": PROVIDED}}},
            ),
            # An Art. 9 conclusion has no condition of Art. 9(2) in this game: unlawful.
            {
                "if": {"properties": {"art9": {"const": True}}, "required": ["art9"]},
                "then": {
                    "properties": {
                        "art9_status": {"const": ART9_UNLAWFUL},
                        "art9_condition": {"type": "null"},
                        "special_category_term": ref("specialCategory"),
                    }
                },
                "else": {
                    "properties": {
                        "art9_status": {"type": "null"},
                        "art9_condition": {"type": "null"},
                        "special_category_term": {"type": "null"},
                    }
                },
            },
            # Art. 22 concerns decisions: no decision fed, no Art. 22 position but that.
            {
                "if": {"properties": {"decisions": {"maxProperties": 0}}},
                "then": {"properties": {"art22": {"const": "no_decision"}}},
                "else": {"properties": {"art22": {"not": {"const": "no_decision"}}}},
            },
        ],
    )


def purpose() -> dict[str, Any]:
    return closed(
        {
            "@id": {"type": "string", "pattern": "^#purpose-[a-z_]+$"},
            "@type": {"const": "dpv:PersonalDataHandling"},
            "id": ref("purposeId"),
            "label": TEXT,
            "purpose_note": TEXT,
            "dpv:hasPurpose": ref("purposeTerm"),
            "dpv:hasLegalBasis": ref("art6"),
            "dpv:hasPersonalData": array(ref("personalData"), uniqueItems=True),
            "dpv:hasRecipient": array(node("recipient"), uniqueItems=True),
            "dpv:hasStorageCondition": array(node("retention"), uniqueItems=True),
            "legal_basis": ref("basis"),
            "legal_basis_label": TEXT,
            "events_processed": INT,
            "events_after_refusal": INT,
            "refused_by_player": BOOL,
            "status": enum(["granted", "refused", "not_asked", "no_consent_needed"]),
        },
        required=[
            "@id",
            "@type",
            "id",
            "label",
            "dpv:hasPurpose",
            "dpv:hasLegalBasis",
            "dpv:hasPersonalData",
            "dpv:hasRecipient",
            "dpv:hasStorageCondition",
            "legal_basis",
            "legal_basis_label",
            "events_processed",
            "events_after_refusal",
            "refused_by_player",
            "status",
        ],
        allOf=[
            *purpose_basis_rules("id"),
            *[
                when(
                    {"id": {"const": pid}},
                    {
                        "properties": {
                            "dpv:hasPurpose": {"const": linked.PURPOSE_TERM.get(pid, p.dpv_purpose)}
                        }
                    },
                )
                for pid, p in sorted(PURPOSES.items())
            ],
            when(
                {"legal_basis": {"not": {"const": "consent"}}},
                {"properties": {"status": {"const": "no_consent_needed"}}},
            ),
            # No event processed for it: nobody received one, nothing kept of one. (A
            # conclusion drawn for a refused purpose still names its data: the file
            # says so rather than hide it.)
            when(
                {"events_processed": {"const": 0}},
                {
                    "properties": {
                        "dpv:hasRecipient": {"maxItems": 0},
                        "dpv:hasStorageCondition": {"maxItems": 0},
                    }
                },
            ),
        ],
    )


def top_level() -> dict[str, Any]:
    text = TEXT
    consent_choices = sorted(CONSENT_CHOICE_LABELS)
    decision = closed(
        {
            "event": EVENT_ID,
            "t": SECONDS,
            "choice": enum(consent_choices),
            "label": text,
            "granted": array(ref("purposeId"), uniqueItems=True),
            "refused": array(ref("purposeId"), uniqueItems=True),
        }
    )
    after_refusal = closed(
        {
            "since_event": EVENT_ID,
            "refused": array(ref("purposeId"), min_items=1, uniqueItems=True),
            "events": INT,
            "processed": INT,
            "by_purpose": {"type": "object", "additionalProperties": INT},
            "by_basis": {"type": "object", "additionalProperties": INT},
            "refused_purposes_processed": INT,
            "event_ids": EVENT_IDS,
        }
    )
    recipient = closed(
        {
            "@id": node("recipient"),
            "@type": enum(ROLE_LABELS),
            "name": {"type": "string", "minLength": 1},
            "role": enum(ROLE_LABELS),
            "role_label": text,
            "purposes": array(ref("purposeId"), min_items=1, uniqueItems=True),
            "does": text,
            "received": BOOL,
            # A story's own recipient: its name in each language and the transfers to it.
            "name_label": text,
            "transfer_events": EVENT_IDS,
        },
        required=["@id", "@type", "name", "role", "role_label", "purposes", "does", "received"],
        allOf=[
            when({"role": {"const": r}}, {"properties": {"@type": {"const": r}}})
            for r in sorted(ROLE_LABELS)
        ],
    )
    country = closed(
        {
            "@id": node("country"),
            "@type": {"const": "dpv:ThirdCountry"},
            "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "name": text,
        }
    )
    shown_row = closed(
        {
            "event": EVENT_ID,
            "scene": STR,
            "title": text,
            "text": STR,
            "neutral_text": STR,
            "personalised": BOOL,
            "added_for_you": BOOL,
            "prices": {"type": "object", "additionalProperties": MONEY},
            "neutral_prices": {"type": "object", "additionalProperties": MONEY},
            "prices_personalised": BOOL,
            "price_differences": array(
                closed(
                    {
                        "product": STR,
                        "yours": MONEY,
                        "neutral": MONEY,
                        "difference": SIGNED,
                    }
                )
            ),
        },
        allOf=[
            {
                "if": {"properties": {"price_differences": {"minItems": 1}}},
                "then": {"properties": {"prices_personalised": {"const": True}}},
                "else": {"properties": {"prices_personalised": {"const": False}}},
            }
        ],
    )
    card = closed(
        {
            "@id": node("reality"),
            "id": STR,
            "mechanic": text,
            "title": text,
            "text": text,
            "session": text,
            "source": STR,
            "sources": array(
                closed(
                    {
                        "id": STR,
                        "file": STR,
                        "citation": text,
                        "lang": enum(["de", "en"]),
                    }
                ),
                min_items=1,
            ),
            "triggered_by_events": array(EVENT_ID, min_items=1, uniqueItems=True),
            "triggered_by": EVENT_NODES,
        }
    )
    price_row = closed(
        {
            "product": STR,
            "name": text,
            "normal": MONEY,
            "neutral": MONEY,
            "yours_first": nullable(MONEY),
            "yours_last": nullable(MONEY),
            "yours_min": nullable(MONEY),
            "yours_max": nullable(MONEY),
            "shown_events": EVENT_IDS,
            "differing_events": EVENT_IDS,
            "paid": nullable(MONEY),
            "paid_neutral": nullable(MONEY),
            "paid_event": nullable(EVENT_ID),
            "now": closed(
                {
                    "price": MONEY,
                    "factor": {"type": "number", "exclusiveMinimum": 0},
                    "coupon": BOOL,
                    "rule": STR,
                    "rule_label": text,
                }
            ),
        }
    )
    payment = closed(
        {
            "event": EVENT_ID,
            "items": array(
                closed(
                    {
                        "product": STR,
                        "name": text,
                        "paid": MONEY,
                        "neutral": MONEY,
                        "normal": MONEY,
                        "difference": SIGNED,
                        "vs_normal": STR,
                    }
                ),
                min_items=1,
            ),
        }
    )
    claim_row = closed(
        {
            "event": EVENT_ID,
            "t": SECONDS,
            "scene": STR,
            "place": text,
            "where": nullable(STR),
            "claim": {"type": "string", "minLength": 1},
            "kind": STR,
            "value": {},
            "evidence": EVENT_IDS,
            "supported": BOOL,
            "said": text,
        }
    )
    logic_row = closed(
        {
            "rule": {"type": "string", "pattern": "^R-[A-Z]+$"},
            "text": STR,
            "text_lang": enum(["de", "en"]),
            "rule_text": text,
            "explanation": text,
            "used_by": array(ref("inferenceKind"), min_items=1, uniqueItems=True),
            "inferences": {"type": "integer", "minimum": 1},
        }
    )
    special_row = closed(
        {
            "inference": {"type": "string", "pattern": "^#inference-[0-9]+$"},
            "kind": ref("inferenceKind"),
            "subject": STR,
            "data_category": ref("personalData"),
            "special_category_term": ref("specialCategory"),
            "art9_condition": {"type": "null"},
            "art9_status": {"const": ART9_UNLAWFUL},
            "purpose": ref("purposeId"),
            "legal_basis": ref("basis"),
            "note": text,
        }
    )
    category_row = closed(
        {
            "term": ref("personalData"),
            "label": text,
            "special_category": BOOL,
            "origins": array(ref("origin"), min_items=1, uniqueItems=True),
            "events": INT,
            "inferences": INT,
            "purposes": array(ref("purposeId"), uniqueItems=True),
        }
    )
    transfers = closed(
        {
            "@id": {"const": "#transfers"},
            "happened": BOOL,
            "recipient": node("recipient"),
            "dpv:hasThirdCountry": array(country, uniqueItems=True),
            "dpv:hasLegalBasis": {"const": "eu-gdpr:A46-2-c"},
            "what": text,
            "safeguard": text,
            "note": text,
        },
        required=["@id", "happened", "recipient", "dpv:hasThirdCountry", "what", "note"],
        allOf=[
            {
                "if": {"properties": {"happened": {"const": True}}},
                "then": {
                    "required": ["dpv:hasLegalBasis", "safeguard"],
                    "properties": {"dpv:hasThirdCountry": {"minItems": 1}},
                },
                "else": {
                    "not": {
                        "anyOf": [{"required": ["dpv:hasLegalBasis"]}, {"required": ["safeguard"]}]
                    },
                    "properties": {"dpv:hasThirdCountry": {"maxItems": 0}},
                },
            }
        ],
    )
    adm = closed(
        {
            "exists": BOOL,
            "dpv:hasProcessing": array(enum(terms_of("dpv:Processing")), min_items=1),
            "dpv:hasContext": array(
                enum(["dpv:AutomatedDecisionMaking", "dpv:EvaluationScoring"]), min_items=1
            ),
            # No human looked at a price, a coupon or a text: the file says so in words,
            # and its term may not say otherwise.
            "dpv:hasHumanInvolvement": {"const": "dpv:HumanNotInvolved"},
            "text": text,
            "significance": text,
            "art22_text": text,
            "decisions": array(ref("decision")),
            "logic": array(logic_row, min_items=1),
            "pricing": closed(
                {
                    "min_factor": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                    "max_factor": {"type": "number", "minimum": 1},
                    "coupon": {"type": "number", "minimum": 0, "maximum": 1},
                    "explanation": text,
                    "products": array(
                        closed(
                            {
                                "product": STR,
                                "price": MONEY,
                                "factor": {"type": "number", "exclusiveMinimum": 0},
                                "coupon": BOOL,
                                "rule": STR,
                                "rule_label": text,
                            }
                        )
                    ),
                }
            ),
            "coupon": closed(
                {"rate": {"type": "number", "minimum": 0, "maximum": 1}, "explanation": text}
            ),
        },
        allOf=[
            {
                "if": {"properties": {"decisions": {"minItems": 1}}},
                "then": {"properties": {"exists": {"const": True}}},
                "else": {"properties": {"exists": {"const": False}}},
            }
        ],
    )
    rights_contains = [
        {"contains": {"properties": {"right": {"const": term}}, "required": ["right"]}}
        for term in linked.RIGHT_TERMS.values()
    ]
    properties: dict[str, Any] = {
        "@context": {
            "type": "object",
            "required": ["@version", "@vocab", "@base", "dpv", "pd", "eu-gdpr"],
            "properties": {
                "@version": {"const": 1.1},
                "dpv": {"const": linked.DPV_NS},
                "pd": {"const": linked.PD_NS},
                "eu-gdpr": {"const": linked.GDPR_NS},
                "@vocab": {"const": linked.KH_NS},
                "@base": {"type": "string", "pattern": "^" + re.escape(linked.DOSSIER_BASE)},
            },
        },
        "@id": {
            "type": "string",
            "pattern": "^" + re.escape(linked.DOSSIER_BASE) + "[A-Za-z0-9._-]+$",
        },
        "@type": {"const": ["dpv:RightFulfilmentNotice"]},
        "$schema": {"const": linked.SCHEMA_ID},
        "dpv_version": {"const": linked.DPV_VERSION},
        "right": {"const": "eu-gdpr:A15"},
        "format": {"const": linked.FORMAT},
        "version": {"const": linked.VERSION},
        "generator": {"type": "string", "minLength": 1},
        "lang": enum(["de", "en"]),
        "session": {"type": "string", "pattern": "^[A-Za-z0-9._-]+$"},
        "issued": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "response": closed({"dated": text, "art15_4": text}),
        "story": closed({"id": STR, "hash": STR, "title": text}),
        "seed": {"type": ["integer", "null"]},
        "scene": {"type": ["string", "null"]},
        "ended": BOOL,
        "duration_seconds": SECONDS,
        "controller": closed(
            {
                "@id": {"const": "#controller"},
                "@type": {"const": "dpv:DataController"},
                "name": {"type": "string", "minLength": 1},
                "fictional": {"const": True},
                "address": text,
                "contact": {"type": "string", "minLength": 1},
                "dpo": text,
                "note": text,
            }
        ),
        "data_subject": {"type": "object", "additionalProperties": STR},
        "summary": closed(
            {
                "events": INT,
                "inferences": INT,
                "personalised_scenes": INT,
                "scenes_added_for_you": INT,
                "price_personalised_scenes": INT,
                "events_after_refusal": INT,
                "special_category_inferences": INT,
                "reality_checks": INT,
                "claims_used": INT,
                "contests": INT,
                "paid": MONEY,
                "paid_neutral": MONEY,
                "paid_difference": SIGNED,
            }
        ),
        "personal_data": array(category_row, min_items=1),
        "purposes": array(ref("purpose"), min_items=len(PURPOSES), maxItems=len(PURPOSES)),
        "consent": closed(
            {
                "choice": nullable(enum(consent_choices)),
                "label": nullable(text),
                "granted": array(ref("purposeId"), uniqueItems=True),
                "refused": array(ref("purposeId"), uniqueItems=True),
                "events": EVENT_IDS,
                "decisions": array(decision),
                "events_processed_after_decision": INT,
                "after_refusal": nullable(after_refusal),
            },
            allOf=[
                {
                    "if": {"properties": {"decisions": {"maxItems": 0}}},
                    "then": {
                        "properties": {
                            "choice": {"type": "null"},
                            "after_refusal": {"type": "null"},
                        }
                    },
                    "else": {"properties": {"choice": {"type": "string"}}},
                },
                when(
                    {"choice": {"const": "all"}},
                    {"properties": {"refused": {"maxItems": 0}}},
                ),
            ],
        ),
        "recipients": closed(
            {
                "count": {"type": "integer", "minimum": 1},
                "fictional": {"const": True},
                "note": text,
                "dpv:hasRecipient": array(recipient, min_items=1),
                "unnamed": INT,
            }
        ),
        "storage": closed({"period": text, "in_reality": text}),
        "source": closed(
            {
                "dpv:hasDataSource": array(enum(terms_of("dpv:DataSource")), min_items=1),
                "text": text,
                "observed_events": INT,
                "provided_events": INT,
                "inferred_events": INT,
                "inferences": INT,
            }
        ),
        "automated_decision_making": adm,
        "inferences": array(ref("inference"), min_items=1),
        "special_categories": closed(
            {"inferences": array(special_row), "observed_events": EVENT_IDS}
        ),
        "claims_used": array(claim_row),
        "shown_vs_neutral": array(shown_row),
        "price_comparison": array(price_row),
        "payments": closed(
            {
                "payments": array(payment),
                "total_paid": MONEY,
                "total_neutral": MONEY,
                "difference": SIGNED,
                "text": text,
            }
        ),
        "reality_checks": array(card),
        "contests": array(ref("contest")),
        "events": array(ref("event"), min_items=1),
        "profile": JSON_DATA,
        "fingerprint": {
            "type": "object",
            "additionalProperties": {"type": ["string", "number", "boolean"]},
        },
        "cookie": {"type": ["object", "null"]},
        "catalogue": JSON_DATA,
        "rights": text,
        "confirmation": closed({"processing": BOOL, "text": text}),
        "retention": array(ref("retention"), min_items=1),
        "transfers": transfers,
        "shop_cookie": closed(
            {
                "@id": {"const": "#shop-cookie"},
                "file": {"const": "kaufhaus-cookie.json"},
                "written_after_necessary_only": BOOL,
                "holds": array(
                    enum(["visits", "story", "interests"]), min_items=1, uniqueItems=True
                ),
                "what": text,
                "basis_text": text,
                "how": text,
            }
        ),
        "rights_detail": array(
            ref("right_detail"),
            min_items=len(linked.RIGHT_TERMS),
            maxItems=len(linked.RIGHT_TERMS),
            allOf=rights_contains,
        ),
        "portability": closed(
            {
                "@id": {"const": "#portability"},
                "right": {"const": "eu-gdpr:A20"},
                "format": {"const": "application/json"},
                "file": {"const": "portability.json"},
                "text": text,
                "events": INT,
                "provided": INT,
            }
        ),
        "scenes": {
            "type": "object",
            "additionalProperties": closed({"title": text}),
        },
    }
    required = [k for k in properties if k != "issued"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": linked.SCHEMA_ID,
        "title": "Kaufhaus Internet: the shop's file about you (an Art. 15 GDPR response)",
        "description": (
            f"Format {linked.FORMAT}, version {linked.VERSION}. JSON-LD with an inline "
            "context; every term from W3C DPV 2.3, of the right concept type. Generated by "
            "kaufhaus.dossier.schemagen; what JSON Schema cannot say (evidence naming an event "
            "of the file, ids in order, counts and sums) kaufhaus.dossier.check says."
        ),
        "type": "object",
        "$defs": defs(),
        "properties": properties,
        "required": sorted(required),
        "additionalProperties": False,
        "allOf": [
            # A file with a log confirms processing; one without, not.
            {
                "if": {"properties": {"events": {"minItems": 1}}, "required": ["events"]},
                "then": {
                    "properties": {"confirmation": {"properties": {"processing": {"const": True}}}}
                },
                "else": {
                    "properties": {"confirmation": {"properties": {"processing": {"const": False}}}}
                },
            }
        ],
    }


def schema() -> dict[str, Any]:
    """The schema as this version of the game defines the format."""
    return top_level()


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema (and, with ``--types DIR``, the concept types) into the package."""
    args = list(sys.argv[1:] if argv is None else argv)
    here = Path(__file__).resolve().parent
    if args[:1] == ["--types"] and len(args) == 2:
        (here / TYPES_FILE).write_text(types_text(extract_types(Path(args[1]))), encoding="utf-8")
        term_types.cache_clear()
    (here / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    raise SystemExit(main())
