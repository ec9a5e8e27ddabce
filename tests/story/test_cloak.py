"""Cloak of Darkness, the cross-engine test story, played as a player would.

It exercises what a story of its own needs: a counter (``state:``), the
cloak in the inventory, a bar that diverts to darkness while the cloak is
worn, a refused exit that only replies, a plain end instead of the shop's
reveal, and undo that really takes a blunder in the dark back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kaufhaus.game import Game
from kaufhaus.story.check import check_pack
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.storytest import facade_api, format_report, probe_pack, quicktest
from kaufhaus.walkthrough import parse_walkthrough, play, require_ending
from tests.story.helpers import ROOT, run_cli
from tests.tui.helpers import make_app, screen_text

CLOAK = ROOT / "scenes" / "examples" / "cloak"
WALKS = CLOAK / "walkthroughs"


@pytest.fixture(scope="module")
def cloak() -> Story:
    return load_pack(CLOAK)


def test_the_pack_checks_clean() -> None:
    _story, problems = check_pack(CLOAK, probe_pack, facade_api())
    assert [p.format() for p in problems] == []


def test_quicktest_reaches_both_endings(cloak: Story) -> None:
    # Losing takes two blunders in the dark: no condition tells one from two
    # until the message is read, so the explorer must keep the counter apart.
    report = quicktest(cloak)
    assert report.ok, format_report(report)
    endings = {t.name for t, n in report.hits.items() if t.kind == "ending" and n}
    assert endings == {"gewonnen", "verloren"}


@pytest.mark.parametrize(
    ("name", "ending"),
    [
        ("gewinnen.yaml", "gewonnen"),
        ("verlieren.yaml", "verloren"),
        ("win.yaml", "gewonnen"),
        ("lose.yaml", "verloren"),
    ],
)
def test_each_walkthrough_asserts_its_ending(cloak: Story, name: str, ending: str) -> None:
    walkthrough = parse_walkthrough((WALKS / name).read_text(encoding="utf-8"), name)
    assert any(
        s.kind == "expect" and "ending" in {c.key for c in s.value} for s in walkthrough.steps
    )
    game = play(cloak, walkthrough)
    require_ending(game, walkthrough)
    assert game.scene.ending == ending


def test_autoplay_passes_the_walkthroughs_and_fails_a_wrong_ending(tmp_path: Path) -> None:
    for path in sorted(WALKS.glob("*.yaml")):
        result = run_cli("autoplay", str(path), "--pack", str(CLOAK))
        assert result.returncode == 0, result.stderr
    wrong = tmp_path / "wrong.yaml"
    text = (WALKS / "verlieren.yaml").read_text(encoding="utf-8")
    wrong.write_text(text.replace("{ending: verloren", "{ending: gewonnen"), encoding="utf-8")
    result = run_cli("autoplay", str(wrong), "--pack", str(CLOAK))
    assert result.returncode == 1
    assert "expected ending 'gewonnen', got ending 'verloren'" in result.stderr
    assert "Traceback" not in result.stderr


def _start(cloak: Story, lang: str = "de") -> Game:
    game = Game(cloak, seed=1, lang=lang)
    game.start(0.0, {})
    return game


def test_north_is_refused_with_a_reply_and_no_new_scene(cloak: Story) -> None:
    game = _start(cloak, "en")
    entered = sum(1 for e in game.log if e.kind == "scene_enter")
    game.choose("norden", 1.0)
    view = game.view()
    assert game.scene_id == "foyer"
    assert "You have only just arrived" in " ".join((view.reply or "").split())
    assert sum(1 for e in game.log if e.kind == "scene_enter") == entered


def test_undo_in_the_dark_takes_the_blunder_back(cloak: Story) -> None:
    game = _start(cloak)
    game.choose("sueden", 1.0)
    assert game.scene_id == "bar_dunkel"
    game.choose("tasten", 2.0)
    assert game.state["disturbed"] == 1
    game.undo(3.0)
    assert game.scene_id == "bar_dunkel" and game.state["disturbed"] == 0
    assert game.inventory == ["cloak"]
    # The honest way on: one more blunder is still forgiven.
    game.choose("tasten", 4.0)
    game.choose("norden", 5.0)
    game.choose("westen", 6.0)
    game.choose("aufhaengen", 7.0)
    game.choose("osten", 8.0)
    game.choose("sueden", 9.0)
    assert game.scene_id == "bar"
    game.choose("lesen", 10.0)
    assert game.scene.ending == "gewonnen"


def test_the_dossier_does_not_take_the_cloak_for_a_purchase(cloak: Story) -> None:
    from kaufhaus.dossier.model import build_dossier

    game = play(cloak, parse_walkthrough((WALKS / "gewinnen.yaml").read_text(encoding="utf-8")))
    dossier = build_dossier(game)
    assert game.basket() == []
    assert not any(i.get("kind") == "purchase_probability" for i in dossier["inferences"])


async def test_in_the_terminal_b_undoes_a_blunder_and_the_end_is_plain(
    cloak: Story, tmp_path: Path
) -> None:
    from kaufhaus.tui.screens.ending import EndScreen
    from tests.tui.helpers import choose

    app = make_app(cloak, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = screen_text(app)
        assert "Der Umhang der Finsternis" in title and "Kaufhaus" not in title
        await pilot.press("enter")  # new game
        await pilot.pause()
        game: Any = app.game
        await choose(pilot, "sueden")
        await pilot.pause()
        assert game.scene_id == "bar_dunkel"
        assert "stockdunkel" in screen_text(app) and "Korb" not in screen_text(app)
        await choose(pilot, "tasten")
        await pilot.pause()
        assert game.state["disturbed"] == 1
        await pilot.press("b")
        await pilot.pause()
        game = app.game
        assert game.scene_id == "bar_dunkel" and game.state["disturbed"] == 0
        for choice in ("norden", "westen", "aufhaengen", "osten", "sueden", "lesen"):
            await choose(pilot, choice)  # the number shown beside it
            await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert "Sie haben gewonnen" in screen_text(app)


def test_plain_mode_plays_it_without_the_shop(cloak: Story, tmp_path: Path) -> None:
    import io

    from kaufhaus.plain import run_plain
    from tests.tui.helpers import FakeClock

    answers = ["1", "3", "2", "b", "1", "2", "1", "3", "3", "1", ""]

    def answer(prompt: str) -> str:
        if not answers:
            raise EOFError
        return answers.pop(0)

    out = io.StringIO()
    code = run_plain(
        cloak, lang="de", seed=1, saves=tmp_path, input_fn=answer, output=out, clock=FakeClock()
    )
    text = out.getvalue()
    assert code == 0
    assert text.startswith("Der Umhang der Finsternis\n")
    assert "Rückgängig gemacht.\n" in text  # the blunder in the dark, taken back
    assert "Sie haben gewonnen" in text
    assert "Kaufhaus" not in text and "Korb" not in text and "AKTE" not in text


def test_the_map_draws_the_diverts(cloak: Story) -> None:
    from kaufhaus.story.graph import render_graph

    mermaid = render_graph(cloak, "mermaid")
    assert "bar -.->|\"divert if has('cloak')\"| bar_dunkel" in mermaid
    assert 'verloren -.->|"divert if state.disturbed #lt; 2"| gewonnen' in mermaid
    dot = render_graph(cloak, "dot")
    assert (
        '"bar" -> "bar_dunkel" [label="divert\\nif has(\'cloak\')", style=dashed, color="#b35c00"];'
        in dot
    )
