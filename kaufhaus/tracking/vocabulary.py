"""Words for the engine's codes (moods, segments, kinds of conclusion), in German and English.

One vocabulary for every place that shows a conclusion: the reveal, the
x-ray panel, plain mode and the exported dossier all say "Zauderer" for
``ditherer``, never three different things.
"""

from __future__ import annotations

INFERENCE_KIND_LABELS: dict[str, dict[str, str]] = {
    "interest": {"de": "Interesse", "en": "interest"},
    "sensitive": {"de": "besondere Kategorie", "en": "special category"},
    "purchase_probability": {"de": "Kaufwahrscheinlichkeit", "en": "purchase probability"},
    "category_interest": {"de": "Interesse an Warengruppe", "en": "interest in a category"},
    "willingness_to_pay": {"de": "Zahlungsbereitschaft", "en": "willingness to pay"},
    "price_sensitivity": {"de": "Preisempfindlichkeit", "en": "price sensitivity"},
    "mood": {"de": "Stimmung", "en": "mood"},
    "location_trail": {"de": "Bewegungsprofil", "en": "movement profile"},
    "customer_value": {"de": "Kundenwert", "en": "customer value"},
    "segment": {"de": "Segment", "en": "segment"},
    "next_purchase": {"de": "nächster Kauf", "en": "next purchase"},
    "next_visit": {"de": "nächster Besuch", "en": "next visit"},
    "identity": {"de": "Identität", "en": "identity"},
    "fingerprint": {"de": "Gerätekennung", "en": "device fingerprint"},
    "returning_customer": {"de": "Stammkundschaft", "en": "returning customer"},
    "note": {"de": "Notiz des Personals", "en": "staff note"},
    "customer_number": {"de": "Kundennummer", "en": "customer number"},
}

MOOD_LABELS: dict[str, dict[str, str]] = {
    "decisive": {"de": "entschlossen", "en": "decisive"},
    "pondering": {"de": "nachdenklich", "en": "pondering"},
    "unsure": {"de": "unsicher", "en": "unsure"},
    "bored": {"de": "gelangweilt", "en": "bored"},
    "unknown": {"de": "unbekannt", "en": "unknown"},
}

SEGMENT_LABELS: dict[str, dict[str, str]] = {
    "bargain_hunter": {"de": "Schnäppchenjäger", "en": "bargain hunter"},
    "ditherer": {"de": "Zauderer", "en": "ditherer"},
    "privacy_minded": {"de": "Datenschutz-Bedenkenträger", "en": "privacy worrier"},
}


def segment_label(segment: str, category_names: dict[str, str] | None = None) -> dict[str, str]:
    """Words for a segment id; category fans are named after their category."""
    if segment in SEGMENT_LABELS:
        return dict(SEGMENT_LABELS[segment])
    category = segment.split(":", 1)[-1]
    names = category_names or {}
    # It reads in a sentence ("Für uns sind Sie …", "To us you are …") and as a label,
    # whatever the category is called: "Fan von Drogerie" did not. It names the
    # product category the interest points were counted in, as the file does
    # ("Interesse an Warengruppe"), not a department: tights looked at in the
    # chemist's count for "Mode", a keg sold in drinks for "Genuss & Geschenk".
    return {
        "de": f"Fan der Warengruppe {names.get('de', category)}",
        "en": f"a fan of the {names.get('en', category)} category",
    }


SENSITIVE_LABELS: dict[str, dict[str, str]] = {
    "health": {"de": "Gesundheit", "en": "health"},
    "sex_life": {"de": "Sexualleben", "en": "sex life"},
    "religion": {"de": "Religion", "en": "religion"},
    "politics": {"de": "politische Meinung", "en": "political opinions"},
    "ethnicity": {"de": "ethnische Herkunft", "en": "ethnic origin"},
    "finances": {"de": "Finanzen", "en": "finances"},
}
