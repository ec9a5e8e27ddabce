"""Whole-pack checks beyond loading: reachability, endings, translations.

``kaufhaus check`` runs these plus a render probe supplied by the caller (the
story layer cannot build a game, so the probe is passed in).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kaufhaus.story.errors import Problem
from kaufhaus.story.loader import load_pack_with_problems
from kaufhaus.story.model import Story

Probe = Callable[[Story], list[Problem]]


def reachable(story: Story) -> set[str]:
    seen = {story.start}
    todo = [story.start]
    while todo:
        scene = story.scenes.get(todo.pop())
        if scene is None:
            continue
        for choice in scene.choices:
            if choice.goto not in seen and choice.goto in story.scenes:
                seen.add(choice.goto)
                todo.append(choice.goto)
    return seen


def graph_problems(story: Story) -> list[Problem]:
    problems: list[Problem] = []
    live = reachable(story)
    for scene in story.scenes.values():
        if scene.id not in live:
            problems.append(Problem(scene.pos, "KH040", f"scene {scene.id!r} is unreachable",
                                    "No choice leads here; add one, or remove the scene.",
                                    "warning"))
    # Scenes from which no ending can be reached trap the player.
    reverse: dict[str, set[str]] = {sid: set() for sid in story.scenes}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.goto in reverse:
                reverse[choice.goto].add(scene.id)
    can_end = {sid for sid, s in story.scenes.items() if s.ending}
    todo = list(can_end)
    while todo:
        for prev in reverse[todo.pop()]:
            if prev not in can_end:
                can_end.add(prev)
                todo.append(prev)
    if not any(s.ending for s in story.scenes.values()):
        first = story.scenes.get(story.start) or next(iter(story.scenes.values()))
        problems.append(Problem(first.pos, "KH043", "the pack has no ending",
                                "Mark a final scene with 'ending: <name>'."))
    else:
        for sid in sorted(live - can_end):
            scene = story.scenes[sid]
            problems.append(Problem(scene.pos, "KH044",
                                    f"from scene {sid!r} no ending can be reached",
                                    "The player would be trapped in a loop; add a way out."))
    used = {p for s in story.scenes.values() for p in
            [*(i.product for i in s.items), *(c.product for c in s.choices),
             *(pid for c in s.choices for pid in c.effects.take)] if p}
    for pid, product in story.catalogue.items():
        if pid not in used:
            problems.append(Problem(product.pos, "KH045",
                                    f"catalogue product {pid!r} is never shown",
                                    "Reference it from an item or choice with 'product:', "
                                    "or remove it.", "warning"))
    return problems


def check_pack(pack: Path | str, probe: Probe | None = None) -> tuple[Story | None, list[Problem]]:
    story, problems = load_pack_with_problems(pack)
    if story is not None and not any(p.severity == "error" for p in problems):
        problems += graph_problems(story)
        if probe is not None:
            problems += probe(story)
    problems.sort(key=lambda p: (p.pos.file, p.pos.line, p.pos.column, p.code))
    return story, problems
