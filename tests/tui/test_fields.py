"""Text fields own their keys, the ▶ follows the focus after a field, q asks first.

On a scene that asks for an address the field has the focus from the start:
an address typed straight away is an address (``s`` must not open the save
dialog, ``q`` must not quit). After it is sent, the ▶ stands on one row only,
the one the keys now move. And q in the middle of a game asks before it ends
anything.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from kaufhaus.saves import read_save
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.tui.screens.confirm import ConfirmScreen
from kaufhaus.tui.screens.scene import SceneScreen
from kaufhaus.tui.widgets.tracked_list import TrackedList
from tests.tui.helpers import make_app, screen_text

PACK = Path(__file__).resolve().parent.parent / "fixtures" / "karte"


@pytest.fixture(scope="module")
def karte() -> Story:
    return load_pack(PACK)


async def test_an_address_typed_straight_away_is_text(karte: Story, tmp_path: Path) -> None:
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # title: new game
        await pilot.pause()
        await pilot.press(*"sq-lb@example.org")  # s, q, l, b: all keys elsewhere
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)  # no save dialog, no question, no quit
        assert app.screen.query_one("#input", Input).value == "sq-lb@example.org"
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.inputs["email"] == "sq-lb@example.org"
        assert not any(e.kind is Kind.QUIT for e in app.game.log)


async def test_the_marker_leaves_the_field_once_it_is_sent(karte: Story, tmp_path: Path) -> None:
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "▶ Ihre E-Mail-Adresse:" in screen_text(app)  # typing goes there
        await pilot.press(*"a@b.de", "enter")
        await pilot.pause()
        text = screen_text(app)
        marked = [line.strip() for line in text.splitlines() if "▶" in line]
        choices = app.screen.query_one("#choices", TrackedList)
        assert choices.has_focus
        number = choices.numbers[choices.highlighted or 0]
        assert marked == [f"▶ {number}. {choices.marked_row}"]
        await pilot.press("down" if choices.highlighted == 0 else "up")
        await pilot.pause()
        marked = [line.strip() for line in screen_text(app).splitlines() if "▶" in line]
        assert len(marked) == 1 and choices.marked_row is not None
        assert choices.marked_row in marked[0]


async def test_q_in_a_game_asks_first(karte: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(karte, saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "q")  # from the choices: q is a key there
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Wirklich beenden?" in screen_text(app)
        await pilot.press("escape")  # no: play on
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen) and app.is_running
        await pilot.press("q", "1")
        await pilot.pause()
    assert app.return_code == 0
    assert read_save(saves / "autosave.jsonl").events[-1].kind is Kind.QUIT


async def test_a_digit_in_the_empty_field_chooses(karte: Story, tmp_path: Path) -> None:
    # The field has the focus, but it is empty: 2 is the choice written with 2
    # ("Nein, danke"; 1, "Unterschreiben", is hidden until an address is typed).
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#input", Input).has_focus
        assert "2 Wählen" in screen_text(app).splitlines()[-1]  # the footer says it
        await pilot.press("2")
        await pilot.pause()
        assert app.game.scene_id == "flur"
        assert app.game.inputs.get("email", "") == ""


async def test_digits_are_text_once_the_field_holds_text(karte: Story, tmp_path: Path) -> None:
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"a2", "1")  # and a digit that names no choice on show is text
        await pilot.pause()
        field = app.screen.query_one("#input", Input)
        assert (app.game.scene_id, field.value) == ("schalter", "a21")
        assert "2 Wählen" not in screen_text(app).splitlines()[-1]
        await pilot.press("ctrl+u")  # emptied again (Input's own key): digits choose again
        await pilot.press("1")
        await pilot.pause()
        assert (app.game.scene_id, field.value) == ("schalter", "1")


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_after_typing_the_marker_stands_on_the_choice_the_text_opened(
    karte: Story, tmp_path: Path, lang: str
) -> None:
    """Enter after the address signs; it used to stay on "Nein, danke" and decline."""
    app = make_app(karte, tmp_path / "saves", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"a@b.de", "enter")
        await pilot.pause()
        choices = app.screen.query_one("#choices", TrackedList)
        assert choices.highlighted_id == "unterschreiben"
        marked = [line.strip() for line in screen_text(app).splitlines() if "▶" in line]
        assert marked == ["▶ 1. " + ("Unterschreiben" if lang == "de" else "Sign")]
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.ended
        assert app.game.log[-1].scene == "karte"


async def test_a_name_in_the_address_field_is_logged_but_not_taken(tmp_path: Path) -> None:
    """ "E-Mail-Adresse: Maria Schulz" stood in the file, and the shop "mailed" it
    (German playtest): a field that accepts an address takes only what looks like
    one. What was typed is on the record word for word all the same."""
    pack = tmp_path / "karte"
    pack.mkdir()
    source = (PACK / "story.yaml").read_text(encoding="utf-8")
    prompt = '      prompt: {de: "Ihre E-Mail-Adresse:", en: "Your e-mail address:"}\n'
    assert prompt in source
    refusal = '      refusal: {de: "Das ist keine E-Mail-Adresse.", en: "Not an address."}\n'
    (pack / "story.yaml").write_text(
        source.replace(prompt, prompt + "      accepts: email\n" + refusal), encoding="utf-8"
    )
    story = load_pack(pack)
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Maria Schulz", "enter")
        await pilot.pause()
        assert "Das ist keine E-Mail-Adresse." in screen_text(app)
        assert app.game.scene_id == "schalter"
        assert app.game.inputs.get("email", "") == ""
        assert "Unterschreiben" not in screen_text(app)  # no address, no signing
        typed = [e for e in app.game.log if e.kind is Kind.INPUT]
        assert [(e.data["value"], e.data.get("refused")) for e in typed] == [("Maria Schulz", True)]
        assert "email" not in app.game.profile.inputs  # not filed as an address
        # "Das Feld bleibt offen": the field keeps the focus, the next letters are
        # text, not keys (round 7: an "x" toggled the x-ray).
        field = app.screen.query_one("#input", Input)
        assert app.focused is field
        await pilot.press("x")
        await pilot.pause()
        assert not app.xray and field.value.endswith("x")
        field.value = ""
        await pilot.press(*"maria@example.org", "enter")
        await pilot.pause()
        assert app.game.inputs["email"] == "maria@example.org"
        assert "Das ist keine E-Mail-Adresse." not in screen_text(app)
        assert "Unterschreiben" in screen_text(app)
