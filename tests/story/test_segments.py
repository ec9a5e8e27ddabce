"""Texts compiled tag by tag (``kaufhaus/story/segments.py``) say exactly what the
same text compiled whole by Jinja says: on every text of the shipped story, of
every example pack and of a generated pack with the large-pack benchmark's mix,
in every language, at the start of a game and with every scene visited."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.facades import VisitsFacade
from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from kaufhaus.story.segments import SegmentedTemplate
from kaufhaus.story.templates import TemplateCompiler
from kaufhaus.storytest import facade_api, scene_texts
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_load


def _visited(game: Game, visits: VisitsFacade) -> dict[str, Any]:
    return dict(game.template_context(), visits=visits)


def _outcome(template: Any, context: dict[str, Any]) -> str:
    try:
        return str(template.render(context))
    except Exception as exc:  # the same failure either way is the same outcome
        return f"<{type(exc).__name__}>"


def _compare(pack: Path) -> tuple[int, int]:
    """Render every text both ways; return (texts compared, texts split at tags)."""
    story = load_pack(pack, api=facade_api())
    compared = split = 0
    for lang in story.languages:
        game = Game(story, lang=lang, record_shown=False)
        game.start(0.0, {}, render=False)
        everywhere = VisitsFacade(dict.fromkeys(story.scenes, 3), story.scenes)
        for scene in story.scenes.values():
            game.scene_id = scene.id
            # A fresh context for each rendering: shop.one_of counts its calls.
            contexts = [
                game.template_context,
                functools.partial(_visited, game, everywhere),
            ]
            for text in scene_texts(scene):
                source = text.sources.get(lang)
                if source is None or "{" not in source:
                    continue
                compiler = TemplateCompiler()
                quick = compiler.text(source)
                if not isinstance(quick.template, SegmentedTemplate):
                    continue
                full = compiler._compile_text_full(source)
                split += 1
                for context in contexts:
                    expected = _outcome(full.template, context())
                    assert _outcome(quick.template, context()) == expected, (
                        f"{text.pos} ({lang}): {source!r}"
                    )
                    compared += 1
                assert sorted(map(repr, quick.refs)) == sorted(map(repr, full.refs)), source
    return compared, split


PACKS = [ROOT / "scenes", *sorted(p for p in (ROOT / "scenes" / "examples").iterdir())]


@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.name)
def test_every_text_of_a_shipped_pack_renders_alike(pack: Path) -> None:
    compared, split = _compare(pack)
    assert compared == 2 * split
    if pack.name == "scenes":
        assert split >= 20, "the shipped story's templated texts are split at their tags"


def test_every_text_of_a_generated_large_pack_renders_alike(tmp_path: Path) -> None:
    bench_load.generate(tmp_path, 120, seed=3)
    compared, split = _compare(tmp_path)
    assert split >= 150 and compared >= 2 * split
