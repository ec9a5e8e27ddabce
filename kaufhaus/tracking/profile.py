"""The shop's profile of the player: updated per event in O(1), explained on demand.

Every number the shop acts on is kept together with the ids of the events
that moved it, so the reveal can answer "why do you think that?" for each
conclusion. The profile is a pure fold over the log: replaying the same events
gives the same profile (a property test holds us to it).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kaufhaus.tracking.claims import (
    CONCLUSION,
    MEASUREMENT,
    PRICE,
    USE_EVIDENCE_MAX,
    Claim,
    Thresholds,
    use_signature,
)
from kaufhaus.tracking.events import SHOP_RECORDS, Event, K, in_file
from kaufhaus.tracking.numbers import (
    NBSP,
    cents,
    decimal_text,
    format_money,
    format_percent,
    format_times,
    plural,
)
from kaufhaus.tracking.purposes import (
    ALWAYS_PURPOSES,
    CONSENT_PRESETS,
    CONSENT_PURPOSES,
    LEGITIMATE_PURPOSES,
    PURPOSES,
)
from kaufhaus.tracking.vocabulary import MOOD_LABELS, segment_label

#: Interest halves every five minutes of (virtual) time without new signals.
HALF_LIFE_S = 300.0
#: One look at an item counts for at most this long; nobody reads a label for an hour.
MAX_EXAMINE_S = 60.0
# Where a signal becomes a conclusion lives in the pack (claims.Thresholds):
# the story and the dossier read the same numbers.

# Weights of the signals in the interest score ("Interessenpunkte").
W_EXAMINE = 1.0
W_EXAMINE_PER_S = 0.08
W_HIGHLIGHT = 0.5
W_HOVER = 0.3
W_CHOICE = 1.5
W_PRICE_LOOK = 0.6
W_WINDOW_PER_S = 0.06
W_TAKE = 2.5


@dataclass(frozen=True)
class ProductInfo:
    """What the engine needs to know of a catalogue product."""

    id: str
    category: str
    price: float
    sensitive: str | None = None
    #: Display names per language, for the reasons the shop gives.
    names: dict[str, str] = field(default_factory=dict, compare=False)
    category_names: dict[str, str] = field(default_factory=dict, compare=False)
    #: The pack's grammar, for the reasons' words: per language whether the name is
    #: a plural, and the pronoun that refers back to it ("nom", "acc"): "es", "sie",
    #: "it", "them". Without it: singular, "es"/"it".
    plural: dict[str, bool] = field(default_factory=dict, compare=False)
    pronouns: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.id

    def pronoun(self, lang: str, case: str = "nom") -> str:
        said = self.pronouns.get(lang, {}).get(case)
        if said:
            return said
        if lang == "de":
            return "sie" if self.is_plural(lang) else "es"
        if self.is_plural(lang):
            return "they" if case == "nom" else "them"
        return "it"

    def is_plural(self, lang: str) -> bool:
        return self.plural.get(lang, False)


class Noted(NamedTuple):
    """A note the shop wrote (a pack's ``note:``): its words, and what caused it."""

    words: dict[str, str]
    #: The event that made the shop write it (the choice, the look, the entry), or
    #: the ``note`` event itself where that event is not in the file (unobserved).
    by: int
    #: The ``note`` event itself.
    event: int
    purpose: str
    special: str | None
    #: What the player said, written down: provided by them, not concluded.
    said: bool = False
    #: The events its condition read (the decisions behind "not walking purposefully").
    grounds: tuple[int, ...] = ()


@dataclass(frozen=True)
class Inference:
    """One conclusion the shop drew, with everything needed to explain it."""

    kind: str
    subject: str
    value: float | str
    confidence: float
    evidence: tuple[int, ...]
    rule: str
    reason: dict[str, str]
    purpose: str
    data_category: str
    special_category: str | None = None
    #: The value in words, where it is a word (a mood, a segment): {"de": ..., "en": ...}
    label: dict[str, str] | None = None
    #: What the value was worked out from, with its figures ("Grundlage: …"), where
    #: the reason alone does not show it: {"de": ..., "en": ...}
    workings: dict[str, str] | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.subject}"

    @property
    def basis(self) -> str:
        return PURPOSES[self.purpose].basis

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "value": round(self.value, 4) if isinstance(self.value, float) else self.value,
            "confidence": round(self.confidence, 3),
            "evidence": list(self.evidence),
            "rule": self.rule,
            "reason": dict(self.reason),
            "purpose": self.purpose,
            "legal_basis": self.basis,
            "data_category": self.data_category,
            "special_category": self.special_category,
            "label": dict(self.label) if self.label else None,
            "workings": dict(self.workings) if self.workings else None,
        }


@dataclass(slots=True)
class Signals:
    """Behavioural counters for one product, under one purpose's processing."""

    score: float = 0.0
    t: float = 0.0
    examines: int = 0
    examine_s: float = 0.0
    highlights: int = 0
    hovers: int = 0
    price_looks: int = 0
    chosen: int = 0
    window_s: float = 0.0
    #: Per scene the seconds credited to it and the seconds spent there: the
    #: reason names the place the time was spent in, and says where it was shared.
    window_at: dict[str, list[float]] = field(default_factory=dict)
    in_basket: bool = False
    bought: bool = False
    taken: int = 0  # for a category: how many of its products went into the basket
    evidence: list[int] = field(default_factory=list)
    #: The highlight and hover events themselves: the twitching hand, counted.
    twitch_events: list[int] = field(default_factory=list)

    def value_at(self, now: float) -> float:
        if self.score == 0.0:
            return 0.0
        decay: float = 0.5 ** (max(0.0, now - self.t) / HALF_LIFE_S)
        return self.score * decay

    def bump(self, weight: float, now: float, event_id: int) -> None:
        # value_at, inlined: this runs several times for every event replayed.
        score = self.score
        if score != 0.0:
            score *= 0.5 ** (max(0.0, now - self.t) / HALF_LIFE_S)
        self.score = score + weight
        self.t = now
        if not self.evidence or self.evidence[-1] != event_id:
            self.evidence.append(event_id)


@dataclass
class Ledger:
    """Signals per product and category, as one purpose is allowed to see them."""

    products: dict[str, Signals] = field(default_factory=dict)
    categories: dict[str, Signals] = field(default_factory=dict)

    def product(self, pid: str) -> Signals:
        sig = self.products.get(pid)
        if sig is None:
            sig = self.products[pid] = Signals()
        return sig

    def category(self, cat: str) -> Signals:
        sig = self.categories.get(cat)
        if sig is None:
            sig = self.categories[cat] = Signals()
        return sig


_NO_SIGNALS = Signals()
_FOCUS_KINDS = frozenset({K.EXAMINE, K.HIGHLIGHT, K.HOVER, K.PRICE_LOOK})


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True)
class Posted:
    """A price the shop showed, as logged: it stands until a logged change."""

    cents: int
    normal_cents: int
    factor: float
    coupon: bool
    event: int
    #: The pricing rule it was set by, as logged (``pricing.quote``): the reason a
    #: text may give for it.
    rule: str = ""


class Profile:
    """Incrementally folded view of the log. ``apply`` is O(1) per event."""

    def __init__(
        self,
        catalogue: dict[str, ProductInfo],
        thresholds: Thresholds | None = None,
        unobserved: frozenset[str] = frozenset(),
        places: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.catalogue = catalogue
        #: The place of each scene, per language (``Schaufenster``): where the
        #: seconds in front of a product were spent, as its reason names it.
        self.places = places or {}
        self.thresholds = thresholds or Thresholds()
        #: Scenes the shop does not see: what happens there moves the story, not the file.
        self.unobserved = unobserved
        self.unobserved_events = 0
        #: Events the shop's file does not hold (the story's bookkeeping, what
        #: happened out of sight): every count shown to the player leaves them out.
        self.unfiled = 0
        #: Their ids: a note caused by one of them rests on the note itself.
        self.unfiled_ids: set[int] = set()
        #: Events the player provided (typed text, contests): in the file, not observed.
        self.provided = 0
        #: The file's rows marked "observed", in order: the camera's counter
        #: ("Beobachtungen: 61") counts these, and a reader can count them too.
        self.observed: list[int] = []
        self.now = 0.0
        # Consent: purposes granted right now, the decision events, and whether asked.
        self.granted: frozenset[str] = frozenset()
        self._purposes_cache: dict[tuple[frozenset[str], bool], tuple[str, ...]] = {}
        self.consent_choice: str | None = None
        self.consent_events: list[int] = []
        # What each event was processed for: event id -> purposes.
        self.processed: list[tuple[str, ...]] = []
        # Two ledgers over the same events: what consent allows, and what the
        # shop's "legitimate interest" takes anyway.
        self.consented = Ledger()
        self.li = Ledger()
        # Scene context.
        self.scene_entered_at = 0.0
        self.featured: tuple[str, ...] = ()
        self.focus: dict[str, None] = {}  # products touched in this scene, in order
        #: Per product, the observed moments in front of it (a scene showing it
        #: entered, the product examined): what "not one twitch" rests on.
        self.in_front: dict[str, list[int]] = {}
        self.open_examine: tuple[str, float, int] | None = None
        self.visits: dict[str, int] = {}
        self.basket_items: dict[str, None] = {}
        # For an undo: every change to visits and basket in order (scene, or
        # product and whether it was in the basket before), and where that
        # list stood when each decision event came in (event id -> length).
        self._fact_changes: list[tuple[str, str, bool]] = []
        self._fact_marks: dict[int, int] = {}
        self.scene_dwell: dict[str, float] = {}
        self.revisit_events: list[int] = []
        self.trail: list[tuple[str, float, int]] = []
        # Decisions and their timing.
        self.decisions = 0
        self.hesitation_sum = 0.0
        self.hesitations: list[int] = []  # ids of choices that took long
        self.quick: list[int] = []  # ids of choices that were quick
        self.backs: list[int] = []
        self.undos: list[int] = []  # the undos among the backs
        self.idle_s = 0.0
        self.idles: list[int] = []
        # Money and identity.
        self.coupons_taken: list[int] = []
        self.coupon_products: set[str] = set()  # "*" = a coupon for everything
        #: Coupons put before the player (a coupon choice shown): product ("*" for
        #: everything) -> the first "shown" event. Only these were *offered* to them.
        self.coupons_shown: dict[str, int] = {}
        # Coupons offered on entering this scene, as logged with the entry: the
        # offer stands for the visit, however keen the player looks meanwhile.
        # None for saves from before the entry recorded them.
        self.coupons_here: set[str] | None = None
        self.price_looks: list[int] = []
        #: Per product, the looks the file holds at it or its price tag (examine,
        #: price_look): only these let a text say the player looked at it.
        self.product_looks: dict[str, list[int]] = {}
        self.purchases: list[int] = []
        #: Each product paid for, with the payment that bought it (the till's ``paid_cents``).
        self.bought_at: dict[str, int] = {}
        self.inputs: dict[str, tuple[str, int]] = {}
        self.fingerprint: dict[str, Any] = {}
        self.fingerprint_event: int | None = None
        #: The number the shop files the device under (from the fingerprint, once).
        self.customer_number = ""
        self.cookie: dict[str, Any] = {}
        self.cookie_event: int | None = None
        # Measurements the story may quote: per scene the leave events (seconds
        # spent), per item the examine events ("you looked at...").
        self.scene_leaves: dict[str, list[int]] = {}
        self.item_examines: dict[str, list[int]] = {}
        self.scene_enters: dict[str, list[int]] = {}
        # The shop's own records: prices posted, changes on entering this scene,
        # claims already used in this visit, and how many records there are.
        self.posted: dict[str, Posted] = {}
        self.last_change: dict[str, int] = {}  # product -> its latest price_change event
        # The price each product had when a text last showed it to the player,
        # and that as it stood on entering this scene: "changed since you saw it".
        self.last_seen_price: dict[str, int] = {}
        self.seen_at_entry: dict[str, int] = {}
        self.used_here: set[tuple[str, str]] = set()
        # What the shop wrote down (note id -> the latest note) and what it
        # passed on (recipient -> claim key -> (value, transfer event)).
        self.notes: dict[str, Noted] = {}
        self.sent: dict[str, dict[str, tuple[Any, int]]] = {}
        self.shop_records = 0
        self._conclusions: tuple[int, dict[str, Inference]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        """A copy leaves the conclusions cache behind: it holds for one length of the
        log only, a copy goes on with another, and it was a third of a copy's bytes
        (story-test copies a game for every state it explores)."""
        state = self.__dict__.copy()
        state["_conclusions"] = None
        return state

    # ------------------------------------------------------------------ folding
    def purposes_for(self, event: Event) -> tuple[str, ...]:
        """Purposes this event is processed for, given consent at its time.

        The "legitimate interest" purposes take every event, whatever the
        banner said; the contract covers only the basket and the till.
        """
        if event.kind in (K.SAVE, K.QUIT):
            return ("service",)
        if event.kind is K.STATE:
            return ()  # the story's own bookkeeping: the shop does not know it
        if event.kind is K.CONTEST:  # a right exercised is answered, not exploited
            return ()
        sale = event.kind is K.CHOICE and any(k in event.data for k in ("take", "drop", "buy"))
        # The same few answers for every event: computed once per consent state.
        key = (self.granted, sale)
        purposes = self._purposes_cache.get(key)
        if purposes is None:
            chosen = set(LEGITIMATE_PURPOSES) | (self.granted & CONSENT_PURPOSES)
            if sale:
                chosen.add("service")
            purposes = self._purposes_cache[key] = tuple(sorted(chosen))
        if event.kind is K.NOTE or event.kind is K.TRANSFER:
            # A note or a transfer serves its own purpose besides.
            own = str(event.data.get("purpose", ""))
            if own in PURPOSES and own not in purposes:
                return tuple(sorted((*purposes, own)))
        return purposes

    def apply(self, event: Event) -> None:
        """Fold one event into the profile. Constant work per event."""
        if not in_file(event, self.unobserved):
            self.unfiled += 1
            self.unfiled_ids.add(event.id)
        elif event.kind is K.INPUT or event.kind is K.CONTEST:
            self.provided += 1
        if event.kind is K.CONTEST:
            # A request on the record, no signal about the player; nor does the
            # clock it was made on age the conclusions it contests.
            self.processed.append(())
            return
        self.now = event.t
        self._facts(event)
        if not in_file(event, self.unobserved) and event.kind is not K.STATE:
            # Out of the shop's sight: the story goes on, the file learns nothing.
            self.processed.append(())
            self.unobserved_events += 1
            return
        purposes = self.purposes_for(event)
        self.processed.append(purposes)
        if event.kind in SHOP_RECORDS:
            self._shop_record(event)
            return
        if event.kind is not K.INPUT:
            self.observed.append(event.id)
        ledgers = [self.li]
        if "personalisation" in purposes:
            ledgers.append(self.consented)
        self._close_examine(event, ledgers)

        kind = event.kind
        product = event.data.get("product")
        if product in self.catalogue and kind in _FOCUS_KINDS:
            self.focus[product] = None
        if kind is K.SESSION_START:
            self.fingerprint = {k: v for k, v in event.data.items() if k != "cookie"}
            self.fingerprint_event = event.id
            self.customer_number = customer_number(self.fingerprint)
            self._read_cookie(event)
        elif kind is K.SCENE_ENTER:
            self.scene_entered_at = event.t
            self.featured = tuple(p for p in event.data.get("featured", ()) if p in self.catalogue)
            for pid in self.featured:
                self.in_front.setdefault(pid, []).append(event.id)
            self.focus = {}
            self.seen_at_entry = dict(self.last_seen_price)
            offers = event.data.get("coupons")
            self.coupons_here = {str(p) for p in offers} if isinstance(offers, list) else None
            self.used_here = set()
            self.scene_enters.setdefault(event.scene, []).append(event.id)
            if self.visits[event.scene] > 1:
                self.revisit_events.append(event.id)
            self.trail.append((str(event.data.get("place", event.scene)), event.t, event.id))
        elif kind is K.SCENE_LEAVE:
            # The logged figure, not a recomputed one: the story quotes these seconds.
            dwell = max(0.0, float(event.data.get("dwell", event.t - self.scene_entered_at)))
            self.scene_dwell[event.scene] = self.scene_dwell.get(event.scene, 0.0) + dwell
            self.scene_leaves.setdefault(event.scene, []).append(event.id)
            # Standing in front of things: the time goes to what the player
            # touched here, or is spread thinly over everything on display.
            targets = tuple(self.focus) or self.featured
            share = 1.0 if self.focus else 1.0 / max(1, len(targets))
            for pid in targets:
                for ledger in ledgers:
                    sig = ledger.product(pid)
                    sig.window_s += dwell * share
                    spent = sig.window_at.setdefault(event.scene, [0.0, 0.0])
                    spent[0] += dwell * share
                    spent[1] += dwell
                    self._bump(ledger, pid, W_WINDOW_PER_S * min(dwell, 120.0) * share, event)
        elif kind is K.CHOICE:
            self.decisions += 1
            hesitation = max(0.0, event.t - self.scene_entered_at)
            self.hesitation_sum += hesitation
            slow = hesitation >= self.thresholds.hesitation_s
            (self.hesitations if slow else self.quick).append(event.id)
            if product in self.catalogue:
                for ledger in ledgers:
                    ledger.product(product).chosen += 1
                    self._bump(ledger, product, W_CHOICE, event)
            for pid in event.data.get("take", ()):
                if pid in self.catalogue:
                    for ledger in ledgers:
                        ledger.product(pid).in_basket = True
                        ledger.category(self.catalogue[pid].category).taken += 1
                        self._bump(ledger, pid, W_TAKE, event)
            for pid in event.data.get("drop", ()):
                if pid in self.catalogue:
                    for ledger in ledgers:
                        ledger.product(pid).in_basket = False
            if event.data.get("buy"):
                self.purchases.append(event.id)
                paid = event.data.get("paid_cents")
                for pid in paid if isinstance(paid, dict) else ():
                    if pid in self.catalogue:
                        self.bought_at[str(pid)] = event.id
                # Paid for: out of the basket, into the purchase history (only
                # what the payment names, where it names anything).
                paid_ids = {str(p) for p in paid} if isinstance(paid, dict) else None
                for ledger in (self.li, self.consented):
                    for pid, sig in ledger.products.items():
                        if sig.in_basket:
                            sig.in_basket = False
                            sig.bought = sig.bought or paid_ids is None or pid in paid_ids
        elif kind in (K.HIGHLIGHT, K.HOVER) and product in self.catalogue:
            for ledger in ledgers:
                sig = ledger.product(product)
                sig.twitch_events.append(event.id)
                if kind is K.HIGHLIGHT:
                    sig.highlights += 1
                    self._bump(ledger, product, W_HIGHLIGHT, event)
                else:
                    sig.hovers += 1
                    self._bump(ledger, product, W_HOVER, event)
        if kind is K.EXAMINE and event.target:
            self.item_examines.setdefault(event.target, []).append(event.id)
        if kind is K.EXAMINE and product in self.catalogue:
            self.in_front.setdefault(product, []).append(event.id)
            self.product_looks.setdefault(product, []).append(event.id)
            for ledger in ledgers:
                ledger.product(product).examines += 1
                self._bump(ledger, product, W_EXAMINE, event)
            self.open_examine = (product, event.t, event.id)
        elif kind is K.PRICE_LOOK:
            self.price_looks.append(event.id)
            if product in self.catalogue and isinstance(event.data.get("price_cents"), int):
                # The player saw this price: a later change is a change they can notice.
                self.last_seen_price[str(product)] = int(event.data["price_cents"])
            if product in self.catalogue:
                self.product_looks.setdefault(product, []).append(event.id)
                for ledger in ledgers:
                    ledger.product(product).price_looks += 1
                    self._bump(ledger, product, W_PRICE_LOOK, event)
        elif kind is K.COUPON:
            action = str(event.data.get("action"))
            if action == "shown":
                self.coupons_shown.setdefault(str(event.data.get("product") or "*"), event.id)
            if action == "take":
                self.coupons_taken.append(event.id)
                self.coupon_products.add(str(event.data.get("product") or "*"))
        elif kind is K.BACK or kind is K.UNDO:
            # Taking a choice back undoes it for the story, not for the shop.
            self.backs.append(event.id)
            if kind is K.UNDO:
                self.undos.append(event.id)
        elif kind is K.IDLE:
            self.idle_s += float(event.data.get("seconds", 0.0))
            self.idles.append(event.id)
        elif kind is K.INPUT and event.target and not event.data.get("refused"):
            self.inputs[event.target] = (str(event.data.get("value", "")), event.id)

    def _shop_record(self, event: Event) -> None:
        """What the shop showed or said: prices posted and changed, claims used."""
        self.shop_records += 1
        data = event.data
        if event.kind is K.NOTE:
            words = data.get("text")
            by = int(data.get("by", event.id))
            self.notes[str(event.target)] = Noted(
                {str(k): str(v) for k, v in words.items()} if isinstance(words, dict) else {},
                # What caused it happened out of the shop's sight (the letterbox at
                # home): the file holds the note, not its cause, so the note is its
                # own evidence.
                event.id if by in self.unfiled_ids else by,
                event.id,
                str(data.get("purpose", "customer_care")),
                str(data["special"]) if data.get("special") else None,
                data.get("said") is True,
                tuple(int(i) for i in data.get("grounds", ()) if isinstance(i, int)),
            )
            return
        if event.kind is K.TRANSFER:
            sent = self.sent.setdefault(str(event.target), {})
            for use in data.get("claims", ()):
                if isinstance(use, dict):
                    sent[str(use.get("claim"))] = (use.get("value"), event.id)
            return
        if event.kind is K.CLAIM_USE:
            for use in data.get("claims", ()):
                if isinstance(use, dict):
                    key, value = str(use.get("claim")), use.get("value")
                    self.used_here.add(use_signature(key, value))
                    if key.startswith("price:") and isinstance(value, int):
                        self.last_seen_price[key[6:]] = value
            return
        pid = str(data.get("product"))
        if pid not in self.catalogue:
            return
        posted = Posted(
            int(data.get("price_cents", 0)),
            int(data.get("normal_cents", 0)),
            float(data.get("factor", 1.0)),
            bool(data.get("coupon", False)),
            event.id,
            str(data.get("rule", "")),
        )
        self.posted[pid] = posted
        if event.kind is K.PRICE_CHANGE:
            self.last_change[pid] = event.id

    def apply_facts(self, event: Event) -> None:
        """Fold only what a shopper decided, not how they behaved.

        This is the neutral shopper the dossier compares with: the same banner
        answer, the same path and basket, but no conclusions drawn.
        """
        self.now = event.t
        self._facts(event)

    def _facts(self, event: Event) -> None:
        kind = event.kind
        if kind is K.CHOICE or kind is K.CONSENT or kind is K.COUPON or kind is K.BACK:
            self._fact_marks[event.id] = len(self._fact_changes)
        if kind is K.CONSENT:
            choice = str(event.data.get("choice", "necessary"))
            self.consent_choice = choice
            self.granted = frozenset(CONSENT_PRESETS.get(choice, frozenset()))
            self.consent_events.append(event.id)
        elif kind is K.SCENE_ENTER:
            if not event.data.get("undo"):  # an undo returns to a visit, it is no new one
                self.visits[event.scene] = self.visits.get(event.scene, 0) + 1
                self._fact_changes.append(("visit", event.scene, True))
        elif kind is K.CHOICE:
            basket = self.basket_items
            for pid in event.data.get("take", ()):
                if pid in self.catalogue:
                    self._fact_changes.append(("basket", pid, pid in basket))
                    basket[pid] = None
            for pid in event.data.get("drop", ()):
                self._fact_changes.append(("basket", pid, pid in basket))
                basket.pop(pid, None)
            if event.data.get("buy"):
                self._fact_changes.extend(("basket", pid, True) for pid in basket)
                basket.clear()
        elif kind is K.UNDO:
            self._undo_facts(event)

    def _undo_facts(self, event: Event) -> None:
        """Visits and basket as they were before the undone decision.

        Only these: the banner answer stands until the player answers anew
        (the shop keeps it), and everything concluded from watching stays.
        """
        mark = self._fact_marks.get(int(event.data.get("undone", -1)))
        if mark is None:
            return
        changes = self._fact_changes
        for what, key, before in reversed(changes[mark:]):
            if what == "visit":
                left = self.visits.get(key, 1) - 1
                if left > 0:
                    self.visits[key] = left
                else:
                    self.visits.pop(key, None)
            elif before:
                self.basket_items[key] = None
            else:
                self.basket_items.pop(key, None)
        del changes[mark:]
        # What lies in the basket is a fact, not an interest: a product taken and
        # then undone is no longer "in the basket", and paying later does not make
        # it "already bought" (round 5 found "already bought" for an undone keg).
        for ledger in (self.li, self.consented):
            for pid, sig in ledger.products.items():
                sig.in_basket = pid in self.basket_items

    def _read_cookie(self, event: Event) -> None:
        """A cookie from an earlier visit: the shop remembers, before anyone asked.

        Remembered interests go into the "legitimate interest" ledger at once
        (the banner has not even been shown yet) and are kept apart for the
        sales talk ("the condoms you looked at last month").
        """
        cookie = event.data.get("cookie")
        if not isinstance(cookie, dict):
            return
        interests = cookie.get("interests")
        if not isinstance(interests, dict):
            interests = {}
        remembered: dict[str, float] = {}
        for pid, score in interests.items():
            if pid in self.catalogue and isinstance(score, (int, float)) and score > 0:
                remembered[str(pid)] = min(float(score), 20.0)
                self._bump(self.li, str(pid), remembered[str(pid)], event)
        visits = cookie.get("visits")
        self.cookie = {
            "visits": int(visits) if isinstance(visits, int) and visits > 0 else 1,
            "interests": remembered,
        }
        self.cookie_event = event.id

    def last_time(self) -> str:
        """The product the cookie says you wanted most last time ('' without a cookie)."""
        interests = self.cookie.get("interests", {}) if self.cookie else {}
        return min(interests, key=lambda pid: (-interests[pid], pid)) if interests else ""

    def _close_examine(self, event: Event, ledgers: list[Ledger]) -> None:
        """Time spent on an item ends with whatever the player does next."""
        if self.open_examine is None:
            return
        pid, since, _ = self.open_examine
        self.open_examine = None
        seconds = min(MAX_EXAMINE_S, max(0.0, event.t - since))
        for ledger in ledgers:
            ledger.product(pid).examine_s += seconds
            self._bump(ledger, pid, W_EXAMINE_PER_S * seconds, event)

    def _bump(self, ledger: Ledger, pid: str, weight: float, event: Event) -> None:
        if weight <= 0:
            return
        t, eid = event.t, event.id
        (ledger.products.get(pid) or ledger.product(pid)).bump(weight, t, eid)
        category = self.catalogue[pid].category
        (ledger.categories.get(category) or ledger.category(category)).bump(weight, t, eid)

    # ------------------------------------------------------------------ queries
    def allowed(self, purpose: str) -> bool:
        return purpose in ALWAYS_PURPOSES or purpose in self.granted

    def interest(self, pid: str) -> float:
        """Interest under personalisation: zero where consent was not given."""
        sig = self.consented.products.get(pid)
        return sig.value_at(self.now) if sig else 0.0

    def category_interest(self, cat: str) -> float:
        sig = self.consented.categories.get(cat)
        return sig.value_at(self.now) if sig else 0.0

    def coupon_held(self, pid: str) -> bool:
        """A coupon taken for ``pid`` (or one for everything). An offer on display
        does not change the posted price; taking it does, on the record."""
        return pid in self.coupon_products or "*" in self.coupon_products

    def price_sensitivity(self) -> float:
        """0 (pays anything) .. 1 (counts every cent), from price looks, coupons, dithering."""
        z = (
            -1.0
            + 0.45 * len(self.price_looks)
            + 1.2 * len(self.coupons_taken)
            + 0.25 * len(self.hesitations)
            + 0.3 * len(self.backs)
            - 0.9 * len(self.purchases)
        )
        return _sigmoid(z)

    def _probability(self, ledger: Ledger, pid: str) -> float:
        sig = ledger.products.get(pid) or _NO_SIGNALS
        cat = ledger.categories.get(self.catalogue[pid].category) or _NO_SIGNALS
        # Saturating terms: the tenth look at a TV says little the third did not.
        z = (
            -2.6
            + 2.4 * (1.0 - math.exp(-sig.value_at(self.now) / 4.0))
            + 1.0 * (1.0 - math.exp(-cat.value_at(self.now) / 6.0))
            + 0.35 * min(sig.highlights + sig.hovers, 6)
            + 0.15 * min(sig.price_looks, 4)
            + (2.0 if sig.in_basket or sig.bought else 0.0)
            # "Customers who bought this TV also bought...": cross-selling.
            + (0.9 if cat.taken and not (sig.in_basket or sig.bought) else 0.0)
            - 2.5 * (self.price_sensitivity() - 0.27)
        )
        return max(0.01, min(0.99, _sigmoid(z)))

    def purchase_probability(self, pid: str) -> float:
        """For advertising (needs consent): the shop's "85 %"."""
        return self._probability(self.consented, pid)

    def willingness_to_pay(self, pid: str) -> float:
        """The same estimate under "legitimate interest", used for prices."""
        return self._probability(self.li, pid)

    def top_products(self, *, consented: bool = True) -> list[str]:
        ledger = self.consented if consented else self.li
        scored = [(sig.value_at(self.now), pid) for pid, sig in ledger.products.items()]
        least = self.thresholds.interest_min
        ranked = sorted(scored, key=lambda s: (-s[0], s[1]))
        return [pid for score, pid in ranked if score >= least]

    def wish(self) -> str:
        """The product to push next: own interest plus half the interest in its
        category ("customers who bought this TV also bought..."), not yet in the basket."""
        best, best_score = "", 0.0
        for pid in sorted(self.catalogue):
            sig = self.consented.products.get(pid)
            if sig is not None and (sig.in_basket or sig.bought):
                continue
            own = sig.value_at(self.now) if sig else 0.0
            score = own + 0.5 * self.category_interest(self.catalogue[pid].category)
            if score > best_score + 1e-9:
                best, best_score = pid, score
        # A wish the shop can prove, or none: strolling past a shelf is no wish.
        return best if best_score >= self.thresholds.interest_min else ""

    def mean_hesitation(self) -> float:
        return self.hesitation_sum / self.decisions if self.decisions else 0.0

    def _decision_span(self) -> dict[str, tuple[str, str]]:
        """What a mean hesitation is taken over, and how many of those were long:
        ("über alle 22 Entscheidungen", "1 davon ab 12 s"), for the mood and the
        ditherer alike, whose evidence is only part of the decisions."""
        n, long_n = self.decisions, len(self.hesitations)
        slow = f"{self.thresholds.hesitation_s:.0f} s"
        return {
            "de": (
                "über 1 Entscheidung" if n == 1 else f"über alle {n} Entscheidungen",
                f"{long_n} davon ab {slow}",
            ),
            "en": (
                "over 1 decision" if n == 1 else f"over all {n} decisions",
                f"{long_n} of them {slow} or more",
            ),
        }

    def mood(self) -> str:
        if self.decisions == 0:
            return "unknown"
        mean = self.mean_hesitation()
        slow = self.thresholds.hesitation_s
        if self.idle_s > 60 and mean > slow:
            return "bored"
        if mean >= 2 * slow or len(self.backs) >= 2:
            return "unsure"
        if mean >= slow:
            return "pondering"
        return "decisive"

    def segments(self) -> list[str]:
        out: list[str] = []
        limits = self.thresholds
        # A bargain hunter looks at prices or takes coupons: without one of those
        # there is nothing to draw the segment from, whatever the score says.
        if self.price_sensitivity() >= limits.price_sensitive and (
            self.price_looks or self.coupons_taken
        ):
            out.append("bargain_hunter")
        slow = self.mean_hesitation() >= limits.hesitation_s
        if self.decisions and (slow or len(self.backs) >= 2):
            out.append("ditherer")
        top = self.top_category()
        if top and self.category_interest(top) >= limits.fan_points:
            out.append(f"fan:{top}")
        if self.consent_choice == "necessary":
            out.append("privacy_minded")
        return out

    def top_category(self) -> str | None:
        scored = [(s.value_at(self.now), c) for c, s in self.consented.categories.items()]
        scored = [s for s in scored if s[0] > 0]
        return min(scored, key=lambda s: (-s[0], s[1]))[1] if scored else None

    def basket(self) -> list[str]:
        return sorted(self.basket_items)

    def _value_evidence(self) -> tuple[int, ...]:
        """What the customer value rests on: the basket and purchases, and the
        products weighing most in the expected rest (price × willingness to pay),
        with the cookie that brought a product in from an earlier visit."""
        ids: set[int] = set()
        weighed: list[tuple[float, str]] = []
        for pid, sig in self.li.products.items():
            info = self.catalogue.get(pid)
            if info is None:
                continue
            if sig.in_basket or sig.bought:
                ids.update(sig.evidence[-3:])
            elif sig.evidence:
                weighed.append((info.price * self.willingness_to_pay(pid), pid))
        cookie = self.cookie.get("interests", {}) if self.cookie else {}
        for _, pid in sorted(weighed, key=lambda w: (-w[0], w[1]))[:3]:
            ids.update(self.li.products[pid].evidence[-3:])
            if pid in cookie and self.cookie_event is not None:
                ids.add(self.cookie_event)
        return tuple(sorted(ids))

    def customer_value(self) -> float:
        """Expected spend: the basket plus probability-weighted wishes."""
        value = 0.0
        for pid, info in self.catalogue.items():
            sig = self.li.products.get(pid)
            if sig and (sig.in_basket or sig.bought):
                value += info.price
            else:
                value += info.price * self.willingness_to_pay(pid) * 0.5
        return value

    def _value_workings(self, value: float) -> dict[str, str]:
        """The customer value as the sum the engine computed, with its inputs: the
        basket at full price, then half of price × willingness to pay for each product
        the shop has signals on, the products it never saw you near as one term (their
        prices summed, the willingness as their price-weighted mean). Each term is
        shown in cents, apportioned so that the terms add up to the total shown."""
        basket: list[str] = []
        basket_sum = 0.0
        looked: list[tuple[float, str, float, float]] = []  # (term, pid, price, wtp)
        unseen: list[tuple[float, str, float, float]] = []
        for pid, info in sorted(self.catalogue.items()):
            sig = self.li.products.get(pid)
            if sig and (sig.in_basket or sig.bought):
                basket.append(pid)
                basket_sum += info.price
                continue
            w = self.willingness_to_pay(pid)
            term = info.price * w * 0.5
            if sig is not None and sig.evidence:
                looked.append((term, pid, info.price, w))
            else:
                unseen.append((term, pid, info.price, w))
        if len(unseen) == 1:  # one product is named, not counted
            looked += unseen
            unseen = []
        rest_n = len(unseen)
        rest_prices = sum(t[2] for t in unseen)
        rest_sum = sum(t[0] for t in unseen)
        looked.sort(key=lambda t: (-t[0], t[1]))
        exact = ([basket_sum] if basket else []) + [t[0] for t in looked]
        if rest_n:
            exact.append(rest_sum)
        shown = _apportion(exact, cents(round(value, 2)))
        out: dict[str, str] = {}
        for lang in ("de", "en"):
            parts: list[str] = []
            amounts = iter(shown)
            if basket:
                names = ", ".join(self._name(pid, lang) for pid in basket)
                # At list price, taken or paid: "Warenkorb 22,98 €" beside 24,49 €
                # paid read as a wrong sum (round 5).
                head = (
                    "Warenkorb und Gekauftes zum Listenpreis"
                    if lang == "de"
                    else "basket and purchases at list price"
                )
                parts.append(f"{head} {format_money(next(amounts), lang)} ({names})")
            for _, pid, price, w in looked:
                price_text = format_money(cents(price), lang)
                parts.append(
                    f"{format_money(next(amounts), lang)} ({self._name(pid, lang)}: "
                    f"½ × {price_text} × {_percent1(w, lang)})"
                )
            if rest_n:
                mean = rest_sum * 2 / rest_prices if rest_prices else 0.0
                others = (
                    f"{rest_n} weitere Produkte" if lang == "de" else f"{rest_n} other products"
                )
                mean_text = (
                    f"im Schnitt {_percent1(mean, 'de')}"
                    if lang == "de"
                    else f"{_percent1(mean, 'en')} on average"
                )
                parts.append(
                    f"{format_money(next(amounts), lang)} ({others}: "
                    f"½ × {format_money(cents(rest_prices), lang)} × {mean_text})"
                )
            total = format_money(cents(round(value, 2)), lang)
            out[lang] = " + ".join(parts) + f" = {total}" if parts else total
        return out

    # ------------------------------------------------------------------ claims
    def conclusions(self) -> dict[str, Inference]:
        """The inferences by key (``interest:tv``), computed once per event."""
        stamp = len(self.processed)
        if self._conclusions is None or self._conclusions[0] != stamp:
            bounded = self.inferences(evidence_limit=USE_EVIDENCE_MAX)
            self._conclusions = (stamp, {i.key: i for i in bounded})
        return self._conclusions[1]

    def claim(self, key: str) -> Claim | None:
        """What the shop can say under ``key`` now, with its evidence; None if nothing.

        Conclusions are the dossier's inferences; measurements are counted
        straight from the log; prices are the ones the shop posted.
        """
        family, _, subject = key.partition(":")
        if family == "twitches":
            sig = self.li.products.get(subject)
            twitched = sig.twitch_events if sig else []
            if twitched:
                return Claim(key, len(twitched), _last(twitched), MEASUREMENT)
            # "Not once" is a claim too: only where the shop saw the player in
            # front of the product, and resting on those moments.
            watched = self.in_front.get(subject)
            return Claim(key, 0, _last(watched), MEASUREMENT) if watched else None
        if family == "observed":
            # How many of the file's rows are marked observed so far: the counter
            # over the door, resting on the latest of them.
            rows = self.observed
            return Claim(key, len(rows), _last(rows), MEASUREMENT) if rows else None
        if family == "looked":
            # The player looked at the product or its price tag, as the file holds it.
            looks = self.product_looks.get(subject)
            return Claim(key, len(looks), _last(looks), MEASUREMENT) if looks else None
        if family == "coupons_taken":
            taken = self.coupons_taken
            return Claim(key, len(taken), _last(taken), MEASUREMENT) if taken else None
        if family == "seconds":
            leaves = _last(self.scene_leaves.get(subject, []))
            return Claim(key, round(self.scene_dwell.get(subject, 0.0)), leaves, MEASUREMENT)
        if family == "seen":
            looked = self.item_examines.get(subject) or self.scene_enters.get(subject)
            return Claim(key, True, _last(looked), MEASUREMENT) if looked else None
        if family == "consent":
            if self.consent_choice is None:
                return None
            return Claim(key, self.consent_choice, _last(self.consent_events), MEASUREMENT)
        if family == "hesitation":
            if not self.decisions:
                return None
            choices = _merged(USE_EVIDENCE_MAX, self.hesitations, self.quick)
            return Claim(key, round(self.mean_hesitation()), choices, MEASUREMENT)
        if family == "cookie":
            # What the cookie from an earlier visit holds about a product, either way.
            if self.cookie_event is None:
                return None
            if subject == "any":  # how many products it holds an interest in
                held_any = len(self.cookie.get("interests", {}))
                return Claim(key, held_any, (self.cookie_event,), MEASUREMENT)
            if subject not in self.catalogue:
                return None
            held = subject in self.cookie.get("interests", {})
            return Claim(key, held, (self.cookie_event,), MEASUREMENT)
        if family == "sent":
            to, _, what = subject.partition(":")
            sent = self.sent.get(to, {})
            if what:
                found = sent.get(what)
                # The value that went out, so the file can say what the recipient got.
                return Claim(key, found[0], (found[1],), MEASUREMENT) if found else None
            events = sorted({eid for _, eid in sent.values()})
            return Claim(key, len(sent), _last(events), MEASUREMENT) if sent else None
        if family == "purchase":
            if subject in self.catalogue:  # "purchase:tv": whether the till took money for it
                bought = self.bought_at.get(subject)
                return Claim(key, True, (bought,), MEASUREMENT) if bought is not None else None
            if not self.purchases:
                return None
            return Claim(key, len(self.purchases), _last(self.purchases), MEASUREMENT)
        if family == "price":
            posted = self.posted.get(subject)
            if posted is None:
                return None
            return Claim(key, posted.cents, (posted.event,), PRICE)
        if family == "price_change":
            # Changed since a text last showed it to the player (as of entering here).
            seen = self.seen_at_entry.get(subject)
            posted = self.posted.get(subject)
            if seen is None or posted is None or posted.cents == seen:
                return None
            changed = self.last_change.get(subject, posted.event)
            return Claim(key, posted.cents, (changed,), PRICE)
        inference = self._conclusion(family, subject, key)
        if inference is None or not inference.evidence:
            return None
        return Claim(key, inference.value, inference.evidence, CONCLUSION)

    def _conclusion(self, family: str, subject: str, key: str) -> Inference | None:
        """One conclusion, as :meth:`conclusions` would hold it under ``key``.

        A text asks for a few claims per rendering, and every event changes the
        conclusions: for the families texts ask for most, only the one asked
        is drawn (by the very code :meth:`inferences` uses), not all of them.
        """
        limit = USE_EVIDENCE_MAX
        found: list[Inference]
        if family == "interest":
            return self._interest_inference(subject, limit) if subject in self.catalogue else None
        if family == "purchase_probability":
            interest = (
                self._interest_inference(subject, limit) if subject in self.catalogue else None
            )
            if interest is not None:
                return self._purchase_inference(subject, float(interest.value), limit)
            if subject in self.catalogue and subject == self.wish():
                return self._purchase_inference(subject, self._own_interest(subject), limit)
            return None
        if family == "segment":
            return self._segment_inference(subject, limit) if subject in self.segments() else None
        if family in ("next_purchase", "next_visit"):
            found = self._wish_inferences(limit)
        elif family == "mood":
            found = self._mood_inferences(limit)
        elif family == "returning_customer":
            found = self._cookie_inferences(limit)
        elif family == "price_sensitivity":
            found = self._sensitivity_inferences(limit)
        elif family in ("note", "customer_number"):  # a text quoting the staff's notes
            found = self._note_inferences()
        else:
            return self.conclusions().get(key)
        return next((i for i in found if i.key == key), None)

    # --------------------------------------------------------------- explaining
    def inferences(self, evidence_limit: int | None = None) -> list[Inference]:
        """Every conclusion the shop draws right now, each with its evidence.

        With ``evidence_limit``, each conclusion keeps only its most recent
        evidence ids: what the game needs while playing, at a cost bounded by
        the catalogue size, not by the length of the log. The dossier asks
        without a limit, once.
        """
        limit = evidence_limit
        out: list[Inference] = []
        now = self.now
        for pid in sorted(self.consented.products):
            interest = self._interest_inference(pid, limit)
            if interest is None:
                continue
            out.append(interest)
            info = self.catalogue[pid]
            if info.sensitive:
                sig = self.consented.products[pid]
                out.append(
                    Inference(
                        "sensitive",
                        info.sensitive,
                        pid,
                        0.6,
                        _recent(sig.evidence, limit),
                        "R-SEN: Interesse an einem Produkt einer besonderen Kategorie "
                        "(Art. 9 DSGVO)",
                        {
                            "de": f"Interesse an „{info.name('de')}“ – daraus schließt "
                            f"der Shop auf {_SENSITIVE_DE[info.sensitive]}",
                            "en": f"interest in '{info.name('en')}' – from which the shop "
                            f"infers your {_SENSITIVE_EN[info.sensitive]}",
                        },
                        "advertising",
                        _dpv_special(info.sensitive),
                        info.sensitive,
                    )
                )
            out.append(self._purchase_inference(pid, float(interest.value), limit))
        # The product the shop pushes next is in the list of probabilities too,
        # even where its own interest alone would not have put it there.
        wish = self.wish()
        if wish and not any(i.key == f"purchase_probability:{wish}" for i in out):
            out.append(self._purchase_inference(wish, self._own_interest(wish), limit))
        for cat in sorted(self.consented.categories):
            sig = self.consented.categories[cat]
            value = sig.value_at(now)
            if value > 0.05:
                out.append(
                    Inference(
                        "category_interest",
                        cat,
                        value,
                        0.5,
                        _recent(sig.evidence, limit),
                        "R-CAT: Summe der Produktinteressen der Kategorie",
                        {
                            "de": f"Interessenpunkte in „{self._category(cat, 'de')}“: "
                            f"{_de(value)}",
                            "en": f"interest points in '{self._category(cat, 'en')}': {value:.1f}",
                        },
                        "personalisation",
                        "pd:Interest",
                    )
                )
        # Under legitimate interest: the willingness to pay drives the prices.
        for pid in sorted(self.li.products):
            sig = self.li.products[pid]
            keen = sig.value_at(now) >= self.thresholds.interest_min
            if not keen and not (sig.in_basket or sig.bought):
                continue
            w = self.willingness_to_pay(pid)
            out.append(
                Inference(
                    "willingness_to_pay",
                    pid,
                    w,
                    0.6,
                    _recent(sig.evidence, limit),
                    "R-WTP: wie R-BUY, aber ohne Einwilligung („berechtigtes Interesse“)",
                    {
                        "de": f"Zahlungsbereitschaft {format_percent(w, 'de')}"
                        + " – daran hängt Ihr Preis",
                        "en": f"willingness to pay {format_percent(w, 'en')}"
                        + " – your price depends on it",
                    },
                    "price_optimisation",
                    "pd:PurchasesAndSpendingHabit",
                    workings=self._probability_workings(self.li, pid),
                )
            )
        out += self._sensitivity_inferences(limit)
        out += self._mood_inferences(limit)
        if self.allowed("analytics") and self.decisions:
            if self.trail:
                trail = self.trail if limit is None else self.trail[-limit:]
                places = [p for p, _, _ in trail]
                if len(trail) < len(self.trail):
                    places.insert(0, "…")
                out.append(
                    Inference(
                        "location_trail",
                        "store",
                        " → ".join(places),
                        0.9,
                        tuple(eid for _, _, eid in trail),
                        "R-LOC: WLAN-/Beacon-Ortung der Abteilungen (Parodie)",
                        {
                            "de": f"{len(places)} Orte, zuletzt {places[-1]}",
                            "en": f"{len(places)} places, last {places[-1]}",
                        },
                        "analytics",
                        "pd:Location",
                    )
                )
            value = self.customer_value()
            out.append(
                Inference(
                    "customer_value",
                    "all",
                    value,
                    0.5,
                    self._value_evidence() or _merged(3, self.quick, self.hesitations),
                    "R-CLV: Warenkorb + ½ × Zahlungsbereitschaft × Preis je Produkt",
                    self._value_workings(value),
                    "analytics",
                    "pd:PurchasesAndSpendingHabit",
                )
            )
        for seg in self.segments():
            out.append(self._segment_inference(seg, limit))
        out += self._wish_inferences(limit)
        for key, (typed, eid) in sorted(self.inputs.items()):
            out.append(
                Inference(
                    "identity",
                    key,
                    typed,
                    0.99,
                    (eid,),
                    "R-ID: selbst eingegeben (Kundenkarte oder Coupon)",
                    {"de": "Sie haben es uns selbst gesagt", "en": "you told us yourself"},
                    # A name for the receipt serves the sale; an e-mail address links
                    # the shop to your online life, if you let it.
                    "advertising" if key == "email" and self.allowed("advertising") else "service",
                    "pd:EmailAddress" if key == "email" else "pd:Name",
                )
            )
        out += self._cookie_inferences(limit)
        out += self._note_inferences()
        if self.fingerprint_event is not None:
            keys = ", ".join(sorted(self.fingerprint))
            out.append(
                Inference(
                    "fingerprint",
                    "device",
                    keys,
                    0.8,
                    (self.fingerprint_event,),
                    "R-FPR: Terminalgröße, Farben, TERM, Sprache, Zeitzone, Uhrzeit, System",
                    {
                        "de": "Ihr Gerät erkennen wir wieder, ganz ohne Cookie",
                        "en": "we recognise your device, no cookie needed",
                    },
                    "fraud_prevention",
                    "pd:DigitalFingerprint",
                )
            )
        return out

    def _interest_inference(self, pid: str, limit: int | None) -> Inference | None:
        """The interest in ``pid``, if it reaches the pack's ``interest_min``."""
        sig = self.consented.products.get(pid)
        if sig is None:
            return None
        value = sig.value_at(self.now)
        if value < self.thresholds.interest_min:
            return None
        info = self.catalogue[pid]
        parts_de, parts_en = _signal_parts(sig, info, self.places)
        return Inference(
            "interest",
            pid,
            value,
            min(0.95, 0.3 + 0.1 * len(sig.evidence)),
            _recent(sig.evidence, limit),
            "R-INT: Untersuchen 1,0 + 0,08/s, Hervorheben 0,5, Zeigen 0,3, Wahl 1,5, "
            "Preis 0,6, Schaufenster 0,06/s, Korb 2,5; Halbwertszeit 5 min",
            {"de": ", ".join(parts_de), "en": ", ".join(parts_en)},
            "personalisation",
            "pd:Interest" if not info.sensitive else _dpv_special(info.sensitive),
            info.sensitive,
        )

    def _own_interest(self, pid: str) -> float:
        sig = self.consented.products.get(pid)
        return round(sig.value_at(self.now), 4) if sig else 0.0

    def _basis(self, pid: str, limit: int | None) -> tuple[int, ...]:
        """What a product's probability rests on: its own signals and its category's
        (the formula weighs both, and "customers who bought…" is the category)."""
        own = self.consented.products.get(pid) or _NO_SIGNALS
        cat = self.consented.categories.get(self.catalogue[pid].category) or _NO_SIGNALS
        ids = sorted(set(_merged(limit, own.evidence, cat.evidence)))
        return tuple(ids)

    def _probability_workings(self, ledger: Ledger, pid: str) -> dict[str, str]:
        """What a purchase probability (or willingness to pay) was computed from, as
        ``_probability`` weighs it: the product's own interest, its category's, the
        twitching hand, the price looks, the basket, what was taken from the same
        category (cross-selling), the price sensitivity. Every input is named with
        its figure, the ones that are zero too where they would be expected."""
        sig = ledger.products.get(pid) or _NO_SIGNALS
        category = self.catalogue[pid].category
        cat = ledger.categories.get(category) or _NO_SIGNALS
        own = sig.value_at(self.now)
        cat_points = cat.value_at(self.now)
        twitched = min(sig.highlights + sig.hovers, 6)
        looks = min(sig.price_looks, 4)
        taken = sig.in_basket or sig.bought
        sold = [
            other
            for other, osig in sorted(ledger.products.items())
            if other != pid
            and (osig.in_basket or osig.bought)
            and other in self.catalogue
            and self.catalogue[other].category == category
        ]
        sensitivity = self.price_sensitivity()
        out: dict[str, str] = {}
        for lang in ("de", "en"):
            de = lang == "de"
            parts = [
                (f"Interesse {_points(own, lang)}" if de else f"interest {_points(own, lang)}"),
                (
                    f"Warengruppe „{self._category(category, lang)}“ {_points(cat_points, lang)}"
                    if de
                    else f"category '{self._category(category, lang)}' {_points(cat_points, lang)}"
                ),
            ]
            if twitched:
                parts.append(
                    f"Hand {format_times(twitched, lang)} gezuckt"
                    if de
                    else f"hand twitched {format_times(twitched, lang)}"
                )
            if looks:
                parts.append(
                    f"Preis {format_times(looks, lang)} angesehen"
                    if de
                    else f"looked at the price {format_times(looks, lang)}"
                )
            if taken:
                # Paid for is no longer in the basket (round 6: "in the basket"
                # beside "bought it today").
                if sig.bought:
                    parts.append("heute gekauft" if de else "bought today")
                else:
                    parts.append("im Warenkorb" if de else "in the basket")
            elif sold:
                names = ", ".join(
                    ("„" + self._name(o, lang) + "“") if de else f"'{self._name(o, lang)}'"
                    for o in sold
                )
                parts.append(
                    f"Querverkauf: {names} aus derselben Warengruppe genommen"
                    if de
                    else f"cross-selling: took {names} from the same category"
                )
            parts.append(
                f"Preisempfindlichkeit {format_percent(sensitivity, lang)}"
                if de
                else f"price sensitivity {format_percent(sensitivity, lang)}"
            )
            out[lang] = ("Grundlage: " if de else "Based on: ") + " · ".join(parts)
        return out

    def _purchase_inference(self, pid: str, value: float, limit: int | None) -> Inference:
        """The purchase probability of ``pid``, where its interest ``value`` is a conclusion.

        Its reason names what the number rests on: the product's own signals, or,
        where the file holds nothing about the product itself (time in front of a
        window it hangs in is not about it), that, and its category's interest. Of
        a product bought in this visit it is the probability of buying it again.
        """
        sig = self.consented.products.get(pid) or _NO_SIGNALS
        cat_id = self.catalogue[pid].category
        cat = self.consented.categories.get(cat_id) or _NO_SIGNALS
        # As the file keeps it (four places), so that its words give the file's percent.
        p = round(self.purchase_probability(pid), 4)
        twitched = sig.highlights + sig.hovers
        twitched_de = f", Hand {format_times(twitched, 'de')} gezuckt" if twitched else ""
        twitched_en = f", hand twitched {format_times(twitched, 'en')}" if twitched else ""
        direct = bool(
            sig.examines or twitched or sig.price_looks or sig.chosen or sig.in_basket or sig.bought
        )
        name_de, name_en = self._name(pid, "de"), self._name(pid, "en")
        cat_de, cat_en = self._category(cat_id, "de"), self._category(cat_id, "en")
        points = self.category_interest(cat_id)
        group_de = f"Warengruppe „{cat_de}“: {_de(points)} Interessenpunkte"
        group_en = f"category '{cat_en}': {points:.1f} interest points"
        basis_de, basis_en = f"Interesse {_de(value)}", f"interest {value:.1f}"
        window_de, window_en = _window_parts(sig, self.places, tail=False)
        if window_de and not direct:
            # Nothing about the product itself but time in front of where it hangs
            # (shared with what hangs beside it): say so, and what else it rests on.
            basis_de = f"über „{name_de}“ selbst nichts außer {window_de[0]}; {group_de}"
            basis_en = f"nothing about '{name_en}' itself but {window_en[0]}; {group_en}"
        elif value < self.thresholds.interest_min:
            # No interest in the product worth the name (the flyer's wish, pushed
            # for its category): the probability rests on the category, say so.
            own_de, own_en = "kein Interesse am Produkt selbst", "no interest in the product itself"
            if value >= 0.05:
                own_de = f"am Produkt selbst nur {_de(value)} Interessenpunkte"
                own_en = f"only {value:.1f} interest points in the product itself"
            basis_de = f"{own_de}; {group_de}"
            basis_en = f"{own_en}; {group_en}"
        if cat.taken and not (sig.in_basket or sig.bought):
            twitched_de += f", schon etwas aus der Warengruppe „{cat_de}“ genommen"
            twitched_en += f", already took something from the category '{cat_en}'"
        basis = self._basis(pid, limit)
        bought = self.bought_at.get(pid)
        if sig.bought and bought is not None:
            # Bought in this visit: the number is the next purchase of the same.
            basis = _recent(sorted({*basis, bought}), limit)
            head_de = (
                f"{format_percent(p, 'de')} Wahrscheinlichkeit, „{name_de}“ noch einmal "
                "zu kaufen – heute schon gekauft"
            )
            info = self.catalogue.get(pid)
            it = info.pronoun("en", "acc") if info is not None else "it"
            head_en = (
                f"{format_percent(p, 'en')} likely to buy '{name_en}' again – bought {it} today"
            )
        else:
            head_de = f"{format_percent(p, 'de')} Kaufwahrscheinlichkeit"
            head_en = f"{format_percent(p, 'en')} likely to buy"
        return Inference(
            "purchase_probability",
            pid,
            p,
            0.5 + 0.4 * min(1.0, value / 5),
            basis,
            "R-BUY: logistische Funktion aus Interesse, Kategorie, Zucken, Preisblicken, "
            "Warenkorb, Querverkauf und Preisempfindlichkeit",
            {
                "de": f"{head_de} ({basis_de}{twitched_de})",
                "en": f"{head_en} ({basis_en}{twitched_en})",
            },
            "advertising",
            "pd:PurchasesAndSpendingHabit",
            workings=self._probability_workings(self.consented, pid),
        )

    def _sensitivity_inferences(self, limit: int | None) -> list[Inference]:
        """The price sensitivity, once anything speaks to it."""
        out: list[Inference] = []
        s = self.price_sensitivity()
        s_evidence = self._sensitivity_evidence(limit)
        # Only choices that took at least the pack's threshold count as hesitation:
        # the words say so, or "0× gezögert" reads as never having paused at all.
        slow_de = f"{decimal_text(self.thresholds.hesitation_s, 'de')}{NBSP}s"
        slow_en = f"{decimal_text(self.thresholds.hesitation_s, 'en')}{NBSP}s"
        # The rest of what the score counts, where there is any: a purchase alone
        # moves it, and "0×, 0, 0" would hide what it rests on.
        backs, bought = len(self.backs), len(self.purchases)
        rest_de = [f"{backs}× zurückgegangen"] if backs else []
        rest_en = [f"went back {backs}×"] if backs else []
        if bought:
            rest_de.append(f"{bought} {plural(bought, 'Einkauf', 'Einkäufe')} bezahlt")
            rest_en.append(f"paid for {bought} {plural(bought, 'purchase', 'purchases')}")
        # Without a single price look, coupon, hesitation or purchase there is
        # nothing to conclude from: the baseline is the shop's prejudice, not a finding.
        if s_evidence:
            out.append(
                Inference(
                    "price_sensitivity",
                    "all",
                    s,
                    0.4 + min(0.5, 0.1 * len(s_evidence)),
                    s_evidence,
                    "R-PRS: Preisblicke 0,45, Coupons 1,2, Zögern 0,25, Zurück 0,3, Kauf −0,9",
                    {
                        "de": f"{len(self.price_looks)}× Preis angesehen, "
                        f"{len(self.coupons_taken)} "
                        f"{plural(len(self.coupons_taken), 'Coupon', 'Coupons')} genommen, "
                        f"lange Bedenkzeiten (ab {slow_de}): {len(self.hesitations)}"
                        + "".join(f", {w}" for w in rest_de),
                        "en": f"looked at prices {len(self.price_looks)}×, took "
                        f"{len(self.coupons_taken)} "
                        f"{plural(len(self.coupons_taken), 'coupon', 'coupons')}, "
                        f"long hesitations ({slow_en} or more): {len(self.hesitations)}"
                        + "".join(f", {w}" for w in rest_en),
                    },
                    "price_optimisation",
                    "pd:PurchasesAndSpendingHabit",
                )
            )
        return out

    def _mood_inferences(self, limit: int | None) -> list[Inference]:
        """The mood, under analytics consent, once the player decided anything."""
        out: list[Inference] = []
        if self.allowed("analytics") and self.decisions:
            mood = self.mood()
            # The evidence is what supports this mood: the quick choices for a
            # decisive one, never the longest hesitations that speak against it.
            support = {
                "decisive": (self.quick,),
                "pondering": (self.hesitations,),
                "unsure": (self.hesitations, self.backs),
                "bored": (self.idles, self.hesitations),
            }[mood]
            evidence = _merged(limit, *support) or _merged(
                limit, self.hesitations, self.quick, self.backs, self.idles
            )
            span = self._decision_span()
            out.append(
                Inference(
                    "mood",
                    "now",
                    mood,
                    0.35,
                    evidence,
                    "R-MOO: mittleres Zögern vor Entscheidungen, Umkehren, Leerlauf",
                    # The mean is over every decision, the evidence only what supports
                    # the mood: the reason says both, so the figure can be recounted
                    # from the log (round 5: "4 s on average" beside evidence of 3 s).
                    {
                        "de": f"im Schnitt {self.mean_hesitation():.0f} s bis zur Entscheidung "
                        f"{span['de'][0]} ({span['de'][1]}), "
                        f"{len(self.backs)}× zurück oder rückgängig; als Belege "
                        + (
                            "der Eintrag, der dafür spricht"
                            if len(evidence) == 1
                            else f"die {len(evidence)} Einträge, die dafür sprechen"
                        ),
                        "en": f"{self.mean_hesitation():.0f} s on average before deciding, "
                        f"{span['en'][0]} ({span['en'][1]}), "
                        f"went back or undid {len(self.backs)}×; the evidence is "
                        + (
                            "the one entry that speaks for it"
                            if len(evidence) == 1
                            else f"the {len(evidence)} entries that speak for it"
                        ),
                    },
                    "analytics",
                    "pd:Behavioral",
                    label=dict(MOOD_LABELS[mood]),
                )
            )
        return out

    def _wish_inferences(self, limit: int | None) -> list[Inference]:
        """What the shop pushes next and when it expects you back."""
        out: list[Inference] = []
        pid = self.wish()
        if pid:
            # The wish rests on the product's own signals and on its category's
            # ("customers who bought this TV also bought..."): the score weighs both.
            basis = self._basis(pid, limit)
            out.append(
                Inference(
                    "next_purchase",
                    pid,
                    round(self.purchase_probability(pid), 4),
                    0.5,
                    basis,
                    "R-NXT: Interesse am Produkt + ½ Interesse an seiner Kategorie, "
                    "nicht im Warenkorb",
                    {
                        "de": f"„{self._name(pid, 'de')}“ ist noch nicht gekauft – noch nicht",
                        "en": f"'{self._name(pid, 'en')}' is not bought yet – not yet",
                    },
                    "advertising",
                    "pd:PurchasesAndSpendingHabit",
                    workings=self._wish_workings(pid),
                )
            )
            p = self.purchase_probability(pid)
            exact = 14 * (1 - p)
            days = max(1, round(exact))
            name = {"de": f"„{self._name(pid, 'de')}“", "en": f"'{self._name(pid, 'en')}'"}
            out.append(
                Inference(
                    "next_visit",
                    "days",
                    float(days),
                    0.3,
                    # What the days are computed from: the purchase probability of the
                    # wish, and so what that rests on (not the places walked into twice,
                    # which the rule never reads).
                    basis,
                    "R-VIS: 14 Tage × (1 − Kaufwahrscheinlichkeit des Wunschprodukts)",
                    {
                        "de": f"kommt in etwa {days} {plural(days, 'Tag', 'Tagen')} wieder, "
                        f"wegen „{self._name(pid, 'de')}“",
                        "en": f"back in about {days} {plural(days, 'day', 'days')}, "
                        f"because of '{self._name(pid, 'en')}'",
                    },
                    "advertising",
                    "pd:Behavioral",
                    workings={
                        "de": f"Grundlage: 14 Tage × (1 − {_percent1(p, 'de')} "
                        f"Kaufwahrscheinlichkeit für {name['de']}) = "
                        f"{decimal_text(exact, 'de')} Tage"
                        + ("" if f"{exact:.1f}" == f"{days:.1f}" else f", gerundet {days}"),
                        "en": f"Based on: 14 days × (1 − {_percent1(p, 'en')} "
                        f"probability of buying {name['en']}) = "
                        f"{decimal_text(exact, 'en')} days"
                        + ("" if f"{exact:.1f}" == f"{days:.1f}" else f", rounded to {days}"),
                    },
                )
            )
        return out

    def _wish_workings(self, pid: str) -> dict[str, str]:
        """Why this product is the wish: its score, own interest plus half its
        category's, the highest of everything not yet taken (as ``wish`` computes it)."""
        sig = self.consented.products.get(pid)
        own = sig.value_at(self.now) if sig else 0.0
        category = self.catalogue[pid].category
        cat = self.category_interest(category)
        score = own + 0.5 * cat
        out: dict[str, str] = {}
        for lang in ("de", "en"):
            name = self._category(category, lang)
            if lang == "de":
                out[lang] = (
                    f"Grundlage: Interesse {decimal_text(own, lang)} + ½ × Warengruppe "
                    f"„{name}“ {decimal_text(cat, lang)} = {decimal_text(score, lang)} "
                    "Punkte – der höchste Wert unter allem, was Sie noch nicht haben"
                )
            else:
                out[lang] = (
                    f"Based on: interest {decimal_text(own, lang)} + ½ × category "
                    f"'{name}' {decimal_text(cat, lang)} = {decimal_text(score, lang)} "
                    "points – the highest of everything you do not have yet"
                )
        return out

    def _cookie_inferences(self, limit: int | None) -> list[Inference]:
        """What the cookie of an earlier visit told the shop."""
        out: list[Inference] = []
        if self.cookie_event is not None:
            pid = self.last_time()
            visits = self.cookie["visits"]
            # Read before the banner, and used whatever it says: with personalisation
            # refused the shop goes on with it on "legitimate interest" (the prices,
            # "laut Cookie einmal"), and the file says so instead of a consent it lacks.
            refused = self.consent_choice is not None and not self.allowed("personalisation")
            out.append(
                Inference(
                    "returning_customer",
                    "cookie",
                    float(visits),
                    0.95,
                    (self.cookie_event,),
                    "R-RET: Cookie „kaufhaus-cookie“ aus einem früheren Besuch, gelesen vor der "
                    "Einwilligungsfrage",
                    {
                        "de": f"schon {visits}× hier gewesen"
                        + (f", zuletzt interessiert an „{self._name(pid, 'de')}“" if pid else ""),
                        "en": f"been here {visits}× before"
                        + (f", last time interested in '{self._name(pid, 'en')}'" if pid else ""),
                    },
                    "price_optimisation" if refused else "personalisation",
                    "pd:Interest",
                )
            )
        return out

    def _note_inferences(self) -> list[Inference]:
        """The staff's notes (a pack's ``note:``), each with the event that caused it,
        and the number the shop files the device under."""
        out: list[Inference] = []
        for nid, noted in sorted(self.notes.items()):
            out.append(
                Inference(
                    "note",
                    nid,
                    1.0,
                    1.0,
                    tuple(sorted({noted.by, *noted.grounds})),
                    "R-SAG: von Ihnen gesagt, vom Personal mitgeschrieben"
                    if noted.said
                    else "R-NOT: vom Personal notiert, Wort für Wort",
                    {"de": "von Ihnen gesagt, mitgeschrieben", "en": "said by you, written down"}
                    if noted.said
                    else {"de": "vom Personal notiert", "en": "written down by staff"},
                    noted.purpose,
                    _dpv_special(noted.special) if noted.special else "pd:Behavioral",
                    noted.special,
                    label=dict(noted.words),
                )
            )
        if self.fingerprint_event is not None:
            number = self.customer_number
            out.append(
                Inference(
                    "customer_number",
                    "device",
                    number,
                    0.9,
                    (self.fingerprint_event,),
                    "R-KNR: Kundennummer aus der Gerätekennung (Prüfsumme der Merkmale)",
                    {
                        "de": f"Kundennummer {number}, aus Ihrem Gerät errechnet",
                        "en": f"customer number {number}, worked out from your device",
                    },
                    "fraud_prevention",
                    "pd:Identifier",
                )
            )
        return out

    def _sensitivity_evidence(self, limit: int | None = None) -> tuple[int, ...]:
        """The events the price sensitivity is computed from (the last ``limit``)."""
        return _merged(
            limit,
            self.price_looks,
            self.coupons_taken,
            self.hesitations,
            self.backs,
            self.purchases,
        )

    def _category_names(self, cat: str) -> dict[str, str]:
        info = next((i for i in self.catalogue.values() if i.category == cat), None)
        return dict(info.category_names) if info else {}

    def _category(self, cat: str, lang: str) -> str:
        return self._category_names(cat).get(lang, cat)

    def _name(self, pid: str, lang: str) -> str:
        info = self.catalogue.get(pid)
        return info.name(lang) if info else pid

    def _segment_inference(self, seg: str, limit: int | None = None) -> Inference:
        if seg == "bargain_hunter":
            ev = _merged(limit, self.price_looks, self.coupons_taken)
            looks, coupons = len(self.price_looks), len(self.coupons_taken)
            reason = {
                "de": f"Preis {format_times(looks, 'de')} angesehen, "
                f"{coupons} {plural(coupons, 'Coupon', 'Coupons')} genommen",
                "en": f"looked at prices {format_times(looks, 'en')}, took "
                f"{coupons} {plural(coupons, 'coupon', 'coupons')}",
            }
        elif seg == "ditherer":
            # The reason names what decided it, and the evidence is that: the long
            # hesitations where the mean is slow, the choices taken back where
            # there were two or more (an undo is no hesitation).
            slow = self.mean_hesitation() >= self.thresholds.hesitation_s
            turned = len(self.backs) >= 2
            ev = _merged(limit, self.hesitations if slow else [], self.backs if turned else [])
            de: list[str] = []
            en: list[str] = []
            if slow:  # the mean is over every decision; the evidence, the long ones
                span = self._decision_span()
                de.append(
                    f"zögert im Schnitt {self.mean_hesitation():.0f} s {', '.join(span['de'])}"
                )
                en.append(
                    f"hesitates {self.mean_hesitation():.0f} s on average {', '.join(span['en'])}"
                )
            if turned:
                undos = len(self.undos)
                backs = len(self.backs) - undos
                if undos:
                    de.append(f"{format_times(undos, 'de')} eine Entscheidung rückgängig gemacht")
                    en.append(f"undid a decision {format_times(undos, 'en')}")
                if backs:
                    de.append(f"{format_times(backs, 'de')} umgekehrt")
                    en.append(f"turned back {format_times(backs, 'en')}")
            reason = {"de": ", ".join(de), "en": ", ".join(en)}
        elif seg == "privacy_minded":
            ev = _merged(limit, self.consent_events)
            reason = {
                "de": "hat Cookies abgelehnt – verdächtig",
                "en": "rejected cookies – suspicious",
            }
        else:
            cat = seg.split(":", 1)[1]
            ev = _merged(limit, self.consented.categories[cat].evidence)
            reason = {
                "de": f"meiste Interessenpunkte in der Warengruppe „{self._category(cat, 'de')}“",
                "en": f"most interest points in the category '{self._category(cat, 'en')}'",
            }
        # Category fans come from consented interests; the rest the shop files
        # under its "legitimate interest" in pricing.
        purpose = "advertising" if seg.startswith("fan:") else "price_optimisation"
        return Inference(
            "segment",
            seg,
            1.0,
            0.6,
            ev,
            "R-SEG: Schwellen über die Merkmale",
            reason,
            purpose,
            "pd:Behavioral",
            label=segment_label(seg, self._category_names(seg.split(":", 1)[-1])),
        )


def customer_number(fingerprint: dict[str, Any]) -> str:
    """The number the shop files a device under: the same device, the same number.

    A checksum of the fingerprint's features, four digits: no cookie needed,
    which is the point the shop makes with it.
    """
    raw = json.dumps(fingerprint, sort_keys=True, ensure_ascii=False, default=str)
    digest = int(hashlib.sha256(raw.encode("utf-8")).hexdigest()[:8], 16)
    return str(1000 + digest % 9000)


_SENSITIVE_DE = {
    "health": "Ihre Gesundheit",
    "sex_life": "Ihr Sexualleben",
    "religion": "Ihre Religion",
    "politics": "Ihre politische Meinung",
    "ethnicity": "Ihre Herkunft",
    "finances": "Ihre Finanzen",
}
_SENSITIVE_EN = {
    "health": "health",
    "sex_life": "sex life",
    "religion": "religion",
    "politics": "political opinions",
    "ethnicity": "ethnic origin",
    "finances": "finances",
}


def _dpv_special(category: str | None) -> str:
    """The DPV term of a GDPR Art. 9 category (a product's or a note's)."""
    return {"health": "pd:Health", "sex_life": "pd:Sexual"}.get(
        category or "", "dpv:SpecialCategoryPersonalData"
    )


def _last(ids: list[int]) -> tuple[int, ...]:
    """The most recent evidence ids, as many as a logged use keeps."""
    return tuple(ids[-USE_EVIDENCE_MAX:])


def _recent(ids: list[int], limit: int | None) -> tuple[int, ...]:
    """All evidence ids, or only the last ``limit``."""
    return tuple(ids) if limit is None else tuple(ids[-limit:])


def _merged(limit: int | None, *lists: list[int]) -> tuple[int, ...]:
    """Several ascending id lists as one sorted tuple; only the last ``limit`` if given.

    Each list is already in log order, so the last ``limit`` of the merge are
    among the last ``limit`` of each: the cost does not grow with the log.
    """
    if limit is None:
        return tuple(sorted(i for ids in lists for i in ids))
    recent = sorted(i for ids in lists for i in ids[-limit:])
    return tuple(recent[-limit:])


def _points(value: float, lang: str) -> str:
    """Interest points as the file writes them: "1 Punkt", "18,7 Punkte" / "1 point"."""
    number = decimal_text(value, lang)
    if lang == "de":
        return f"{number} {'Punkt' if number == '1' else 'Punkte'}"
    return f"{number} {'point' if number == '1' else 'points'}"


def _percent1(fraction: float, lang: str) -> str:
    """A percentage to one decimal ("7,6 %" / "7.6%"): close enough to recompute a term."""
    number = decimal_text(fraction * 100, lang)
    return f"{number}{NBSP}%" if lang == "de" else f"{number}%"


def _apportion(amounts: list[float], total_cents: int) -> list[int]:
    """``amounts`` (euros) in whole cents that add up to ``total_cents``: each rounded
    down, the cents left over given to the largest remainders (the total is the sum
    of the amounts, rounded once; rounding each term would miss it by a cent or two)."""
    raw = [a * 100 for a in amounts]
    out = [math.floor(r) for r in raw]
    left = total_cents - sum(out)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for n in range(max(0, left)):
        out[order[n % len(order)]] += 1
    for n in range(max(0, -left)):  # cannot happen with a true sum; kept honest anyway
        out[order[-1 - n % len(order)]] -= 1
    return out


def _de(value: float) -> str:
    """One decimal, German style: 7,7 not 7.7."""
    return f"{value:.1f}".replace(".", ",")


def _window_parts(
    sig: Signals,
    places: dict[str, dict[str, str]],
    info: ProductInfo | None = None,
    *,
    tail: bool = True,
) -> tuple[list[str], list[str]]:
    """The seconds in front of a product, each with the place they were spent in
    (the shop window is no department), and where they were shared with the other
    things on display there, the share of the time spent."""
    de: list[str] = []
    en: list[str] = []
    shared = False
    for scene, (credited, total) in sig.window_at.items():
        if not round(credited):
            continue
        place = places.get(scene, {})
        part = round(credited) != round(total)
        shared = shared or part
        amount_de = f"{round(credited)} von {round(total)} s" if part else f"{round(credited)} s"
        amount_en = f"{round(credited)} of {round(total)} s" if part else f"{round(credited)} s"
        de.append(f"{amount_de} im Bereich „{place['de']}“" if place.get("de") else amount_de)
        en.append(f"{amount_en} in the '{place['en']}' area" if place.get("en") else amount_en)
    if not de and round(sig.window_s):  # seconds without their places: say no place
        de.append(f"{round(sig.window_s)} s")
        en.append(f"{round(sig.window_s)} s")
    if not de:
        return [], []
    if tail:
        # In words that agree with the product: "wo sie ausliegen" for the tablets.
        de_pl = info.is_plural("de") if info else False
        en_pl = info.is_plural("en") if info else False
        it_de = info.pronoun("de") if info else "es"
        it_en = info.pronoun("en") if info else "it"
        lies = "ausliegen" if de_pl else "ausliegt"
        tail_de = f", wo {it_de} {lies}" if not shared else f", wo {it_de} mit anderem {lies}"
        tail_de += " (anteilig)" if shared else ""
        on_display = f"{it_en} {'are' if en_pl else 'is'} on display"
        tail_en = (
            f", where {on_display} with other things (a share)"
            if shared
            else f", where {on_display}"
        )
    else:
        tail_de, tail_en = "", ""  # "19 von 38 s" says the share already
    return [" und ".join(de) + tail_de], [" and ".join(en) + tail_en]


def _signal_parts(
    sig: Signals, info: ProductInfo, places: dict[str, dict[str, str]] | None = None
) -> tuple[list[str], list[str]]:
    """What was measured of a product, in words that agree with it: "wo sie
    ausliegen" for the tablets, "headed for them" in English."""
    de_pl, en_pl = info.is_plural("de"), info.is_plural("en")
    # Say what was measured, no more: time where it is on display is not time
    # spent looking at it, and the place is named as it is (the window, a department).
    de, en = _window_parts(sig, places or {}, info)
    if sig.examines:
        de.append(f"{sig.examines}× genau angesehen ({round(sig.examine_s)} s)")
        en.append(f"examined {sig.examines}× ({round(sig.examine_s)} s)")
    if sig.highlights + sig.hovers:
        de.append(f"Hand {format_times(sig.highlights + sig.hovers, 'de')} gezuckt")
        en.append(
            f"hand twitched towards {info.pronoun('en', 'acc')} "
            + format_times(sig.highlights + sig.hovers, "en")
        )
    if sig.price_looks:
        de.append(f"Preis {sig.price_looks}× angesehen")
        en.append(f"looked at the price {sig.price_looks}×")
    if sig.chosen:
        de.append(f"{sig.chosen}× angesteuert")
        en.append(f"headed for {info.pronoun('en', 'acc')} {sig.chosen}×")
    if sig.bought:
        de.append("schon gekauft")
        en.append("already bought")
    if sig.in_basket:
        de.append("liegen im Warenkorb" if de_pl else "liegt im Warenkorb")
        en.append("are in the basket" if en_pl else "is in the basket")
    return de or ["beiläufig bemerkt"], en or ["noticed in passing"]
