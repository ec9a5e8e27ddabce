"""Whole-pack checks beyond loading: the story map, endings, unused parts.

``kaufhaus check`` runs the loader (every located problem in the files), these
map-level checks, and a render probe supplied by the caller (the story layer
cannot build a game, so the probe is passed in). Codes are listed with
examples in docs/authoring.md.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TypeGuard

from jinja2 import TemplateError, Undefined

from kaufhaus.story.errors import Problem
from kaufhaus.story.loader import load_pack_with_problems, no_collection
from kaufhaus.story.model import Condition, Story
from kaufhaus.story.prose import prose_problems
from kaufhaus.story.templates import TemplateApi
from kaufhaus.story.tunnels import tunnel_problems

Probe = Callable[[Story], list[Problem]]


def reachable(story: Story) -> set[str]:
    """Scenes some sequence of choices leads to from the start (conditions ignored)."""
    if story.start not in story.scenes:
        return set()
    seen = {story.start}
    todo = [story.start]
    while todo:
        scene = story.scenes.get(todo.pop())
        if scene is None:
            continue
        # choices, diverts, tunnel returns; a scene whose choices are offered here
        for target in [*story.exits(scene.id), *(t.scene for t in scene.choices_from)]:
            if target not in seen and target in story.scenes:
                seen.add(target)
                todo.append(target)
    return seen


def can_end(story: Story) -> set[str]:
    """Scenes from which some sequence of choices reaches an ending."""
    reverse: dict[str, set[str]] = {sid: set() for sid in story.scenes}
    for scene in story.scenes.values():
        for target in story.exits(scene.id):
            if target in reverse:
                reverse[target].add(scene.id)
    # A scene with errors might well lead somewhere once fixed: no follow-up errors.
    # Dead ends (KH041) are reported as such, not again as traps.
    ending = {
        sid
        for sid, s in story.scenes.items()
        if s.ending or sid in story.incomplete or not s.choices
    }
    todo = list(ending)
    while todo:
        for prev in reverse[todo.pop()]:
            if prev not in ending:
                ending.add(prev)
                todo.append(prev)
    return ending


def never_true(condition: Condition | None) -> TypeGuard[Condition]:
    """Whether a condition is a constant that is false (``when: false``, ``1 > 2``).

    A condition that uses any template name cannot be evaluated without a game,
    so it is not constant: evaluating it with no names at all fails or yields
    an undefined value.
    """
    if condition is None or condition.compiled is None:
        return False
    try:
        value = condition.compiled()
        return not isinstance(value, Undefined) and not bool(value)
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError):
        return False


def graph_problems(story: Story) -> list[Problem]:
    problems: list[Problem] = []
    live = reachable(story)
    for scene in story.scenes.values():
        if scene.id not in live and not story.incomplete and story.start in story.scenes:
            n = len(scene.items)
            extra = f" (and so are its {n} {'item' if n == 1 else 'items'})" if n else ""
            problems.append(
                Problem(
                    scene.pos,
                    "KH040",
                    f"scene {scene.id!r} is unreachable{extra}",
                    "No choice leads here; add one, or remove the scene.",
                    "warning",
                )
            )
    if not any(s.ending for s in story.scenes.values()) and not story.incomplete:
        first = story.scenes.get(story.start) or next(iter(story.scenes.values()))
        problems.append(
            Problem(
                first.pos,
                "KH043",
                "the pack has no ending",
                "Mark a final scene with 'ending: <name>'.",
            )
        )
    else:
        ends = can_end(story)
        for sid in sorted(live - ends):
            scene = story.scenes[sid]
            problems.append(
                Problem(
                    scene.pos,
                    "KH044",
                    f"from scene {sid!r} no ending can be reached",
                    "The player would be trapped in a loop; add a way out.",
                )
            )
    used = {
        p
        for s in story.scenes.values()
        for p in [
            *(i.product for i in s.items),
            *(c.product for c in s.choices),
            *(pid for c in s.choices for pid in c.effects.take),
        ]
        if p
    }
    for pid, product in story.catalogue.items():
        if pid not in used:
            problems.append(
                Problem(
                    product.pos,
                    "KH045",
                    f"catalogue product {pid!r} is on no shelf: no thing or choice has it",
                    "Attach it with 'product:' to a thing or a choice, so that a player can "
                    "look at it or buy it (naming it in a text, as in shop.price(...), does "
                    "not put it on a shelf), or remove it.",
                    "warning",
                )
            )
    problems += _unused_problems(story, live)
    problems += tunnel_problems(story)
    return problems


def _unused_problems(story: Story, live: set[str]) -> list[Problem]:
    """Parts of reachable scenes that can never be shown, and ambiguous ids."""
    problems: list[Problem] = []
    for scene in story.scenes.values():
        if scene.id not in live:
            continue
        for item in scene.items:
            if never_true(item.when):
                problems.append(
                    Problem(
                        item.pos,
                        "KH046",
                        f"item {item.id!r} is never shown: its condition "
                        f"{item.when.source!r} is always false",
                        "Fix the condition or remove the item.",
                        "warning",
                    )
                )
        for choice in scene.choices:
            if never_true(choice.when):
                problems.append(
                    Problem(
                        choice.pos,
                        "KH046",
                        f"choice {choice.id!r} is never offered: its "
                        f"condition {choice.when.source!r} is always false",
                        "Fix the condition or remove the choice.",
                        "warning",
                    )
                )
        for variant in scene.variants:
            if never_true(variant.when):
                problems.append(
                    Problem(
                        variant.pos,
                        "KH046",
                        f"a variant of scene {scene.id!r} is never used: its "
                        f"condition {variant.when.source!r} is always false",
                        "Fix the condition or remove the variant.",
                        "warning",
                    )
                )
        if (
            scene.choices
            and not scene.ending
            and all(c.when or c.selectable for c in scene.choices)
        ):
            problems.append(
                Problem(
                    scene.pos,
                    "KH048",
                    f"every choice of scene {scene.id!r} has a condition",
                    "If none of them holds, the player is stuck here; "
                    "give one choice no 'when:' (run 'kaufhaus story-test' to "
                    "see which ones are reached).",
                    "warning",
                )
            )
        for item in scene.items:
            if item.id in story.scenes:
                problems.append(
                    Problem(
                        item.pos,
                        "KH049",
                        f"item {item.id!r} has the same id as a scene",
                        f"seen({item.id!r}) cannot tell them apart; rename the item.",
                        "warning",
                    )
                )
    return problems


def check_pack(
    pack: Path | str, probe: Probe | None = None, api: TemplateApi | None = None
) -> tuple[Story | None, list[Problem]]:
    """Every problem of a pack: loading, the story map and (given a probe) rendering.

    The map-level checks run even when some scenes have errors, as long as the
    story could be assembled; the render probe needs an error-free pack.
    """
    # As while loading (see ``no_collection``): the checks below build and drop
    # objects by the hundred thousand next to a story of millions, and the cycle
    # collector would walk the whole story again each time to find nothing.
    with no_collection():
        story, problems = load_pack_with_problems(pack, api=api)
        if story is not None:
            errors = any(p.severity == "error" for p in problems)
            problems = problems + graph_problems(story) + prose_problems(story)
            if probe is not None and not errors:
                problems += probe(story)
        # What was built goes straight to the oldest generation: switched back on, the
        # collector's first young collection would otherwise walk the whole story at
        # once only to promote it (0.7 s at 10,000 scenes, benchmarks/bench_load.py).
        # Garbage among it is freed by the next full collection, as it would have been.
        gc.freeze()
        gc.unfreeze()
    problems = _unique(problems)
    problems.sort(key=lambda p: (p.pos.file, p.pos.line, p.pos.column, p.code))
    return story, problems


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: dict[tuple[str, int, int, str, str], Problem] = {}
    for p in problems:
        seen.setdefault((p.pos.file, p.pos.line, p.pos.column, p.code, p.message), p)
    return list(seen.values())
