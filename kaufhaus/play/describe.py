"""Words for what the shop logged and concluded, shared by x-ray, reveal and plain mode.

These functions only *phrase* data the core already computed (events,
inference dicts from ``Inference.as_dict``/the dossier); they compute nothing
about the player. Textual-free, so plain mode prints the same sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kaufhaus.play.strings import clock_text, kind_label, tr
from kaufhaus.tracking.numbers import format_percent
from kaufhaus.tracking.vocabulary import INFERENCE_KIND_LABELS, MOOD_LABELS, SEGMENT_LABELS

if TYPE_CHECKING:
    from kaufhaus.story.model import Story

INFERENCE_LABELS = INFERENCE_KIND_LABELS


#: The shop's internal codes, as the reveal says them (unknown codes are shown as they are).
CODES: dict[str, dict[str, str]] = {
    **MOOD_LABELS,
    **SEGMENT_LABELS,
}


def code_text(code: str, lang: str) -> str:
    """``fan:electronics`` → ``Fan von Elektronik``; ``decisive`` → ``entschlossen``."""
    if code.startswith("fan:"):
        inner = code_text(code[4:], lang)
        return f"Fan von {inner}" if lang == "de" else f"{inner} fan"
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
    ):
        return ""
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
            text = f"{value:.1f}"
            return text.replace(".", ",") if lang == "de" else text
        if kind == "next_visit":
            return f"{value:.0f} " + ("Tage" if lang == "de" else "days")
        if kind == "customer_value":
            return f"{value:,.0f} €".replace(",", ".") if lang == "de" else f"€{value:,.0f}"
        if kind == "segment":
            return ""
    if kind == "mood":
        return code_text(str(value), lang)
    return str(value)


def inference_headline(inference: dict[str, Any], story: Story, lang: str) -> str:
    """``Kaufwahrscheinlichkeit · 65-Zoll-UHD-Fernseher: 97 %`` and the like."""
    label = inference_label(str(inference.get("kind", "")), lang)
    subject = inference_subject(inference, story, lang)
    if inference.get("kind") == "segment":
        subject = _label(inference, lang) or code_text(str(inference.get("subject", "")), lang)
    value = inference_value(inference, lang)
    head = f"{label} · {subject}" if subject else label
    return f"{head}: {value}" if value else head


def inference_reason(inference: dict[str, Any], lang: str) -> str:
    reason = inference.get("reason") or {}
    return str(reason.get(lang) or reason.get("de") or "")


def evidence_text(ids: Any, lang: str, limit: int = 12) -> str:
    ids = list(ids or [])
    shown = ", ".join(f"#{i}" for i in ids[:limit])
    if len(ids) > limit:
        shown += f" … (+{len(ids) - limit})"
    return tr("evidence", lang, ids=shown or "–")


def event_target(event: dict[str, Any], lang: str = "de") -> str:
    """What an event was about, literally (player-typed values included)."""
    data = event.get("data") or {}
    target = event.get("target")
    kind = event.get("kind")
    if kind == "input":
        return f"{target} = {data.get('value', '')}"
    if kind == "consent":
        return f"{target} ({data.get('choice', '')})"
    if kind == "idle":
        return f"{float(data.get('seconds', 0)):.0f} s"
    if kind == "scene_leave" and "dwell" in data:
        return f"{target} ({float(data['dwell']):.0f} s)"
    if kind == "coupon":
        return f"{data.get('action', '')} {target or ''}".strip()
    if kind == "claim_use":
        return f"{len(data.get('claims') or ())}×"
    if kind == "state" and "carried" in data:
        return f"{'+' if data['carried'] else '−'} {target}"
    if kind == "state":  # the raw log, as the x-ray shows every event
        return f"{target} = {data.get('value', '')}"
    if kind in ("price_shown", "price_change") and "price_cents" in data:
        return money(int(data["price_cents"]) / 100, lang)
    return str(target or "")


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
        said = (use.get("said") or {}).get(lang, "")
        ids = ", ".join(f"#{i}" for i in use.get("evidence") or ()) or "–"
        lines.append(
            tr("used_at", lang, place=place, time=clock_text(float(use.get("t", 0))), said=said)
            + " – "
            + tr("because", lang, ids=ids)
        )
    return lines


def event_line(event: dict[str, Any], lang: str) -> str:
    """``03:12  Maus verweilt  fernseher`` for the x-ray and plain mode."""
    when = clock_text(float(event.get("t", 0.0)))
    what = kind_label(str(event.get("kind", "")), lang)
    target = event_target(event, lang)
    return f"{when} {what} {target}".rstrip()


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


def after_decision_count(consent: dict[str, Any]) -> int:
    """Events processed after the banner decision (key name tolerant of core changes)."""
    for key in ("events_processed_after_decision", "events_processed_after_refusal"):
        if key in consent:
            return int(consent[key] or 0)
    return 0


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
