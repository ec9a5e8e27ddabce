"""Build the dossier: a data-access response computed from the log alone.

Shaped like an answer to a GDPR Art. 15 request: who processed what, for which
purpose, on which legal basis (W3C DPV terms), what was concluded and why,
and what the player was shown compared with a neutral shopper.
"""

from __future__ import annotations

from typing import Any

from kaufhaus import __version__
from kaufhaus.dossier.reality import reality_checks
from kaufhaus.game import Game
from kaufhaus.tracking.purposes import BASIS_LABEL, CONSENT_PRESETS, DPV_BASIS, PURPOSES

FORMAT = "kaufhaus-dossier"
VERSION = 1

CONTROLLER = {
    "name": "Kaufhaus Internet GmbH & Co. KG (fiktiv / fictional)",
    "contact": "datenschutz@kaufhaus-internet.example",
    "note": {
        "de": "Ein Spiel. Diese Daten haben Ihren Rechner nie verlassen.",
        "en": "A game. This data never left your computer.",
    },
}


def build_dossier(game: Game) -> dict[str, Any]:
    """Everything the reveal shows and every export writes, as plain JSON-ready data."""
    profile = game.profile
    events = game.log.events()
    inferences = profile.inferences()
    products = sorted(game.story.catalogue)
    processed = profile.processed

    event_rows = []
    for event in events:
        purposes = processed[event.id] if event.id < len(processed) else ()
        row = event.as_dict()
        row["processed_for"] = list(purposes)
        row["legal_bases"] = sorted({PURPOSES[p].basis for p in purposes})
        event_rows.append(row)

    purpose_rows = []
    refused = set(CONSENT_PRESETS["all"]) - profile.granted if profile.consent_choice else set()
    for pid, purpose in PURPOSES.items():
        count = sum(1 for purposes in processed if pid in purposes)
        purpose_rows.append({
            "id": pid,
            "label": purpose.label,
            "dpv:hasPurpose": purpose.dpv_purpose,
            "dpv:hasLegalBasis": DPV_BASIS[purpose.basis],
            "legal_basis": purpose.basis,
            "legal_basis_label": BASIS_LABEL[purpose.basis],
            "events_processed": count,
            "refused_by_player": pid in refused,
        })

    after_refusal = 0
    if profile.consent_choice and profile.consent_events:
        first = profile.consent_events[0]
        after_refusal = sum(1 for purposes in processed[first + 1:] if purposes)

    shown = [
        {
            "event": s.event_id,
            "scene": s.scene,
            "text": s.text,
            "neutral_text": s.neutral_text,
            "personalised": s.text != s.neutral_text,
            "prices": s.prices,
            "neutral_prices": s.neutral_prices,
        }
        for s in game.shown
    ]

    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"kaufhaus {__version__}",
        "controller": CONTROLLER,
        "data_subject": {key: value for key, value in sorted(game.inputs.items())},
        "story": {"id": game.story.id, "hash": game.story.content_hash},
        "lang": game.lang,
        "seed": game.seed,
        "scene": game.scene_id,
        "ended": game.ended,
        "duration_seconds": round(game.now, 3),
        "fingerprint": dict(profile.fingerprint),
        "consent": {
            "choice": profile.consent_choice,
            "granted": sorted(profile.granted),
            "events": list(profile.consent_events),
            "events_processed_after_decision": after_refusal,
        },
        "purposes": purpose_rows,
        "events": event_rows,
        "inferences": [i.as_dict() for i in inferences],
        "profile": {
            "top_products": profile.top_products(),
            "purchase_probability": {
                pid: round(profile.purchase_probability(pid), 4) for pid in products
            },
            "willingness_to_pay": {
                pid: round(profile.willingness_to_pay(pid), 4) for pid in products
            },
            "price_sensitivity": round(profile.price_sensitivity(), 4),
            "segments": profile.segments(),
            "mood": profile.mood(),
            "basket": profile.basket(),
            "scene_dwell_seconds": {k: round(v, 3) for k, v in sorted(profile.scene_dwell.items())},
        },
        "shown_vs_neutral": shown,
        "reality_checks": reality_checks(inferences, events),
    }
