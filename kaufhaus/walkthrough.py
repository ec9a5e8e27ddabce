"""Headless play from a walkthrough file, with a virtual clock.

Tests, teachers and authors use the same runner: a YAML list of steps
(choose, examine, highlight, hover, wait, type, back, price, idle) played
against the story, stopping with a message that names the step that does not fit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kaufhaus.game import MAX_INPUT_CHARS, Game, GameError, RenderError
from kaufhaus.story.errors import Pos, display_path
from kaufhaus.story.model import Story
from kaufhaus.story.yamlsrc import Node, parse_yaml

#: Longest wait or idle a walkthrough may ask for (a year); the log's clock stays finite.
MAX_WAIT = 31_536_000

STEP_KINDS = ("choose", "examine", "highlight", "hover", "wait", "type", "back", "price", "idle")

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
    """A walkthrough that cannot be read or played; the message names the step."""


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
        if key not in ("lang", "seed", "steps", "cookie"):
            raise WalkthroughError(f"{kpos}: unknown field {key!r} (use lang, seed, cookie, steps)")
    lang = m["lang"].value if "lang" in m else "de"
    if lang not in ("de", "en"):
        raise WalkthroughError(f"{m['lang'].pos}: lang must be de or en, not {lang!r}")
    seed = m["seed"].value if "seed" in m else 0
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise WalkthroughError(f"{m['seed'].pos}: seed must be a whole number")
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
        if isinstance(node.value, str) and node.value == "back":
            steps.append(Step("back", None, node.pos, number))
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
        if kind in ("wait", "idle") and (
            isinstance(v, bool)
            or not isinstance(v, (int, float))
            or not math.isfinite(v)
            or not 0 <= v <= MAX_WAIT
        ):
            raise WalkthroughError(
                f"{value.pos}: step {number}: {kind} needs seconds from 0 to {MAX_WAIT:,}"
            )
        if kind == "type" and len(str(v)) > MAX_INPUT_CHARS:
            raise WalkthroughError(
                f"{value.pos}: step {number}: type takes at most {MAX_INPUT_CHARS} characters"
            )
        steps.append(Step(kind, v, node.pos, number))
    return Walkthrough(lang, seed, tuple(steps), source, cookie)


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
    if game is None:
        game = Game(story, seed=walkthrough.seed, lang=walkthrough.lang)
        try:
            game.start(start_at, HEADLESS_FINGERPRINT, walkthrough.cookie)
        except (GameError, RenderError) as exc:  # the start scene cannot be shown
            raise WalkthroughError(f"the game cannot start: {exc}") from None
        if transcript is not None:
            _show(game, transcript)
    clock = game.now
    for step in walkthrough.steps:
        try:
            if step.kind == "wait":
                clock += float(step.value)
                continue
            if game.ended and step.kind != "idle":
                raise GameError("the game has already ended")
            if step.kind == "choose":
                game.choose(_ref(step.value), clock)
                if transcript is not None:
                    _show(game, transcript)
            elif step.kind == "examine":
                _, text = game.examine(str(step.value), clock)
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
            elif step.kind == "price":
                game.look_price(str(step.value), clock)
            elif step.kind == "idle":
                clock += float(step.value)
                game.idle(float(step.value), clock)
        except (GameError, RenderError) as exc:
            raise WalkthroughError(
                f"{step.pos}: step {step.number} ({step.kind}: {step.value}) does not fit "
                f"scene {game.scene_id!r}: {exc}"
            ) from None
        if on_step is not None:
            on_step(game, step)
    return game


def _ref(value: Any) -> str | int:
    return value if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _show(game: Game, transcript: Transcript) -> None:
    view = game.view()
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
        for number, choice in enumerate(view.choices, start=1):
            transcript.add(f"  {number}. {choice.label} ({choice.id})")
    transcript.add("")
