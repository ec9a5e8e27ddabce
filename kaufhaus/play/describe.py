"""Words for what the shop logged and concluded, shared by x-ray, reveal and plain mode.

These functions only *phrase* data the core already computed (events,
inference dicts from ``Inference.as_dict``/the dossier); they compute nothing
about the player. Textual-free, so plain mode prints the same sentences.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from kaufhaus.play.strings import clock_text, kind_label, tr
from kaufhaus.tracking.numbers import (
    cents,
    decimal_text,
    format_money,
    format_percent,
    plural,
)
from kaufhaus.tracking.vocabulary import (
    INFERENCE_KIND_LABELS,
    MOOD_LABELS,
    SEGMENT_LABELS,
    segment_label,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kaufhaus.game import Game
    from kaufhaus.story.model import Story
    from kaufhaus.tracking.events import Event

INFERENCE_LABELS = INFERENCE_KIND_LABELS


#: The shop's internal codes, as the reveal says them (unknown codes are shown as they are).
CODES: dict[str, dict[str, str]] = {
    **MOOD_LABELS,
    **SEGMENT_LABELS,
}


def code_text(code: str, lang: str) -> str:
    """``fan:electronics`` → ``Fan der Warengruppe electronics``; ``decisive`` →
    ``entschlossen``."""
    if code.startswith("fan:"):
        inner = code_text(code[4:], lang)
        label = segment_label(code, {lang: inner})[lang]
        return label[2:] if label.startswith("a ") else label
    entry = CODES.get(code)
    return (entry.get(lang) or entry["de"]) if entry else code


_PERCENT_KINDS = frozenset(
    {"purchase_probability", "willingness_to_pay", "price_sensitivity", "next_purchase"}
)


def inference_label(kind: str, lang: str) -> str:
    entry = INFERENCE_LABELS.get(kind)
    return (entry.get(lang) or entry["de"]) if entry else kind


def product_name(story: Story, pid: str, lang: str) -> str:
    """The catalogue name of a product, or the id itself if it is not a product."""
    product = story.catalogue.get(pid)
    return product.name.source(lang) if product is not None else pid


def inference_subject(inference: dict[str, Any], story: Story, lang: str) -> str:
    subject = str(inference.get("subject", ""))
    if inference.get("kind") == "category_interest":
        return story.category_name(subject, lang)
    if inference.get("kind") in (
        "identity",
        "fingerprint",
        "mood",
        "location_trail",
        "customer_value",
        "price_sensitivity",
        "next_visit",
        "note",
        "customer_number",
    ):
        return ""  # a note's id and the device are the author's and the shop's codes
    return product_name(story, subject, lang)


def _label(inference: dict[str, Any], lang: str) -> str | None:
    """The core's own words for a value (moods, segments), when it has them."""
    label = inference.get("label")
    if isinstance(label, dict) and label:
        return str(label.get(lang) or label.get("de") or next(iter(label.values())))
    return None


def inference_value(inference: dict[str, Any], lang: str) -> str:
    """The value as a person reads it: percentages, points, or the literal value."""
    kind = str(inference.get("kind", ""))
    if kind != "segment" and (words := _label(inference, lang)) is not None:
        return words
    value = inference.get("value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if kind in _PERCENT_KINDS:
            return format_percent(value, lang)
        if kind in ("interest", "category_interest"):
            return decimal_text(value, lang)
        if kind == "next_visit":
            days = round(value)
            one, many = ("Tag", "Tage") if lang == "de" else ("day", "days")
            return f"{days} {plural(days, one, many)}"
        if kind == "customer_value":
            # To the cent, as the file and the sum in its reason give it.
            return format_money(cents(round(float(value), 2)), lang)
        if kind == "segment":
            return ""
    if kind == "mood":
        return code_text(str(value), lang)
    if kind == "fingerprint":  # the fields read, by their codes: named in words
        from kaufhaus.dossier.card import fingerprint_field

        return ", ".join(fingerprint_field(k.strip(), lang) for k in str(value).split(","))
    return str(value)


def inference_headline(inference: dict[str, Any], story: Story, lang: str) -> str:
    """``Kaufwahrscheinlichkeit · 65-Zoll-UHD-Fernseher: 97 %`` and the like."""
    label = inference_label(str(inference.get("kind", "")), lang)
    subject = inference_subject(inference, story, lang)
    if inference.get("kind") == "segment":
        subject = _label(inference, lang) or code_text(str(inference.get("subject", "")), lang)
    value = inference_value(inference, lang)
    if inference.get("kind") == "sensitive":
        # Subject: the Art. 9 category's code; value: the product's id. Both in words.
        from kaufhaus.tracking.vocabulary import SENSITIVE_LABELS

        code = str(inference.get("subject", ""))
        subject = SENSITIVE_LABELS.get(code, {}).get(lang) or inference_label("sensitive", lang)
        value = product_name(story, value, lang) if value in story.catalogue else ""
    head = f"{label} · {subject}" if subject else label
    return f"{head}: {value}" if value else head


def inference_reason(inference: dict[str, Any], lang: str) -> str:
    reason = inference.get("reason") or {}
    return str(reason.get(lang) or reason.get("de") or "")


def inference_workings(inference: dict[str, Any], lang: str) -> str:
    """What a conclusion was worked out from, with its figures ("Grundlage: …"); "" if
    the file gives nothing beyond the reason."""
    workings = inference.get("workings") or {}
    return str(workings.get(lang) or workings.get("de") or "")


def evidence_text(ids: Any, lang: str, limit: int = 12) -> str:
    ids = list(ids or [])
    shown = ", ".join(f"#{i}" for i in ids[:limit])
    if len(ids) > limit:
        shown += f" … (+{len(ids) - limit})"
    return tr("evidence", lang, ids=shown or "–")


def special_category_line(inference: dict[str, Any], story: Story, lang: str) -> str | None:
    """The Art. 9 warning for a conclusion about health, sex life…, in words; None if none."""
    if not inference.get("art9"):
        return None
    from kaufhaus.tracking.vocabulary import SENSITIVE_LABELS

    product = story.catalogue.get(str(inference.get("subject", "")))
    code = inference.get("special_category") or (product.sensitive if product else None)
    words = SENSITIVE_LABELS.get(str(code), {}).get(lang) if code else None
    return "⚠ " + tr("special_category", lang, category=words or "–")


def usage_lines(inference: dict[str, Any], lang: str) -> list[str]:
    """Where the shop used a conclusion on the player: place, time, what it said, why."""
    lines = []
    for use in inference.get("used") or ():
        place = (use.get("place") or {}).get(lang) or str(use.get("scene", ""))
        said = "; ".join(
            _claim_part(part, lang)
            for part in str((use.get("said") or {}).get(lang, "")).split("; ")
        )
        ids = ", ".join(f"#{i}" for i in use.get("evidence") or ()) or "–"
        lines.append(
            tr("used_at", lang, place=place, time=clock_text(float(use.get("t", 0))), said=said)
            + " – "
            + tr("because", lang, ids=ids)
        )
    return lines


def event_line(
    event: Event,
    story: Story,
    lang: str,
    coupons_shown: dict[str, int] | None = None,
    notes: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """``03:12 Sie sehen sich „Der Fernseher“ an.`` for the x-ray: the time and the
    dossier's own sentence for the event, so that the live view and the file use the
    same words (and never an internal id). ``notes``: the words of the shop's notes
    as the file holds them, so a text that quoted one is quoted back."""
    from kaufhaus.dossier.model import event_words

    row = {
        "kind": str(event.kind),
        "target": event.target,
        "data": event.data,
        "description": event_words(event, story, coupons_shown, notes),
    }
    return f"{clock_text(event.t)} {event_sentence(row, lang)}"


def xray_lines(game: Game, lang: str, events: int, beliefs: int) -> tuple[list[str], list[str]]:
    """What the x-ray shows: the last ``events`` entries of the file and the newest
    ``beliefs`` conclusions, in the file's words. Here, not in the widget, so that a
    test reads exactly what the panel prints."""
    from kaufhaus.tracking.events import in_file

    log = game.log
    # The shop's file, as it grows: the story's own bookkeeping is not in it.
    window = (log[i] for i in range(max(0, len(log) - 2 * events), len(log)))
    unseen = game.story.unobserved
    recent = [e for e in window if in_file(e, unseen)][-events:]
    notes = {nid: noted.words for nid, noted in game.profile.notes.items()}
    found = [i.as_dict() for i in game.profile.inferences()]
    found.sort(key=lambda i: max(i["evidence"], default=-1), reverse=True)
    return (
        [event_line(e, game.story, lang, game.profile.coupons_shown, notes) for e in recent],
        [
            f"{inference_headline(i, game.story, lang)} – {inference_reason(i, lang)}"
            for i in found[:beliefs]
        ],
    )


def consent_text(choice: str | None, lang: str) -> str:
    key = f"consent_{choice}" if choice in ("all", "necessary", "custom") else "consent_none"
    return tr(key, lang)


def basis_text(basis: str, lang: str) -> str:
    from kaufhaus.tracking.purposes import BASIS_LABEL

    label = BASIS_LABEL.get(basis)
    return (label.get(lang) or label["de"]) if label else basis


#: The legal bases in the order the reveal explains them.
BASES: tuple[str, ...] = ("consent", "legitimate_interest", "contract")

_BASIS_SHORT = {
    "consent": {"de": "Einw.", "en": "cons."},
    "legitimate_interest": {"de": "ber. Int.", "en": "leg. int."},
    "contract": {"de": "Vertr.", "en": "contr."},
}


def basis_short(basis: str, lang: str) -> str:
    """A short form for narrow tables; the reveal prints the legend."""
    entry = _BASIS_SHORT.get(basis)
    return (entry.get(lang) or entry["de"]) if entry else basis


def purpose_text(purpose: str, lang: str) -> str:
    from kaufhaus.tracking.purposes import PURPOSES

    entry = PURPOSES.get(purpose)
    return (entry.label.get(lang) or entry.label["de"]) if entry else purpose


def scene_title(story: Story, scene_id: str, lang: str) -> str:
    """A scene's title for lists (the raw source, no template rendering)."""
    scene = story.scenes.get(scene_id)
    return scene.title.source(lang) if scene is not None else scene_id


def processed_despite_refusal(consent: dict[str, Any]) -> int:
    """Events processed for a purpose the player's answer turned down (``dossier.refusal``):
    0 when nothing was, and then no tab says "although you said no"."""
    refusal = consent.get("after_refusal")
    return int(refusal.get("processed", 0) or 0) if isinstance(refusal, dict) else 0


def after_decision_count(consent: dict[str, Any]) -> int:
    """Events processed after the banner: after a refusal, the one count every tab and
    export shows (``dossier.refusal``); after an acceptance, all processed since."""
    refusal = consent.get("after_refusal")
    if isinstance(refusal, dict):
        return int(refusal.get("processed", 0) or 0)
    return int(consent.get("events_processed_after_decision", 0) or 0)


def reality_lines(card: dict[str, Any], lang: str) -> list[str]:
    """A reality card for a screen: title, text, this session's line, the sources in the
    reader's language (each marked when it is German and the reader is not)."""
    title = card.get("title") or {}
    text = card.get("text") or {}
    session = card.get("session") or {}
    sources = []
    for source in card.get("sources") or ():
        citation = (source.get("citation") or {}).get(lang) or ""
        if lang != "de" and source.get("lang", "de") == "de":
            citation += " " + tr("source_original_german", lang)
        sources.append(citation)
    lines = [
        f"■ {title.get(lang) or title.get('de', '')}",
        str(text.get(lang) or text.get("de", "")),
    ]
    if session.get(lang):
        lines.append(str(session[lang]))
    lines.append(tr("source", lang, source="; ".join(sources) or "–"))
    return lines


def money(amount: float, lang: str, currency: str = "EUR") -> str:
    """A euro amount from the dossier, as the game wrote it (one rounding, one format)."""
    from kaufhaus.tracking.numbers import cents, format_money

    return format_money(cents(amount), lang, currency)


def money_moments(
    events: list[dict[str, Any]], story: Story, lang: str
) -> list[tuple[str, str, float, float]]:
    """Price tags looked at and prices paid: (what, product name, price, normal price).

    Read from the logged events (their data holds the price the shop showed
    and the normal one), so the reveal can show where the price moved.
    """
    from kaufhaus.tracking.numbers import cents, euros

    out: list[tuple[str, str, float, float]] = []
    for event in events:
        data = event.get("data") or {}
        kind = event.get("kind")
        if kind in ("price_look", "price_change") and "price_cents" in data:
            pid = str(data.get("product") or event.get("target") or "")
            price = int(data["price_cents"])
            normal = int(data.get("normal_cents", price))
            out.append((str(kind), product_name(story, pid, lang), euros(price), euros(normal)))
        elif kind == "choice" and isinstance(data.get("paid_cents"), dict):
            for pid, price in sorted(data["paid_cents"].items()):
                product = story.catalogue.get(pid)
                normal = cents(product.price) if product is not None else int(price)
                out.append(("paid", product_name(story, pid, lang), euros(price), euros(normal)))
    return out


# ------------------------------------------------------------------ the reveal
#: Where a piece of data came from, in words (the dossier rows carry the DPV term).
_ORIGINS = {
    "dpv:ProvidedPersonalData": "origin_provided",
    "dpv:ObservedPersonalData": "origin_observed",
    "dpv:InferredPersonalData": "origin_inferred",
    "provided": "origin_provided",
    "observed": "origin_observed",
    "inferred": "origin_inferred",
}


def origin_text(origin: str | None, lang: str) -> str:
    """``angegeben`` / ``beobachtet`` / ``gefolgert`` for a dossier row's ``origin``."""
    return tr(_ORIGINS.get(str(origin), "origin_observed"), lang)


#: The log's kinds, grouped the way a player would filter them.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "moves": ("scene_enter", "scene_leave", "back"),
    "looks": ("examine", "highlight", "hover", "idle", "price_look"),
    "decisions": ("choice", "consent"),
    "prices": ("price_shown", "price_change", "coupon"),
    "said": ("claim_use",),
    "you": ("input",),
    "other": ("session_start", "save", "quit"),
}

_GROUP_OF = {kind: group for group, kinds in KIND_GROUPS.items() for kind in kinds}


def kind_group(kind: str) -> str:
    return _GROUP_OF.get(str(kind), "other")


def kind_group_label(group: str, lang: str) -> str:
    return tr(f"kind_group_{group}", lang)


def place_name(story: Story, scene_id: str, lang: str) -> str:
    """The department a scene is in (its title if it names none), never its id."""
    scene = story.scenes.get(scene_id)
    if scene is None:
        return tr("unknown_place", lang)
    if scene.place is not None:
        return scene.place.source(lang)
    return scene.title.source(lang)


def place_label(story: Story, scene_id: str, lang: str) -> str:
    """``place_name`` for a list or a column: capitalised (English places are lower case)."""
    name = place_name(story, scene_id, lang)
    return name[:1].upper() + name[1:]


_RAW_KEY = re.compile(r"^[a-z][a-z0-9_]*:[a-z0-9_:.-]*$")
_INPUT_FIELDS = {
    "name": {"de": "Ihren Namen", "en": "your name"},
    "email": {"de": "Ihre E-Mail-Adresse", "en": "your e-mail address"},
}


def event_sentence(row: dict[str, Any], lang: str) -> str:
    """One log row as a sentence in the player's language.

    The dossier's own description (``row["description"]``) is the source;
    three kinds are phrased here until the dossier's sentences cover them:
    the session start (which lists the fingerprint's field codes), what the
    player typed (which names the field by its code), and claims the
    dossier has no words for yet (it shows their raw key).
    """
    kind = row.get("kind")
    data = row.get("data") or {}
    if kind == "session_start":
        from kaufhaus.dossier.card import fingerprint_sentence

        items = sorted((k, v) for k, v in data.items() if k != "cookie")
        text = tr("sentence_session_start", lang, device=fingerprint_sentence(items, lang))
        cookie = data.get("cookie")
        if isinstance(cookie, dict):
            text += " " + tr("sentence_cookie", lang, visits=int(cookie.get("visits") or 1))
        return text
    if kind == "input" and not data.get("refused"):  # refused: the file's own words
        field = _INPUT_FIELDS.get(str(row.get("target")), {"de": "etwas", "en": "something"})
        return tr("sentence_input", lang, field=field[lang], value=str(data.get("value", "")))
    description = row.get("description") or {}
    text = str(description.get(lang) or description.get("de") or "")
    if kind == "claim_use" and ":" in text:
        head, _, rest = text.partition(": ")
        parts = [_claim_part(part, lang) for part in rest.split("; ")]
        text = f"{head}: " + "; ".join(parts)
    return text or kind_label(str(kind), lang)


def _claim_part(part: str, lang: str) -> str:
    if not _RAW_KEY.match(part.strip()):
        return part
    family = part.split(":", 1)[0]
    return inference_label(family, lang) if family in INFERENCE_LABELS else tr("a_claim", lang)


def conclusion_headline(
    row: dict[str, Any], dossier: dict[str, Any], story: Story, lang: str
) -> str:
    """A conclusion's first line in words: kind, subject, value – never a code.

    The dossier's words (``kind_label``, ``subject_label``, ``value_text``)
    are used, except for the two conclusions whose value is itself a list of
    codes or German place names: the device fingerprint and the route.
    """
    kind = str(row.get("kind", ""))

    def words(field: str) -> str:
        value = row.get(field)
        return str(value.get(lang) or value.get("de") or "") if isinstance(value, dict) else ""

    label = words("kind_label") or inference_label(kind, lang)
    label = label[:1].upper() + label[1:]
    subject = words("subject_label")
    if kind == "fingerprint":
        from kaufhaus.dossier.card import fingerprint_sentence

        value = fingerprint_sentence(sorted((dossier.get("fingerprint") or {}).items()), lang)
    elif kind == "location_trail":
        value = " → ".join(route_places(dossier, row.get("evidence") or (), story, lang))
    elif kind == "segment":
        return f"{label}: {subject}"
    else:
        value = words("value_text") or inference_value(row, lang)
    head = f"{label} · {subject}" if subject else label
    return f"{head}: {value}" if value else head


def route_places(dossier: dict[str, Any], event_ids: Any, story: Story, lang: str) -> list[str]:
    """The departments entered at the given events, in the player's language."""
    rows = {row.get("id"): row for row in dossier.get("events") or []}
    out = []
    for eid in event_ids:
        row = rows.get(eid) if isinstance(eid, int) else None
        if row is not None:
            out.append(place_name(story, str(row.get("target") or row.get("scene") or ""), lang))
    return out


def inference_origin(row: dict[str, Any]) -> str:
    """Where a conclusion's content came from: the row's own ``origin`` if it has one.

    Otherwise: a name or e-mail address the player typed is *provided*, not
    inferred, even where the shop files it among its conclusions; the device
    features were *observed*; everything else the shop *inferred*.
    """
    origin = row.get("origin")
    if isinstance(origin, str) and origin:
        return origin
    kind = row.get("kind")
    if kind == "identity":
        return "dpv:ProvidedPersonalData"
    if kind == "fingerprint":
        return "dpv:ObservedPersonalData"
    return "dpv:InferredPersonalData"


def log_gaps(
    ids: list[int], story: Story, lang: str, logged: list[Event] | None = None
) -> list[tuple[int, str]]:
    """Why the file's numbering jumps (#0, then #8): a line per gap, with the id it
    stands before.

    The save numbers every event; the file holds only what the shop saw
    (``tracking.events.in_file``): not what the player did where it has no eyes
    (the tram before the shop), not the story's own notes. ``logged`` (the
    game's whole log) says which it was; without it the line says only that
    those entries are not in the file.
    """
    from kaufhaus.tracking.events import Kind

    by_id = {e.id: e for e in logged or ()}
    lines: list[tuple[int, str]] = []
    for before, after in pairwise(ids):
        if after - before <= 1:
            continue
        first, last = before + 1, after - 1
        span = f"#{first}" if first == last else f"#{first}–{last}"
        missing = [by_id[i] for i in range(first, last + 1) if i in by_id]
        places: list[str] = []
        for event in missing:
            if event.kind is not Kind.STATE and event.scene in story.unobserved:
                name = place_label(story, event.scene, lang)
                if name not in places:
                    places.append(name)
        line = tr("log_gap", lang, span=span)
        if places:  # (the story's own notes made there go unsaid: the place says it)
            line += " – " + tr("log_gap_unseen", lang, places=", ".join(places))
        elif any(event.kind is Kind.STATE for event in missing):
            line += " – " + tr("log_gap_story", lang)
        lines.append((after, line))
    return lines


#: The typed fields a player would name, by input id.
_TOLD_FIELDS = {"name": "glance_name", "email": "glance_email"}


def told_us(dossier: dict[str, Any], lang: str) -> list[str]:
    """What the player told the shop themselves: what they typed, and what the shop
    noted as said by them (the errand, ``said: true``).

    One list for the reveal's conclusions tab and plain mode's section, because
    the section once read "nothing" beside a note marked "provided by you".
    """
    told = dossier.get("data_subject") or {}
    out = [
        f"{tr(_TOLD_FIELDS[k], lang) if k in _TOLD_FIELDS else tr('a_claim', lang)}: {v}"
        for k, v in told.items()
    ]
    for row in dossier.get("inferences") or ():
        if row.get("kind") == "identity" or inference_origin(row) != "dpv:ProvidedPersonalData":
            continue  # a typed address is listed above; the rest the shop worked out
        words = row.get("value_text") or row.get("label") or {}
        said = words.get(lang) if isinstance(words, dict) else None
        if said:
            out.append(str(said))
    return out
