"""The truth checker: the shop says only what its file can prove.

``kaufhaus story-test`` runs it on every game it plays, after every step, and
on the dossier at the end; authors get it for their own packs for free. It
recounts from the raw log, independently of the profile and the facades that
produced the text, so a bug there (or a template that claims more than the
file holds) shows up as a failure with the steps that reproduce it:

- every amount of money in what the player sees was logged as shown, to the
  cent, before or as it was shown;
- every claim a text used exists at that moment, with evidence: conclusions
  in the profile's file, measurements as recounted from the log, prices as
  posted;
- every price that moved was moved on the record, and the text of the scene
  where it moved says so;
- a text in which the shop writes something down ("Er notiert etwas") belongs
  to a place that made a note the file holds, or reads the file itself
  (:mod:`kaufhaus.story.prose`);
- the dossier's per-session lines (cards, payments, claims used) agree with
  the log, and each price's logged rule and words name it for what it is
  ("normal price" only at the normal price, a surcharge only above it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kaufhaus.game import Game, SceneView
from kaufhaus.story.model import Choice, Item, Scene
from kaufhaus.story.prose import filing_phrase, reads_file
from kaufhaus.tracking.claims import CONCLUSION
from kaufhaus.tracking.events import SHOP_RECORDS, Event, Kind, in_file
from kaufhaus.tracking.numbers import NBSP, cents, format_money, format_times, whole_percent
from kaufhaus.tracking.pricing import NORMAL_RULE, SURCHARGE_RULE

#: Money however a text writes it: ``1.583,91 €``, ``€1,583.91``, ``2 €``, ``€ 2``,
#: ``1,23 Euro``, ``99 Cent`` (any space, also non-breaking). Not only the game's
#: own format: an author's hand-written amount must be caught too.
_NUMBER = r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_MONEY = re.compile(
    rf"(?<![\d.,])(?P<pre>€|EUR)\s?(?P<a>{_NUMBER})(?!\d)"
    rf"|(?<![\d.,])(?P<b>{_NUMBER})\s?(?P<unit>€|EUR\b|[Ee]uros?\b|[Cc]ents?\b)"
)
#: What the shop measures of the player's behaviour (not what moves the story).
_BEHAVIOUR = frozenset(
    {Kind.HIGHLIGHT, Kind.HOVER, Kind.SCENE_LEAVE, Kind.SCENE_ENTER, Kind.EXAMINE}
)
#: Claim families whose value is money in cents.
_MONEY_CLAIMS = frozenset({"price", "price_change", "normal_price", "basket_total"})


class TruthError(Exception):
    """The shop said something its file does not prove."""


def _cents_of(number: str, unit: str) -> int:
    """``1.583,91`` or ``1,583.91`` or ``2`` as cents; a separator before one or two
    final digits is the decimal point, before three it groups thousands."""
    decimals = re.search(r"[.,](\d{1,2})$", number)
    whole = number[: decimals.start()] if decimals else number
    amount = int(re.sub(r"[.,]", "", whole)) * 100
    if decimals:
        amount += int(decimals.group(1).ljust(2, "0"))
    return amount // 100 if unit.lower().startswith("cent") else amount


def amounts_in(text: str, lang: str = "de") -> list[int]:
    """Every amount of money in ``text``, in cents, in either language's format."""
    return list(_amounts(text))


@functools.lru_cache(maxsize=4096)
def _amounts(text: str) -> tuple[int, ...]:
    """Remembered per text: the same labels and scene texts are checked after every
    step of every game ``story-test`` plays."""
    out = []
    for match in _MONEY.finditer(text):
        if match.group("a") is not None:
            out.append(_cents_of(match.group("a"), "€"))
        else:
            out.append(_cents_of(match.group("b"), match.group("unit")))
    return tuple(out)


class Tally:
    """What the log itself says, recounted event by event (no profile involved).

    A tally goes on with the log it counted (the log only grows): the next
    step's check adds the new events instead of recounting from the first.
    """

    def __init__(self, game: Game) -> None:
        self.story = game.story
        #: The log counted, and how many of its events.
        self.log = game.log
        self.counted = 0
        self.posted: dict[str, int] = {}
        self.last_seen: dict[str, int] = {}
        self.seen_at_entry: dict[str, int] = {}
        self.money: set[int] = set()
        self.twitches: dict[str, list[int]] = {}
        self.dwell: dict[str, float] = {}
        self.seen: set[str] = set()
        self.basket: dict[str, None] = {}
        self.consent = ""
        #: Products the cookie of an earlier visit holds (None: no cookie).
        self.cookie: set[str] | None = None
        #: What went to whom: recipient -> claim keys.
        #: What went to each recipient: claim key -> the value sent.
        self.sent: dict[str, dict[str, Any]] = {}
        self.purchases = 0
        self.bought: set[str] = set()
        self.coupons_taken = 0
        #: The file's rows marked "observed": in the file, about the player, not typed.
        self.observed = 0
        #: (event id, basket) after each choice: an undo returns to one.
        self._decided: list[tuple[int, dict[str, None]]] = []

    def follows(self, game: Game, since: int) -> bool:
        """Whether this tally counted ``game``'s own log, and no further than ``since``."""
        return self.log is game.log and self.counted <= since <= len(game.log)

    def add(self, event: Event) -> None:
        data, kind = event.data, event.kind
        if (
            in_file(event, self.story.unobserved)
            and kind not in SHOP_RECORDS
            and kind not in (Kind.INPUT, Kind.CONTEST)
        ):
            self.observed += 1
        if not in_file(event, self.story.unobserved) and kind in _BEHAVIOUR:
            return  # out of the shop's sight: nothing to measure
        if kind in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE, Kind.PRICE_LOOK):
            for field in ("price_cents", "normal_cents", "old_cents"):
                if isinstance(data.get(field), int):
                    self.money.add(int(data[field]))
            if kind is not Kind.PRICE_LOOK:
                self.posted[str(event.target)] = int(data["price_cents"])
            else:  # the player looked at the price tag: seen
                self.last_seen[str(event.target)] = int(data["price_cents"])
        elif kind in (Kind.HIGHLIGHT, Kind.HOVER) and data.get("product"):
            self.twitches.setdefault(str(data["product"]), []).append(event.id)
        elif kind is Kind.SCENE_LEAVE:
            self.dwell[event.scene] = self.dwell.get(event.scene, 0.0) + float(data["dwell"])
        elif kind is Kind.SCENE_ENTER:
            self.seen.add(str(event.target))
            self.seen_at_entry = dict(self.last_seen)
        elif kind is Kind.EXAMINE and event.target:
            self.seen.add(event.target)
        elif kind is Kind.CONSENT:
            self.consent = str(data.get("choice", ""))
        elif kind is Kind.SESSION_START:
            cookie = data.get("cookie")
            if isinstance(cookie, dict):
                interests = cookie.get("interests")
                self.cookie = {
                    str(pid)
                    for pid, score in (interests.items() if isinstance(interests, dict) else ())
                    if pid in self.story.catalogue
                    and isinstance(score, (int, float))
                    and not isinstance(score, bool)
                    and score > 0
                }
        elif kind is Kind.TRANSFER:
            self.sent.setdefault(str(event.target), {}).update(
                (str(use.get("claim")), use.get("value"))
                for use in data.get("claims", ())
                if isinstance(use, dict)
            )
        elif (
            kind is Kind.COUPON
            and data.get("action") == "take"
            and in_file(event, self.story.unobserved)
        ):
            self.coupons_taken += 1
        elif kind is Kind.UNDO:
            # The story returns to before the undone choice, and so does the
            # basket (the banner answer stands: the shop keeps it).
            undone = int(data.get("undone", event.id))
            earlier = [d for d in self._decided if d[0] < undone]
            self.basket = dict(earlier[-1][1]) if earlier else {}
            self._decided = [*earlier, (event.id, dict(self.basket))]
        elif kind is Kind.CHOICE:
            for pid in data.get("take", ()):
                if pid in self.story.catalogue:
                    self.basket[pid] = None
            for pid in data.get("drop", ()):
                self.basket.pop(pid, None)
            if data.get("buy"):
                self.money.update(int(v) for v in (data.get("paid_cents") or {}).values())
                self.basket.clear()
                self.purchases += 1
                self.bought.update(str(pid) for pid in (data.get("paid_cents") or {}))
            self._decided.append((event.id, dict(self.basket)))
        elif kind is Kind.CLAIM_USE:
            for use in data.get("claims", ()):
                family, _, subject = str(use.get("claim", "")).partition(":")
                if family in _MONEY_CLAIMS and isinstance(use.get("value"), int):
                    self.money.add(int(use["value"]))
                if family == "price" and isinstance(use.get("value"), int):
                    self.last_seen[subject] = int(use["value"])


def _problem(event: Event, message: str) -> TruthError:
    return TruthError(f"event #{event.id} in scene {event.scene!r}: {message}")


def check_step(
    game: Game, since: int, text: str | None = None, tally: Tally | None = None
) -> Tally:
    """Check what one step logged (events from ``since`` on) and what it shows now.

    Raises :class:`TruthError` naming the first thing the shop could not prove.
    Returns the tally of the whole log: given to the check of the next step, it
    is carried on instead of recounted (``story-test`` checks every step, and a
    recount costs as much as the log is long).
    """
    if tally is None or not tally.follows(game, since):
        tally = Tally(game)
    events = game.log.events()
    # Conclusions can be compared with the profile only where nothing but the
    # shop's own records came after the use (the profile has not moved on).
    settled = len(events)
    while settled > 0 and events[settled - 1].kind in SHOP_RECORDS:
        settled -= 1
    noticeable: list[Event] = []  # changes of a price the player had seen
    for event in events[tally.counted :]:
        if event.kind is Kind.CLAIM_USE and event.id >= since:
            _check_uses(game, tally, event, current=event.id >= settled)
        seen_before = str(event.target) in tally.last_seen
        if event.kind is Kind.PRICE_CHANGE and event.id >= since and seen_before:
            noticeable.append(event)
        tally.add(event)
    tally.counted = len(events)
    _check_price_changes(noticeable, events[since:])
    view = game.view()
    _check_view(game, tally, view, text)
    _check_filing(game, view, text, events[since:])
    return tally


def _check_price_changes(changes: list[Event], step: list[Event]) -> None:
    """A price the player had seen that moved in this step was said to have moved,
    in this step's text (a price never shown can change unseen)."""
    said = {
        str(use.get("claim", ""))[len("price_change:") :]
        for e in step
        if e.kind is Kind.CLAIM_USE
        for use in e.data.get("claims", ())
        if str(use.get("claim", "")).startswith("price_change:")
    }
    for event in changes:
        if str(event.target) not in said:
            old = int(event.data.get("old_cents", 0))
            new = int(event.data.get("price_cents", 0))
            raise _problem(
                event,
                f"the price of {event.target!r} moved from {old} to {new} cents, "
                "but the text does not say so (shop.price_changed)",
            )


def _check_filing(game: Game, view: SceneView, text: str | None, step: list[Event]) -> None:
    """A text in which the shop writes something down needs a note behind it.

    Each part is judged on its own: the scene text and each variant shown now
    (with the scene's notes), the reply (with its choice's), the examined
    thing's text (with the item's). A part passes if its place made a note the
    file holds, or if it quotes the file itself (``shop.note(...)``, a claim).
    """
    scene = game.scene
    lang = game.lang
    parts: list[tuple[str | None, str, str, Choice | Item | Scene]] = [
        (view.text, scene.text.source(lang), f"scene {scene.id!r}", scene)
    ]
    for variant in scene.variants:
        source = variant.text.source(lang)
        if filing_phrase(source) is not None and game.holds(variant.when):
            parts.append((view.text, source, f"scene {scene.id!r}", scene))
    if view.reply and game.reply is not None:
        replied = game.story.scenes[game.reply[0]].choice(game.reply[1])
        if replied is not None and replied.reply is not None:
            where = f"the reply of choice {replied.id!r}"
            parts.append((view.reply, replied.reply.source(lang), where, replied))
    if text is not None:
        looked = next((e for e in reversed(step) if e.kind is Kind.EXAMINE), None)
        item = scene.item(str(looked.target)) if looked is not None else None
        if item is not None:
            parts.append((text, item.text.source(lang), f"item {item.id!r}", item))
    for shown, source, where, owner in parts:
        phrase = filing_phrase(source)
        if phrase is None or phrase not in (shown or ""):
            continue  # no filing verb here, or not in what the player sees now
        if any(n.id in game.profile.notes for n in owner.records.notes) or reads_file(source):
            continue
        raise TruthError(
            f"scene {scene.id!r}: {where} says the shop writes something down "
            f"({phrase!r}), but the file holds no note from it"
        )


def _check_uses(game: Game, tally: Tally, event: Event, *, current: bool) -> None:
    # Every conclusion, recounted the dossier's way: only for an event that used one.
    concluded = current and any(u.get("kind") == CONCLUSION for u in event.data.get("claims", ()))
    conclusions = game.profile.conclusions() if concluded else {}
    for use in event.data.get("claims", ()):
        key = str(use.get("claim", ""))
        family, _, subject = key.partition(":")
        value = use.get("value")
        evidence = [int(i) for i in use.get("evidence", ())]
        if use.get("supported") is False:
            raise _problem(event, f"the text used {key!r}, which the file does not hold")
        if any(not 0 <= i < event.id for i in evidence):
            raise _problem(event, f"{key!r} cites events that did not happen before it")
        if use.get("kind") == CONCLUSION:
            if not evidence:
                raise _problem(event, f"the conclusion {key!r} was used without evidence")
            if current:
                found = conclusions.get(key)
                if found is None:
                    raise _problem(event, f"the file holds no conclusion {key!r}")
                logged = round(found.value, 4) if isinstance(found.value, float) else found.value
                if logged != value:
                    raise _problem(
                        event, f"{key!r} was used as {value!r}, the file says {logged!r}"
                    )
            continue
        expected: Any
        if family == "twitches":
            expected = len(tally.twitches.get(subject, ()))
            if not evidence:  # "not once" rests on time seen in front of it
                raise _problem(event, f"{key!r} was used with nothing seen to rest on")
        elif family == "coupons_taken":
            expected = tally.coupons_taken or None
        elif family == "observed":
            expected = tally.observed or None
        elif family == "seconds":
            expected = round(tally.dwell.get(subject, 0.0))
        elif family == "seen":
            expected = True if subject in tally.seen else None
        elif family == "consent":
            expected = tally.consent or None
        elif family == "price":
            expected = tally.posted.get(subject)
        elif family == "price_change":
            expected = tally.posted.get(subject)
            if subject not in tally.seen_at_entry or tally.seen_at_entry[subject] == expected:
                raise _problem(event, f"{key!r}: the player had not seen another price for it")
        elif family == "cookie":
            if tally.cookie is None:
                expected = None
            elif subject == "any":
                expected = len(tally.cookie)
            else:
                expected = subject in tally.cookie
        elif family == "sent":
            to, _, what = subject.partition(":")
            sent = tally.sent.get(to, {})
            expected = sent.get(what) if what else (len(sent) or None)
        elif family == "purchase" and subject in game.story.catalogue:
            expected = subject in tally.bought or None
        elif family == "purchase":
            expected = tally.purchases or None
        elif family == "normal_price":
            product = game.story.product(subject)
            expected = cents(product.price) if product is not None else None
        elif family == "basket_total":
            expected = sum(tally.posted.get(pid, -1) for pid in tally.basket)
            # The total is the sum of prices the player was shown: each one as posted.
            shown = {**tally.last_seen, **_prices_used(event)}
            unseen = [pid for pid in tally.basket if shown.get(pid) != tally.posted.get(pid)]
            if unseen:
                raise _problem(
                    event,
                    f"the basket total includes {', '.join(unseen)}, whose price as it "
                    "stands the player was never shown",
                )
        else:
            continue  # hesitation: a mean over choices, checked by its evidence above
        if value != expected:
            raise _problem(event, f"{key!r} was used as {value!r}, the log says {expected!r}")


def _prices_used(event: Event) -> dict[str, int]:
    """The prices one claim-use event showed, by product."""
    return {
        str(use.get("claim"))[len("price:") :]: int(use["value"])
        for use in event.data.get("claims", ())
        if str(use.get("claim", "")).startswith("price:") and isinstance(use.get("value"), int)
    }


def _check_view(game: Game, tally: Tally, view: SceneView, text: str | None) -> None:
    lang = game.lang
    where = f"scene {game.scene_id!r}"
    texts = [view.title, view.text, view.basket_total, *(c.label for c in view.choices)]
    texts += [i.label for i in view.items]
    if view.prompt:
        texts.append(view.prompt)
    if text:
        texts.append(text)
    typed = [value for value in game.inputs.values() if value]
    for shown_text in texts:
        for value in typed:  # what the player typed is shown literally: it is theirs
            shown_text = shown_text.replace(value, "")
        for amount in amounts_in(shown_text, lang):
            if amount not in tally.money and amount != 0:
                written = format_money(amount, lang, game.story.currency)
                raise TruthError(f"{where}: the text shows {written}, which the log never showed")


def check_dossier(game: Game, dossier: Mapping[str, Any]) -> None:
    """The dossier's per-session lines against the log they claim to describe."""
    events = game.log.events()
    # Evidence is what the file holds: not an event out of the shop's sight.
    filed = {e.id for e in events if in_file(e, game.story.unobserved)}
    for row in dossier.get("inferences", []):
        ids = row.get("evidence") or []
        if not ids or any(i not in filed for i in ids):
            raise TruthError(
                f"dossier: the conclusion {row.get('kind')}:{row.get('subject')} "
                "has no valid evidence in the file"
            )
    uses = sum(len(e.data.get("claims", ())) for e in events if e.kind is Kind.CLAIM_USE)
    if len(dossier.get("claims_used", [])) != uses:
        raise TruthError("dossier: the claims used do not match the log")
    paid = sum(
        int(v)
        for e in events
        if e.kind is Kind.CHOICE and e.data.get("buy")
        for v in (e.data.get("paid_cents") or {}).values()
    )
    if cents(dossier.get("payments", {}).get("total_paid", 0)) != paid:
        raise TruthError("dossier: the total paid does not match the payments in the log")
    _check_price_rules(dossier)
    cards = {c.get("id"): c for c in dossier.get("reality_checks", [])}
    seen = [e for e in events if in_file(e, game.story.unobserved)]
    twitches = sum(1 for e in seen if e.kind in (Kind.HIGHLIGHT, Kind.HOVER))
    _card_says(cards, "twitch", {lang: format_times(twitches, lang) for lang in ("de", "en")})
    dwell = round(sum(float(e.data["dwell"]) for e in seen if e.kind is Kind.SCENE_LEAVE))
    _card_says(cards, "dwell", {"de": f"{dwell}", "en": f"{dwell}"})
    worst = 0.0
    for e in events:
        if e.kind in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE, Kind.PRICE_LOOK):
            normal = int(e.data.get("normal_cents") or 0)
            if normal:
                worst = max(worst, abs(int(e.data["price_cents"]) / normal - 1))
        if e.kind is Kind.CHOICE and e.data.get("buy"):
            for pid, price in (e.data.get("paid_cents") or {}).items():
                product = game.story.product(pid)
                if product is not None:
                    worst = max(worst, abs(int(price) / cents(product.price) - 1))
    percent = whole_percent(worst)
    _card_says(cards, "pricing", {"de": f"{percent}{NBSP}%", "en": f"{percent}%"})


def _check_price_rules(dossier: Mapping[str, Any]) -> None:
    """A price's logged rule and its words agree with the price: "normal price" only
    at the normal price, a surcharge only above it (a surcharge of nothing was once
    logged as "surcharge" and described as "Normalpreis")."""
    for row in dossier.get("events", []):
        if row.get("kind") not in (Kind.PRICE_SHOWN, Kind.PRICE_CHANGE):
            continue
        data = row.get("data") or {}
        price, normal = data.get("price_cents"), data.get("normal_cents")
        if not isinstance(price, int) or not isinstance(normal, int):
            continue
        where = f"dossier: event {row.get('id')} ({price} cents, normal {normal})"
        rule = str(data.get("rule", ""))
        if (rule == NORMAL_RULE) != (price == normal and not data.get("coupon")):
            raise TruthError(f"{where}: the logged rule {rule!r} does not fit the price")
        if rule == SURCHARGE_RULE and price <= normal:
            raise TruthError(f"{where}: logged as a surcharge, but it is none")
        said = str((row.get("description") or {}).get("en", ""))
        if "rule: " in said:
            says_normal = "normal price" in said.split("rule: ", 1)[1]
            if says_normal != (price == normal):
                raise TruthError(f"{where}: the words {said!r} misname the price")


def _card_says(cards: Mapping[str, Any], card_id: str, words: Mapping[str, str]) -> None:
    card = cards.get(card_id)
    if card is None:
        return
    for lang, expected in words.items():
        line = str((card.get("session") or {}).get(lang, ""))
        if expected not in line:
            raise TruthError(
                f"dossier: the card {card_id!r} says {line!r}, the log says {expected!r}"
            )


def claim_keys(events: Iterable[Event]) -> list[str]:
    """Every claim the texts used, in order (for tests and reports)."""
    return [
        str(use.get("claim"))
        for e in events
        if e.kind is Kind.CLAIM_USE
        for use in e.data.get("claims", ())
    ]
