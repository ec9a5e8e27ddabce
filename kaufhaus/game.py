"""The game: a pure state machine over (story, seed, events).

Every player action becomes events in the log; ``apply`` is the only
transition, used alike for live play and for replaying a save. The scene the
player sees is rendered from the story through what the profile believes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from jinja2 import TemplateError

from kaufhaus.facades import Recorder, ShopFacade, quote_for, template_context
from kaufhaus.story.model import Choice, Condition, Item, Scene, Story, Text
from kaufhaus.tracking.claims import ClaimUse, Thresholds, use_signature
from kaufhaus.tracking.events import Event, K, Kind
from kaufhaus.tracking.log import EventLog
from kaufhaus.tracking.pricing import Quote
from kaufhaus.tracking.profile import ProductInfo, Profile


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_C = TypeVar("_C", bound=_HasId)


#: What a player may type into one field; ``kaufhaus.saves`` refuses longer values.
#: 500: ``story-test`` types that much into every prompt and renders every template
#: with it, so it is known to fit (25,000 did not: the scene text grew too large).
MAX_INPUT_CHARS = 500


#: How an author's template or condition can fail at play time (the sandbox's
#: own errors, bad lookups, arithmetic, runaway growth): reported with its place.
_TEMPLATE_FAILURES = (
    TemplateError,
    LookupError,
    AttributeError,
    TypeError,
    ValueError,
    ArithmeticError,
    RecursionError,
    MemoryError,
)


class GameError(Exception):
    """An action that does not fit the current scene (unknown choice, no prompt...)."""


class ReplayError(GameError):
    """A stored event no longer fits the story; ``index`` is where replay stopped."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"event {index}: {reason}")
        self.index = index
        self.reason = reason


class RenderError(GameError):
    """A template failed at play time; names the scene-file position."""


@dataclass(frozen=True)
class ItemView:
    """An item on the shelf. No price: a price is shown only where a text shows it."""

    id: str
    label: str
    product: str | None


@dataclass(frozen=True)
class ChoiceView:
    id: str
    label: str
    product: str | None
    consent: str | None


@dataclass(frozen=True)
class SceneView:
    """Everything a front end needs to show the current scene, already personalised."""

    scene_id: str
    title: str
    text: str
    place: str
    items: tuple[ItemView, ...]
    choices: tuple[ChoiceView, ...]
    prompt: str | None
    prompt_key: str | None
    ending: str | None
    basket: tuple[str, ...]
    basket_total: str
    is_consent: bool

    def choice_by_ref(self, ref: str | int) -> ChoiceView | None:
        """A choice by id or by 1-based position among those shown."""
        return by_ref(self.choices, ref)


def by_ref(choices: Sequence[_C], ref: str | int) -> _C | None:
    """A choice by id or by 1-based position, as players and walkthroughs name them."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        index = int(ref) - 1
        return choices[index] if 0 <= index < len(choices) else None
    return next((c for c in choices if c.id == ref), None)


@dataclass(frozen=True)
class Shown:
    """What the shop showed on entering a scene, and what a neutral shopper would see.

    Prices are whole cents: the player's as posted, the neutral shopper's as
    the same rules would quote a shopper the shop did not watch.
    """

    event_id: int
    scene: str
    text: str
    neutral_text: str
    prices: dict[str, int] = field(default_factory=dict)
    neutral_prices: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Payment:
    """What the player paid at the till, against what a neutral shopper would have."""

    event_id: int
    paid: dict[str, int]
    neutral: dict[str, int]


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r" +([.,!?;:“”])(?=\s|$)")


def _tidy(text: str) -> str:
    """Collapse the gaps that optional template parts leave behind."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.strip().split("\n")]
    return _SPACE_BEFORE_PUNCT.sub(r"\1", "\n".join(lines))


def catalogue_info(story: Story) -> dict[str, ProductInfo]:
    return {
        pid: ProductInfo(
            pid,
            p.category,
            p.price,
            p.sensitive,
            {lang: p.name.source(lang) for lang in story.languages},
            {lang: story.category_name(p.category, lang) for lang in story.languages},
        )
        for pid, p in story.catalogue.items()
    }


class Game:
    def __init__(
        self, story: Story, *, seed: int = 0, lang: str = "de", record_shown: bool = True
    ) -> None:
        """``record_shown=False`` skips rendering each entered scene twice (for the
        player and the neutral shopper) while replaying a save: only the dossier
        needs those texts, and :meth:`shown_so_far` renders them when it asks."""
        if lang not in story.languages:
            lang = story.languages[0]
        self.story = story
        self.seed = seed
        self.lang = lang
        self.log = EventLog()
        self._catalogue = catalogue_info(story)
        limits = story.tracking
        self.thresholds = Thresholds(
            interest_min=limits.interest_min,
            hesitation_s=limits.hesitation_s,
            team_probability=limits.team_probability,
            price_sensitive=limits.price_sensitive,
            fan_points=limits.fan_points,
        )
        self.profile = Profile(self._catalogue, self.thresholds)
        self._neutral = Profile(self._catalogue, self.thresholds)
        self.scene_id = story.start
        self._pending: str | None = story.start
        self.history: list[str] = []
        self.inputs: dict[str, str] = {}
        self.examined: set[str] = set()
        self.shown: list[Shown] = []
        #: While :meth:`_log_uses` renders: conditions evaluate in its frames.
        self._recorder: Recorder | None = None
        self._records_shown = record_shown
        self._shown_replayed: tuple[int, list[Shown]] | None = None
        self.payments: list[Payment] = []
        self.started = False
        self._entered_once = False
        self._entered_at = 0.0
        self._coupons_offered: list[str] = []

    # ------------------------------------------------------------------ replay
    @classmethod
    def replay(cls, story: Story, events: list[Event], *, seed: int = 0, lang: str = "de") -> Game:
        """Rebuild a game from stored events; raise ReplayError where one does not fit."""
        game = cls(story, seed=seed, lang=lang)
        for index, event in enumerate(events):
            try:
                game.replay_event(event)
            except GameError as exc:
                raise ReplayError(index, str(exc)) from None
        return game

    @classmethod
    def replay_tolerant(
        cls, story: Story, events: list[Event], *, seed: int = 0, lang: str = "de"
    ) -> tuple[Game, ReplayError | None]:
        """Replay as far as the story still allows; report where it stopped."""
        game = cls(story, seed=seed, lang=lang)
        for index, event in enumerate(events):
            snapshot = len(game.log)
            try:
                game._ingest(event.kind, event.t, event.scene, event.target, event.data)
            except GameError as exc:
                if len(game.log) != snapshot:  # pragma: no cover - _ingest validates first
                    raise
                return game, ReplayError(index, str(exc))
        return game, None

    # ------------------------------------------------------------------ state
    @property
    def scene(self) -> Scene:
        return self.story.scene(self.scene_id)

    @property
    def ended(self) -> bool:
        return self.scene.ending is not None

    @property
    def now(self) -> float:
        last = self.log.last
        return last.t if last else 0.0

    def shown_so_far(self) -> list[Shown]:
        """Every scene as shown, against the neutral shopper: for the dossier.

        A game replayed without recording (a loaded save) renders them now,
        once per length of the log, from a replay of its own log.
        """
        if self._records_shown:
            return self.shown
        if self._shown_replayed is None or self._shown_replayed[0] != len(self.log):
            again = Game.replay(self.story, self.log.events(), seed=self.seed, lang=self.lang)
            self._shown_replayed = (len(self.log), again.shown)
        return self._shown_replayed[1]

    def seen(self, ref: str) -> bool:
        return ref in self.examined or self.profile.visits.get(ref, 0) > 0

    def basket(self) -> list[str]:
        return self.profile.basket()

    # ------------------------------------------------------------------ actions
    def start(
        self,
        t: float = 0.0,
        fingerprint: dict[str, Any] | None = None,
        cookie: dict[str, Any] | None = None,
    ) -> None:
        """Begin the session: log the device fingerprint and any cookie found."""
        if self.started:
            raise GameError("the game has already started")
        data = dict(fingerprint or {})
        if cookie:
            data["cookie"] = dict(cookie)
        self._ingest(K.SESSION_START, t, self.scene_id, None, data)
        self._enter(self.story.start, t)
        self._log_uses(t)

    def choose(self, ref: str | int, t: float) -> Event:
        choice = self._shown_choice(ref)
        if choice.effects.consent:
            self._ingest(K.CONSENT, t, self.scene_id, choice.id, {"choice": choice.effects.consent})
        if choice.effects.coupon:
            self._coupon(choice.effects.coupon, choice, t)
        else:
            for offered in list(self._coupons_offered):
                self._coupon("ignore", self.scene.choice(offered), t)
        data: dict[str, Any] = {
            "goto": choice.goto,
            "hesitation": round(max(0.0, t - self._entered_at), 3),
        }
        if choice.product:
            data["product"] = choice.product
        if choice.effects.take:
            data["take"] = list(choice.effects.take)
        if choice.effects.drop:
            data["drop"] = list(choice.effects.drop)
        if choice.effects.buy:
            # The price paid is the price posted: what the till showed, to the cent.
            data["buy"] = True
            data["paid_cents"] = {pid: self._posted_cents(pid, t) for pid in self.basket()}
        event = self._ingest(K.CHOICE, t, self.scene_id, choice.id, data)
        self._leave(t)
        self._enter(choice.goto, t)
        self._log_uses(t)
        return event

    def back(self, t: float) -> Event:
        if not self.history or self.ended:
            raise GameError("there is nowhere to go back to")
        target = self.history[-1]
        event = self._ingest(K.BACK, t, self.scene_id, target, {"goto": target})
        self._leave(t)
        self._enter(target, t, back=True)
        self._log_uses(t)
        return event

    def examine(self, item_id: str, t: float) -> tuple[Event, str]:
        items = self._shown_items()
        item = next((i for i in items if i.id == item_id), None)
        if item is None:
            raise GameError(self._no_such("item", item_id, [i.id for i in items]))
        data = {"product": item.product} if item.product else {}
        event = self._ingest(K.EXAMINE, t, self.scene_id, item_id, data)
        if item.price_tag and item.product:
            self._look_price(item.product, t)
        return event, self._log_uses(t, item) or ""

    def highlight(self, ref: str | int, t: float, *, source: str = "keyboard") -> Event:
        """A choice was highlighted (keyboard) without being taken: the twitching hand."""
        chosen = self._shown_choice(ref)
        data: dict[str, Any] = {"source": source}
        if chosen.product:
            data["product"] = chosen.product
        event = self._ingest(K.HIGHLIGHT, t, self.scene_id, chosen.id, data)
        self._log_uses(t)
        return event

    def hover(self, target: str, t: float) -> Event:
        """The mouse rested on a choice or an item."""
        shown: list[Choice | Item] = [*self._shown_choices(), *self._shown_items()]
        thing = next((x for x in shown if x.id == target), None)
        if thing is None:
            raise GameError(self._no_such("choice or item", target, [x.id for x in shown]))
        data = {"product": thing.product} if thing.product else {}
        event = self._ingest(K.HOVER, t, self.scene_id, target, data)
        self._log_uses(t)
        return event

    def look_price(self, pid: str, t: float) -> Event:
        """The player looked at the price tag: the posted price, logged as looked at."""
        event = self._look_price(pid, t)
        self._log_uses(t)
        return event

    def _look_price(self, pid: str, t: float) -> Event:
        product = self.story.product(pid)
        if product is None:
            raise GameError(f"unknown product {pid!r}")
        price = self._posted_cents(pid, t)
        normal = self.profile.posted[pid].normal_cents
        data = {"product": pid, "price_cents": price, "normal_cents": normal}
        return self._ingest(K.PRICE_LOOK, t, self.scene_id, pid, data)

    def type_text(self, value: str, t: float) -> Event:
        prompt = self.scene.input
        if prompt is None:
            raise GameError(f"scene {self.scene_id!r} does not ask for any input")
        if len(str(value)) > MAX_INPUT_CHARS:  # or the save could not be loaded again
            raise GameError(f"at most {MAX_INPUT_CHARS} characters, not {len(str(value))}")
        event = self._ingest(K.INPUT, t, self.scene_id, prompt.key, {"value": str(value)})
        self._log_uses(t)
        return event

    def idle(self, seconds: float, t: float) -> Event:
        event = self._ingest(K.IDLE, t, self.scene_id, None, {"seconds": float(seconds)})
        self._log_uses(t)
        return event

    def note(self, kind: Kind, t: float, data: dict[str, Any] | None = None) -> Event:
        """Record a save or quit: the shop logs those too."""
        if kind not in (K.SAVE, K.QUIT):
            raise GameError(f"cannot note {kind}")
        return self._ingest(kind, t, self.scene_id, None, data or {})

    def settle(self) -> None:
        """After a cut-off replay: finish a move that was decided but never arrived."""
        if self.started and self._pending is not None:
            if self._pending not in self.story.scenes:
                self._pending = self.scene_id
            self._enter(self._pending, self.now)
            self._log_uses(self.now)

    # ---------------------------------------------------------------- internals
    def _shown_choices(self, context: dict[str, Any] | None = None) -> list[Choice]:
        """The choices whose ``when:`` holds now: what the player is offered."""
        context = context or self.template_context()
        return [c for c in self.scene.choices if self.holds(c.when, context)]

    def _shown_items(self, context: dict[str, Any] | None = None) -> list[Item]:
        context = context or self.template_context()
        return [i for i in self.scene.items if self.holds(i.when, context)]

    def _shown_choice(self, ref: str | int) -> Choice:
        """A shown choice by id or 1-based position; GameError naming the others if none."""
        choices = self._shown_choices()
        chosen = by_ref(choices, ref)
        if chosen is None:
            raise GameError(self._no_such("choice", ref, [c.id for c in choices]))
        return chosen

    def _no_such(self, what: str, ref: object, options: list[str]) -> str:
        shown = ", ".join(options) or "none"
        return f"no {what} {ref!r} in scene {self.scene_id!r} (available: {shown})"

    def _enter(self, scene_id: str, t: float, *, back: bool = False) -> None:
        scene = self.story.scene(scene_id)
        featured = list(
            dict.fromkeys(
                [i.product for i in scene.items if i.product]
                + [c.product for c in scene.choices if c.product]
            )
        )
        # Prices the player has seen stand until the shop changes them, and it
        # changes them on the record: on the way into a scene that shows them.
        for pid in sorted(set(featured) | set(self.basket())):
            posted = self.profile.posted.get(pid)
            if posted is not None:
                fresh = quote_for(self.story, self.profile, pid)
                if fresh.cents != posted.cents:
                    self._post(fresh, t, K.PRICE_CHANGE, old=posted.cents)
        data: dict[str, Any] = {
            "place": self.place_name(scene),
            "featured": featured,
            "visit": self.profile.visits.get(scene_id, 0) + 1,
            # Whom the shop offers a coupon here: decided now, standing for the visit.
            "coupons": [p for p in featured if quote_for(self.story, self.profile, p).coupon],
        }
        if back:
            data["back"] = True
        self._ingest(K.SCENE_ENTER, t, scene_id, scene_id, data)
        # Coupons on offer here are logged as shown; leaving without one, as ignored.
        for choice in self._shown_choices():
            if choice.effects.coupon == "take":
                self._coupon("shown", choice, t)

    def _coupon(self, action: str, choice: Choice | None, t: float) -> None:
        product = choice.product if choice else None
        data: dict[str, Any] = {"action": action, "choice": choice.id if choice else None}
        if product:
            data["product"] = product
        self._ingest(K.COUPON, t, self.scene_id, product, data)

    def _leave(self, t: float) -> None:
        dwell = max(0.0, t - self._entered_at)
        self._ingest(K.SCENE_LEAVE, t, self.scene_id, self.scene_id, {"dwell": round(dwell, 3)})

    # ------------------------------------------------------- the shop's records
    def _post(self, q: Quote, t: float, kind: Kind = K.PRICE_SHOWN, old: int = 0) -> Event:
        """Log a price as shown (or changed, with the old price and the reason)."""
        data: dict[str, Any] = {
            "product": q.product,
            "price_cents": q.cents,
            "normal_cents": q.normal_cents,
            "factor": round(q.factor, 6),
            "coupon": q.coupon,
            "rule": q.rule,
        }
        if kind is K.PRICE_CHANGE:
            data["old_cents"] = old
        return self._ingest(kind, t, self.scene_id, q.product, data)

    def _posted_cents(self, pid: str, t: float) -> int:
        """The posted price of ``pid``; quoted and posted now if never shown."""
        if pid not in self.profile.posted:
            self._post(quote_for(self.story, self.profile, pid), t)
        return self.profile.posted[pid].cents

    def _log_uses(self, t: float, item: Item | None = None) -> str | None:
        """Render what the player sees now and log what it used: new prices, claims.

        Called at the end of every action, so the log holds, for every state
        the player saw, each price shown and each claim the text made; the
        front ends render the same view afterwards and find it all posted.
        Returns the examined item's text when ``item`` is given.
        """
        recorder = Recorder()
        context = self.template_context(recorder=recorder)
        self._recorder = recorder
        try:
            self._view(context)
            text = self.render_text(item.text, context) if item is not None else None
        finally:
            self._recorder = None
        for q in recorder.new_prices.values():
            if q.product not in self.profile.posted:
                self._post(q, t)
        uses = list(recorder.uses.values())
        for pid in recorder.new_prices:
            claim = self.profile.claim(f"price:{pid}")
            if claim is not None:
                uses.append(ClaimUse.of(claim))
        logged = self.profile.used_here
        fresh = [use.as_dict() for use in uses]
        fresh = [u for u in fresh if use_signature(u["claim"], u["value"]) not in logged]
        if fresh:
            where = f"item:{item.id}" if item is not None else None
            self._ingest(K.CLAIM_USE, t, self.scene_id, where, {"claims": fresh})
        return text

    def replay_event(self, event: Event) -> Event:
        """Apply a stored event (from a save or a log): checked like any other,
        kept as it is rather than copied."""
        return self._ingest(event.kind, event.t, event.scene, event.target, event.data, event)

    def _ingest(
        self,
        kind: Kind,
        t: float,
        scene: str,
        target: str | None,
        data: dict[str, Any],
        stored: Event | None = None,
    ) -> Event:
        """Validate an event against the current state, append it, apply it."""
        if not isinstance(kind, Kind):
            kind = Kind(kind)
        if kind is K.SESSION_START:
            if self.started:
                raise GameError("a second session start")
        elif not self.started:
            raise GameError(f"{kind} before the session started")
        if kind is K.SCENE_ENTER:
            if target != self._pending:
                raise GameError(
                    f"entered {target!r} but the last decision led to {self._pending!r}"
                )
            if target not in self.story.scenes:
                raise GameError(f"scene {target!r} no longer exists")
        elif kind is not K.SESSION_START and scene != self.scene_id:
            raise GameError(f"{kind} in scene {scene!r}, but the player is in {self.scene_id!r}")
        if self._pending is not None and kind not in (
            K.SCENE_ENTER,
            K.SESSION_START,
            K.SCENE_LEAVE,
            K.PRICE_CHANGE,
        ):
            raise GameError(f"{kind} while moving to {self._pending!r}")
        if kind is K.CHOICE:
            self._check_choice(target, data)
        elif kind is K.BACK and (not self.history or self.history[-1] != target):
            raise GameError("going back does not lead where the save says")
        elif kind is K.EXAMINE and (target is None or self.scene.item(target) is None):
            raise GameError(f"item {target!r} is not in scene {self.scene_id!r}")
        elif kind is K.INPUT and (self.scene.input is None or self.scene.input.key != target):
            raise GameError(f"scene {self.scene_id!r} does not ask for {target!r}")
        elif kind is K.CONSENT:
            choice = self.scene.choice(str(target))
            if choice is None or choice.effects.consent != data.get("choice"):
                raise GameError(f"no consent choice {target!r} in scene {self.scene_id!r}")
        elif kind is K.SCENE_LEAVE and self._pending is None:
            raise GameError("left a scene without deciding to")
        elif kind in (K.PRICE_SHOWN, K.PRICE_CHANGE) and (
            self.story.product(str(target)) is None or data.get("product") != target
        ):
            raise GameError(f"a price for {target!r}, which the catalogue does not hold")
        if stored is not None:
            event = self.log.adopt(stored)
        else:
            event = self.log.append(kind, t, scene, target, data)
        self._apply(event)
        return event

    def _check_choice(self, target: str | None, data: dict[str, Any]) -> None:
        choice = self.scene.choice(str(target))
        if choice is None:
            raise GameError(f"choice {target!r} no longer exists in scene {self.scene_id!r}")
        if not self.holds(choice.when):
            raise GameError(f"choice {target!r} is not available in scene {self.scene_id!r}")
        if data.get("goto") != choice.goto:
            raise GameError(
                f"choice {target!r} now leads to {choice.goto!r}, not {data.get('goto')!r}"
            )

    def _apply(self, event: Event) -> None:
        self._neutral.apply_facts(event)
        kind = event.kind
        if kind is K.SESSION_START:
            self.started = True
            self.profile.apply(event)
            return
        if kind is K.COUPON:
            offered = event.data.get("choice")
            if event.data.get("action") == "shown":
                self._coupons_offered.append(str(offered))
            elif offered in self._coupons_offered:
                self._coupons_offered.remove(str(offered))
            else:
                self._coupons_offered.clear()
        if kind is K.SCENE_ENTER:
            self._coupons_offered = []
            self.profile.apply(event)
            self._pending = None
            if self._entered_once and not event.data.get("back"):
                self.history.append(self.scene_id)
            self._entered_once = True
            self._entered_at = event.t
            self.scene_id = str(event.target)
            if self._records_shown:
                self._record_shown(event)
            return
        if kind is K.CHOICE and event.data.get("buy"):
            paid = event.data.get("paid_cents") or {}
            neutral = {
                str(pid): quote_for(self.story, self._neutral, str(pid)).cents
                for pid in paid
                if self.story.product(str(pid)) is not None
            }
            self.payments.append(Payment(event.id, dict(paid), neutral))
        if kind in (K.CHOICE, K.BACK):
            self.profile.apply(event)
            self._pending = str(event.data.get("goto"))
            if kind is K.BACK and self.history:
                self.history.pop()
            return
        if kind is K.EXAMINE and event.target:
            self.examined.add(event.target)
        if kind is K.INPUT and event.target:
            self.inputs[event.target] = str(event.data.get("value", ""))
        self.profile.apply(event)

    def _record_shown(self, event: Event) -> None:
        scene = self.scene
        if scene.ending is not None:
            return
        text = self._render_scene_text(self.template_context())
        neutral = self._render_scene_text(self.template_context(self._neutral))
        products = sorted(
            {i.product for i in scene.items if i.product}
            | {c.product for c in scene.choices if c.product}
        )
        posted = self.profile.posted

        def yours(pid: str) -> int:
            if pid in posted:
                return posted[pid].cents
            return quote_for(self.story, self.profile, pid).cents

        self.shown.append(
            Shown(
                event.id,
                scene.id,
                text,
                neutral,
                {p: yours(p) for p in products},
                {p: quote_for(self.story, self._neutral, p).cents for p in products},
            )
        )

    # --------------------------------------------------------------- rendering
    def template_context(
        self, profile: Profile | None = None, *, recorder: Recorder | None = None
    ) -> dict[str, Any]:
        """What templates see now: the facades over this game (or a given profile).

        With a ``recorder``, every claim and first-time price the rendering
        uses is noted (see :meth:`_log_uses`).
        """
        profile = profile or self.profile
        # The neutral shopper typed and chose the same, but the shop did not
        # watch: it only knows which scenes they entered.
        seen: Callable[[str], bool]
        if profile is self.profile:

            def seen_here(ref: str) -> bool:
                # "You looked at the condoms": a measurement, on the record.
                claim = profile.claim(f"seen:{ref}")
                if claim is not None and recorder is not None:
                    recorder.use(ClaimUse.of(claim))
                return claim is not None

            seen = seen_here
        else:
            seen = profile.visits.__contains__
        return template_context(
            self.story,
            profile,
            self.lang,
            self.seed,
            self.scene_id,
            self.inputs,
            profile.basket(),
            seen,
            len(self.log) - self.profile.shop_records,
            recorder,
        )

    def shop(self, profile: Profile | None = None) -> ShopFacade:
        """The ``shop`` facade, as a template would see it now."""
        shop: ShopFacade = self.template_context(profile)["shop"]
        return shop

    def place_name(self, scene: Scene) -> str:
        """The department a scene is in, in the player's language (its id if unnamed)."""
        if scene.place is None:
            return scene.id
        return scene.place.source(self.lang)

    def render_text(self, text: Text, context: dict[str, Any] | None = None) -> str:
        """Render a story text now; a failing template raises RenderError with its place."""
        try:
            rendered = str(text.template(self.lang).render(context or self.template_context()))
            return _tidy(rendered)
        except _TEMPLATE_FAILURES as exc:
            raise RenderError(f"{text.pos}: template failed: {exc}") from None

    def holds(self, condition: Condition | None, context: dict[str, Any] | None = None) -> bool:
        """Evaluate a ``when:`` now; a failing condition raises RenderError."""
        if condition is None:
            return True
        recorder = self._recorder
        if recorder is None:
            return self._evaluate(condition, context)
        recorder.begin()
        held = False
        try:
            held = self._evaluate(condition, context)
        finally:
            recorder.end(keep=held)
        return held

    def _evaluate(self, condition: Condition, context: dict[str, Any] | None) -> bool:
        try:
            return bool(condition.compiled(**(context or self.template_context())))
        except _TEMPLATE_FAILURES as exc:
            raise RenderError(f"{condition.pos}: condition failed: {exc}") from None

    def _render_scene_text(self, context: dict[str, Any]) -> str:
        scene = self.scene
        text = self.render_text(scene.text, context)
        extra: list[str] = []
        for variant in scene.variants:
            if self.holds(variant.when, context):
                rendered = self.render_text(variant.text, context)
                if variant.mode == "replace":
                    text = rendered
                elif rendered:
                    extra.append(rendered)
        return "\n\n".join([text, *extra]) if extra else text

    def view(self) -> SceneView:
        """The scene as the player sees it now (renders; logs nothing)."""
        return self._view(self.template_context())

    def _view(self, context: dict[str, Any]) -> SceneView:
        scene = self.scene
        shop: ShopFacade = context["shop"]
        items = tuple(
            ItemView(i.id, self.render_text(i.label, context), i.product)
            for i in self._shown_items(context)
        )
        choices = tuple(
            ChoiceView(c.id, self.render_text(c.label, context), c.product, c.effects.consent)
            for c in self._shown_choices(context)
        )
        prompt = self.render_text(scene.input.prompt, context) if scene.input else None
        basket = tuple(self.profile.basket())
        return SceneView(
            scene.id,
            self.render_text(scene.title, context),
            self._render_scene_text(context),
            self.place_name(scene),
            items,
            choices,
            prompt,
            scene.input.key if scene.input else None,
            scene.ending,
            basket,
            shop.basket_total,
            any(c.effects.consent for c in scene.choices),
        )
