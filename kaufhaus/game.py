"""The game: a pure state machine over (story, seed, events).

Every player action becomes events in the log; ``apply`` is the only
transition, used alike for live play and for replaying a save. The scene the
player sees is rendered from the story through what the profile believes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import wraps
from types import MappingProxyType
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from jinja2 import TemplateError

from kaufhaus.facades import (
    Dice,
    Recorder,
    ShopFacade,
    quote_for,
    story_names,
    template_context,
)
from kaufhaus.story.errors import neutralise, neutralise_data
from kaufhaus.story.grammar import number_of, pronoun
from kaufhaus.story.model import (
    RETURN,
    Assign,
    Choice,
    Condition,
    Item,
    Note,
    Records,
    Scene,
    Share,
    StateEffects,
    Story,
    Text,
)
from kaufhaus.story.template_base import did_you_mean
from kaufhaus.tracking.claims import USE_EVIDENCE_MAX, ClaimUse, Thresholds, use_signature
from kaufhaus.tracking.events import CONTEST_RIGHTS, Event, K, Kind
from kaufhaus.tracking.log import EventLog
from kaufhaus.tracking.numbers import NBSP
from kaufhaus.tracking.pricing import Quote
from kaufhaus.tracking.profile import ProductInfo, Profile
from kaufhaus.tracking.purposes import CONSENT_PURPOSES


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_C = TypeVar("_C", bound=_HasId)
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _transaction(
    method: Callable[Concatenate[Game, _P], _R],
) -> Callable[Concatenate[Game, _P], _R]:
    """An action happens whole or not at all.

    If anything in it fails (a template of the next scene, a ``set:``
    expression, a divert), the events it logged are taken back and the game
    is exactly as before, so the screen and the game never disagree about
    where the player is. Nothing of a failed action reaches the save.
    """

    def run(self: Game, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        if self._in_action:
            return method(self, *args, **kwargs)
        before = len(self.log)
        self._in_action = True
        try:
            return method(self, *args, **kwargs)
        except Exception:
            if len(self.log) != before:
                self._rollback(before)
            raise
        finally:
            self._in_action = False

    return wraps(method)(run)  # type: ignore[return-value]


#: What a player may type into one field; ``kaufhaus.saves`` refuses longer values.
#: 500: ``story-test`` types that much into every prompt and renders every template
#: with it, so it is known to fit (25,000 did not: the scene text grew too large).
MAX_INPUT_CHARS = 500
#: An e-mail address, as far as a shop can tell: one "@", something before it,
#: and a dot with something on either side after it; no spaces.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


#: What the player does next, after which a field's refusal no longer shows.
_CLEARS_REFUSAL = frozenset({K.CHOICE, K.BACK, K.INPUT, K.SCENE_ENTER, K.EXAMINE, K.UNDO})


def fits_input(accepts: str | None, value: str) -> bool:
    """Whether ``value`` is what a field that ``accepts`` it takes (any text without)."""
    if accepts == "email":
        return _EMAIL.fullmatch(value.strip()) is not None
    return True


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


#: The story variable a class's lesson cut sets at the start (``--lesson-cut``).
LESSON_VAR = "lesson"


def has_lesson(story: Story) -> bool:
    """Whether the pack has a lesson cut (a ``lesson`` flag among its variables)."""
    return isinstance(story.state.get(LESSON_VAR), bool)


def lesson_state(story: Story) -> dict[str, Any]:
    """The start state of the lesson cut: the pack's ``lesson`` flag set to true.

    A pack offers a shorter route for a 45-minute lesson by declaring
    ``state: {lesson: false}`` and asking ``state.lesson`` where its route
    turns off; a pack without that flag has no lesson cut (GameError says so).
    """
    if not has_lesson(story):
        raise GameError(
            f"the story {story.id!r} has no lesson cut (no 'lesson: false' under state:)"
        )
    return {LESSON_VAR: True}


class ReplayError(GameError):
    """A stored event no longer fits the story; ``index`` is where replay stopped."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"event {index}: {reason}")
        self.index = index
        self.reason = reason


class RenderError(GameError):
    """A template failed at play time; names the scene-file position."""


class _FragmentError(ValueError):
    """A fragment failed: its message names the fragment's own place."""


class UndoError(GameError):
    """Nothing to undo here (or the pack turned undo off); ``reason`` says which.

    ``reason`` is a key for the front ends' words: ``off``, ``nothing``,
    ``paid``, ``ended``.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


#: How many diverts in a row one move may follow before it is called a loop.
MAX_DIVERTS = 10
#: How many choices in a row the player can take back.
MAX_UNDO = 100
#: How many tunnels may be open at once (each waits for its ``goto: return``).
MAX_TUNNELS = 100
#: The ``args`` of a text that is no fragment, or of a fragment called without any.
_NO_ARGS: Mapping[str, Any] = MappingProxyType({})
#: How deep fragments may use fragments.
MAX_FRAGMENT_DEPTH = 8
#: Longest text a ``state:`` variable may hold (as the loader and the saves allow).
MAX_STATE_TEXT = 200


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
    #: The choice's number: its place in the scene's list as written (1-based).
    #: A hidden choice keeps its slot, so "2" names the same choice in every
    #: front end, walkthrough and lesson, whatever appears or disappears.
    number: int = 0


@dataclass(frozen=True)
class LockedChoiceView:
    """A choice shown but not to be taken now (``selectable:``), with the reason."""

    id: str
    label: str
    why_not: str


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
    #: The reply of the choice just taken (``reply:``), shown above the scene.
    reply: str | None = None
    #: What the player carries (``inventory:``), by name in the player's language.
    inventory: tuple[str, ...] = ()
    #: Whether the b key undoes something now (``back: false`` packs never).
    can_undo: bool = False
    #: The basket as a receipt: each product's name and its price as shown,
    #: so the total is the sum of prices the player sees.
    basket_items: tuple[tuple[str, str], ...] = ()
    #: Choices shown but not selectable now, each with why not (``selectable:``).
    locked: tuple[LockedChoiceView, ...] = ()

    def choice_by_ref(self, ref: str | int) -> ChoiceView | None:
        """A shown choice by id or by its number (its place in the scene as written)."""
        return by_ref(self.choices, ref, [c.number for c in self.choices])


def by_ref(choices: Sequence[_C], ref: str | int, numbers: Sequence[int]) -> _C | None:
    """A shown choice by id or by number, as players and walkthroughs name them.

    ``numbers`` are the shown choices' places in the scene as written: a
    number never shifts when a choice above it appears or disappears.
    """
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        wanted = int(ref)
        return next((c for c, n in zip(choices, numbers, strict=True) if n == wanted), None)
    return next((c for c in choices if c.id == ref), None)


def _on_screen(things: Sequence[_C], shown: Sequence[_HasId]) -> list[_C]:
    """The scene's choices (or items) that a view shows, in the scene's order."""
    ids = {s.id for s in shown}
    return [t for t in things if t.id in ids]


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
_SPACED_MARK = re.compile(r" [.,!?;:“”]")
#: A figure and its unit written with a plain space ("über 90 %", "{{ p }} €"): the
#: space becomes the non-breaking one the formatter uses, so no line ends between them.
_SPACED_UNIT = re.compile(r"(?<=\d) (?=[%€])")
#: A sentence that starts with a name written in lower case (English products are:
#: "home-brew beer keg"), after a full stop, "!" or "?" (not "…", not "e.g.").
_LOWER_START = re.compile(r"(?<![.…]\w)(?<![.…])([.!?]\s+)([a-z])")


def _sentence_case(text: str) -> str:
    """English sentences begin with a capital, whatever value a template put first."""
    return _LOWER_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def _tidy(text: str) -> str:
    """Collapse the gaps that optional template parts leave behind.

    Every text on screen passes here, and most have no gap: each step runs
    only where its pattern can match (the regular expressions cost more than
    the rest of rendering a label).
    """
    text = text.strip()
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    if "\n" in text:
        text = "\n".join(line.strip() for line in text.split("\n"))
    if _SPACED_MARK.search(text):
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    if " %" in text or " €" in text:
        text = _SPACED_UNIT.sub(NBSP, text)
    return text


def catalogue_info(story: Story) -> dict[str, ProductInfo]:
    return {
        pid: ProductInfo(
            pid,
            p.category,
            p.price,
            p.sensitive,
            {lang: p.name.source(lang) for lang in story.languages},
            {lang: story.category_name(p.category, lang) for lang in story.languages},
            {lang: number_of(p, lang) == "pl" for lang in story.languages},
            {
                lang: {case: pronoun(p, lang, case) for case in ("nom", "acc")}
                for lang in story.languages
            },
        )
        for pid, p in story.catalogue.items()
    }


def places_info(story: Story) -> dict[str, dict[str, str]]:
    """Each scene's place per language: where the profile says time was spent."""
    return {
        sid: {lang: scene.place.source(lang) for lang in story.languages}
        for sid, scene in story.scenes.items()
        if scene.place is not None
    }


class Game:
    def __init__(
        self,
        story: Story,
        *,
        seed: int = 0,
        lang: str = "de",
        record_shown: bool = True,
        session: str = "",
    ) -> None:
        """``record_shown=False`` skips rendering each entered scene twice (for the
        player and the neutral shopper) while replaying a save: only the dossier
        needs those texts, and :meth:`shown_so_far` renders them when it asks.
        ``session`` names this game (the save header keeps it): the dossier's IRI."""
        if lang not in story.languages:
            lang = story.languages[0]
        self.story = story
        self.seed = seed
        self.session = session
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
        places = places_info(story)
        self.profile = Profile(self._catalogue, self.thresholds, story.unobserved, places)
        self._neutral = Profile(self._catalogue, self.thresholds, story.unobserved, places)
        self.scene_id = story.start
        self._pending: str | None = story.start
        #: The scenes walked through, newest first, as linked pairs (scene, rest):
        #: an undo point keeps a reference instead of copying the whole path.
        self._trail: tuple[str, Any] | None = None
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
        # The author's state (docs/authoring-syntax.md): what undo restores.
        self.state: dict[str, bool | int | float | str] = dict(story.state)
        self.inventory: list[str] = [tid for tid, th in story.things.items() if th.start]
        self.turns = 0
        self.once_taken: set[str] = set()  # "scene/choice" of once-only choices taken
        self.tunnels: list[str] = []  # where each open tunnel returns to
        #: How often each text has been shown, for ``seq``/``cycle``/``shuffle``:
        #: "scene:id" (each entry, each reply that stays), "choice:scene/id" (each
        #: time taken: its reply), "item:scene/id" (each time examined).
        self.shows: dict[str, int] = {}
        self._text_key: str | None = None  # the text rendering now, if not the scene's
        #: The text rendering now (its place in the pack) and its shuffle() calls so far.
        self._rendering: tuple[str, list[int]] = ("", [0])
        self.reply: tuple[str, str] | None = None  # (scene, choice) whose reply shows
        #: The scene whose field just refused what was typed (its ``refusal`` shows).
        self.refused: str | None = None
        #: Per decision still undoable: the id of its first event, and the story
        #: as it was just before it (see :meth:`_snapshot`).
        self._undo_points: list[tuple[int, tuple[Any, ...]]] = []
        self._decision_open = False
        self._undoing: tuple[Any, ...] | None = None
        self._in_action = False
        self._follow_diverts = True  # only check's probe walks in without them
        self._names_cache: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        #: The view the last action rendered and logged the uses of, with the log
        #: length, language and scene it is true for: :meth:`view` hands out this
        #: very view while nothing has happened since, so the player sees what was
        #: logged.
        self._kept_view: tuple[tuple[int, str, str], SceneView] | None = None

    def __getstate__(self) -> dict[str, Any]:
        """For copies (``story-test`` pickles games): without the cached template names
        and the kept view (a copy plays on, so it renders its own)."""
        state = self.__dict__.copy()
        state["_names_cache"] = None
        state["_kept_view"] = None
        return state

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

    def _rollback(self, length: int) -> None:
        """Back to the game after the first ``length`` events, by replaying them."""
        again = Game(
            self.story,
            seed=self.seed,
            lang=self.lang,
            record_shown=self._records_shown,
            session=self.session,
        )
        for event in self.log.events()[:length]:
            again.replay_event(event)
        in_action = self._in_action
        self.__dict__.update(again.__dict__)
        self._in_action = in_action

    # ------------------------------------------------------------------ undo
    def _snapshot(self) -> tuple[Any, ...]:
        """The story as it is now: what an undo of the next decision restores.

        The same as replaying the log up to here would give for the story;
        the shop's conclusions are not in it (the shop does not forget).
        """
        return (
            self.scene_id,
            self._trail,
            dict(self.inputs),
            set(self.examined),
            dict(self.state),
            list(self.inventory),
            self.turns,
            set(self.once_taken),
            list(self.tunnels),
            dict(self.shows),
        )

    def _restore(self, snapshot: tuple[Any, ...]) -> None:
        (
            self.scene_id,
            self._trail,
            inputs,
            examined,
            state,
            inventory,
            self.turns,
            once,
            tunnels,
            shows,
        ) = snapshot
        self.inputs = dict(inputs)
        self.examined = set(examined)
        self.state = dict(state)
        self.inventory = list(inventory)
        self.once_taken = set(once)
        self.tunnels = list(tunnels)
        self.shows = dict(shows)
        self.reply = None
        self.refused = None

    @property
    def history(self) -> list[str]:
        """The scenes walked through before this one, oldest first (old-style back)."""
        out: list[str] = []
        trail = self._trail
        while trail is not None:
            out.append(trail[0])
            trail = trail[1]
        return out[::-1]

    @property
    def can_undo(self) -> bool:
        return self._undo_problem() is None

    @property
    def undo_target(self) -> str | None:
        """The scene an undo would return to now (None if there is nothing to undo)."""
        return str(self._undo_points[-1][1][0]) if self.can_undo else None

    def _undo_problem(self) -> UndoError | None:
        if self.story.back == "off":
            return UndoError("off", "this story has no undo (back: false)")
        if not self.started or self.ended:
            return UndoError("ended", "the story is over: nothing to undo")
        if not self._undo_points:
            if self.payments:
                return UndoError("paid", "paid is paid: a payment cannot be undone")
            return UndoError("nothing", "there is nothing to undo")
        return None

    def basket(self) -> list[str]:
        return self.profile.basket()

    # ------------------------------------------------------------------ actions
    @_transaction
    def start(
        self,
        t: float = 0.0,
        fingerprint: dict[str, Any] | None = None,
        cookie: dict[str, Any] | None = None,
        *,
        render: bool = True,
        state: Mapping[str, Any] | None = None,
    ) -> None:
        """Begin the session: log the device fingerprint and any cookie found.

        ``render=False`` (for ``check``'s probe) enters the start scene
        without rendering it or following its diverts, so a broken start
        scene can still be probed. ``state`` sets declared variables before
        the start scene is entered (a class's lesson cut: ``{"lesson": True}``),
        each as a logged state event, so a replay takes the same way.
        """
        if self.started:
            raise GameError("the game has already started")
        # What the device and the cookie report comes from outside the pack:
        # through the same gate as typed text.
        data = neutralise_data(dict(fingerprint or {}))
        if cookie:
            data["cookie"] = neutralise_data(dict(cookie))
        self._follow_diverts = render
        self._ingest(K.SESSION_START, t, self.scene_id, None, data)
        for var, value in (state or {}).items():
            self._ingest(K.STATE, t, self.scene_id, var, {"value": value})
        self._enter(self.story.start, t)
        if render:
            self._log_uses(t)

    @_transaction
    def choose(self, ref: str | int, t: float) -> Event:
        choice = self._shown_choice(ref)
        if choice.effects.consent:
            self._ingest(K.CONSENT, t, self.scene_id, choice.id, {"choice": choice.effects.consent})
        if choice.effects.coupon:
            self._coupon(choice.effects.coupon, choice, t)
        else:
            for offered in list(self._coupons_offered):
                self._coupon("ignore", self.scene.choice(offered), t)
        data: dict[str, Any] = {"hesitation": round(max(0.0, t - self._entered_at), 3)}
        if choice.stay:
            data["stay"] = True
        elif choice.goto == RETURN:
            data["goto"] = self._return_to(choice)
            data["return"] = True
        else:
            data["goto"] = choice.goto
            if choice.tunnel:
                data["tunnel"] = True
            elif choice.ends_tunnel:
                self._return_to(choice)  # only out of an open tunnel
                data["return"] = True
        if choice.product:
            data["product"] = choice.product
        if choice.effects.take:
            data["take"] = list(choice.effects.take)
        # Only what is in the basket can leave it: the log says what really happened.
        dropped = [pid for pid in choice.effects.drop if pid in self.profile.basket_items]
        if dropped:
            data["drop"] = dropped
        if choice.effects.buy:
            # The price paid is the price posted: what the till showed, to the cent.
            data["buy"] = True
            data["paid_cents"] = {pid: self._posted_cents(pid, t) for pid in self.basket()}
        event = self._ingest(K.CHOICE, t, self.scene_id, choice.id, data)
        self._change_state(choice.state, f"choice:{self.scene_id}/{choice.id}", t)
        self._record(choice.records, event, t)
        if not choice.stay:
            self._leave(t)
            self._enter(str(data["goto"]), t)
        else:
            self._divert_in_place(t)
        self._log_uses(t)
        return event

    def back(self, t: float) -> Event:
        """The b key: undo the last choice (see :meth:`undo`)."""
        return self.undo(t)

    @_transaction
    def undo(self, t: float) -> Event:
        """Take back the last choice: the story returns to just before it.

        The undo is an event like any other (the log only grows); scene,
        state, inventory, turns, visits, basket and typed inputs are as they
        were, while everything the shop observed stays in its profile.
        """
        problem = self._undo_problem()
        if problem is not None:
            raise problem
        undone, snapshot = self._undo_points[-1]
        target = str(snapshot[0])
        data = {"goto": target, "undone": undone}
        event = self._ingest(K.UNDO, t, self.scene_id, target, data)
        self._leave(t)
        self._enter(target, t, undo=True)
        self._log_uses(t)
        return event

    @_transaction
    def examine(self, item_id: str, t: float) -> tuple[Event, str]:
        items = self._shown_items()
        item = next((i for i in items if i.id == item_id), None)
        if item is None:
            raise GameError(self._no_such("item", item_id, [i.id for i in items]))
        data = {"product": item.product} if item.product else {}
        event = self._ingest(K.EXAMINE, t, self.scene_id, item_id, data)
        if item.price_tag and item.product:
            self._look_price(item.product, t)
        self._change_state(item.state, f"item:{self.scene_id}/{item.id}", t)
        self._record(item.records, event, t)
        text = self._log_uses(t, item) or ""  # read (and its claims logged) before any move
        if self._divert_in_place(t):
            self._log_uses(t)  # the scene it led to, as shown
        return event, text

    @_transaction
    def highlight(self, ref: str | int, t: float, *, source: str = "keyboard") -> Event:
        """A choice was highlighted (keyboard) without being taken: the twitching hand."""
        chosen = self._shown_choice(ref)
        data: dict[str, Any] = {"source": source}
        if chosen.product:
            data["product"] = chosen.product
        event = self._ingest(K.HIGHLIGHT, t, self.scene_id, chosen.id, data)
        self._log_uses(t)
        return event

    @_transaction
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

    @_transaction
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

    @_transaction
    def type_text(self, value: str, t: float) -> Event:
        prompt = self.scene.input
        if prompt is None:
            raise GameError(f"scene {self.scene_id!r} does not ask for any input")
        # The gate all player text passes on its way in (a save's texts pass it too):
        # what was typed is kept with every control shown, never obeyed, wherever
        # it is drawn later. The limit holds for the text as it will be drawn.
        value = neutralise(str(value))
        if len(value) > MAX_INPUT_CHARS:  # or the save could not be loaded again
            raise GameError(f"at most {MAX_INPUT_CHARS} characters, not {len(value)}")
        data: dict[str, Any] = {"value": value}
        if not fits_input(prompt.accepts, value):
            # Logged exactly as typed (every typed text is an event), but not taken:
            # the file does not call a name an e-mail address.
            data["refused"] = True
        event = self._ingest(K.INPUT, t, self.scene_id, prompt.key, data)
        self._divert_in_place(t)
        self._log_uses(t)
        return event

    @_transaction
    def idle(self, seconds: float, t: float) -> Event:
        event = self._ingest(K.IDLE, t, self.scene_id, None, {"seconds": float(seconds)})
        self._log_uses(t)
        return event

    def note(self, kind: Kind, t: float, data: dict[str, Any] | None = None) -> Event:
        """Record a save or quit: the shop logs those too."""
        if kind not in (K.SAVE, K.QUIT):
            raise GameError(f"cannot note {kind}")
        return self._ingest(kind, t, self.scene_id, None, data or {})

    def contest(self, right: str, conclusion: str, t: float) -> Event:
        """The player exercised ``right`` against ``conclusion`` (its key): on the record.

        Made from the reveal, after the ending as before it; nothing about the
        player changes (``Profile.apply`` reads no signal from it), but the
        dossier lists it as a right-exercise record and answers it.
        """
        return self._ingest(K.CONTEST, t, self.scene_id, conclusion, {"right": right})

    @_transaction
    def settle(self) -> None:
        """After a cut-off replay: finish a move that was decided but never arrived."""
        if self.started and self._pending is not None:
            if self._pending not in self.story.scenes:
                self._pending = self.scene_id
            # An undo cut off before its arrival still arrives as an undo.
            self._enter(self._pending, self.now, undo=self._undoing is not None)
            self._log_uses(self.now)

    # ---------------------------------------------------------------- internals
    def _shown_choices(self, context: dict[str, Any] | None = None) -> list[Choice]:
        """The choices whose ``when:`` holds now: what the player is offered.

        A once-only choice taken before is gone (whatever its condition).
        Without a ``context``, these are the choices of the view on screen.
        """
        if context is None:
            view = self._kept()
            if view is not None:
                return _on_screen(self.scene.choices, view.choices)
            context = self.template_context()
        taken = self.once_taken
        return [
            c
            for c in self.scene.choices
            if not (c.once and self._once_key(c) in taken)
            and self.holds(c.when, context)
            and self.holds(c.selectable, context)
        ]

    def _locked_choices(self, context: dict[str, Any]) -> list[Choice]:
        """Choices offered (``when:`` holds) but not selectable now: shown with why not."""
        taken = self.once_taken
        return [
            c
            for c in self.scene.choices
            if c.selectable is not None
            and not (c.once and self._once_key(c) in taken)
            and self.holds(c.when, context)
            and not self.holds(c.selectable, context)
        ]

    def _once_key(self, choice: Choice) -> str:
        """ "scene/choice" of a once-only choice, in the scene it was written in: one
        gathered by ``choices_from:`` and taken here is gone there too (as in Ink)."""
        return f"{choice.origin or self.scene_id}/{choice.id}"

    def _return_to(self, choice: Choice) -> str:
        """Where ``goto: return`` leads now: the scene the last tunnel started from."""
        if not self.tunnels:
            raise RenderError(
                f"{choice.goto_pos}: choice {choice.id!r} returns, but no tunnel led here"
            )
        return self.tunnels[-1]

    def _change_state(self, effects: StateEffects, owner: str, t: float) -> None:
        """Log a ``state`` event per variable set and thing given or removed."""
        if not effects:
            return
        for assign in effects.set:
            value = self._assigned(assign, owner)
            self._ingest(K.STATE, t, self.scene_id, assign.var, {"value": value})
        for thing in effects.give:
            if thing not in self.inventory:
                self._ingest(K.STATE, t, self.scene_id, thing, {"carried": True})
        for thing in effects.remove:
            if thing in self.inventory:
                self._ingest(K.STATE, t, self.scene_id, thing, {"carried": False})

    def _assigned(self, assign: Assign, owner: str) -> bool | int | float | str:
        """The new value of a ``set:`` entry, checked against the variable's type."""
        var = assign.var
        current = self.state[var]
        value: Any
        if assign.add is not None:
            if isinstance(current, bool) or not isinstance(current, (int, float)):
                raise RenderError(
                    f"{assign.pos}: set {var}: adds to a number, but {var} is not one"
                )
            value = current + assign.add
            if isinstance(current, int) and float(assign.add).is_integer():
                value = int(value)
        elif assign.expr is not None:
            context = self.template_context()
            # The die is fixed by the seed and by where the story stands, all of it
            # restored by undo (turns, how often this choice/item/entry happened):
            # undo and take the choice again, and the same number comes up.
            showings = self.shows.get(owner, 0)
            context["roll"] = Dice(f"{self.seed}:{self.turns}:{owner}:{showings}:{var}")
            try:
                value = assign.expr.compiled(**context)
            except _TEMPLATE_FAILURES as exc:
                raise RenderError(f"{assign.expr.pos}: set {var} failed: {exc}") from None
        else:
            value = assign.literal
        return self._typed(var, value, assign)

    def _typed(self, var: str, value: Any, assign: Assign) -> bool | int | float | str:
        checked = self._kind_checked(var, value, assign)
        bounds = self.story.ranges.get(var)
        if bounds is not None and not bounds.allows(checked):
            raise RenderError(
                f"{assign.pos}: set {var}: {checked!r} is outside the range of {var} "
                f"({bounds.describe()})"
            )
        return checked

    def _kind_checked(self, var: str, value: Any, assign: Assign) -> bool | int | float | str:
        declared = self.story.state[var]
        if isinstance(declared, bool):
            if isinstance(value, bool):
                return value
            want = "true or false"
        elif isinstance(declared, (int, float)):
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and math.isfinite(value)
                and abs(value) < 1e12
            ):
                return value
            want = "a number"
        else:
            if isinstance(value, str) and len(value) <= MAX_STATE_TEXT:
                return value
            want = f"a text of at most {MAX_STATE_TEXT} characters"
        shown = repr(value) if len(repr(value)) < 60 else repr(value)[:57] + "..."
        raise RenderError(f"{assign.pos}: set {var}: {var} holds {want}, not {shown}")

    def _resolve_divert(self, scene_id: str) -> tuple[str, list[str]]:
        """Where a move to ``scene_id`` really arrives, following ``divert:``.

        Each scene's diverts are checked in order; the first whose ``when:``
        holds sends the player on. Returns the scene and the scenes passed by.
        """
        passed: list[str] = []
        current = scene_id
        while self._follow_diverts:
            scene = self.story.scenes.get(current)
            if scene is None or not scene.divert:
                return current, passed
            context = self.template_context()
            divert = next((d for d in scene.divert if self.holds(d.when, context)), None)
            if divert is None:
                return current, passed
            passed.append(current)
            current = divert.goto
            if current not in self.story.scenes:  # check refuses it; never a KeyError
                raise RenderError(f"{divert.pos}: divert to unknown scene {current!r}")
            if len(passed) > MAX_DIVERTS:
                route = " -> ".join([*passed, current])
                raise RenderError(
                    f"{divert.pos}: divert loop: more than {MAX_DIVERTS} diverts in a row ({route})"
                )
        return current, passed

    def _shown_items(self, context: dict[str, Any] | None = None) -> list[Item]:
        """The items whose ``when:`` holds now (without a ``context``: those on screen)."""
        if context is None:
            view = self._kept()
            if view is not None:
                return _on_screen(self.scene.items, view.items)
            context = self.template_context()
        return [i for i in self.scene.items if self.holds(i.when, context)]

    def choice_number(self, choice: Choice) -> int:
        """A choice's number: its 1-based place in the scene's list as written."""
        for n, written in enumerate(self.scene.choices, start=1):
            if written is choice or written.id == choice.id:
                return n
        return 0

    def _shown_choice(self, ref: str | int) -> Choice:
        """A shown choice by id or 1-based position; GameError naming the others if none."""
        choices = self._shown_choices()
        chosen = by_ref(choices, ref, [self.choice_number(c) for c in choices])
        if chosen is None:
            raise GameError(self._no_such("choice", ref, [c.id for c in choices]))
        return chosen

    def _no_such(self, what: str, ref: object, options: list[str]) -> str:
        shown = ", ".join(options) or "none"
        near = did_you_mean(ref, options) if isinstance(ref, str) else ""
        return f"no {what} {ref!r} in scene {self.scene_id!r} (available: {shown})" + (
            f"; {near}" if near else ""
        )

    def _enter(
        self,
        scene_id: str,
        t: float,
        *,
        back: bool = False,
        undo: bool = False,
        settle: bool = True,
    ) -> None:
        passed: list[str] = []
        if not (back or undo):
            scene_id, passed = self._resolve_divert(scene_id)
        scene = self.story.scene(scene_id)
        featured = list(
            dict.fromkeys(
                [i.product for i in scene.items if i.product]
                + [c.product for c in scene.choices if c.product]
            )
        )
        # Prices the player has seen stand until the shop changes them, and it
        # changes them on the record, only on the way into a scene that says so
        # (``reprice:``): there the text must tell the player (story-test checks).
        for pid in sorted(self._repriced(scene, featured)):
            posted = self.profile.posted.get(pid)
            if posted is not None:
                fresh = quote_for(self.story, self.profile, pid)
                if fresh.cents != posted.cents:
                    self._post(fresh, t, K.PRICE_CHANGE, old=posted.cents)
        # An undo returns to a visit (the profile has taken the later ones back).
        visit = self.profile.visits.get(scene_id, 0) + (0 if undo else 1)
        data: dict[str, Any] = {
            "place": self.place_name(scene),
            "featured": featured,
            "visit": visit,
            # Whom the shop offers a coupon here: decided now, standing for the visit.
            "coupons": [p for p in featured if quote_for(self.story, self.profile, p).coupon],
        }
        if back:
            data["back"] = True
        if undo:
            data["undo"] = True
        if passed:
            data["divert"] = passed
        entered = self._ingest(K.SCENE_ENTER, t, scene_id, scene_id, data)
        if not (back or undo):  # an undo returns to a visit: its notes stand, none new
            self._record(scene.records, entered, t)
            if scene.on_enter:
                self._on_enter(scene, entered, t)
                if settle:  # what entering did may make the scene divert at once
                    self._divert_in_place(t)
        # Coupons on offer here are logged as shown; leaving without one, as ignored.
        for choice in self._shown_choices():
            if choice.effects.coupon == "take":
                self._coupon("shown", choice, t)

    def _repriced(self, scene: Scene, featured: list[str]) -> set[str]:
        """The products whose price the shop may re-quote on entering ``scene``."""
        if scene.reprice is False:
            return set()
        shown = set(featured) | set(self.basket())
        return shown if scene.reprice is True else shown & set(scene.reprice)

    # ------------------------------------------------- what the shop writes down
    def _record(self, records: Records, by: Event, t: float) -> None:
        """Make the notes and shares a scene, choice or item declares, on the record."""
        if not records:
            return
        context = self.template_context()
        for note in records.notes:
            if not self._purpose_allowed(note.purpose):
                continue
            grounds = self._note_grounds(note.when)
            if grounds is not None:
                self._make_note(note, by, t, grounds)
        for share in records.shares:
            if self.holds(share.when, context):
                self._share(share, t)

    def _purpose_allowed(self, purpose: str) -> bool:
        """A purpose that needs consent is allowed only while granted."""
        return purpose not in CONSENT_PURPOSES or self.profile.allowed(purpose)

    def _note_grounds(self, when: Condition | None) -> tuple[int, ...] | None:
        """Whether a note's ``when`` holds (None if not), and the events of the file
        it read to decide: "Läuft nicht zielstrebig" rests on the decisions whose
        times ``shop.hesitation`` averaged, not only on the entry that wrote it."""
        if when is None:
            return ()
        read = Recorder()
        if not self._evaluate(when, self.template_context(recorder=read)):
            return None
        ids = {i for use in read.uses.values() if use.supported for i in use.evidence}
        return tuple(sorted(ids))[-USE_EVIDENCE_MAX:]

    def _make_note(self, note: Note, by: Event, t: float, grounds: tuple[int, ...] = ()) -> None:
        words: dict[str, str] = {}
        read = Recorder()
        for lang in self.story.languages:
            words[lang] = self._render_in(lang, note.text, read)
        if self.profile.notes.get(note.id, ({}, -1, -1))[0] == words:
            return  # written down already, word for word
        # The note rests on what its words read, too: a shoe size worked out from
        # the device's number cites the entry that number comes from.
        said = {i for use in read.uses.values() if use.supported for i in use.evidence}
        if said - set(grounds):
            grounds = tuple(sorted(set(grounds) | said))[-USE_EVIDENCE_MAX:]
        data: dict[str, Any] = {"by": by.id, "text": words, "purpose": note.purpose}
        if note.special:
            data["special"] = note.special
        if note.said:
            data["said"] = True
        if grounds:
            data["grounds"] = list(grounds)
        self._ingest(K.NOTE, t, self.scene_id, note.id, data)

    def _render_in(self, lang: str, text: Text, recorder: Recorder | None = None) -> str:
        """A text rendered in ``lang`` (a note is kept in every language of the pack)."""
        spoken = self.lang
        self.lang = lang
        try:
            return self.render_text(text, self.template_context(recorder=recorder))
        finally:
            self.lang = spoken

    def _share(self, share: Share, t: float) -> None:
        recipient = self.story.recipients.get(share.to)
        if recipient is None or not self._purpose_allowed(recipient.purpose):
            return  # no consent for what the recipient does with it: nothing goes out
        already = self.profile.sent.get(share.to, {})
        sent = []
        for key in share.what:
            claim = self.profile.claim(key)
            if claim is None:
                continue  # the file does not hold it: there is nothing to send
            use = ClaimUse.of(claim)
            if already.get(key, (None,))[0] != use.value:
                sent.append(use.as_dict())
        if sent:
            data = {"to": share.to, "purpose": recipient.purpose, "claims": sent}
            self._ingest(K.TRANSFER, t, self.scene_id, share.to, data)

    def _coupon(self, action: str, choice: Choice | None, t: float) -> None:
        product = choice.product if choice else None
        data: dict[str, Any] = {"action": action, "choice": choice.id if choice else None}
        if product:
            data["product"] = product
            if action == "shown":  # the offer carries its reason, as the file will say it
                data["rule"] = quote_for(self.story, self.profile, product).rule
                data["price_sensitivity"] = round(self.profile.price_sensitivity(), 4)
        self._ingest(K.COUPON, t, self.scene_id, product, data)

    def _leave(self, t: float, *, divert: bool = False) -> None:
        dwell = max(0.0, t - self._entered_at)
        data: dict[str, Any] = {"dwell": round(dwell, 3)}
        if divert:
            data["diverted"] = True  # no decision: the scene's divert holds now
        self._ingest(K.SCENE_LEAVE, t, self.scene_id, self.scene_id, data)

    def _divert_in_place(self, t: float) -> bool:
        """Diverts are checked after every action in a scene, not only on the way in.

        A reply that stays, an item examined, a text typed or the scene's own
        ``on_enter:`` can make a divert of the scene the player is in hold: the
        player leaves as if they had just arrived (the log says so: a leave with
        ``diverted``, then the arrival with the scenes passed by). Returns whether
        the player moved.
        """
        moved = False
        for _ in range(MAX_DIVERTS + 1):
            if not self._follow_diverts or self.ended or not self.scene.divert:
                return moved
            context = self.template_context()
            divert = next((d for d in self.scene.divert if self.holds(d.when, context)), None)
            if divert is None:
                return moved
            self._leave(t, divert=True)
            self._enter(self.scene_id, t, settle=False)
            moved = True
        raise RenderError(f"{self.scene.pos}: divert loop: the scene diverts after every arrival")

    def _on_enter(self, scene: Scene, entered: Event, t: float) -> None:
        """The scene's ``on_enter:`` effects, each whose ``when:`` holds, in order."""
        for effect in scene.on_enter:
            if self.holds(effect.when):
                self._change_state(effect.state, f"scene:{scene.id}", t)
                self._record(effect.records, entered, t)

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
        the player saw, each price shown and each claim the text made. The
        view is rendered once, here: it is kept, and :meth:`view` hands this
        very view to the front end (the prices and claims logged after it are
        the shop's own records and change nothing on screen).
        Returns the examined item's text when ``item`` is given.
        """
        recorder = Recorder()
        context = self.template_context(recorder=recorder)
        self._recorder = recorder
        try:
            view = self._view(context)
            text = (
                self._render_as(f"item:{self.scene_id}/{item.id}", item.text, context)
                if item is not None
                else None
            )
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
        self._kept_view = ((len(self.log), self.lang, self.scene_id), view)
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
            self._check_enter(target, data)
        elif kind is not K.SESSION_START and scene != self.scene_id:
            raise GameError(f"{kind} in scene {scene!r}, but the player is in {self.scene_id!r}")
        if self._pending is not None and kind not in (
            K.SCENE_ENTER,
            K.SESSION_START,
            K.SCENE_LEAVE,
            K.PRICE_CHANGE,
            K.STATE,
            K.NOTE,
            K.TRANSFER,
        ):
            raise GameError(f"{kind} while moving to {self._pending!r}")
        if kind is K.CHOICE:
            self._check_choice(target, data)
        elif kind is K.BACK and (self._trail is None or self._trail[0] != target):
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
            if not data.get("diverted") or not self._resolve_divert(self.scene_id)[1]:
                raise GameError("left a scene without deciding to")
        elif kind is K.STATE:
            self._check_state(target, data)
        elif kind is K.NOTE:
            self._check_note(target, data)
        elif kind is K.TRANSFER and (
            target not in self.story.recipients or data.get("to") != target
        ):
            raise GameError(f"a transfer to {target!r}, whom this story does not know")
        elif kind is K.CONTEST and (data.get("right") not in CONTEST_RIGHTS or not target):
            raise GameError(f"no right {data.get('right')!r} to exercise against {target!r}")
        elif kind is K.UNDO:
            problem = self._undo_problem()
            if problem is not None:
                raise problem
            undone, snapshot = self._undo_points[-1]
            if data.get("undone") != undone or target != snapshot[0] or data.get("goto") != target:
                raise GameError("the undo does not take back the last choice")
        elif kind in (K.PRICE_SHOWN, K.PRICE_CHANGE) and (
            self.story.product(str(target)) is None or data.get("product") != target
        ):
            raise GameError(f"a price for {target!r}, which the catalogue does not hold")
        if not self._decision_open and (
            kind is K.CHOICE
            or kind is K.CONSENT
            or kind is K.BACK
            or (kind is K.COUPON and data.get("action") in ("take", "ignore"))
        ):
            # A decision begins: remember the story as it is, for an undo.
            self._undo_points.append((len(self.log), self._snapshot()))
            if len(self._undo_points) > MAX_UNDO:
                del self._undo_points[0]
            self._decision_open = True
        if stored is not None:
            event = self.log.adopt(stored)
        else:
            event = self.log.append(kind, t, scene, target, data)
        self._apply(event)
        return event

    def _check_enter(self, target: str | None, data: dict[str, Any]) -> None:
        passed: list[str] = []
        if data.get("undo") or data.get("back"):
            expected = self._pending
        elif self._pending is None:
            expected = None
        else:
            expected, passed = self._resolve_divert(self._pending)
        if target != expected:
            raise GameError(f"entered {target!r} but the last decision led to {expected!r}")
        if target not in self.story.scenes:
            raise GameError(f"scene {target!r} no longer exists")
        if list(data.get("divert") or []) != passed:
            raise GameError(f"entered {target!r} by another way than the story diverts now")
        if data.get("undo") and self._undoing is None:
            raise GameError("an undo arrival without an undo")

    def _check_state(self, target: str | None, data: dict[str, Any]) -> None:
        if target in self.story.state and set(data) == {"value"}:
            value = data["value"]
            declared = self.story.state[target]
            fits = (
                isinstance(value, bool)
                if isinstance(declared, bool)
                else (
                    isinstance(value, (int, float))
                    and not isinstance(value, bool)
                    and math.isfinite(value)
                )
                if isinstance(declared, (int, float))
                else isinstance(value, str) and len(value) <= MAX_STATE_TEXT
            )
            if not fits:
                raise GameError(f"{target} cannot hold {value!r}")
        elif target in self.story.things and set(data) == {"carried"}:
            if not isinstance(data["carried"], bool):
                raise GameError(f"carrying {target!r} must be true or false")
        else:
            raise GameError(f"{target!r} is no state variable or thing of this story")

    def _check_note(self, target: str | None, data: dict[str, Any]) -> None:
        if target not in self.story.notes:
            raise GameError(f"a note {target!r}, which this story never makes")
        by, words = data.get("by"), data.get("text")
        if not isinstance(by, int) or isinstance(by, bool) or not 0 <= by < len(self.log):
            raise GameError(f"the note {target!r} names no earlier event")
        if not isinstance(words, dict) or not all(
            isinstance(words.get(lang), str) for lang in self.story.languages
        ):
            raise GameError(f"the note {target!r} has no words in {self.story.languages}")

    def _check_choice(self, target: str | None, data: dict[str, Any]) -> None:
        choice = self.scene.choice(str(target))
        if choice is None:
            raise GameError(f"choice {target!r} no longer exists in scene {self.scene_id!r}")
        if choice.once and self._once_key(choice) in self.once_taken:
            raise GameError(f"choice {target!r} was taken once already")
        if not self.holds(choice.when):
            raise GameError(f"choice {target!r} is not available in scene {self.scene_id!r}")
        if not self.holds(choice.selectable):
            raise GameError(f"choice {target!r} cannot be taken now in scene {self.scene_id!r}")
        if choice.stay:
            if not data.get("stay") or "goto" in data:
                raise GameError(f"choice {target!r} now stays in {self.scene_id!r}")
            return
        if choice.tunnel and len(self.tunnels) >= MAX_TUNNELS:
            raise GameError(f"{choice.pos}: more than {MAX_TUNNELS} tunnels open at once")
        goto = self._return_to(choice) if choice.goto == RETURN else choice.goto
        if choice.ends_tunnel:
            self._return_to(choice)
        if data.get("goto") != goto or bool(data.get("stay")):
            raise GameError(f"choice {target!r} now leads to {goto!r}, not {data.get('goto')!r}")

    def _apply(self, event: Event) -> None:
        kind = event.kind
        if kind in _CLEARS_REFUSAL:
            self.refused = None
        if kind is K.SCENE_ENTER and event.data.get("undo") and self._undoing is not None:
            self._restore(self._undoing)  # before the profiles see the arrival
            self._undoing = None
        self._neutral.apply_facts(event)
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
        if kind is K.STATE:
            self.profile.apply(event)
            target = str(event.target)
            if "value" in event.data:
                self.state[target] = event.data["value"]
            elif event.data.get("carried"):
                if target not in self.inventory:
                    self.inventory.append(target)
            elif target in self.inventory:
                self.inventory.remove(target)
            return
        if kind is K.UNDO:
            self.profile.apply(event)  # visits and basket as before the undone decision
            self._pending = str(event.target)
            self._undoing = self._undo_points.pop()[1]
            self._decision_open = False
            return
        if kind is K.SCENE_ENTER:
            self._coupons_offered = []
            self._decision_open = False
            self.profile.apply(event)
            self._pending = None
            if self._entered_once and not event.data.get("back") and not event.data.get("undo"):
                self._trail = (self.scene_id, self._trail)
            self._entered_once = True
            self._entered_at = event.t
            self.scene_id = str(event.target)
            if not event.data.get("undo"):  # an undo returns to a showing, not a new one
                self._shown_again(f"scene:{self.scene_id}")
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
        if kind is K.CHOICE:
            self.profile.apply(event)
            self.turns += 1
            choice = self.scene.choice(str(event.target))
            self.reply = (self.scene_id, choice.id) if choice and choice.reply else None
            self._shown_again(f"choice:{self.scene_id}/{event.target}")
            if event.data.get("stay"):  # the scene is shown again, under its reply
                self._shown_again(f"scene:{self.scene_id}")
            if choice is not None and choice.once:
                self.once_taken.add(self._once_key(choice))
            if event.data.get("buy"):
                self._undo_points.clear()  # paid is paid
            if event.data.get("stay"):
                self._decision_open = False  # the reply is all: the decision is done
                return
            if event.data.get("tunnel"):
                self.tunnels.append(self.scene_id)
            elif event.data.get("return") and self.tunnels:
                self.tunnels.pop()
            self._pending = str(event.data.get("goto"))
            return
        if kind is K.SCENE_LEAVE and event.data.get("diverted") and self._pending is None:
            self._pending = self.scene_id  # the divert decides, as a choice would
        if kind is K.BACK:
            self.profile.apply(event)
            self.reply = None
            self._pending = str(event.data.get("goto"))
            if self._trail is not None:
                self._trail = self._trail[1]
            return
        if kind is K.EXAMINE and event.target:
            self.examined.add(event.target)
            self._shown_again(f"item:{self.scene_id}/{event.target}")
        if kind is K.INPUT and event.target:
            if event.data.get("refused"):
                self.refused = self.scene_id
            else:
                self.inputs[event.target] = str(event.data.get("value", ""))
        self.profile.apply(event)

    def _shown_again(self, key: str) -> None:
        self.shows[key] = self.shows.get(key, 0) + 1

    def _showing(self) -> tuple[str, int]:
        """The text rendering now and how often it has been shown (this time included)."""
        key = self._text_key or f"scene:{self.scene_id}"
        return key, self.shows.get(key, 0)

    def _draw(self) -> str:
        """A name for one ``shuffle()`` call: its text's place and its turn in that text."""
        place, calls = self._rendering
        calls[0] += 1
        return f"{place}#{calls[0]}"

    def _render_as(self, key: str, text: Text, context: dict[str, Any]) -> str:
        """Render a reply or an item's text: its sequences count its own showings."""
        outer = self._text_key
        self._text_key = key
        try:
            return self.render_text(text, context)
        finally:
            self._text_key = outer

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
        context = template_context(
            self.story,
            profile,
            self.lang,
            self.seed,
            self.scene_id,
            self.inputs,
            profile.basket(),
            seen,
            # What the shop observed: the file's "observed" rows (not its own
            # records, not what happened out of sight, not what the player typed).
            len(self.profile.observed),
            recorder,
        )
        visit = profile.visits.get(self.scene_id, 0)
        # The author's names change only with the log, the scene and the language:
        # one rendering asks for a context many times, so they are made once.
        key = (len(self.log), self.scene_id, visit, self.lang, id(profile))
        cached = self._names_cache
        if cached is None or cached[0] != key:
            names = story_names(
                self.story,
                self.state,
                self.inventory,
                self.turns,
                visit,
                self.lang,
                self._showing,
                self.seed,
                self._draw,
            )
            self._names_cache = cached = (key, names)
        context.update(cached[1])
        context["roll"] = Dice(f"{self.seed}:{self.scene_id}:{visit}")  # draws anew per rendering
        context["args"] = _NO_ARGS  # a fragment's parameters; none outside one
        if not self.story.fragments:
            return context  # (a pack without fragments cannot name one: check says so)
        depth = [0]

        def fragment(name: str, **params: Any) -> str:
            """A named text of the pack, rendered here with the same names; the keyword
            arguments are its parameters (``fragment('stand', n=3)``: ``args.n``)."""
            text = self.story.fragments.get(name)
            if text is None:
                raise KeyError(f"unknown fragment {name!r}")
            if depth[0] >= MAX_FRAGMENT_DEPTH:
                raise _FragmentError(
                    f"fragment {name!r} ({text.pos}): fragments nested deeper than "
                    f"{MAX_FRAGMENT_DEPTH} (does it use itself?)"
                )
            depth[0] += 1
            try:
                # Its own parameters only: a fragment it uses sees that call's, not these.
                here = dict(context, args=MappingProxyType(params)) if params else context
                return str(text.template(self.lang).render(here))
            except _FragmentError:
                raise  # located where it happened, once
            except _TEMPLATE_FAILURES as exc:
                raise _FragmentError(f"in fragment {name!r} ({text.pos}): {exc}") from None
            finally:
                depth[0] -= 1

        context["fragment"] = fragment
        return context

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
        outer = self._rendering
        # The text's place without its folder: the same wherever the pack was opened from.
        file = text.pos.file.replace("\\", "/").rsplit("/", 1)[-1]
        self._rendering = (f"{file}:{text.pos.line}:{text.pos.column}", [0])
        try:
            rendered = _tidy(
                str(text.template(self.lang).render(context or self.template_context()))
            )
            return _sentence_case(rendered) if self.lang == "en" else rendered
        except _TEMPLATE_FAILURES as exc:
            raise RenderError(f"{text.pos}: template failed: {exc}") from None
        finally:
            self._rendering = outer

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
        """The scene as the player sees it now.

        After an action this is the view the action rendered and logged the
        uses of (the same object, not rendered again); otherwise (a replayed
        game, another language, a save noted since) it is rendered now and
        logs nothing.
        """
        kept = self._kept()
        return kept if kept is not None else self._view(self.template_context())

    @property
    def shown_view(self) -> SceneView | None:
        """The view the last action rendered and logged, if nothing has happened since
        (None after a replay, a save noted or a change of language: :meth:`view` renders)."""
        return self._kept()

    def _kept(self) -> SceneView | None:
        """The view the last action rendered, if nothing has happened since."""
        kept = self._kept_view
        if kept is not None and kept[0] == (len(self.log), self.lang, self.scene_id):
            return kept[1]
        return None

    def _view(self, context: dict[str, Any]) -> SceneView:
        scene = self.scene
        shop: ShopFacade = context["shop"]
        items = tuple(
            ItemView(i.id, self.render_text(i.label, context), i.product)
            for i in self._shown_items(context)
        )
        choices = tuple(
            ChoiceView(
                c.id,
                self.render_text(c.label, context),
                c.product,
                c.effects.consent,
                self.choice_number(c),
            )
            for c in self._shown_choices(context)
        )
        locked = tuple(
            LockedChoiceView(
                c.id,
                self.render_text(c.label, context),
                self.render_text(c.why_not, context) if c.why_not is not None else "",
            )
            for c in self._locked_choices(context)
        )
        prompt = self.render_text(scene.input.prompt, context) if scene.input else None
        basket = tuple(self.profile.basket())
        receipt = tuple((shop.name(pid), shop.price(pid)) for pid in basket)
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
            self._reply_text(context),
            tuple(self.story.things[t].name.source(self.lang) for t in self.inventory),
            self.can_undo,
            receipt,
            locked,
        )

    def _reply_text(self, context: dict[str, Any]) -> str | None:
        prompt = self.scene.input
        if self.refused == self.scene_id and prompt is not None and prompt.refusal is not None:
            return self.render_text(prompt.refusal, context)
        if self.reply is None:
            return None
        scene_id, choice_id = self.reply
        scene = self.story.scenes.get(scene_id)
        choice = scene.choice(choice_id) if scene is not None else None
        if choice is None or choice.reply is None:
            return None
        return self._render_as(f"choice:{scene_id}/{choice_id}", choice.reply, context)
