"""One action, one rendering: the view the player gets is the view whose uses were logged.

Every action renders the player's view to log the prices and claims it uses.
The front ends show that very view instead of rendering the scene a second
time, so what the shop logged and what the player read cannot drift apart,
and an action costs one rendering, not two.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaufhaus.facades import facade_api
from kaufhaus.game import Game, SceneView, _tidy
from kaufhaus.plain import run_plain
from kaufhaus.play.session import Session
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.truth import check_step
from kaufhaus.walkthrough import Transcript, parse_walkthrough, play
from tests.tui.helpers import FakeClock

PACK = """\
id: einmal
languages: [de]
start: laden
catalogue:
  hut: {name: Hut, category: mode, price: 19.95}
  schal: {name: Schal, category: mode, price: 9.5}
scenes:
  - id: laden
    title: Im Laden
    text: >-
      Ein Hut für {{ shop.price('hut') }}.{% if shop.knows('hut') %} Sie mögen
      Hüte, sagt die Akte ({{ shop.twitches('hut') }}-mal gezuckt).{% endif %}
      Sie waren {{ shop.seconds('laden') }} Sekunden hier.
    items:
      - {id: hut, label: Den Hut, text: "Filz, {{ shop.price('hut') }}.", product: hut}
      - {id: schal, label: Den Schal, text: Ein Schal., product: schal}
    input: {key: name, prompt: Ihr Name?}
    choices:
      - {id: bleiben, label: "Noch einmal hinsehen", goto: laden, reply: Sie sehen hin.}
      - {id: hut_nehmen, label: "Den Hut nehmen ({{ shop.price('hut') }})", goto: kasse,
         product: hut, effects: {take: hut}}
  - id: kasse
    title: Kasse
    text: "Zusammen {{ shop.basket_total }}, {{ player.typed('name') or 'Kundin' }}."
    choices:
      - {id: zahlen, label: Zahlen, goto: ende, effects: {buy: true}}
  - id: ende
    title: Ende
    text: Danke.
    ending: fertig
"""


@pytest.fixture
def pack(tmp_path: Path) -> Story:
    folder = tmp_path / "einmal"
    folder.mkdir()
    (folder / "story.yaml").write_text(PACK, encoding="utf-8")
    return load_pack(folder, api=facade_api())


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Count renderings of the whole view and the actions that logged their uses."""
    counts = {"views": 0, "actions": 0}
    render, log_uses = Game._view, Game._log_uses

    def counted_view(self: Game, context: dict[str, Any]) -> SceneView:
        counts["views"] += 1
        return render(self, context)

    def counted_log(self: Game, t: float, item: Any = None) -> str | None:
        counts["actions"] += 1
        return log_uses(self, t, item)

    monkeypatch.setattr(Game, "_view", counted_view)
    monkeypatch.setattr(Game, "_log_uses", counted_log)
    yield counts


def fresh(game: Game) -> SceneView:
    """The view rendered anew now (what the front ends used to do after each action)."""
    return game._view(game.template_context())


def test_each_action_renders_once_and_hands_that_view_to_the_front_end(
    pack: Story, tmp_path: Path, renders: dict[str, int]
) -> None:
    session = Session(pack, lang="de", seed=1, saves=tmp_path / "saves", clock=FakeClock())
    session.new_game({})
    game = session.game
    assert game is not None
    assert renders == {"views": 1, "actions": 1}
    steps: list[tuple[str, dict[str, Any]]] = [
        ("hover", {"target": "hut"}),
        ("examine", {"item": "hut"}),
        ("highlight", {"choice": "hut_nehmen"}),
        ("type", {"value": "Erika"}),
        ("idle", {"seconds": 40.0}),
        ("choose", {"choice": "bleiben"}),
        ("price", {"product": "schal"}),
        ("back", {}),
        ("choose", {"choice": "hut_nehmen"}),
    ]
    for number, (action, kw) in enumerate(steps, start=2):
        logged = len(game.log)
        outcome = session.act(action, **kw)
        assert renders == {"views": number, "actions": number}, action
        for _ in range(3):  # every screen asks for the view after an action
            assert game.view() is outcome.view, action
        assert renders["views"] == number, f"{action}: the front end rendered again"
        check_step(game, logged, outcome.text)  # the view shown is the one logged
        renders["views"] -= 1
        assert fresh(game) == outcome.view, action  # and it is what a new rendering says
    uses = [e for e in game.log if e.kind is Kind.CLAIM_USE]
    assert any(u["claim"] == "basket_total:all" for e in uses for u in e.data["claims"])


def test_a_saved_game_or_another_language_is_rendered_anew_and_logs_nothing(
    pack: Story, tmp_path: Path
) -> None:
    session = Session(pack, lang="de", seed=1, saves=tmp_path / "saves", clock=FakeClock())
    session.new_game({})
    game = session.game
    assert game is not None
    shown = session.act("examine", item="hut").view
    outcome = session.act("save")
    assert outcome.view is None
    logged = len(game.log)
    after = game.view()
    assert after is not shown and after == shown  # the same scene, rendered for the screen
    assert len(game.log) == logged
    game.scene_id = "kasse"  # a test reaching in: the kept view is not the scene's
    assert game.view().title == "Kasse"


def test_plain_mode_shows_the_logged_view_without_rendering_again(
    pack: Story, tmp_path: Path, renders: dict[str, int]
) -> None:
    clock = FakeClock()
    # The field asks first (plain mode: what is typed is text), then the shelf and choices.
    lines = iter(["1", "Erika", "u1", "u2", "1", "", "2", "1"])

    def answer(prompt: str) -> str:
        clock.advance(2.0)
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    run_plain(
        pack, lang="de", seed=3, saves=tmp_path / "saves", input_fn=answer, output=out, clock=clock
    )
    assert "Zusammen" in out.getvalue() and "Erika" in out.getvalue()
    assert renders["actions"] >= 7
    assert renders["views"] == renders["actions"]


def test_a_walkthrough_transcript_shows_the_logged_view(
    pack: Story, renders: dict[str, int]
) -> None:
    walkthrough = parse_walkthrough(
        "lang: de\nseed: 1\nsteps:\n  - examine: hut\n  - hover: schal\n"
        "  - choose: bleiben\n  - type: Erika\n  - choose: hut_nehmen\n"
        "  - expect: {scene: kasse}\n  - choose: zahlen\n"
    )
    transcript = Transcript()
    game = play(pack, walkthrough, transcript=transcript)
    assert game.ended
    assert renders["views"] == renders["actions"] == 7


async def test_the_terminal_game_shows_the_logged_view_without_rendering_again(
    pack: Story, tmp_path: Path, renders: dict[str, int]
) -> None:
    from tests.tui.helpers import choose, make_app, new_game, screen_text

    app = make_app(pack, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await pilot.press("escape")  # the scene opens in its text field: to the choices
        await pilot.pause()
        await choose(pilot, "bleiben")
        await pilot.pause()
        await pilot.press("escape")  # back in the scene, back in its field
        await pilot.pause()
        await pilot.press("down")  # the shop logs the highlight: an action too
        await pilot.pause()
        await choose(pilot, "hut_nehmen")
        await pilot.pause()
        assert app.game.scene_id == "kasse"
        shown = app.game.view()
        assert f"Zusammen {shown.basket_total}, Kundin." in screen_text(app)
    assert renders["actions"] >= 4
    assert renders["views"] == renders["actions"]


def _tidy_as_before(text: str) -> str:
    """The gap tidying as it was written first: every pattern on every line."""
    lines = [re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.strip().split("\n")]
    return re.sub(r" +([.,!?;:“”])(?=\s|$)", r"\1", "\n".join(lines))


@given(st.text(alphabet=" \t\n\r\xa0ab.,!?;:“”-", max_size=40))
def test_tidying_skips_only_what_cannot_match(text: str) -> None:
    assert _tidy(text) == _tidy_as_before(text)
