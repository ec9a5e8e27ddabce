"""Story tests: play a scene pack by machine, systematically or at random.

``kaufhaus story-test`` answers the author's two questions that ``check``
cannot: *can every choice, variant and ending actually be reached by playing?*
and *does anything break when someone plays strangely?*

* **quicktest** explores the game breadth-first. A state is a whole game; two
  states count as the same when they agree on the scene, the consent, the
  basket, what the player typed, the author's variables and inventory, the
  visits (and turns) the pack's templates ask about (counted up to one past
  the largest number they are compared with, at most 10), the
  truth of every condition in the pack and the "moves" already made in this
  visit. When the pack draws random numbers (``shop.one_of``, ``roll``), it is
  explored under several seeds. What it cannot reach is reported with the
  reason: the scene never entered, or the condition never true there.
  Besides every choice, the explorer examines items and uses a few "player
  behaviour" moves – wait 40 seconds, examine everything, hover and
  highlight everything – because conditions such as ``shop.coupon('tv')``
  depend on how a player dwells, not only on where they go. Exploration
  stops when everything is covered or a budget is spent.
* **randomtest** plays N random games with random waits, hovers, examines,
  typed text (including markup-looking strings) and consent decisions, and
  reports the endings reached and every failure with the steps that led to it,
  as a walkthrough that ``kaufhaus autoplay`` replays.

Both use the walkthrough's clock rules (time moves only with ``wait``), so a
failure path is reproducible step by step.
"""

from __future__ import annotations

import copy
import functools
import io
import pickle
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from kaufhaus.counters import count_reads, increments, pack_code, told_apart
from kaufhaus.facades import facade_api as facade_api  # where the tools and tests ask for it
from kaufhaus.game import Game, GameError, RenderError, Shown, has_lesson, lesson_state
from kaufhaus.lanes import open_lanes
from kaufhaus.story.errors import Pos, Problem
from kaufhaus.story.model import Condition, Scene, Story, Text
from kaufhaus.story.templates import StaticTemplate
from kaufhaus.tracking.events import Event, Kind
from kaufhaus.tracking.log import EventLog
from kaufhaus.tracking.numbers import plural
from kaufhaus.truth import Tally, check_dossier, check_step
from kaufhaus.walkthrough import HEADLESS_FINGERPRINT, author_state

#: Seconds the explorer's "slow player" move waits (longer than a hesitation).
WAIT_SECONDS = 40.0
#: Text the explorer types into input prompts.
EXPLORER_INPUT = "Erika Mustermann"
#: What the explorer types into a field that takes only what fits (``accepts:``).
EXPLORER_FITTING = {"email": "erika@example.org"}
#: Typed by the random player: names, markup look-alikes, template look-alikes, oddities.
NASTY_INPUTS = (
    "Kim",
    "kim@example.org",
    "",
    "   ",
    "[bold red]Alarm[/]",
    "[link=https://example.org]x[/link]",
    "{{ shop._profile }}",
    "{% for x in y %}",
    "<script>alert(1)</script>",
    "${HOME}",
    "Robert'); DROP TABLE kunden;--",
    "ÄÖÜ äöü ß €",
    "🛒💳🧾",
    "\u202eevil\u202c",
    "a" * 500,
    "line\nbreak",
    "tab\there",
    "\x1b[31mred\x1b[0m",
    "%s%s%n",
    "\\",
    "::",
    "-",
)


# -- the render probe for ``kaufhaus check`` -----------------------------------------------


def scene_texts(scene: Scene) -> list[Text]:
    """Every text a scene can show: title, text, variants, things, choices, replies, prompt."""
    texts = [scene.text, scene.title, *(v.text for v in scene.variants)]
    texts += [t for i in scene.items for t in (i.label, i.text)]
    texts += [c.label for c in scene.choices]
    texts += [c.reply for c in scene.choices if c.reply is not None]
    texts += [c.why_not for c in scene.choices if c.why_not is not None]
    if scene.input:
        texts.append(scene.input.prompt)
    return texts


def probe_pack(story: Story) -> list[Problem]:
    """Render every text and condition of every scene once per language, as a
    neutral shopper would see them, and report what fails (KH032).

    Finds what loading cannot: a wrong argument type, a product id that only
    exists at run time, a value that breaks a filter. Variant texts are
    rendered even when their condition is false. Unlike a fresh game per
    scene, one game per language is enough (the scene is switched under it),
    and a failing start scene does not stop the probe.
    """
    problems: dict[tuple[str, int, int, str], Problem] = {}

    def report(pos: Pos, lang: str, exc: BaseException) -> None:
        message = str(exc)
        if isinstance(exc, RenderError) and ": " in message:
            message = message.split(": ", 1)[1]
        elif not isinstance(exc, RenderError):
            message = f"template failed: {type(exc).__name__}: {message}"
        problem = Problem(
            pos,
            "KH032",
            f"({lang}) {message}",
            "Check the names after 'shop.', 'player.' and the ids in quotes; "
            "docs/authoring.md lists what templates can use.",
        )
        problems.setdefault((pos.file, pos.line, pos.column, problem.message), problem)

    from kaufhaus.facades import VisitsFacade

    matters = functools.lru_cache(maxsize=None)(_counts_matter)  # one look per text
    # Every scene visited 1 to 5 times: built once, not once per scene.
    counted = [
        (count, VisitsFacade(dict.fromkeys(story.scenes, count), story.scenes))
        for count in range(1, 6)
    ]
    for lang in story.languages:
        game = Game(story, lang=lang, record_shown=False)
        try:
            game.start(0.0, {}, render=False)
        except Exception:  # the start scene's own texts are probed below
            if not game.started:
                continue
        for scene in story.scenes.values():
            game.scene_id = scene.id
            try:
                context = game.template_context()
            except Exception as exc:
                report(scene.pos, lang, exc)
                continue
            texts = scene_texts(scene)
            for text in texts:
                if isinstance(text.template(lang), StaticTemplate):
                    continue  # prose without template code: nothing in it can fail
                try:
                    game.render_text(text, context)
                except Exception as exc:
                    report(text.pos, lang, exc)
            conditions = [v.when for v in scene.variants]
            conditions += [i.when for i in scene.items if i.when]
            conditions += [c.when for c in scene.choices if c.when]
            conditions += [c.selectable for c in scene.choices if c.selectable]
            conditions += [d.when for d in scene.divert]
            conditions += [e.when for e in scene.on_enter if e.when]
            effects = [c.state for c in scene.choices] + [i.state for i in scene.items]
            effects += [e.state for e in scene.on_enter]
            conditions += [a.expr for e in effects for a in e.set if a.expr is not None]
            for condition in conditions:
                try:
                    game.holds(condition, context)
                except Exception as exc:
                    report(condition.pos, lang, exc)
            _probe_visit_counts(game, context, texts, conditions, lang, report, counted, matters)
    return list(problems.values())


# Division, modulo, and a subscript (``x[...]``, not a list literal ``[1, 2]``).
_DIVIDES_OR_INDEXES = re.compile(r"[/%]|(?<=[\w)\]])\s*\[")
_TAG_CODE = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.S)


#: Names whose value depends on a count: the visits, and the showings of a text.
_COUNTED = ("visits", "seq(", "once(", "cycle(", "shuffle(")


def _counts_matter(source: str, *, text: bool = True) -> bool:
    """Whether the code (not the prose: "85 %" is no arithmetic) divides or indexes
    and asks about visits or picks by the showings of its text (``seq``, ``cycle``…)."""
    if not any(map(source.__contains__, _COUNTED)):
        return False
    code = " ".join(a or b for a, b in _TAG_CODE.findall(source)) if text else source
    counted = any(map(code.__contains__, _COUNTED))
    return counted and _DIVIDES_OR_INDEXES.search(code) is not None


def _probe_visit_counts(
    game: Game,
    context: dict[str, Any],
    texts: list[Any],
    conditions: list[Any],
    lang: str,
    report: Callable[[Pos, str, BaseException], None],
    counted: list[tuple[int, Any]],
    matters: Callable[..., bool],
) -> None:
    """What fails only after some visits (``when: 1 // (visits.kiosk - 2) > 0``): texts
    and conditions that ask about visits, tried with every scene visited 1 to 5 times."""
    # A visit count is always a whole number: what it can break is arithmetic that
    # divides by it or an index it picks, so only such texts are tried again.
    asking = [t for t in texts if any(map(matters, t.sources.values()))]
    asking_when = [c for c in conditions if c is not None and matters(c.source, text=False)]
    if not asking and not asking_when:
        return
    failed: set[Pos] = set()
    shown = f"scene:{game.scene_id}"  # what seq(), cycle() and shuffle() count in the probe
    before = game.shows.get(shown)
    for count, visits in counted:
        varied = dict(context, visits=visits)
        game.shows[shown] = count
        for part in [*asking, *asking_when]:
            if part.pos in failed:
                continue
            try:
                if isinstance(part, Condition):
                    game.holds(part, varied)
                else:
                    game.render_text(part, varied)
            except Exception as exc:
                failed.add(part.pos)
                where = "when every scene has been visited (and every text shown) " + (
                    "once" if count == 1 else f"{count} times"
                )
                report(part.pos, lang, RenderError(f"{exc} ({where})"))
    if before is None:
        game.shows.pop(shown, None)
    else:
        game.shows[shown] = before


# -- steps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One walkthrough step: ``choose: alle``, ``wait: 40`` …"""

    kind: str
    value: Any = None

    def as_yaml(self) -> Any:
        return self.kind if self.kind in ("back", "undo") else {self.kind: self.value}

    def __str__(self) -> str:
        return self.kind if self.kind in ("back", "undo") else f"{self.kind}: {self.value!r}"


def walkthrough_yaml(
    steps: list[Step],
    *,
    lang: str,
    seed: int,
    cookie: dict[str, Any] | None = None,
    lesson: bool = False,
) -> str:
    """A walkthrough file that replays ``steps`` with ``kaufhaus autoplay``."""
    data: dict[str, Any] = {"lang": lang, "seed": seed}
    if cookie:
        data["cookie"] = cookie
    if lesson:
        data["lesson"] = True
    data["steps"] = [s.as_yaml() for s in steps]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def returning_cookie(story: Story) -> dict[str, Any]:
    """A cookie from an earlier visit, as the shop would have left it."""
    interests = {pid: 5.0 for pid in list(story.catalogue)[:1]}
    return {"visits": 2, "interests": interests}


def new_game(
    story: Story,
    *,
    lang: str,
    seed: int,
    cookie: dict[str, Any] | None = None,
    lesson: bool = False,
) -> Game:
    game = Game(story, seed=seed, lang=lang)
    state = lesson_state(story) if lesson else None
    if cookie:
        game.start(0.0, HEADLESS_FINGERPRINT, cookie, state=state)
    else:
        game.start(0.0, HEADLESS_FINGERPRINT, state=state)
    return game


def apply_step(game: Game, clock: float, step: Step) -> tuple[float, str | None]:
    """Play one step the way ``walkthrough.play`` does; return the new clock and any text."""
    kind, value = step.kind, step.value
    if kind == "wait":
        return clock + float(value), None
    if kind == "choose":
        game.choose(value, clock)
    elif kind == "examine":
        return clock, game.examine(str(value), clock)[1]
    elif kind == "highlight":
        game.highlight(value, clock)
    elif kind == "hover":
        game.hover(str(value), clock)
    elif kind == "type":
        game.type_text(str(value), clock)
    elif kind == "back":
        game.back(clock)
    elif kind == "undo":
        game.undo(clock)
    elif kind == "price":
        game.look_price(str(value), clock)
    elif kind == "idle":
        clock += float(value)
        game.idle(float(value), clock)
    else:  # pragma: no cover - the explorers only make known steps
        raise ValueError(f"unknown step {kind!r}")
    return clock, None


# -- coverage -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Something a pack promises a player can see: a scene, choice, item, variant, ending."""

    kind: str  # "scene" | "choice" | "item" | "variant" | "ending"
    scene: str
    name: str  # choice/item id, variant number, ending id
    pos: Pos
    detail: str = ""

    def describe(self) -> str:
        if self.kind == "scene":
            return f"scene {self.scene!r}"
        if self.kind == "variant":
            return f"{self.scene}: variant {self.name} ({self.detail})"
        if self.kind == "ending":
            return f"ending {self.name!r} (scene {self.scene!r})"
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.scene}: {self.kind} {self.name!r}{extra}"


def targets(story: Story) -> list[Target]:
    out: list[Target] = []
    for scene in story.scenes.values():
        if scene.id in story.only_offered:  # its choices are covered where they are offered
            continue
        out.append(Target("scene", scene.id, scene.id, scene.pos))
        if scene.ending:
            out.append(Target("ending", scene.id, scene.ending, scene.pos))
        for choice in scene.choices:
            detail = f"when: {choice.when.source}" if choice.when else ""
            out.append(Target("choice", scene.id, choice.id, choice.pos, detail))
        for item in scene.items:
            detail = f"when: {item.when.source}" if item.when else ""
            out.append(Target("item", scene.id, item.id, item.pos, detail))
        for number, variant in enumerate(scene.variants, start=1):
            out.append(
                Target(
                    "variant", scene.id, str(number), variant.pos, f"when: {variant.when.source}"
                )
            )
    return out


@dataclass
class Failure:
    """Something broke; ``steps`` replay it from the start."""

    message: str
    steps: list[Step]
    lang: str
    seed: int
    scene: str
    repeats: int = 0  # other paths that led to the same failure
    cookie: dict[str, Any] | None = None
    lesson: bool = False  # played as the story's lesson cut

    def walkthrough(self) -> str:
        return walkthrough_yaml(
            self.steps, lang=self.lang, seed=self.seed, cookie=self.cookie, lesson=self.lesson
        )


@dataclass
class Report:
    """What a story test saw."""

    story: Story
    mode: str
    hits: dict[Target, int] = field(default_factory=dict)
    first_hit: dict[Target, int] = field(default_factory=dict)  # states explored by then
    failures: list[Failure] = field(default_factory=list)
    endings: dict[str, int] = field(default_factory=dict)  # "ending (scene)" -> games
    unfinished: int = 0  # random games that hit the step limit
    games: int = 0
    states: int = 0
    steps: int = 0
    seconds: float = 0.0
    budget_hit: str = ""
    seeds: tuple[int, ...] = ()
    #: Why each missed target was not reached (see :meth:`why`), filled by quicktest.
    reasons: dict[Target, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for target in targets(self.story):
            self.hits.setdefault(target, 0)

    def add_failure(self, failure: Failure) -> None:
        """Keep the first (shortest) path to each distinct failure; count the others."""
        for known in self.failures:
            if known.message == failure.message:
                known.repeats += 1 + failure.repeats
                if len(failure.steps) < len(known.steps):
                    known.steps, known.lang, known.seed = failure.steps, failure.lang, failure.seed
                    known.scene, known.cookie = failure.scene, failure.cookie
                return
        self.failures.append(failure)

    @property
    def missed(self) -> list[Target]:
        return [t for t, n in self.hits.items() if n == 0]

    @property
    def ok(self) -> bool:
        return not self.failures and (self.mode == "random" or not self.missed)

    def why(self, target: Target) -> str:
        return self.reasons.get(target, "")


# -- shared machinery ------------------------------------------------------------------------


class _Tracker:
    """Evaluates conditions in a game and records what is covered."""

    def __init__(self, story: Story, report: Report, like: _Tracker | None = None) -> None:
        self.story = story
        self.report = report
        self.by_key: dict[tuple[str, str, str], Target] = {
            (t.kind, t.scene, t.name): t for t in report.hits
        }
        #: (kind, scene, name) -> [false, true, failed] counts of its ``when:`` in its scene.
        self.outcomes: dict[tuple[str, str, str], list[int]] = {}
        #: How often each scene was looked at.
        self.observed: dict[str, int] = {}
        self.conditions: list[Condition]
        self.watch: _StateWatch
        if like is not None:  # what the pack's code is does not change: read it once
            self.conditions, self.watch = like.conditions, like.watch
            return
        # One per source: the same ``when:`` in two places always agrees with itself.
        unique: dict[str, Condition] = {}
        for s in story.scenes.values():
            for c in [
                *(v.when for v in s.variants),
                *(i.when for i in s.items),
                *(ch.when for ch in s.choices),
                *(d.when for d in s.divert),  # a divert can change where a move leads
                *(ch.selectable for ch in s.choices),  # whether a shown choice can be taken
                *(e.when for e in s.on_enter),
            ]:
                if c is not None:
                    unique.setdefault(c.source, c)
        self.conditions = list(unique.values())
        self.watch = _StateWatch(story)

    def count(self, key: tuple[str, str, str], outcome: int) -> None:
        """Note how a target's own condition came out where it stands (0 false, 1 true,
        2 failed): the report says which were never true."""
        stats = self.outcomes.setdefault(key, [0, 0, 0])
        stats[outcome] += 1

    def hit(self, kind: str, scene: str, name: str) -> bool:
        target = self.by_key.get((kind, scene, name))
        if target is None:
            return False
        self.report.hits[target] += 1
        if self.report.hits[target] == 1:
            self.report.first_hit[target] = self.report.states
            return True
        return False

    def evaluate(self, game: Game, condition: Condition, context: dict[str, Any]) -> bool:
        return bool(condition.compiled(**context))

    def observe(
        self,
        game: Game,
        context: dict[str, Any] | None = None,
        known: dict[str, Any] | None = None,
    ) -> bool:
        """Render the scene in every language and record coverage; return whether
        something was covered for the first time.

        Uses the game's template context to evaluate conditions: the variants a
        player sees are not visible in the rendered text alone. ``context`` and
        ``known`` (conditions already evaluated in this state) are :meth:`truth`'s.
        """
        fresh = False
        scene = game.scene
        lang = game.lang
        try:
            for other in self.story.languages:
                game.lang = other
                view = game.view()
        finally:
            game.lang = lang
        fresh |= self.hit("scene", scene.id, scene.id)
        if scene.ending:
            fresh |= self.hit("ending", scene.id, scene.ending)
        if context is None:
            context = game.template_context()
        known = {} if known is None else known  # each source evaluated once in this state
        self.observed[scene.id] = self.observed.get(scene.id, 0) + 1
        for number, variant in enumerate(scene.variants, start=1):
            held = self._truth(game, variant.when, context, known)
            self.count(("variant", scene.id, str(number)), 2 if held == "error" else int(held))
            if held is True:
                fresh |= self.hit("variant", scene.id, str(number))
        for kind, things in (("choice", scene.choices), ("item", scene.items)):
            for thing in things:
                if thing.when is not None:
                    held = self._truth(game, thing.when, context, known)
                    outcome = 2 if held == "error" else int(held)
                    self.count((kind, scene.id, thing.id), outcome)
        if not view.choices and not scene.ending:
            raise StuckError(
                f"no choice is available in scene {scene.id!r}: the player is "
                "stuck (every choice's condition is false)"
            )
        return fresh

    def truth(self, game: Game) -> tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]:
        """The truth of every condition in the pack now (a state's signature), with the
        context and the outcomes, for :meth:`observe` of the same state to use."""
        context = game.template_context()
        known: dict[str, Any] = {}
        return tuple(self._truth(game, c, context, known) for c in self.conditions), context, known

    def _truth(
        self,
        game: Game,
        condition: Condition,
        context: dict[str, Any],
        known: dict[str, Any] | None = None,
    ) -> Any:
        if known is not None and condition.source in known:
            return known[condition.source]
        try:
            held: Any = self.evaluate(game, condition, context)
        except Exception:  # a condition that fails elsewhere is still a state feature
            held = "error"
        if known is not None:
            known[condition.source] = held
        return held


class StuckError(Exception):
    """A scene offers no choice and is not an ending."""


_LOCATED = re.compile(r"^\S.*:\d+:\d+: ")


def _failure(exc: BaseException, story: Story | None = None, scene: str | None = None) -> str:
    """The failure's message; one that names no place gets the scene's.

    The engine locates what a pack can get wrong (``file:line:column: ...``);
    anything else (a ``KeyError`` from deep inside) is a mistake ``check``
    let through, and the author still needs to know where it happened.
    """
    text = str(exc) or type(exc).__name__
    if not isinstance(exc, Exception) or type(exc).__module__ == "builtins":
        text = f"{type(exc).__name__}: {text}"
    where = story.scenes.get(scene) if story is not None and scene is not None else None
    if where is not None and not _LOCATED.match(text):
        text = f"{where.pos}: in scene {scene!r}: {text}"
    return text


# -- quicktest ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Behaviour:
    """How the explorer behaves in every scene before it moves on.

    Conditions such as ``shop.coupon('tv')`` or ``shop.team_waits`` depend on
    how a player dwells, examines and hesitates, not only on where they go; so
    every path of choices is explored under each of these behaviours.
    """

    name: str
    examine: bool = False  # examine every item, 20 s each (price tags: price looks)
    hover: bool = False  # hover every item and choice with a product, twice
    highlight: bool = False  # highlight every choice twice (the twitching hand)
    wait: bool = False  # wait 40 s before choosing (hesitation)
    mixed: int = 0  # > 0: pick a random subset of the above per visit, with this seed
    returning: bool = False  # start with the shop's cookie from an earlier visit
    lesson: bool = False  # play the story's lesson cut (only for a pack that has one)

    def steps(self, game: Game) -> list[Step]:
        """What to do in this visit, before moving on (targets as shown on arrival)."""
        view = game.view()
        examine, hover, highlight, wait = self.examine, self.hover, self.highlight, self.wait
        if self.mixed:
            visit = game.profile.visits.get(game.scene_id, 0)
            rng = random.Random(f"{self.mixed}:{game.scene_id}:{visit}")
            examine, hover, highlight, wait = (rng.random() < 0.5 for _ in range(4))
        steps: list[Step] = []
        if examine:
            for item in view.items:
                steps += [Step("examine", item.id), Step("wait", 20)]
        if hover:
            pointed = [i.id for i in view.items if i.product]
            pointed += [c.id for c in view.choices if c.product]
            steps += [Step("hover", ref) for ref in pointed for _ in range(2)]
        if highlight:
            steps += [Step("highlight", c.id) for c in view.choices for _ in range(2)]
        if wait:
            steps.append(Step("wait", WAIT_SECONDS))
        return steps


def still_possible(game: Game, step: Step) -> bool:
    """Whether a planned step still fits: what is shown can change while a player looks
    (hovering the coupon can make the shop withdraw it)."""
    if step.kind in ("wait", "idle", "back", "type", "price"):
        return True
    view = game.view()
    if step.kind == "examine":
        return any(i.id == step.value for i in view.items)
    if step.kind == "hover":
        return any(i.id == step.value for i in view.items) or any(
            c.id == step.value for c in view.choices
        )
    return view.choice_by_ref(step.value) is not None


BEHAVIOURS = (
    Behaviour("plain"),
    Behaviour("curious", examine=True, hover=True),
    Behaviour("hesitant", wait=True),
    Behaviour("twitchy", highlight=True, hover=True),
    Behaviour("thorough", examine=True, hover=True, highlight=True, wait=True),
    Behaviour("mixed-1", mixed=1),
    Behaviour("mixed-2", mixed=2),
    Behaviour("returning", examine=True, hover=True, returning=True),
    Behaviour("lesson", lesson=True),
)


@dataclass
class _State:
    """A queued state: a game, or a frozen parent game plus the move still to make.

    Freezing the parent once and thawing it only for the children actually
    explored is much cheaper than copying the game for every possible move.
    """

    game: Game | None
    clock: float
    steps: list[Step]
    arrived: bool = False  # the behaviour for this visit has been played
    frozen: Any = None
    move: list[Step] | None = None


class _StoryPickler(pickle.Pickler):
    """Pickles a game with what it shares with its copies left out: the story (with
    its compiled templates) and the append-only lists of frozen records, the log's
    events and the scenes as shown. Those are passed along as tuples; a copy gets
    the same records in a list of its own, so it appends without touching the
    parent's.

    ``reducer_override`` is asked only about objects of classes of their own
    (never about the thousands of strings, numbers and dicts of a profile), so
    picking out these three costs next to nothing.
    """

    def __init__(self, file: io.BytesIO, game: Game) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.game, self.story, self.log = game, game.story, game.log

    def reducer_override(self, obj: Any) -> Any:
        if obj is self.story:
            return _thawing_story, ()
        if obj is self.log:
            return _thawing_log, ()
        if obj is self.game:
            state = obj.__getstate__()
            state["shown"] = None  # the shared records, put back by _thawed_game
            return Game.__new__, (Game,), state, None, None, _thawed_game
        return NotImplemented


#: What the snapshot being thawed shares with its parent (one thaw at a time per thread).
_THAWING = threading.local()


def _thawing_story() -> Story:
    story: Story = _THAWING.story
    return story


def _thawing_log() -> EventLog:
    log = EventLog()
    log.shared().extend(_THAWING.frozen.events)
    return log


def _thawed_game(game: Game, state: dict[str, Any]) -> None:
    game.__dict__.update(state)
    game.shown = list(_THAWING.frozen.shown)


@dataclass(frozen=True)
class _Frozen:
    """A pickled game (and the truth checker's tally of its log) plus its shared records."""

    data: bytes
    events: tuple[Event, ...]
    shown: tuple[Shown, ...]


def _freeze(game: Game, tally: Tally | None = None) -> Any:
    """A snapshot of a game; the (immutable) story with its compiled templates stays shared.

    Pickling in memory is much faster than ``copy.deepcopy`` for the many
    small objects of a profile; the log's events and the scenes as shown are
    frozen records, shared with the copy rather than pickled again for every
    state (they were most of the work: a game deep in the story holds hundreds
    of them). Should the game ever hold something that cannot be pickled, a
    deep copy still works.
    """
    buffer = io.BytesIO()
    try:
        _StoryPickler(buffer, game).dump((game, tally))
    except (pickle.PicklingError, TypeError, AttributeError):
        return _deepcopy(game)
    return _Frozen(buffer.getvalue(), tuple(game.log.shared()), tuple(game.shown))


def _thaw_with_tally(frozen: Any, story: Story) -> tuple[Game, Tally | None]:
    """A game (and its tally, when it was frozen with one) to play on from a snapshot."""
    if isinstance(frozen, _Frozen):
        _THAWING.story, _THAWING.frozen = story, frozen
        try:
            game, tally = pickle.loads(frozen.data)
        finally:
            _THAWING.story = _THAWING.frozen = None
        return game, tally
    return _deepcopy(frozen), None


def _thaw(frozen: Any, story: Story) -> Game:
    return _thaw_with_tally(frozen, story)[0]


def _deepcopy(game: Game) -> Game:
    memo: dict[int, Any] = {id(game.story): game.story}
    for event in game.log:
        memo[id(event)] = event
    return copy.deepcopy(game, memo)


def _clone(game: Game) -> Game:
    """An independent copy of a game."""
    return _thaw(_freeze(game), game.story)


def _moves(game: Game) -> list[list[Step]]:
    """Where the explorer can go from here: every choice, typing, going back."""
    view = game.view()
    moves = [[Step("choose", choice.id)] for choice in view.choices]
    prompt = game.scene.input
    if prompt is not None and not game.inputs.get(prompt.key):
        fitting = EXPLORER_FITTING.get(prompt.accepts or "", EXPLORER_INPUT)
        moves.append([Step("type", fitting)])
    if game.can_undo and not _just_undone(game):
        moves.append([Step("back")])
    return moves


def _just_undone(game: Game) -> bool:
    """Whether the last decision was an undo: undoing again only returns to states
    the search has explored already (it came through them)."""
    for index in range(len(game.log) - 1, -1, -1):
        kind = game.log[index].kind
        if kind is Kind.UNDO:
            return True
        if kind is Kind.CHOICE or kind is Kind.INPUT:
            return False
    return False


#: Steps each search takes between two exchanges of what the others covered: few
#: enough that a search soon learns what another found, enough that the exchange
#: costs nothing beside the steps (see :func:`quicktest`).
ROUND_STEPS = 8


@dataclass
class _Round:
    """What one search found in a round: coverage, outcomes, failures, counts."""

    hits: dict[tuple[str, str, str], int]
    first_hit: dict[tuple[str, str, str], int]
    outcomes: dict[tuple[str, str, str], list[int]]
    observed: dict[str, int]
    failures: list[Failure]
    states: int
    steps: int
    size: int


class _Lane:
    """One search with a view of its own of what is covered: what all searches had
    covered at the start of the round, and what it covers itself since."""

    def __init__(
        self, story: Story, plan: tuple[Behaviour, int], lang: str, max_depth: int, like: _Tracker
    ) -> None:
        behaviour, seed = plan
        self.report = Report(story, "quick")
        self.tracker = _Tracker(story, self.report, like=like)
        self.search = _Search(story, behaviour, lang, seed, self.tracker, self.report, max_depth)
        self.missed = -1
        self.distance: dict[str, int] = {}

    def run(self, order: tuple[frozenset[tuple[str, str, str]], int, int]) -> _Round:
        covered, states, steps = order
        report, tracker, search = self.report, self.tracker, self.search
        given = {t: int((t.kind, t.scene, t.name) in covered) for t in report.hits}
        report.hits.update(given)
        report.states = states
        for _ in range(steps):
            if not search.size:
                break
            missed = report.missed
            if not missed:
                break
            if len(missed) != self.missed:  # something new was covered: aim at what is left
                self.missed = len(missed)
                self.distance = _distances(search.story, {t.scene for t in missed})
            search.step(self.distance)
        found = _Round(
            {key(t): n - given[t] for t, n in report.hits.items() if n != given[t]},
            {key(t): n for t, n in report.first_hit.items()},
            tracker.outcomes,
            tracker.observed,
            report.failures,
            report.states - states,
            report.steps,
            search.size,
        )
        tracker.outcomes, tracker.observed = {}, {}
        report.failures, report.first_hit, report.steps = [], {}, 0
        return found


def key(target: Target) -> tuple[str, str, str]:
    return (target.kind, target.scene, target.name)


def _weight(behaviour: Behaviour) -> float:
    """Roughly how much work a behaviour's search is, to spread the searches evenly."""
    return (
        1.0
        + 2 * behaviour.examine
        + behaviour.hover
        + behaviour.highlight
        + 1.5 * bool(behaviour.mixed)
    )


def quicktest(
    story: Story,
    *,
    lang: str | None = None,
    seed: int = 0,
    max_states: int = 20_000,
    max_depth: int = 80,
    max_seconds: float = 120.0,
    behaviours: tuple[Behaviour, ...] = BEHAVIOURS,
    on_progress: Callable[[Report], None] | None = None,
    seeds: int = 3,
    jobs: int = 1,
    round_steps: int = ROUND_STEPS,
) -> Report:
    """Explore every path of choices under each behaviour until everything is covered.

    ``seeds``: how many game seeds (``seed``, ``seed + 1`` …) to explore under
    when the pack draws random numbers (``shop.one_of``, ``roll``): content
    behind a die is missed with one seed. The first seed gets every
    behaviour; the others the plain and the thorough player. A pack without
    randomness plays the same under every seed and is explored once.

    Each behaviour has its own search; the searches take rounds of
    ``round_steps`` states each, side by side, so that a behaviour with a large
    state space does not starve the others. Between rounds what each found is
    merged: a search knows what the others covered as of the last round (and
    what it covered itself). A search is breadth-first within each scene and
    always continues in the scene nearest (on the story map) to something not
    yet covered, so deep endings are not left until every early detour has
    been tried. States are merged by :func:`_signature`. Stops as soon as
    every target is covered, or when a budget runs out (the report says
    which).

    ``jobs``: how many processes run the searches (:mod:`kaufhaus.lanes`). The
    report is the same for any number: a round depends only on what the
    previous rounds found, never on which process was faster.
    """
    lang = lang or story.languages[0]
    report = Report(story, "quick")
    tracker = _Tracker(story, report)
    started = time.perf_counter()
    # The budget is computing time, not the wall clock: on a busy machine the
    # same pack is explored just as far (and a CI run does not flake).
    cpu_started = time.process_time()
    more = range(seed + 1, seed + max(1, seeds)) if tracker.watch.random else range(0)
    report.seeds = (seed, *more)
    # The lesson cut is a way through the story only where the pack has one.
    behaviours = tuple(b for b in behaviours if not b.lesson or has_lesson(story))
    plans = [(b, seed) for b in behaviours]
    extra = [b for b in behaviours if b.name in ("plain", "thorough")] or list(behaviours[:1])
    plans += [(b, other) for other in more for b in extra]

    def make(index: int) -> _Lane:
        return _Lane(story, plans[index], lang, max_depth, tracker)

    weights = [_weight(b) for b, _ in plans]
    with open_lanes(make, len(plans), jobs=jobs, weights=weights) as lanes:
        active = list(range(len(plans)))
        while active and report.missed:
            if report.states >= max_states:
                report.budget_hit = f"state limit ({max_states})"
                break
            cpu = time.process_time() - cpu_started + lanes.cpu_elsewhere
            if cpu > max_seconds:
                report.budget_hit = f"time limit ({max_seconds:.0f} s of computing)"
                break
            covered = frozenset(key(t) for t, n in report.hits.items() if n)
            # No more steps than states left (each step finds one state at most).
            left = -(-(max_states - report.states) // len(active))
            order = (covered, report.states, max(1, min(round_steps, left)))
            found = lanes.run(dict.fromkeys(active, order))
            for index in active:
                _merge(report, tracker, found[index])
            active = [i for i in active if found[i].size]
            if on_progress is not None:
                on_progress(report)
    report.seconds = time.perf_counter() - started
    report.reasons = {t: _reason(story, report, tracker, t) for t in report.missed}
    return report


def _merge(report: Report, tracker: _Tracker, found: _Round) -> None:
    """Add what one search found in a round to the whole report."""
    for name, n in found.hits.items():
        report.hits[tracker.by_key[name]] += n
    for name, at in found.first_hit.items():
        report.first_hit.setdefault(tracker.by_key[name], at)
    for name, outcome in found.outcomes.items():
        stats = tracker.outcomes.setdefault(name, [0, 0, 0])
        for index, n in enumerate(outcome):
            stats[index] += n
    for scene, n in found.observed.items():
        tracker.observed[scene] = tracker.observed.get(scene, 0) + n
    for failure in found.failures:
        report.add_failure(failure)
    report.states += found.states
    report.steps += found.steps


def _reason(story: Story, report: Report, tracker: _Tracker, target: Target) -> str:
    """Why ``target`` was never reached, in the author's terms."""
    stopped = f" (exploration stopped at the {report.budget_hit})" if report.budget_hit else ""
    looked = tracker.observed.get(target.scene, 0)
    if target.kind in ("scene", "ending") or not looked:
        if target.kind not in ("scene", "ending"):
            return f"its scene {target.scene!r} was never reached{stopped}"
        ways: list[str] = []
        for scene in story.scenes.values():
            for choice in scene.choices:
                if choice.goto != target.scene:
                    continue
                name = f"{scene.id}.{choice.id}"
                if not tracker.observed.get(scene.id):
                    ways.append(f"{name} (its scene was never reached)")
                elif _was_hit(report, tracker, ("choice", scene.id, choice.id)):
                    here = story.scenes[target.scene]
                    sent = "; ".join(f"when: {d.when.source}" for d in here.divert)
                    ways.append(
                        f"{name} (taken, but the scene's divert always sent the player on: {sent})"
                        if sent
                        else f"{name} (offered, but never followed through: a failure on the way)"
                    )
                else:
                    when = f"when: {choice.when.source}" if choice.when else "never offered"
                    ways.append(f"{name} ({when} was never true)")
            for divert in scene.divert:
                if divert.goto == target.scene:
                    ways.append(f"the divert in {scene.id} (when: {divert.when.source} never held)")
        if target.scene == story.start:
            return f"the start scene failed to show{stopped}"
        if not ways:
            return "no choice or divert leads here" + stopped
        parts = ways[:4]
        more = f" and {len(ways) - 4} more" if len(ways) > 4 else ""
        return "no way in was taken: " + "; ".join(parts) + more + stopped
    _false, true, failed = tracker.outcomes.get((target.kind, target.scene, target.name), [0, 0, 0])
    if target.kind in ("variant", "choice", "item") and target.detail.startswith("when: "):
        condition = target.detail[len("when: ") :]
        if failed and not true:
            return f"its condition `{condition}` failed every time it was checked ({failed})"
        if not true:
            return (
                f"its condition `{condition}` was never true in {looked} "
                f"{plural(looked, 'look', 'looks')} at "
                f"{target.scene!r}{stopped}"
            )
    if target.kind == "item":
        return f"it was shown but never examined{stopped}"
    return f"not reached{stopped}"


def _was_hit(report: Report, tracker: _Tracker, key: tuple[str, str, str]) -> bool:
    target = tracker.by_key.get(key)
    return target is not None and report.hits.get(target, 0) > 0


class _StateWatch:
    """What of a game's state the pack's own templates and conditions can tell apart.

    Found by reading the code in the pack (template tags, conditions, ``set:``
    expressions): which scenes' visits it asks about, whether it reads
    ``turns``, the largest number those are compared with, and whether it
    draws random numbers at all.
    """

    def __init__(self, story: Story) -> None:
        code = pack_code(story)
        reads = count_reads(code)
        asked = story.scenes if reads.scenes is None else reads.scenes
        self.scenes = tuple(sorted(sid for sid in story.scenes if sid in asked))
        self.turns = reads.turns
        numbers = [int(n) for n in reads.numbers if 0 <= n < 1000]
        #: Counts are told apart up to one past the largest number a visit count or
        #: ``turns`` is compared with (2 … 10): beyond it the pack cannot tell them apart.
        self.cap = min(10, max(2, max(numbers, default=1) + 1))
        self.random = reads.random
        #: How the pack tells the values of each number in ``state:`` apart.
        self.numbers = told_apart(code, story.state, increments(story))

    def key(self, game: Game) -> tuple[Any, ...]:
        visits = game.profile.visits
        counted = tuple(min(visits.get(sid, 0), self.cap) for sid in self.scenes)
        turns = min(int(getattr(game, "turns", 0) or 0), self.cap) if self.turns else 0
        variables, inventory = author_state(game)
        told: list[tuple[str, Any]] = []
        for var, value in sorted((variables or {}).items()):
            if var not in self.numbers:
                told.append((var, value))
            elif (told_var := self.numbers[var]) is not None:  # None: never read
                told.append((var, told_var.key(value)))
        return (counted, turns, tuple(told), tuple(inventory or ()))


class _Search:
    """One behaviour's breadth-first search over the paths of choices."""

    def __init__(
        self,
        story: Story,
        behaviour: Behaviour,
        lang: str,
        seed: int,
        tracker: _Tracker,
        report: Report,
        max_depth: int,
    ) -> None:
        self.story = story
        self.behaviour = behaviour
        self.lang = lang
        self.seed = seed
        self.tracker = tracker
        self.report = report
        self.max_depth = max_depth
        self.seen: set[tuple[Any, ...]] = set()
        self.queues: dict[str, deque[_State]] = {}
        self.size = 0
        self.cookie = returning_cookie(story) if behaviour.returning else None
        self.lesson = behaviour.lesson
        try:
            game = new_game(story, lang=lang, seed=seed, cookie=self.cookie, lesson=self.lesson)
            self.push(_State(game, 0.0, []), story.start)
        except Exception as exc:
            report.add_failure(
                Failure(
                    _failure(exc, story, story.start),
                    [],
                    lang,
                    seed,
                    story.start,
                    cookie=self.cookie,
                    lesson=self.lesson,
                )
            )

    def push(self, state: _State, scene: str) -> None:
        self.queues.setdefault(scene, deque()).append(state)
        self.size += 1

    def pop(self, distance: dict[str, int]) -> _State:
        """The oldest state in the scene nearest to something not yet covered."""
        far = len(distance) + 1
        scene = min(
            (sid for sid, q in self.queues.items() if q), key=lambda sid: distance.get(sid, far)
        )
        self.size -= 1
        return self.queues[scene].popleft()

    def fail(self, exc: Exception, steps: list[Step], game: Game, where: str | None = None) -> None:
        self.report.add_failure(
            Failure(
                _failure(exc, self.story, where or game.scene_id),
                steps,
                self.lang,
                self.seed,
                where or game.scene_id,
                cookie=self.cookie,
                lesson=self.lesson,
            )
        )

    def step(self, distance: dict[str, int]) -> None:
        """Take the next state, behave there, queue where it can go."""
        state = self.pop(distance)
        report, tracker = self.report, self.tracker
        steps = list(state.steps)
        clock = state.clock
        tally: Tally | None = None  # the truth checker's count of the log, carried on
        if state.game is None:
            # Make the move that leads here, from a thawed copy of the parent.
            assert state.frozen is not None and state.move is not None
            game, tally = _thaw_with_tally(state.frozen, self.story)
            where = game.scene_id
            try:
                for step in state.move:
                    steps.append(step)  # first, so a failing step is part of the path
                    logged = len(game.log)
                    clock, text = apply_step(game, clock, step)
                    tally = check_step(game, logged, text, tally)
                    report.steps += 1
                if state.arrived:  # typed: still in the scene, behaviour already played
                    truth, context, known = tracker.truth(game)
                    signature = (
                        *_signature(game, truth, self.behaviour.name, tracker.watch),
                        "typed",
                    )
                    if signature in self.seen:
                        return
                    self.seen.add(signature)
                    tracker.observe(game, context, known)
            except Exception as exc:
                self.fail(exc, steps, game, where)
                return
        else:
            game = state.game
        try:
            if not state.arrived:
                # Arrived in a scene: merge with a state seen before, or look at it
                # (in every language: a state explored is a state rendered in each).
                truth, context, known = tracker.truth(game)
                signature = _signature(game, truth, self.behaviour.name, tracker.watch)
                if signature in self.seen:
                    return
                self.seen.add(signature)
                report.states += 1
                tracker.observe(game, context, known)
                if game.ended:
                    _check_file(game)
                    return
                if len(steps) >= self.max_depth:
                    return
                behaviour_steps = self.behaviour.steps(game)
                for step in behaviour_steps:
                    steps.append(step)
                    logged = len(game.log)
                    try:
                        clock, text = apply_step(game, clock, step)
                    except GameError:
                        steps.pop()  # what was planned is gone (see still_possible)
                        continue
                    tally = check_step(game, logged, text, tally)
                    report.steps += 1
                    if step.kind == "examine":
                        tracker.hit("item", game.scene_id, str(step.value))
                if behaviour_steps:
                    tracker.observe(game)
            moves = _moves(game)
        except Exception as exc:
            self.fail(exc, steps, game)
            return
        if not moves:
            return
        frozen = _freeze(game, tally)
        for move in moves:
            # Queue by where the move leads; typing stays (and is not behaved again).
            first = move[0]
            target = game.scene_id
            if first.kind == "choose":
                # Offered here, and it will be taken: that is the choice covered.
                tracker.hit("choice", game.scene_id, str(first.value))
                choice = game.scene.choice(str(first.value))
                target = choice.goto if choice else target
                if target not in game.story.scenes:  # goto: return
                    target = game.tunnels[-1] if game.tunnels else game.scene_id
            elif first.kind == "back" and game.undo_target is not None:
                target = game.undo_target
            self.push(
                _State(None, clock, steps, arrived=first.kind == "type", frozen=frozen, move=move),
                target,
            )


def _distances(story: Story, goals: set[str]) -> dict[str, int]:
    """Choices needed from each scene to reach one of ``goals`` (conditions ignored)."""
    reverse: dict[str, set[str]] = {sid: set() for sid in story.scenes}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.goto in reverse:
                reverse[choice.goto].add(scene.id)
    distance = dict.fromkeys(goals, 0)
    todo = deque(goals)
    while todo:
        sid = todo.popleft()
        for prev in reverse.get(sid, ()):
            if prev not in distance:
                distance[prev] = distance[sid] + 1
                todo.append(prev)
    return distance


def _signature(
    game: Game, truth: tuple[Any, ...], behaviour: str, watch: _StateWatch | None = None
) -> tuple[Any, ...]:
    """What makes two explored states different enough to explore both.

    Besides the truth of every condition: the author's state (variables,
    inventory) and the visits and turns the pack's code asks about, so that
    "one blunder" and "two blunders" stay two states even where no condition
    tells them apart yet; and the once-only choices already taken, so that
    "rang, then waited" and "waited, then rang" stay apart where the order
    leaves different values behind.
    """
    profile = game.profile
    return (
        behaviour,
        game.seed,
        game.scene_id,
        profile.consent_choice,
        tuple(game.basket()),
        tuple(sorted(k for k, v in game.inputs.items() if v)),
        truth,
        watch.key(game) if watch is not None else (),
        game.undo_target,  # where "back" leads: an undo returns there
        tuple(sorted(game.once_taken)),
    )


# -- randomtest ---------------------------------------------------------------------------


def random_playthrough(
    story: Story, rng: random.Random, *, max_steps: int = 150, tracker: _Tracker | None = None
) -> tuple[Game | None, list[Step], Failure | None]:
    """One random game; returns the game, its steps and a failure if something broke."""
    lang = rng.choice(story.languages)
    seed = rng.randrange(1_000_000)
    cookie = None
    if story.catalogue and rng.random() < 0.2:  # a returning customer
        pid = rng.choice(sorted(story.catalogue))
        cookie = {"visits": rng.randrange(1, 5), "interests": {pid: round(rng.uniform(1, 9), 1)}}
    steps: list[Step] = []
    try:
        game = new_game(story, lang=lang, seed=seed, cookie=cookie)
        if tracker is not None:
            tracker.observe(game)
    except Exception as exc:
        failure = _failure(exc, story, story.start)
        return None, steps, Failure(failure, steps, lang, seed, story.start, cookie=cookie)
    clock = 0.0
    tally: Tally | None = None
    for _ in range(max_steps):
        if game.ended:
            break
        step = _random_step(game, rng)
        steps.append(step)
        before = game.scene_id
        try:
            logged = len(game.log)
            clock, text = apply_step(game, clock, step)
            tally = check_step(game, logged, text, tally)
            if tracker is not None:
                if step.kind == "choose":
                    tracker.hit("choice", before, str(step.value))
                elif step.kind == "examine":
                    tracker.hit("item", game.scene_id, str(step.value))
                if step.kind != "wait":
                    tracker.observe(game)
            else:
                game.view()
        except Exception as exc:
            failure = _failure(exc, story, game.scene_id)
            return game, steps, Failure(failure, steps, lang, seed, before, cookie=cookie)
    try:
        _check_file(game)
    except Exception as exc:
        failure = _failure(exc, story, game.scene_id)
        return game, steps, Failure(failure, steps, lang, seed, game.scene_id, cookie=cookie)
    return game, steps, None


def _check_file(game: Game) -> None:
    """At the end of a game: the dossier's per-session lines against the log."""
    from kaufhaus.dossier.model import build_dossier

    check_dossier(game, build_dossier(game))


def _random_step(game: Game, rng: random.Random) -> Step:
    view = game.view()
    options: list[tuple[float, Callable[[], Step]]] = [
        (
            6.0,
            lambda: Step(
                "choose",
                rng.choice(view.choices).id
                if rng.random() < 0.8
                # or by number, as a player presses it (its place in the scene as written)
                else view.choices[rng.randrange(1, len(view.choices) + 1) - 1].number,
            ),
        ),
        (2.0, lambda: Step("wait", round(rng.expovariate(1 / 15), 1))),
    ]
    if view.items:
        options.append((2.5, lambda: Step("examine", rng.choice(view.items).id)))
        options.append((1.0, lambda: Step("hover", rng.choice(view.items).id)))
    options.append((1.0, lambda: Step("hover", rng.choice(view.choices).id)))
    options.append((1.0, lambda: Step("highlight", rng.choice(view.choices).id)))
    if view.prompt is not None:
        options.append(
            (
                1.5,
                lambda: Step(
                    "type", rng.choice(NASTY_INPUTS) if rng.random() < 0.8 else _random_text(rng)
                ),
            )
        )
        # A field that takes only what fits (``accepts:``) gets it as often as not:
        # the branches behind it are played, and so are its refusals.
        fitting = EXPLORER_FITTING.get(game.scene.input.accepts or "") if game.scene.input else None
        if fitting is not None:
            options.append((1.5, lambda: Step("type", fitting)))
    if game.can_undo:
        options.append((0.7, lambda: Step("back")))
    priced = [i.product for i in view.items if i.product]
    if priced:
        options.append((0.5, lambda: Step("price", rng.choice(priced))))
    options.append((0.3, lambda: Step("idle", round(rng.uniform(1, 120), 1))))
    total = sum(w for w, _ in options)
    pick = rng.uniform(0, total)
    for weight, make in options:
        pick -= weight
        if pick <= 0:
            return make()
    return options[0][1]()


def _random_text(rng: random.Random) -> str:
    alphabet = "abcXYZ äöüß€[]{}<>%/\\'\"\n\t😀\u200b"
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))


def randomtest(
    story: Story,
    *,
    runs: int = 100,
    seed: int = 0,
    max_steps: int = 150,
    on_game: Callable[[Report], None] | None = None,
) -> Report:
    """Play ``runs`` random games; every failure keeps the steps that led to it."""
    report = Report(story, "random")
    tracker = _Tracker(story, report)
    started = time.perf_counter()
    for number in range(runs):
        rng = random.Random(f"{seed}:{number}")
        game, steps, failure = random_playthrough(story, rng, max_steps=max_steps, tracker=tracker)
        report.games += 1
        report.steps += len(steps)
        if failure is not None:
            report.add_failure(failure)
        elif game is not None and game.ended:
            key = f"{game.scene.ending} ({game.scene_id})"
            report.endings[key] = report.endings.get(key, 0) + 1
        else:
            report.unfinished += 1
        if on_game is not None:
            on_game(report)
    report.seconds = time.perf_counter() - started
    return report


# -- printing -------------------------------------------------------------------------------


def format_report(report: Report, *, max_failures: int = 5) -> str:
    """A plain-text coverage report, one line per scene, then what was missed."""
    story = report.story
    lines: list[str] = []
    if report.mode == "quick":
        budget = f", stopped at the {report.budget_hit}" if report.budget_hit else ""
        seeds = ", ".join(map(str, report.seeds)) or "0"
        lines.append(
            f"quicktest: {report.states} states, {report.steps} steps in "
            f"{report.seconds:.1f} s{budget} ({plural(len(report.seeds), 'seed', 'seeds')} {seeds})"
        )
    else:
        lines.append(
            f"randomtest: {report.games} games, {report.steps} steps in {report.seconds:.1f} s"
        )
    width = max(len(sid) for sid in story.scenes) + 2
    lines.append(f"  {'scene':<{width}} {'seen':>7} {'choices':>8} {'items':>6} {'variants':>9}")
    for scene in story.scenes.values():
        if scene.id in story.only_offered:  # never entered: its choices are counted where offered
            where = ", ".join(
                s.id
                for s in story.scenes.values()
                if any(t.scene == scene.id for t in s.choices_from)
            )
            lines.append(f"  {scene.id:<{width}} {'-':>7}  (its choices are offered in {where})")
            continue

        def count(kind: str, sid: str = scene.id) -> tuple[int, int]:
            hits = [n for t, n in report.hits.items() if t.kind == kind and t.scene == sid]
            return sum(1 for n in hits if n), len(hits)

        visits = next(
            n for t, n in report.hits.items() if t.kind == "scene" and t.scene == scene.id
        )
        cells = [f"{a}/{b}" for a, b in (count("choice"), count("item"), count("variant"))]
        mark = (
            ""
            if all(a == b for a, b in (count("choice"), count("item"), count("variant"))) and visits
            else "  <-"
        )
        lines.append(
            f"  {scene.id:<{width}} {visits:>7} {cells[0]:>8} {cells[1]:>6} {cells[2]:>9}{mark}"
        )
    if report.mode == "random":
        lines.append("endings reached:")
        for key, n in sorted(report.endings.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {key}: {n}")
        if report.unfinished:
            lines.append(f"  (no ending within the step limit: {report.unfinished})")
    missed = report.missed
    if missed:
        lines.append(f"never reached ({len(missed)}):")
        for target in missed:
            lines.append(f"  {target.pos}: {target.describe()}")
            if report.why(target):
                lines.append(f"      why: {report.why(target)}")
    if report.failures:
        lines.append(f"failures ({len(report.failures)}):")
        for failure in report.failures[:max_failures]:
            again = (
                f" (and {failure.repeats} other {plural(failure.repeats, 'path', 'paths')})"
                if failure.repeats
                else ""
            )
            lines.append(f"  in scene {failure.scene!r}{again}: {failure.message}")
            lines.append("  replay with 'kaufhaus autoplay <file>' on this walkthrough:")
            lines += ["    " + line for line in failure.walkthrough().splitlines()]
        if len(report.failures) > max_failures:
            lines.append(f"  … and {len(report.failures) - max_failures} more")
    if report.mode == "quick":
        lines.append("ok: everything reached" if report.ok else "FAILED")
    else:
        lines.append("ok: no failures" if report.ok else "FAILED")
    return "\n".join(lines)


def report_json(report: Report) -> dict[str, Any]:
    return {
        "mode": report.mode,
        "ok": report.ok,
        "states": report.states,
        "games": report.games,
        "steps": report.steps,
        "seconds": round(report.seconds, 3),
        "budget_hit": report.budget_hit,
        "seeds": list(report.seeds),
        "endings": report.endings,
        "unfinished": report.unfinished,
        "missed": [
            {
                "kind": t.kind,
                "scene": t.scene,
                "name": t.name,
                "detail": t.detail,
                "why": report.why(t),
                "file": t.pos.file,
                "line": t.pos.line,
                "column": t.pos.column,
            }
            for t in report.missed
        ],
        "failures": [
            {
                "message": f.message,
                "scene": f.scene,
                "lang": f.lang,
                "seed": f.seed,
                "steps": [s.as_yaml() for s in f.steps],
            }
            for f in report.failures
        ],
    }
