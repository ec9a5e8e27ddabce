"""Scrolling that follows the player: new text comes into view, the last line is reachable.

Played on a small pack of its own: a long scene with a reply and an item
whose punchline is its last line, and a short scene to come from. Each test
checks what the player sees (the rows on the screen), not a scroll offset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll

from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tui.screens.consent import ConsentScreen
from tests.story.helpers import write_pack
from tests.tui.helpers import make_app, new_game, screen_text

LONG = "\n\n".join(
    f"Absatz {n}: Die Rolltreppe summt, das Licht ist warm, und irgendwo zählt eine Kamera mit."
    for n in range(1, 25)
)

PACK = f"""\
id: rolltreppe
title: {{de: Die Rolltreppe, en: The Escalator}}
languages: [de, en]
start: kurz
game:
  reveal: false
scenes:
  - id: kurz
    title: {{de: Unten, en: Downstairs}}
    text: {{de: Ein kurzer Satz., en: A short sentence.}}
    items:
      - id: schild
        label: {{de: Ein Schild, en: A sign}}
        text: {{de: Oben ist es schöner., en: It is nicer upstairs.}}
    choices:
      - id: hoch
        label: {{de: Hochfahren, en: Go up}}
        goto: lang
  - id: lang
    title: {{de: Oben, en: Upstairs}}
    text:
      de: |-
        {LONG.replace(chr(10), chr(10) + "        ")}

        LETZTE ZEILE DER SZENE.
      en: The end of a long text.
    items:
      - id: zettel
        label: {{de: Ein Zettel, en: A note}}
        text:
          de: |-
            {"Zeile des Zettels. " * 30}

            POINTE DES ZETTELS.
          en: A note.
    choices:
      - id: fragen
        label: {{de: Nach dem Weg fragen, en: Ask the way}}
        reply: {{de: "ANTWORT DES VERKÄUFERS: immer geradeaus.", en: Straight on.}}
      - id: runter
        label: {{de: Runterfahren, en: Go down}}
        goto: ende
  - id: ende
    title: {{de: Draußen, en: Outside}}
    text: {{de: Die Tür schließt sich., en: The door closes.}}
    ending: fertig
"""


@pytest.fixture
def escalator(tmp_path: Path) -> Story:
    return load_pack(write_pack(tmp_path / "pack", {"story.yaml": PACK}))


def _pane(app: Any) -> VerticalScroll:
    return app.screen.query_one("#text-pane", VerticalScroll)


async def _upstairs(pilot: Any) -> None:
    await new_game(pilot, tram=False)
    await pilot.press("1")  # Hochfahren: from the short scene to the long one
    await pilot.pause()
    assert pilot.app.game.scene_id == "lang"


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (43, 40)])
async def test_the_last_line_of_a_long_scene_is_reachable(
    escalator: Story, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = make_app(escalator, tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        await _upstairs(pilot)
        assert "Absatz 1:" in screen_text(app)
        for _ in range(40):  # Bild ↓ until nothing moves any more
            await pilot.press("pagedown")
        await pilot.pause()
        assert "LETZTE ZEILE DER SZENE." in screen_text(app), screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_choices_say_when_the_text_goes_on_below(
    escalator: Story, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The kiosk's text message sat below the fold while its choice was on screen
    (playtest 4): the heading over the choices says the text goes on, until it is
    read down to its last line; a short scene says nothing of the kind."""
    app = make_app(escalator, tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        await new_game(pilot, tram=False)
        assert "mehr Text" not in screen_text(app)  # one short sentence
        await pilot.press("1")
        await pilot.pause()
        await pilot.pause()
        assert "▼ mehr Text: Bild↓ · Was tun Sie?" in screen_text(app), screen_text(app)
        for _ in range(40):
            await pilot.press("pagedown")
        await pilot.pause()
        text = screen_text(app)
        assert "LETZTE ZEILE DER SZENE." in text
        assert "mehr Text" not in text, text
        await pilot.press("pageup")
        await pilot.pause()
        assert "mehr Text" in screen_text(app)


async def test_in_the_browser_the_hint_names_no_key_a_phone_lacks(
    escalator: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kaufhaus.tui.app import KaufhausApp

    monkeypatch.setattr(KaufhausApp, "is_web", property(lambda _self: True))
    app = make_app(escalator, tmp_path / "saves")
    async with app.run_test(size=(43, 40)) as pilot:
        await _upstairs(pilot)
        await pilot.pause()
        text = screen_text(app)
        assert "▼ mehr Text darunter" in text and "Bild↓" not in text, text


async def test_a_reply_comes_into_view(escalator: Story, tmp_path: Path) -> None:
    """Read down to the choices, ask: the answer shows, though it stands above the text."""
    app = make_app(escalator, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await _upstairs(pilot)
        for _ in range(40):
            await pilot.press("pagedown")
        await pilot.pause()
        await pilot.press("1")  # Nach dem Weg fragen: a reply, the scene stays
        await pilot.pause()
        await pilot.pause()
        assert "ANTWORT DES VERKÄUFERS" in screen_text(app), screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_an_examined_item_shows_down_to_its_punchline(
    escalator: Story, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Also when an item of the scene before was looked at (its size went stale)."""
    app = make_app(escalator, tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        await new_game(pilot, tram=False)
        await pilot.press("shift+tab", "enter")  # downstairs: look at the sign
        await pilot.pause()
        assert "Oben ist es schöner." in screen_text(app)
        await pilot.press("1")  # Hochfahren (the number key works from the shelf too)
        await pilot.pause()
        assert app.game.scene_id == "lang"
        await pilot.press("shift+tab", "enter")  # to the shelf, look at the note
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "» Ein Zettel" in text, text
        assert "POINTE DES ZETTELS." in text, text


@pytest.mark.parametrize("size", [(80, 24), (43, 40), (90, 18)])
async def test_no_text_runs_under_the_scrollbar(
    escalator: Story, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Every line of the scene ends left of the scrollbar: no letter is hidden under it."""
    app = make_app(escalator, tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        await _upstairs(pilot)
        await pilot.pause()
        pane = _pane(app)
        assert pane.max_scroll_y > 0  # long enough to need the scrollbar
        text = app.screen.query_one("#scene-text")
        inside = pane.scrollable_content_region
        assert text.region.right <= inside.right, (text.region, inside)
        # And on screen: the column of the scrollbar holds no letter of the scene.
        bar = pane.region.right - 1
        for line in screen_text(app).splitlines()[pane.region.y : pane.region.bottom]:
            assert not line[bar - 1 : bar + 1].strip().isalpha(), line


def _gutter(app: Any, scroll: Any) -> None:
    """A scrolling box that shows its scrollbar keeps one empty column before it."""
    assert scroll.show_vertical_scrollbar, f"{scroll.id} does not scroll:\n{screen_text(app)}"
    bar = scroll.region.right - scroll.styles.scrollbar_size_vertical
    for child in scroll.children:
        if child.display:
            assert child.region.right <= bar - 1, (scroll.id, child.region, bar)


async def test_the_banner_and_the_help_keep_their_text_off_the_scrollbar(
    story: Story, tmp_path: Path
) -> None:
    app = make_app(story, tmp_path / "saves")
    # 80 x 20: short enough that the banner's text scrolls (at 80 x 24 the banner
    # takes the whole width and its text fits since the 80-column layout).
    async with app.run_test(size=(80, 20)) as pilot:
        await new_game(pilot)
        for _ in range(4):
            await pilot.pause()
        _gutter(app, app.screen.query_one("#banner-text"))
        await pilot.press("question_mark")
        await pilot.pause()
        _gutter(app, app.screen.query_one("#help-scroll"))


async def test_the_cookie_banner_fits_100_by_30_without_paging(
    story: Story, tmp_path: Path
) -> None:
    """The shipped banner: every paragraph in sight at 100 × 30, no Bild ↓ needed."""
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        await new_game(pilot)
        for _ in range(4):  # the banner measures its rows after the first frames
            await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        banner_text = app.screen.query_one("#banner-text", VerticalScroll)
        assert banner_text.max_scroll_y == 0, screen_text(app)
        assert "Wir messen so" in screen_text(app)  # the last paragraph's words
