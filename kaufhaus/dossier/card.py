""" "Your file at a glance": the reveal's first card, in the words every front end uses.

The reveal paints this card from the game state before the dossier exists
(``play/glance.py``); the printed file opens with the same card, made from the
dossier. Both use the words below (the UI catalogue ``play/strings.py`` takes
them from here), so the card on screen and the card on paper say the same
thing in the same words: segment, customer value, purchase probability or
willingness to pay, next visit, the device, and what the profile cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kaufhaus.dossier.texts import LANGS
from kaufhaus.tracking.numbers import cents, format_money, format_percent

#: The card's words (keys as in the UI catalogue).
CARD_WORDS: dict[str, dict[str, str]] = {
    "glance_title": {"de": "Ihre Akte auf einen Blick", "en": "Your file at a glance"},
    "glance_segment": {"de": "Sie sind für uns", "en": "To us you are"},
    "glance_no_segment": {"de": "noch nicht einsortiert", "en": "not filed under anything yet"},
    "glance_value": {"de": "Ihr Kundenwert", "en": "Your customer value"},
    "glance_probability": {"de": "Kaufwahrscheinlichkeit", "en": "Purchase probability"},
    "glance_willingness": {
        "de": "Zahlungsbereitschaft (ohne Einwilligung)",
        "en": "Willingness to pay (without consent)",
    },
    "glance_none_drawn": {"de": "keine berechnet", "en": "none calculated"},
    "glance_next_visit": {"de": "Ihr nächster Besuch", "en": "Your next visit"},
    "glance_next_purchase": {
        "de": "nächster Kauf: {product} ({percent})",
        "en": "next purchase: {product} ({percent})",
    },
    "glance_device": {"de": "Ihr Gerät", "en": "Your device"},
    "glance_money": {"de": "Was Ihr Profil Sie kostete", "en": "What your profile cost you"},
    "glance_money_more": {
        "de": "{difference} mehr. Sie zahlten {paid}; ein Kunde, den wir nicht beobachtet "
        "hätten, hätte {neutral} gezahlt.",
        "en": "{difference} more. You paid {paid}; a shopper we had not been watching "
        "would have paid {neutral}.",
    },
    "glance_money_less": {
        "de": "{difference} weniger – diesmal. Sie zahlten {paid}; ein Kunde, den wir nicht "
        "beobachtet hätten, hätte {neutral} gezahlt.",
        "en": "{difference} less – this time. You paid {paid}; a shopper we had not been "
        "watching would have paid {neutral}.",
    },
    "glance_money_same": {
        "de": "nichts. Sie zahlten {paid}, genau wie ein Kunde, den wir nicht beobachtet hätten.",
        "en": "nothing. You paid {paid}, just like a shopper we had not been watching.",
    },
    "glance_money_none": {
        "de": "nichts – Sie haben nichts gekauft. Noch nicht.",
        "en": "nothing – you bought nothing. Not yet.",
    },
    "fingerprint_size": {"de": "{width} × {height} Zeichen", "en": "{width} × {height} characters"},
    "fingerprint_pixels": {"de": "{width} × {height} Pixel", "en": "{width} × {height} pixels"},
    "fingerprint_no_touch": {"de": "keiner", "en": "none"},
    "fingerprint_touch": {
        "de": "ja, {n} Berührungspunkte",
        "en": "yes, {n} touch points",
    },
    "fingerprint_other": {"de": "weiteres Merkmal", "en": "another feature"},
    "unknown_product": {"de": "ein Artikel", "en": "an item"},
}

#: The fingerprint's fields in words (the keys are the log's; the player never sees them).
FINGERPRINT_FIELDS: dict[str, dict[str, str]] = {
    "terminal": {"de": "Fenstergröße", "en": "window size"},
    "colors": {"de": "Farben", "en": "colours"},
    "term": {"de": "Terminal", "en": "terminal"},
    "locale": {"de": "Sprache und Region", "en": "language and region"},
    "timezone": {"de": "Zeitzone", "en": "time zone"},
    "time_of_day": {"de": "Tageszeit", "en": "time of day"},
    "os": {"de": "Betriebssystem", "en": "operating system"},
    # What a browser reports (browser play, ``kaufhaus serve``).
    "screen": {"de": "Bildschirm", "en": "screen"},
    "window": {"de": "Browserfenster", "en": "browser window"},
    "pixel_ratio": {"de": "Pixeldichte", "en": "pixel ratio"},
    "languages": {"de": "Sprachen", "en": "languages"},
    "touch": {"de": "Touchscreen", "en": "touch screen"},
    "platform": {"de": "Plattform", "en": "platform"},
}

#: The values the game itself coined, in words; anything else is shown as read.
FINGERPRINT_VALUES: dict[str, dict[str, str]] = {
    "morning": {"de": "morgens", "en": "morning"},
    "afternoon": {"de": "nachmittags", "en": "afternoon"},
    "evening": {"de": "abends", "en": "evening"},
    "night": {"de": "nachts", "en": "night"},
    "unknown": {"de": "unbekannt", "en": "unknown"},
    "none": {"de": "keine", "en": "none"},
    "truecolor": {"de": "16,7 Millionen", "en": "16.7 million"},
    "256": {"de": "256", "en": "256"},
    "standard": {"de": "16", "en": "16"},
    "windows": {"de": "16", "en": "16"},
    "headless": {"de": "keins (ohne Bildschirm)", "en": "none (no screen)"},
}

#: How many purchase probabilities the card names (the highest first).
TOP = 3


def word(key: str, lang: str, **values: Any) -> str:
    text = CARD_WORDS[key].get(lang) or CARD_WORDS[key]["de"]
    return text.format(**values) if values else text


def fingerprint_field(key: str, lang: str) -> str:
    entry = FINGERPRINT_FIELDS.get(key)
    if entry is None:  # a field a newer game reads: named, but never as a code
        return word("fingerprint_other", lang)
    return entry.get(lang) or entry["de"]


def fingerprint_value(key: str, value: str, lang: str) -> str:
    """The value as read; words for the few the game itself coined."""
    if key in ("terminal", "screen", "window") and "x" in value:
        width, _, height = value.partition("x")
        size = "fingerprint_size" if key == "terminal" else "fingerprint_pixels"
        return word(size, lang, width=width, height=height)
    if key == "touch" and value.isdigit():
        if value == "0":
            return word("fingerprint_no_touch", lang)
        return word("fingerprint_touch", lang, n=value)
    words = FINGERPRINT_VALUES.get(value)
    return (words.get(lang) or words["de"]) if words else value


def from_browser(fingerprint: Any) -> bool:
    """Whether the device was a browser (browser play): only a browser reports a window in
    pixels; the terminal's size is in characters."""
    return (
        isinstance(fingerprint, dict) and "window" in fingerprint and "terminal" not in fingerprint
    )


def fingerprint_sentence(items: Any, lang: str) -> str:
    """``Fenstergröße 80 × 24 Zeichen · Farben 16,7 Millionen · …`` for the card and the log."""
    return " · ".join(
        f"{fingerprint_field(k, lang)} {fingerprint_value(k, str(v), lang)}" for k, v in items
    )


def duration_words(seconds: float, lang: str) -> str:
    """``3 Minuten 5 Sekunden`` / ``3 min 5 s``: whole seconds, cut; screen and paper alike."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    if lang == "de":
        sec = f"{secs} Sekunde" + ("" if secs == 1 else "n")
        if not minutes:
            return sec
        return f"{minutes} Minute" + ("" if minutes == 1 else "n") + f" {sec}"
    sec = f"{secs} second" + ("" if secs == 1 else "s")
    return f"{minutes} min {secs} s" if minutes else sec


def days_text(days: float, lang: str) -> str:
    n = round(days)
    if lang == "de":
        return "in etwa einem Tag" if n == 1 else f"in etwa {n} Tagen"
    return "in about a day" if n == 1 else f"in about {n} days"


def money_sentence(
    paid_cents: int, neutral_cents: int, payments: int, lang: str, currency: str = "EUR"
) -> str:
    """What the profile cost or saved the player, against a shopper the shop never watched."""
    if not payments:
        return word("glance_money_none", lang)
    difference = paid_cents - neutral_cents
    fields = {
        "paid": format_money(paid_cents, lang, currency),
        "neutral": format_money(neutral_cents, lang, currency),
        "difference": format_money(abs(difference), lang, currency),
    }
    if difference > 0:
        return word("glance_money_more", lang, **fields)
    if difference < 0:
        return word("glance_money_less", lang, **fields)
    return word("glance_money_same", lang, **fields)


def card_rows(dossier: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """The card as (label, value) rows, from the dossier: what the reveal's card shows."""
    rows_by_kind: dict[str, list[Mapping[str, Any]]] = {}
    for row in dossier.get("inferences") or ():
        rows_by_kind.setdefault(str(row.get("kind")), []).append(row)

    def pick(value: Any) -> str:
        if isinstance(value, Mapping):
            return str(value.get(lang) or value.get("de") or "")
        return ""

    def name(pid: str) -> str:
        entry = (dossier.get("catalogue") or {}).get(pid)
        return pick(entry.get("name")) if entry else word("unknown_product", lang)

    def ranked(kind: str) -> list[tuple[str, str]]:
        """(product, its percentage as the file words it), highest first. The words,
        not the number: the file rounds the number to four places for machines, and
        rounding that again could say 30 % where the conclusion says 29 %."""
        found = [
            (-float(r.get("value") or 0), str(r.get("subject")), pick(r.get("value_text")))
            for r in rows_by_kind.get(kind, [])
        ]
        found.sort()
        return [(pid, words) for _, pid, words in found[:TOP]]

    out: list[tuple[str, str]] = []
    segments = [
        pick(r.get("label")) or pick(r.get("subject_label"))
        for r in rows_by_kind.get("segment", [])
    ]
    out.append(
        (word("glance_segment", lang), ", ".join(segments) or word("glance_no_segment", lang))
    )
    value = rows_by_kind.get("customer_value")
    if value:
        amount = cents(round(float(value[0].get("value") or 0), 2))
        out.append((word("glance_value", lang), format_money(amount, lang)))
    probabilities, willingness = ranked("purchase_probability"), ranked("willingness_to_pay")
    if probabilities:
        out.append(
            (
                word("glance_probability", lang),
                " · ".join(f"{name(p)} {v}" for p, v in probabilities),
            )
        )
    elif willingness:
        out.append(
            (
                word("glance_willingness", lang),
                " · ".join(f"{name(p)} {v}" for p, v in willingness),
            )
        )
    else:
        out.append((word("glance_probability", lang), word("glance_none_drawn", lang)))
    visit = rows_by_kind.get("next_visit")
    purchase = rows_by_kind.get("next_purchase")
    if visit or purchase:
        parts = []
        if visit:
            parts.append(days_text(float(visit[0].get("value") or 0), lang))
        if purchase:
            row = purchase[0]
            parts.append(
                word(
                    "glance_next_purchase",
                    lang,
                    product=name(str(row.get("subject"))),
                    percent=pick(row.get("value_text"))
                    or format_percent(float(row.get("value") or 0), lang),
                )
            )
        out.append((word("glance_next_visit", lang), ", ".join(parts)))
    fingerprint = sorted((dossier.get("fingerprint") or {}).items())
    out.append((word("glance_device", lang), fingerprint_sentence(fingerprint, lang) or "–"))
    payments = dossier.get("payments") or {}
    paid = cents(float(payments.get("total_paid") or 0))
    neutral = cents(float(payments.get("total_neutral") or 0))
    count = len(payments.get("payments") or ())
    out.append((word("glance_money", lang), money_sentence(paid, neutral, count, lang)))
    return out


__all__ = [
    "CARD_WORDS",
    "FINGERPRINT_FIELDS",
    "FINGERPRINT_VALUES",
    "LANGS",
    "TOP",
    "card_rows",
    "days_text",
    "duration_words",
    "fingerprint_field",
    "fingerprint_sentence",
    "fingerprint_value",
    "from_browser",
    "money_sentence",
    "word",
]
