"""Processing purposes, their legal bases and W3C DPV terms.

The satire of the consent banner lives here: rejecting stops the purposes that
need consent, but the shop's "legitimate interest" purposes keep processing
the very same events, and the reveal says so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Purpose:
    id: str
    basis: str  # "consent" | "legitimate_interest" | "contract"
    dpv_purpose: str
    label: dict[str, str]
    #: Whether the shop processes every event for it ("legitimate interest" on all
    #: it sees), or only what a story gives it (staff notes are customer care).
    every_event: bool = True


CONSENT = "consent"
LEGITIMATE_INTEREST = "legitimate_interest"
CONTRACT = "contract"

DPV_BASIS = {
    CONSENT: "dpv:Consent",
    LEGITIMATE_INTEREST: "dpv:LegitimateInterest",
    CONTRACT: "dpv:Contract",
}

BASIS_LABEL = {
    CONSENT: {"de": "Einwilligung", "en": "consent"},
    LEGITIMATE_INTEREST: {"de": "berechtigtes Interesse", "en": "legitimate interest"},
    CONTRACT: {"de": "Vertragserfüllung", "en": "performance of a contract"},
}

PURPOSES: dict[str, Purpose] = {
    p.id: p
    for p in (
        Purpose(
            "personalisation",
            CONSENT,
            "dpv:ServicePersonalisation",
            {
                "de": "Personalisierung (Schaufenster, Empfehlungen)",
                "en": "personalisation (window, recommendations)",
            },
        ),
        Purpose(
            "advertising",
            CONSENT,
            "dpv:PersonalisedAdvertising",
            {
                "de": "personalisierte Werbung (Flyer, Kiosk-Team)",
                "en": "personalised advertising (flyer, kiosk team)",
            },
        ),
        Purpose(
            "analytics",
            CONSENT,
            "dpv:CustomerRelationshipManagement",
            {
                "de": "Kundenanalyse (Stimmung, Laufwege, Kundenwert)",
                "en": "customer analytics (mood, routes, customer value)",
            },
        ),
        Purpose(
            "price_optimisation",
            LEGITIMATE_INTEREST,
            "dpv:OptimisationForController",
            {"de": "Preisoptimierung", "en": "price optimisation"},
        ),
        Purpose(
            "fraud_prevention",
            LEGITIMATE_INTEREST,
            "dpv:FraudPreventionAndDetection",
            {
                "de": "Betrugsprävention (Gerätekennung)",
                "en": "fraud prevention (device fingerprint)",
            },
        ),
        Purpose(
            "customer_care",
            LEGITIMATE_INTEREST,
            "dpv:CustomerCare",
            {
                "de": "Kundenbetreuung (Notizen des Personals)",
                "en": "customer care (notes by staff)",
            },
            every_event=False,
        ),
        Purpose(
            "service",
            CONTRACT,
            "dpv:ServiceProvision",
            {"de": "Warenkorb und Kasse", "en": "basket and checkout"},
        ),
    )
}

#: What each consent answer at the entrance grants.
CONSENT_PRESETS: dict[str, frozenset[str]] = {
    "all": frozenset({"personalisation", "advertising", "analytics"}),
    # "Settings": everything pre-ticked except what one has to scroll for.
    "custom": frozenset({"personalisation", "analytics"}),
    "necessary": frozenset(),
}

CONSENT_PURPOSES = frozenset(p.id for p in PURPOSES.values() if p.basis == CONSENT)
ALWAYS_PURPOSES = frozenset(p.id for p in PURPOSES.values() if p.basis != CONSENT)
LEGITIMATE_PURPOSES = frozenset(
    p.id for p in PURPOSES.values() if p.basis == LEGITIMATE_INTEREST and p.every_event
)
