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
from dataclasses import dataclass
from typing import Any

from kaufhaus.dossier.texts import LANGS
from kaufhaus.tracking.numbers import cents, counted, format_money, format_percent

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
    # ---- the point: what the shop gained from watching, above everything else
    "point_title": {
        "de": "Hat das Beobachten Ihnen genützt oder geschadet?",
        "en": "Did being watched help you or harm you?",
    },
    "point_more": {
        "de": "Geschadet: Sie zahlten {difference} mehr als ein Kunde, den das Kaufhaus "
        "nicht beobachtet hätte.",
        "en": "It harmed you: you paid {difference} more than a shopper the shop had not "
        "been watching.",
    },
    "point_less": {
        "de": "Genützt – nur diesmal: {difference} weniger, als Köder. Bezahlt haben Sie "
        "mit Ihrem Profil, und das ist dem Kaufhaus mehr wert.",
        "en": "It helped you – this time only: {difference} less, as bait. You paid with "
        "your profile, and the shop values that more.",
    },
    "point_same": {
        "de": "Sie zahlten denselben Preis wie alle – und dazu mit Ihren Daten: "
        "{n} {n|Schluss|Schlüsse} über Sie.",
        "en": "You paid the same price as everyone – and with your data on top: "
        "{n} {n|conclusion|conclusions} about you.",
    },
    "point_none": {
        "de": "Genützt hat es Ihnen nichts: Sie haben nichts gekauft – und trotzdem zog das "
        "Kaufhaus {n} {n|Schluss|Schlüsse} über Sie.",
        "en": "It did you no good: you bought nothing – and still the shop drew {n} "
        "{n|conclusion|conclusions} about you.",
    },
    # Nothing bought, but prices were shown: what buying would have cost, in words.
    "point_none_more": {
        "de": "Es hätte Ihnen geschadet: +{difference} über dem Normalpreis, hätten Sie "
        "gekauft. Sie kauften nichts – {n|den|die} {n} {n|Schluss|Schlüsse} über Sie "
        "behält das Kaufhaus trotzdem.",
        "en": "It would have harmed you: buying would have cost you {difference} above the "
        "normal price. "
        "You bought nothing – the shop keeps its {n} {n|conclusion|conclusions} about you "
        "all the same.",
    },
    "point_none_less": {
        "de": "Genützt hätte es nur als Köder: {difference} unter dem Normalpreis, damit Sie "
        "kaufen. Sie kauften nichts – {n|den|die} {n} {n|Schluss|Schlüsse} über Sie "
        "behält das Kaufhaus trotzdem.",
        "en": "It would have helped you only as bait: {difference} below the normal price, "
        "to make you buy. You bought nothing – the shop keeps its {n} "
        "{n|conclusion|conclusions} about you all the same.",
    },
    "point_none_same": {
        "de": "Genützt hat es Ihnen nichts: Sie sahen nur Normalpreise und kauften nichts – "
        "und trotzdem zog das Kaufhaus {n} {n|Schluss|Schlüsse} über Sie.",
        "en": "It did you no good: you saw only normal prices and bought nothing – and still "
        "the shop drew {n} {n|conclusion|conclusions} about you.",
    },
    "point_prices": {
        "de": "Ihr Preis {paid} · Preis für Unbeobachtete {neutral}",
        "en": "Your price {paid} · price for the unwatched {neutral}",
    },
    "point_shown_more": {
        "de": "Ihnen angezeigt: {product} für {price} – {difference} über dem Normalpreis "
        "von {normal}.",
        "en": "Shown to you: {product} at {price} – {difference} above the normal price "
        "of {normal}.",
    },
    "point_shown_less": {
        "de": "Ihnen angezeigt: {product} für {price} – {difference} unter dem Normalpreis "
        "von {normal}. Ein Köder.",
        "en": "Shown to you: {product} at {price} – {difference} below the normal price "
        "of {normal}. Bait.",
    },
    "point_shown_same": {
        "de": "Jeder Preis, den Sie sahen, war der Normalpreis – diesmal.",
        "en": "Every price you were shown was the normal price – this time.",
    },
    "point_refused": {
        "de": "Sie haben am Banner abgelehnt – danach {n|wurde|wurden} trotzdem {n} "
        "{n|Ereignis|Ereignisse} über Sie verarbeitet.",
        "en": "You said no at the banner – and still {n} {n|event|events} about you "
        "{n|was|were} processed afterwards.",
    },
    "point_worth": {
        "de": "Was Sie dem Kaufhaus jetzt wert sind",
        "en": "What you are worth to the shop now",
    },
    "point_value": {"de": "Kundenwert {value}", "en": "customer value {value}"},
    "point_visit": {"de": "nächster Besuch {when}", "en": "next visit {when}"},
    "point_purchase": {
        "de": "nächster Kauf: {product} ({percent})",
        "en": "next purchase: {product} ({percent})",
    },
    "point_intimate": {
        "de": "Die persönlichsten Schlüsse über Sie",
        "en": "The most personal conclusions about you",
    },
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

#: How personal a conclusion is, most personal first: a special category
#: (Art. 9: health, sex life …) above who you are, what you are filed as, your
#: mood, what you will pay, what you will buy. Other kinds (interest points,
#: the device, notes outside a special category) are not among the three.
INTIMACY = (
    "sensitive",
    "art9",
    "identity",
    "segment",
    "mood",
    "price_sensitivity",
    "willingness_to_pay",
    "purchase_probability",
    "next_purchase",
)


@dataclass(frozen=True)
class Point:
    """The first card's point, every figure from the file: the sentence a pupil can
    repeat, the two prices, what the profile is worth to the shop, and the three
    most personal conclusions."""

    title: str
    verdict: str
    prices: str | None
    #: After a refusal at the banner: how much was processed all the same.
    refused: str | None
    worth: str | None
    intimate_title: str
    intimate: tuple[str, ...]
    #: The difference watching made to what the player paid, signed ("+83,21 €",
    #: "-74,95 €", "0,00 €"), for the largest type on the card; None when nothing
    #: was bought (the verdict then counts conclusions, no money).
    figure: str | None = None

    def lines(self) -> list[str]:
        """The point as plain lines (plain mode, Markdown)."""
        out = [self.title.upper(), self.verdict]
        if self.prices:
            out.append(self.prices)
        if self.refused:
            out.append(self.refused)
        if self.worth:
            out.append(self.worth)
        if self.intimate:
            out.append(self.intimate_title + ":")
            out += [f"  {n}. {text}" for n, text in enumerate(self.intimate, start=1)]
        return out


def card_point(dossier: Mapping[str, Any], lang: str) -> Point:
    """What the shop gained from watching: a discount reads as bait, a surcharge as harm."""
    rows = list(dossier.get("inferences") or ())
    by_kind: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_kind.setdefault(str(row.get("kind")), []).append(row)
    payments = dossier.get("payments") or {}
    paid = cents(float(payments.get("total_paid") or 0))
    neutral = cents(float(payments.get("total_neutral") or 0))
    count = len(payments.get("payments") or ())
    difference = format_money(abs(paid - neutral), lang)
    n = len(rows)
    if not count:
        # Nothing bought: the answer still comes in words, from the price the file
        # logged as shown furthest from the normal one (the same the prices line names).
        shown = _furthest_shown(dossier)
        if shown is None:
            verdict = word("point_none", lang, n=n)
        else:
            _, price, normal = shown
            key = "point_none_more" if price > normal else "point_none_less"
            if price == normal:
                key = "point_none_same"
            verdict = word(key, lang, n=n, difference=format_money(abs(price - normal), lang))
    elif paid > neutral:
        verdict = word("point_more", lang, difference=difference)
    elif paid < neutral:
        verdict = word("point_less", lang, difference=difference)
    else:
        verdict = word("point_same", lang, n=n)
    prices = (
        word(
            "point_prices",
            lang,
            paid=format_money(paid, lang),
            neutral=format_money(neutral, lang),
        )
        if count
        else shown_prices(dossier, lang)
    )
    worth: list[str] = []
    for kind, key, field in (
        ("customer_value", "point_value", "value"),
        ("next_visit", "point_visit", "when"),
    ):
        found = by_kind.get(kind)
        if found:
            worth.append(word(key, lang, **{field: _words(found[0], "value_text", lang)}))
    purchase = by_kind.get("next_purchase")
    if purchase:
        worth.append(
            word(
                "point_purchase",
                lang,
                product=_words(purchase[0], "subject_label", lang)
                or _product_name(dossier, str(purchase[0].get("subject")), lang),
                percent=_words(purchase[0], "value_text", lang),
            )
        )
    refusal = (dossier.get("consent") or {}).get("after_refusal")
    processed = int(refusal.get("processed", 0) or 0) if isinstance(refusal, Mapping) else 0
    sign = "+" if paid > neutral else "-" if paid < neutral else ""
    return Point(
        figure=sign + difference if count else None,
        title=word("point_title", lang),
        verdict=verdict,
        prices=prices,
        refused=word("point_refused", lang, n=processed) if processed else None,
        worth=(word("point_worth", lang) + ": " + " · ".join(worth)) if worth else None,
        intimate_title=word("point_intimate", lang),
        intimate=tuple(_said(row, dossier, lang) for row in most_intimate(rows)),
    )


def shown_prices(dossier: Mapping[str, Any], lang: str) -> str | None:
    """With nothing bought, the point's answer in money: the price the file logged as
    shown that lay furthest from the normal one (the last shown of each product).

    Only the file's own price events count (``price_shown``, ``price_change``): every
    figure here was on the player's screen. None when no price was shown at all.
    """
    shown = _furthest_shown(dossier)
    if shown is None:
        return None
    pid, price, normal = shown
    if price == normal:
        return word("point_shown_same", lang)
    return word(
        "point_shown_more" if price > normal else "point_shown_less",
        lang,
        product=_product_name(dossier, pid, lang),
        price=format_money(price, lang),
        difference=format_money(abs(price - normal), lang),
        normal=format_money(normal, lang),
    )


def _furthest_shown(dossier: Mapping[str, Any]) -> tuple[str, int, int] | None:
    """(product, price, normal price) in cents: of the prices the file logged as shown,
    the last of each product, the one furthest from its normal price; None if none."""
    last: dict[str, tuple[int, int]] = {}
    for event in dossier.get("events") or ():
        data = event.get("data") or {}
        if event.get("kind") in ("price_shown", "price_change") and "price_cents" in data:
            price = int(data["price_cents"])
            last[str(data.get("product") or event.get("target"))] = (
                price,
                int(data.get("normal_cents", price)),
            )
    if not last:
        return None
    pid, (price, normal) = max(last.items(), key=lambda kv: abs(kv[1][0] - kv[1][1]))
    return pid, price, normal


def most_intimate(rows: Any, top: int = 3) -> list[Mapping[str, Any]]:
    """The ``top`` most personal conclusions, by ``INTIMACY``, each subject once."""
    ranked: list[tuple[int, float, int, Mapping[str, Any]]] = []
    for index, row in enumerate(rows):
        kind = str(row.get("kind"))
        rank_key = kind if kind == "sensitive" or not row.get("art9") else "art9"
        if rank_key not in INTIMACY:
            continue
        value = row.get("value")
        weight = float(value) if isinstance(value, (int, float)) else 0.0
        ranked.append((INTIMACY.index(rank_key), -weight, index, row))
    ranked.sort(key=lambda r: (r[0], r[1], r[2]))
    out: list[Mapping[str, Any]] = []
    things: set[str] = set()
    for _, _, _, row in ranked:
        # One line per thing: the condoms as a special category, not again as an
        # interest or a willingness to pay (a special category names its product
        # as its value).
        thing = str(row.get("value") if row.get("kind") == "sensitive" else row.get("subject"))
        if thing in things:
            continue
        things.add(thing)
        out.append(row)
        if len(out) == top:
            break
    return out


def _words(row: Mapping[str, Any], field: str, lang: str) -> str:
    value = row.get(field)
    return str(value.get(lang) or value.get("de") or "") if isinstance(value, Mapping) else ""


def _product_name(dossier: Mapping[str, Any], pid: str, lang: str) -> str:
    entry = (dossier.get("catalogue") or {}).get(pid)
    name = entry.get("name") if entry else None
    if isinstance(name, Mapping):
        return str(name.get(lang) or name.get("de") or "")
    return word("unknown_product", lang)


def _said(row: Mapping[str, Any], dossier: Mapping[str, Any], lang: str) -> str:
    """A conclusion in the file's own words: "Segment: Fan von Elektronik"."""
    label = _words(row, "kind_label", lang)
    label = label[:1].upper() + label[1:]
    subject = _words(row, "subject_label", lang)
    value = _words(row, "value_text", lang)
    if row.get("kind") == "segment":
        return f"{label}: {subject}"
    if row.get("kind") == "note":  # a note is its own words
        return f"{label}: {_words(row, 'label', lang) or value}"
    head = f"{label} · {subject}" if subject else label
    return f"{head}: {value}" if value else head


def word(key: str, lang: str, **values: Any) -> str:
    text = CARD_WORDS[key].get(lang) or CARD_WORDS[key]["de"]
    return counted(text, values).format(**values) if values else text


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
    "INTIMACY",
    "LANGS",
    "TOP",
    "Point",
    "card_point",
    "card_rows",
    "days_text",
    "duration_words",
    "fingerprint_field",
    "fingerprint_sentence",
    "fingerprint_value",
    "from_browser",
    "money_sentence",
    "most_intimate",
    "word",
]
