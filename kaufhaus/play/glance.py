""" "Ihre Akte auf einen Blick": the punchline of the reveal, built cheaply from the game.

The full dossier walks every event (and at 100,000 events that takes
seconds); the first card must not wait for it. Everything here comes from
what the game already holds: the profile's conclusions (the same inferences
the dossier lists, with their evidence cut short, which the card does not
show), the payments at the till with the neutral shopper's price beside
them, and the fingerprint taken at the door. The cost is bounded by the
catalogue, not by the length of the log, so the card appears at event
100,000 as fast as at event 1,000.

The numbers are the dossier's own: the same inference values, formatted
with the same helpers (``format_percent``, ``format_money``), so the card
and the exported file cannot disagree (tests/tui/test_reveal.py checks).
Textual-free: plain mode prints the same card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kaufhaus.dossier.card import (
    TOP,
    days_text,
    fingerprint_sentence,
)
from kaufhaus.dossier.card import money_sentence as card_money
from kaufhaus.dossier.refusal import processed_after_refusal
from kaufhaus.play.strings import duration_text, tr
from kaufhaus.tracking.numbers import cents, format_money, format_percent
from kaufhaus.tracking.vocabulary import segment_label

if TYPE_CHECKING:
    from kaufhaus.story.model import Story


@dataclass(frozen=True)
class Glance:
    """What the card shows, language-neutral (ids and numbers; words come later)."""

    events: int
    duration: float
    inferences: int
    consent: str | None
    processed_after_decision: int
    #: Processed while a refusal stood: the count every tab and export shows (``refusal``).
    processed_after_refusal: int
    segments: tuple[dict[str, str], ...]
    customer_value: float | None
    #: (product id, probability) – purchase probabilities the shop concluded, highest first
    probabilities: tuple[tuple[str, float], ...]
    #: The same, as "willingness to pay", when the shop drew no purchase probability
    #: (it does that on "legitimate interest" after the player refused consent).
    willingness: tuple[tuple[str, float], ...]
    next_visit: float | None
    next_purchase: tuple[str, float] | None
    fingerprint: tuple[tuple[str, str], ...]
    paid_cents: int
    neutral_cents: int
    payments: int
    currency: str

    @property
    def difference_cents(self) -> int:
        """Positive: profiling cost the player money; negative: it saved them some."""
        return self.paid_cents - self.neutral_cents


def glance(game: Any) -> Glance:
    """The card's facts from the game state, without building the dossier."""
    profile = game.profile
    story = game.story
    conclusions = list(profile.conclusions().values())
    by_kind: dict[str, list[Any]] = {}
    for inference in conclusions:
        by_kind.setdefault(inference.kind, []).append(inference)

    def ranked(kind: str) -> tuple[tuple[str, float], ...]:
        rows = [(str(i.subject), float(i.value)) for i in by_kind.get(kind, [])]
        rows.sort(key=lambda r: (-r[1], r[0]))
        return tuple(rows[:TOP])

    def single(kind: str) -> Any:
        found = by_kind.get(kind) or []
        return found[0] if found else None

    segments = []
    for inference in by_kind.get("segment", []):
        label = inference.label
        if isinstance(label, dict) and label.get("de") and label.get("en"):
            segments.append({"de": str(label["de"]), "en": str(label["en"])})
        else:
            category = str(inference.subject).split(":", 1)[-1]
            names = {lang: story.category_name(category, lang) for lang in ("de", "en")}
            segments.append(segment_label(str(inference.subject), names))
    value = single("customer_value")
    visit = single("next_visit")
    nxt = single("next_purchase")
    paid = neutral = 0
    for payment in game.payments:
        for pid, amount in payment.paid.items():
            paid += int(amount)
            neutral += int(payment.neutral.get(pid, amount))
    first = profile.consent_events[0] if profile.consent_events else None
    processed = profile.processed
    after = sum(1 for purposes in processed[first + 1 :] if purposes) if first is not None else 0
    decisions = [(eid, str(game.log[eid].data.get("choice", ""))) for eid in profile.consent_events]
    refused = len(processed_after_refusal(decisions, processed))
    return Glance(
        # The file's count, the same as the dossier's: not the story's bookkeeping.
        events=len(game.log) - profile.unfiled,
        duration=float(game.now),
        inferences=len(conclusions),
        consent=profile.consent_choice,
        processed_after_decision=after,
        processed_after_refusal=refused,
        segments=tuple(segments),
        customer_value=float(value.value) if value is not None else None,
        probabilities=ranked("purchase_probability"),
        willingness=ranked("willingness_to_pay"),
        next_visit=float(visit.value) if visit is not None else None,
        next_purchase=(str(nxt.subject), float(nxt.value)) if nxt is not None else None,
        fingerprint=tuple(
            (str(k), str(v)) for k, v in sorted(profile.fingerprint.items()) if k != "cookie"
        ),
        paid_cents=paid,
        neutral_cents=neutral,
        payments=len(game.payments),
        currency=story.currency,
    )


# ------------------------------------------------------------------ words
# One set of words for the card on screen and the card on paper (``dossier.card``).
def _product(story: Story, pid: str, lang: str) -> str:
    product = story.catalogue.get(pid)
    return product.name.source(lang) if product is not None else tr("unknown_product", lang)


def money_text(amount_cents: int, lang: str, currency: str = "EUR") -> str:
    return format_money(int(amount_cents), lang, currency)


def glance_rows(g: Glance, story: Story, lang: str) -> list[tuple[str, str]]:
    """The card as (label, value) rows, in the player's language."""
    rows: list[tuple[str, str]] = []
    rows.append(
        (
            tr("glance_segment", lang),
            ", ".join(s.get(lang) or s["de"] for s in g.segments) or tr("glance_no_segment", lang),
        )
    )
    if g.customer_value is not None:
        rows.append(
            (
                tr("glance_value", lang),
                money_text(cents(round(g.customer_value, 2)), lang, g.currency),
            )
        )
    if g.probabilities:
        rows.append(
            (
                tr("glance_probability", lang),
                " · ".join(
                    f"{_product(story, pid, lang)} {format_percent(p, lang)}"
                    for pid, p in g.probabilities
                ),
            )
        )
    elif g.willingness:
        rows.append(
            (
                tr("glance_willingness", lang),
                " · ".join(
                    f"{_product(story, pid, lang)} {format_percent(p, lang)}"
                    for pid, p in g.willingness
                ),
            )
        )
    else:
        rows.append((tr("glance_probability", lang), tr("glance_none_drawn", lang)))
    if g.next_visit is not None or g.next_purchase is not None:
        parts = []
        if g.next_visit is not None:
            parts.append(days_text(g.next_visit, lang))
        if g.next_purchase is not None:
            pid, p = g.next_purchase
            parts.append(
                tr(
                    "glance_next_purchase",
                    lang,
                    product=_product(story, pid, lang),
                    percent=format_percent(p, lang),
                )
            )
        rows.append((tr("glance_next_visit", lang), ", ".join(parts)))
    rows.append(
        (
            tr("glance_device", lang),
            fingerprint_sentence(g.fingerprint, lang) or tr("nothing", lang),
        )
    )
    rows.append((tr("glance_money", lang), money_sentence(g, lang)))
    return rows


def money_sentence(g: Glance, lang: str) -> str:
    """What the profile cost or saved the player, against a shopper the shop never watched."""
    return card_money(g.paid_cents, g.neutral_cents, g.payments, lang, g.currency)


def glance_summary(g: Glance, lang: str) -> list[str]:
    """The counts under the card: how long, how many events, how many conclusions, consent."""
    from kaufhaus.play.describe import consent_text

    lines = [
        tr(
            "reveal_summary",
            lang,
            duration=duration_text(g.duration, lang),
            events=_count(g.events, lang),
            inferences=_count(g.inferences, lang),
        ),
        tr("reveal_consent", lang, choice=consent_text(g.consent, lang)),
    ]
    if g.processed_after_refusal:
        # Only what was processed for a purpose the answer turned down is "despite".
        lines.append(tr("reveal_after_refusal", lang, n=_count(g.processed_after_refusal, lang)))
    elif g.consent:
        lines.append(tr("reveal_after_consent", lang, n=_count(g.processed_after_decision, lang)))
    return lines


def _count(n: int, lang: str) -> str:
    """``100.000`` / ``100,000``: long logs are the point, so their size must be readable."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "de" else text
