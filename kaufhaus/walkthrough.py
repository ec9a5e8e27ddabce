"""Headless play from a walkthrough file, with a virtual clock.

Tests, teachers and authors use the same runner: a YAML list of steps
(choose, examine, highlight, hover, wait, type, back, undo, price, idle) played
against the story, stopping with a message that names the step that does not fit.

``expect:`` steps make a walkthrough a test: they assert what the player sees
at that point (the scene, words in the text, the choices, the ending, the
basket, the author's variables and inventory) and fail with the walkthrough's
``file:line:column``, so ``kaufhaus autoplay`` can exit 1 in CI when a story
edit breaks a path an author cares about.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kaufhaus.game import (
    MAX_INPUT_CHARS,
    Game,
    GameError,
    RenderError,
    SceneView,
    lesson_state,
)
from kaufhaus.story.errors import Pos, display_path, neutralise
from kaufhaus.story.model import Story
from kaufhaus.story.template_base import did_you_mean
from kaufhaus.story.yamlsrc import Node, parse_yaml
from kaufhaus.tracking.events import K
from kaufhaus.tracking.schema import finite

#: Longest wait or idle a walkthrough may ask for (a year); the log's clock stays finite.
MAX_WAIT = 31_536_000

STEP_KINDS = (
    "choose",
    "examine",
    "highlight",
    "hover",
    "wait",
    "type",
    "back",
    "undo",
    "price",
    "idle",
    "expect",
)

#: What an ``expect:`` step can check, in the order it checks them.
EXPECT_KEYS = (
    "scene",
    "ending",
    "text",
    "no_text",
    "choices",
    "basket",
    "inventory",
    "vars",
    "turns",
    "visits",
    "refused",
    "locked",
)
#: What ``expect: {refused: ...}`` may try: a step the player could take.
REFUSABLE = ("choose", "examine", "highlight", "hover", "type", "back", "undo", "price")

#: A fixed, harmless fingerprint for headless sessions, so dossiers are reproducible.
HEADLESS_FINGERPRINT = {
    "terminal": "80x24",
    "colors": "none",
    "term": "headless",
    "locale": "C",
    "timezone": "UTC",
    "time_of_day": "unknown",
    "os": "headless",
}


class WalkthroughError(Exception):
    """A walkthrough that cannot be read or played; the message names the step.

    The message quotes the walkthrough's own values (a choice, a typed text, a
    key), which a file may fill with escape sequences: it passes ``neutralise``
    like every text from a file, wherever it is raised.
    """

    def __str__(self) -> str:
        return neutralise(super().__str__())


class ExpectationFailed(WalkthroughError):
    """An ``expect:`` step found the game other than the walkthrough says."""


@dataclass(frozen=True)
class Expect:
    """One check of an ``expect:`` step: what (``key``), the wanted value, where it is written."""

    key: str
    value: Any
    pos: Pos


@dataclass(frozen=True)
class Step:
    kind: str
    value: Any
    pos: Pos
    number: int


@dataclass(frozen=True)
class Walkthrough:
    lang: str
    seed: int
    steps: tuple[Step, ...]
    source: str = "<walkthrough>"
    cookie: dict[str, Any] | None = None
    #: Played as a class's lesson cut (``lesson: true``; the story's ``lesson`` variable).
    lesson: bool = False


@dataclass
class Transcript:
    lines: list[str] = field(default_factory=list)

    def add(self, text: str = "") -> None:
        self.lines.append(text)


def parse_walkthrough(text: str, source: str = "<walkthrough>") -> Walkthrough:
    tree, problems = parse_yaml(text, source)
    if problems:
        raise WalkthroughError("\n".join(p.format() for p in problems))
    if tree is None or not isinstance(tree.value, dict):
        raise WalkthroughError(f"{source}:1:1: a walkthrough is a mapping with lang, seed, steps")
    m: dict[str, Node] = tree.value
    for key, kpos in tree.key_pos.items():
        if key not in ("lang", "seed", "steps", "cookie", "lesson"):
            raise WalkthroughError(
                f"{kpos}: unknown field {key!r} (use lang, seed, cookie, lesson, steps)"
            )
    lang = m["lang"].value if "lang" in m else "de"
    if lang not in ("de", "en"):
        raise WalkthroughError(f"{m['lang'].pos}: lang must be de or en, not {lang!r}")
    seed = m["seed"].value if "seed" in m else 0
    if isinstance(seed, bool) or not isinstance(seed, int) or abs(seed) > 2**63:
        raise WalkthroughError(f"{m['seed'].pos}: seed must be a whole number (as a save holds)")
    cookie = m["cookie"].plain() if "cookie" in m else None
    if cookie is not None and not isinstance(cookie, dict):
        raise WalkthroughError(
            f"{m['cookie'].pos}: cookie must be a mapping, e.g. {{visits: 2, interests: {{tv: 3}}}}"
        )
    if cookie is not None:
        from kaufhaus.saves import check_cookie

        problem = check_cookie(cookie)
        if problem is not None:
            raise WalkthroughError(f"{m['cookie'].pos}: the cookie does not fit: {problem}")
    raw_steps = m.get("steps")
    if raw_steps is None or not isinstance(raw_steps.value, list):
        raise WalkthroughError(f"{tree.pos}: 'steps:' must be a list of steps")
    steps: list[Step] = []
    for number, node in enumerate(raw_steps.value, start=1):
        if isinstance(node.value, str) and node.value in ("back", "undo"):
            steps.append(Step(node.value, None, node.pos, number))
            continue
        if not isinstance(node.value, dict) or len(node.value) != 1:
            kinds = ", ".join(STEP_KINDS)
            raise WalkthroughError(
                f"{node.pos}: step {number} must be one 'kind: value' pair ({kinds}), "
                "e.g. '- choose: 1'"
            )
        ((kind, value),) = node.value.items()
        if kind not in STEP_KINDS:
            raise WalkthroughError(
                f"{node.pos}: step {number}: unknown step {kind!r} (use {', '.join(STEP_KINDS)})"
            )
        v = value.value
        # Bounded before any float conversion: a 400-digit number overflows a float.
        if kind in ("wait", "idle") and (not finite(v) or not 0 <= v <= MAX_WAIT):
            raise WalkthroughError(
                f"{value.pos}: step {number}: {kind} needs seconds from 0 to {MAX_WAIT:,}"
            )
        if kind == "expect":
            v = _parse_expect(value, number)
        if kind == "type" and len(neutralise(str(v))) > MAX_INPUT_CHARS:  # as the game logs it
            raise WalkthroughError(
                f"{value.pos}: step {number}: type takes at most {MAX_INPUT_CHARS} characters"
            )
        steps.append(Step(kind, v, node.pos, number))
    lesson = m["lesson"].value if "lesson" in m else False
    if not isinstance(lesson, bool):
        raise WalkthroughError(f"{m['lesson'].pos}: lesson must be true or false")
    return Walkthrough(lang, seed, tuple(steps), source, cookie, lesson)


def _parse_expect(node: Node, number: int) -> tuple[Expect, ...]:
    """``expect: {scene: bar, text: [dunkel], vars: {disturbed: 0}}``, checked for shape now
    so that a typo fails before the game is played, with its place."""
    where = f"{node.pos}: step {number}"
    if not isinstance(node.value, dict) or not node.value:
        raise WalkthroughError(
            f"{where}: expect needs a mapping, e.g. 'expect: {{scene: foyer, text: Oper}}' "
            f"(keys: {', '.join(EXPECT_KEYS)})"
        )
    checks: list[Expect] = []
    for key, vnode in node.value.items():
        kpos = node.key_at(key)
        if key not in EXPECT_KEYS:
            import difflib

            near = difflib.get_close_matches(key, EXPECT_KEYS, n=1)
            hint = f" Did you mean {near[0]!r}?" if near else ""
            raise WalkthroughError(
                f"{kpos}: step {number}: expect cannot check {key!r} "
                f"(it checks {', '.join(EXPECT_KEYS)}).{hint}"
            )
        value = vnode.plain()
        if key == "scene" and not isinstance(value, str):
            raise WalkthroughError(f"{vnode.pos}: step {number}: scene takes a scene id")
        if key == "ending" and not isinstance(value, (str, bool)):
            raise WalkthroughError(
                f"{vnode.pos}: step {number}: ending takes an ending id, true (any ending) "
                "or false (not ended)"
            )
        if key in ("text", "no_text") and isinstance(value, dict):
            # Per language: the same walkthrough can be played in German and English.
            langs: dict[str, list[str]] = {}
            for lang, texts in value.items():
                texts = [texts] if isinstance(texts, str) else texts
                if lang not in ("de", "en") or not (
                    isinstance(texts, list) and texts and all(isinstance(x, str) for x in texts)
                ):
                    raise WalkthroughError(
                        f"{vnode.pos}: step {number}: {key} takes a text, a list of texts, "
                        "or texts per language, e.g. '{de: Im Korb, en: In your basket}'"
                    )
                langs[lang] = list(texts)
            checks.append(Expect(key, langs, kpos))
            continue
        if key in ("text", "no_text", "choices", "basket", "inventory", "locked"):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(
                isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in value
            ):
                raise WalkthroughError(
                    f"{vnode.pos}: step {number}: {key} takes a text or a list of texts"
                )
            value = [str(x) for x in value]
        if key == "turns" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise WalkthroughError(
                f"{vnode.pos}: step {number}: turns takes a whole number, e.g. 'turns: 3'"
            )
        if key == "visits" and not (
            isinstance(value, dict)
            and value
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value.values())
        ):
            raise WalkthroughError(
                f"{vnode.pos}: step {number}: visits takes scene ids with a number each, "
                "e.g. 'visits: {foyer: 2}'"
            )
        if key == "refused":
            value = _refusable(vnode, number)
        if key == "vars" and not (isinstance(value, dict) and value):
            raise WalkthroughError(
                f"{vnode.pos}: step {number}: vars takes a mapping of variable names to "
                "values, e.g. 'vars: {disturbed: 0, lamp_lit: true}'"
            )
        checks.append(Expect(key, value, kpos))
    return tuple(checks)


def _refusable(node: Node, number: int) -> tuple[str, Any]:
    """``refused: undo`` or ``refused: {choose: kaufen}``: a step the game must refuse."""
    value = node.plain()
    if isinstance(value, str) and value in ("back", "undo"):
        return value, None
    if isinstance(value, dict) and len(value) == 1:
        ((kind, arg),) = value.items()
        if kind in REFUSABLE and kind not in ("back", "undo"):
            return str(kind), arg
    raise WalkthroughError(
        f"{node.pos}: step {number}: refused takes one step the game must refuse, "
        f"e.g. 'refused: undo' or 'refused: {{choose: kaufen}}' ({', '.join(REFUSABLE)})"
    )


def check_names(story: Story, walkthrough: Walkthrough) -> None:
    """Scene, ending, thing and variable names in ``expect:`` steps exist in the story.

    Checked before the first step is played, each with its place and a
    did-you-mean: a misspelt name is the walkthrough's mistake, not the story's.
    """
    endings = {s.ending for s in story.scenes.values() if s.ending}
    for step in walkthrough.steps:
        if step.kind != "expect":
            continue
        for check in step.value:
            names: list[str] = []
            known: Any = ()
            what = ""
            if check.key == "scene":
                names, known, what = [check.value], story.scenes, "scene"
            elif check.key == "visits":
                names, known, what = list(check.value), story.scenes, "scene"
            elif check.key == "ending" and isinstance(check.value, str):
                names, known, what = [check.value], endings, "ending"
            elif check.key == "inventory":
                names, known, what = list(check.value), story.things, "thing"
            elif check.key == "vars":
                names, known, what = list(check.value), story.state, "variable"
            for name in names:
                if name not in known:
                    hint = did_you_mean(str(name), known) or (
                        f"This story's {what}s: {', '.join(sorted(known)) or 'none'}."
                    )
                    raise WalkthroughError(
                        f"{check.pos}: step {step.number}: {name!r} is no {what} of this "
                        f"story. {hint}"
                    )


def load_walkthrough(path: Path) -> Walkthrough:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WalkthroughError(f"{path}: cannot read walkthrough ({exc})") from None
    return parse_walkthrough(text, display_path(Path(path)))


def play(
    story: Story,
    walkthrough: Walkthrough,
    *,
    transcript: Transcript | None = None,
    on_step: Callable[[Game, Step], None] | None = None,
    start_at: float = 0.0,
    game: Game | None = None,
) -> Game:
    """Play every step; raise WalkthroughError naming the first step that does not fit."""
    check_names(story, walkthrough)
    if game is None:
        game = Game(story, seed=walkthrough.seed, lang=walkthrough.lang)
        try:
            game.start(
                start_at,
                HEADLESS_FINGERPRINT,
                walkthrough.cookie,
                state=lesson_state(game.story) if walkthrough.lesson else None,
            )
        except (GameError, RenderError) as exc:  # the start scene cannot be shown
            raise WalkthroughError(f"the game cannot start: {exc}") from None
        if transcript is not None:
            _show(game, transcript)
    clock = game.now
    said = ""  # the last examined item's text, while the player stays in its scene
    for step in walkthrough.steps:
        try:
            if step.kind == "wait":
                clock += float(step.value)
                continue
            if step.kind == "expect":
                check_expectations(game, step, said, clock)
                continue
            if game.ended and step.kind != "idle":
                raise GameError("the game has already ended")
            logged = len(game.log)
            if step.kind == "choose":
                game.choose(_ref(step.value), clock)
                if transcript is not None:
                    _show(game, transcript)
            elif step.kind == "examine":
                _, text = game.examine(str(step.value), clock)
                said = text
                if transcript is not None:
                    transcript.add(f"  [{step.value}] {text}")
                    transcript.add()
            elif step.kind == "highlight":
                game.highlight(_ref(step.value), clock)
            elif step.kind == "hover":
                game.hover(str(step.value), clock)
            elif step.kind == "type":
                game.type_text(str(step.value), clock)
                if transcript is not None:
                    transcript.add(f"  > {step.value}")
            elif step.kind == "back":
                game.back(clock)
                if transcript is not None:
                    _show(game, transcript)
            elif step.kind == "undo":  # the same as back: the b key undoes
                game.undo(clock)
                if transcript is not None:
                    _show(game, transcript)
            elif step.kind == "price":
                game.look_price(str(step.value), clock)
            elif step.kind == "idle":
                clock += float(step.value)
                game.idle(float(step.value), clock)
            if step.kind in ("choose", "back", "undo", "type") or _entered_since(game, logged):
                said = ""  # a decision (or a new scene) replaces what was examined
        except (GameError, RenderError) as exc:
            raise WalkthroughError(
                f"{step.pos}: step {step.number} ({step.kind}: {step.value}) does not fit "
                f"scene {game.scene_id!r}: {exc}"
            ) from None
        if on_step is not None:
            on_step(game, step)
    return game


def _entered_since(game: Game, logged: int) -> bool:
    """Whether the player entered a scene (anew) since the log had ``logged`` events."""
    log = game.log
    if len(log) < logged:  # an undo cut the log back: the scene is shown afresh
        return True
    return any(log[i].kind is K.SCENE_ENTER for i in range(logged, len(log)))


def require_ending(game: Game, walkthrough: Walkthrough) -> None:
    """A walkthrough played to its last step must have reached an ending.

    ``kaufhaus autoplay`` calls this (unless ``--partial``): a walkthrough
    that stops short is a broken test, not a success.
    """
    if game.ended:
        return
    last = walkthrough.steps[-1].pos if walkthrough.steps else Pos(walkthrough.source)
    raise ExpectationFailed(
        f"{last}: the walkthrough ends in scene {game.scene_id!r} without reaching an "
        "ending (add the missing steps; 'autoplay --partial' accepts an unfinished game)"
    )


def author_state(game: Game) -> tuple[dict[str, Any] | None, list[str] | None]:
    """The author's variables and inventory now, or None where the game keeps none."""
    variables = getattr(game, "state", None)  # ``state:`` in story.yaml
    inventory = getattr(game, "inventory", None)
    return (
        dict(variables) if isinstance(variables, dict) else None,
        sorted(inventory) if inventory is not None else None,
    )


def _words(text: str) -> str:
    """Text with every run of white space as one space: folded YAML lines match."""
    return " ".join(text.split())


def check_expectations(game: Game, step: Step, said: str = "", clock: float = 0.0) -> None:
    """Check an ``expect:`` step; raise ExpectationFailed at the first that does not hold."""
    view = game.view()
    reply = getattr(view, "reply", None) or ""  # a choice's reply, shown above the scene
    why_not = [c.why_not for c in getattr(view, "locked", ())]
    shown = _words("\n".join([reply, view.title, view.text, view.prompt or "", said, *why_not]))
    for check in step.value:
        if check.key == "refused":
            problem = _not_refused(game, check.value, clock)
        else:
            problem = _mismatch(game, view, shown, check)
        if problem is not None:
            raise ExpectationFailed(
                f"{check.pos}: step {step.number} (expect {check.key}) failed in scene "
                f"{game.scene_id!r}: {problem}"
            )


def _mismatch(game: Game, view: SceneView, shown: str, check: Expect) -> str | None:
    key, want = check.key, check.value
    if key == "scene":
        return None if game.scene_id == want else f"expected scene {want!r}, got {game.scene_id!r}"
    if key == "ending":
        got = game.scene.ending
        if want is True:
            return None if got is not None else "expected an ending, but the game goes on"
        if want is False:
            return None if got is None else f"expected no ending yet, but reached {got!r}"
        if got == want:
            return None
        return f"expected ending {want!r}, " + (
            f"got ending {got!r}" if got is not None else "but the game has not ended"
        )
    if key in ("text", "no_text") and isinstance(want, dict):
        # Texts per language: check the ones written for the language played.
        want = want.get(game.lang, [])
    if key == "text":
        missing = [w for w in want if _words(w) not in shown]
        if not missing:
            return None
        return (
            f"the text ({game.lang}) does not contain {', '.join(map(repr, missing))}; "
            f"it reads: {_excerpt(shown)!r}"
        )
    if key == "no_text":
        found = [w for w in want if _words(w) in shown]
        if not found:
            return None
        return f"the text ({game.lang}) contains {', '.join(map(repr, found))}"
    if key == "choices":
        got_ids = [c.id for c in view.choices]
        if sorted(got_ids) == sorted(want):
            return None
        return f"expected the choices {sorted(want)}, got {got_ids}"
    if key == "locked":
        got_locked = [c.id for c in view.locked]
        if sorted(got_locked) == sorted(want):
            return None
        return f"expected the choices shown but not selectable {sorted(want)}, got {got_locked}"
    if key == "basket":
        got_basket = sorted(view.basket)
        if got_basket == sorted(want):
            return None
        return f"expected basket {sorted(want)}, got {got_basket}"
    if key == "turns":
        return None if game.turns == want else f"expected {want} turns, got {game.turns}"
    if key == "visits":
        wrong = [
            f"expected {sid} visited {n} times, got {game.profile.visits.get(sid, 0)}"
            for sid, n in want.items()
            if game.profile.visits.get(sid, 0) != n
        ]
        return "; ".join(wrong) or None
    variables, inventory = author_state(game)
    if key == "inventory":
        if inventory is None:
            return "this game keeps no inventory"
        if inventory == sorted(want):
            return None
        return f"expected inventory {sorted(want)}, got {inventory}"
    if key == "vars":
        if variables is None:
            return "this game keeps no variables"
        wrong = []
        for name, value in want.items():
            if name not in variables:
                known = ", ".join(sorted(variables)) or "none"
                wrong.append(f"{name!r} is not a variable (variables: {known})")
            elif not _same(variables[name], value):
                wrong.append(f"expected {name} = {value!r}, got {variables[name]!r}")
        return "; ".join(wrong) or None
    raise AssertionError(key)  # pragma: no cover - parse_walkthrough allows only EXPECT_KEYS


def _not_refused(game: Game, attempt: tuple[str, Any], clock: float) -> str | None:
    """Try the step: the game must refuse it (and, refusing, changes nothing)."""
    kind, arg = attempt
    actions: dict[str, Callable[[], object]] = {
        "choose": lambda: game.choose(_ref(arg), clock),
        "examine": lambda: game.examine(str(arg), clock),
        "highlight": lambda: game.highlight(_ref(arg), clock),
        "hover": lambda: game.hover(str(arg), clock),
        "type": lambda: game.type_text(str(arg), clock),
        "back": lambda: game.back(clock),
        "undo": lambda: game.undo(clock),
        "price": lambda: game.look_price(str(arg), clock),
    }
    logged = len(game.log)
    try:
        actions[kind]()
    except RenderError as exc:  # the story broke: no refusal, a mistake
        return f"{kind} failed instead of being refused: {exc}"
    except GameError:
        if len(game.log) != logged:  # pragma: no cover - every action is a transaction
            return f"'{kind}' was refused but left {len(game.log) - logged} events in the log"
        return None
    shown = kind if arg is None else f"{kind}: {arg}"
    return f"expected the game to refuse '{shown}', but it was done"


def _same(got: Any, want: Any) -> bool:
    """Equal as the author means it: 1 == 1.0, but true is not 1."""
    if isinstance(got, bool) or isinstance(want, bool):
        return isinstance(got, bool) and isinstance(want, bool) and got == want
    return bool(got == want)


def _excerpt(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ref(value: Any) -> str | int:
    return value if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _show(game: Game, transcript: Transcript) -> None:
    view = game.view()
    reply = getattr(view, "reply", None)
    if reply:
        transcript.add(f"  » {reply}")
        transcript.add()
    transcript.add(f"== {view.title} ==")
    transcript.add(view.text)
    if view.items:
        transcript.add("")
        for item in view.items:
            transcript.add(f"  * {item.label} ({item.id})")
    if view.prompt:
        transcript.add(f"  ? {view.prompt}")
    if view.choices:
        transcript.add("")
        for choice in view.choices:  # numbered as written: what ``choose: N`` means
            transcript.add(f"  {choice.number}. {choice.label} ({choice.id})")
    transcript.add("")
