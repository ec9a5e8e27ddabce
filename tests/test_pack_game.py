"""A pack is its own game: ``game:`` in story.yaml sets the frame the front ends show.

A pack without a shop must not greet the player with "Kaufhaus Internet", a
basket line or the shop's file; the shipped story, which sets nothing, must
look exactly as before.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.plain import run_plain
from kaufhaus.play.words import basket_line, game_title, reveals, shelf_label, subtitle
from kaufhaus.story.errors import StoryLoadError
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from tests.tui.helpers import FakeClock, make_app, screen_text

LAMP = """\
id: lampe
title: {de: Die Lampe, en: The Lamp}
languages: [de, en]
start: flur
game:
  subtitle: {de: Ein Abend ohne Strom, en: An evening without power}
  basket: false
  shelf: {de: Zu sehen, en: You see}
  reveal: false
scenes:
  - id: flur
    title: {de: Im Flur, en: In the hall}
    text: {de: Es ist dunkel im Flur., en: The hall is dark.}
    items:
      - id: schalter
        label: {de: Der Lichtschalter, en: The light switch}
        text: {de: Er klickt. Nichts passiert., en: It clicks. Nothing happens.}
    choices:
      - id: schlafen
        label: {de: Schlafen gehen, en: Go to bed}
        goto: bett
  - id: bett
    title: {de: Im Bett, en: In bed}
    text: {de: Sie schlafen tief und fest., en: You sleep soundly.}
    ending: geschlafen
"""


def _pack(tmp_path: Path, text: str = LAMP) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def lamp(tmp_path: Path) -> Story:
    return load_pack(_pack(tmp_path))


def test_the_pack_names_its_own_frame(lamp: Story) -> None:
    assert game_title(lamp, "de") == "Die Lampe"
    assert subtitle(lamp, "en") == "An evening without power"
    assert shelf_label(lamp, "de") == "Zu sehen"
    assert not reveals(lamp)


def test_the_shipped_story_keeps_the_shops_frame(story: Story) -> None:
    from kaufhaus.game import Game

    assert game_title(story, "de") == "Kaufhaus Internet"
    assert subtitle(story, "de") == "Ein satirisches Textabenteuer über den gläsernen Kunden"
    assert shelf_label(story, "en") == "On the shelf"
    assert reveals(story)
    game = Game(story)
    game.start(0.0, {})
    assert basket_line(story, game.view(), "de") == "Korb: leer"


def test_a_title_without_subtitle_gets_no_shop_tagline(tmp_path: Path) -> None:
    text = LAMP.replace(
        "  subtitle: {de: Ein Abend ohne Strom, en: An evening without power}\n", ""
    )
    story = load_pack(_pack(tmp_path, text))
    assert subtitle(story, "de") == ""


def test_basket_words_are_the_packs(tmp_path: Path) -> None:
    from kaufhaus.game import Game

    text = LAMP.replace("basket: false", "basket: {de: Tüte, en: Bag}")
    story = load_pack(_pack(tmp_path, text))
    game = Game(story, lang="en")
    game.start(0.0, {})
    assert basket_line(story, game.view(), "en") == "Bag: empty"


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("  reveal: nein", "game reveal must be true or false"),
        ("  basket: '{{ shop.top }}'", "game basket (de) must be plain words"),
        ("  colour: red", "unknown field 'colour' in game"),
    ],
)
def test_a_wrong_game_block_is_reported_with_its_place(
    tmp_path: Path, line: str, says: str
) -> None:
    text = LAMP.replace("  reveal: false", line)
    if "basket" in line:
        text = text.replace("  basket: false\n", "")
    with pytest.raises(StoryLoadError) as info:
        load_pack(_pack(tmp_path, text))
    message = str(info.value)
    assert "story.yaml:8:" in message if "basket" in line else "story.yaml:9:" in message
    assert says in message


def _plain(story: Story, saves: Path, lines: list[str], lang: str = "de") -> str:
    """Play plain mode with scripted answers; the output with each prompt as a line."""
    queue = list(lines)
    out = io.StringIO()

    def answer(prompt: str) -> str:
        out.write(f"[{prompt}]\n")
        if not queue:
            raise EOFError
        return queue.pop(0)

    code = run_plain(
        story, lang=lang, seed=1, saves=saves, input_fn=answer, output=out, clock=FakeClock()
    )
    assert code == 0
    return out.getvalue()


def test_plain_mode_shows_the_packs_frame_and_a_plain_end(lamp: Story, tmp_path: Path) -> None:
    out = _plain(lamp, tmp_path / "saves", ["1", "u1", "1", "n", "1", ""])
    assert out.startswith("Die Lampe\nEin Abend ohne Strom\n")
    assert "Kaufhaus" not in out and "Korb" not in out and "Regal" not in out
    assert "Zu sehen (u und Nummer zum Ansehen):" in out
    assert "Sie schlafen tief und fest." in out
    assert "n = neues Spiel, Enter = beenden" in out
    assert out.count("== Im Flur ==") == 2  # "n" started a new game
    assert "AKTE" not in out.upper().split("SIE SCHLAFEN")[1]  # no reveal after the ending
    assert out.rstrip().endswith("Auf Wiedersehen.")


async def test_the_terminal_ui_shows_the_packs_frame(lamp: Story, tmp_path: Path) -> None:
    from kaufhaus.tui.screens.ending import EndScreen
    from kaufhaus.tui.screens.reveal import RevealScreen

    app = make_app(lamp, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = screen_text(app)
        assert "Die Lampe" in title and "Ein Abend ohne Strom" in title
        assert "Kaufhaus" not in title and "▚▞" not in title
        await pilot.press("enter")  # new game
        await pilot.pause()
        scene = screen_text(app)
        assert "Es ist dunkel im Flur." in scene
        # The pack's word for the shelf, folded away at 80 × 24 (Tab opens it).
        assert "Zu sehen (" in scene and "Tab: öffnen" in scene, scene
        assert "Korb" not in scene and "Im Regal" not in scene
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert not any(isinstance(s, RevealScreen) for s in app.screen_stack)
        end = screen_text(app)
        assert "Sie schlafen tief und fest." in end and "n: neues Spiel" in end
        await pilot.press("n")
        await pilot.pause()
        assert app.game.scene_id == "flur" and not app.game.ended


async def test_the_shop_still_reveals_its_file(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = screen_text(app)
        assert "Kaufhaus Internet" in title and "gläsernen Kunden" in title


async def test_help_introduces_the_pack_not_the_shop(lamp: Story, tmp_path: Path) -> None:
    app = make_app(lamp, tmp_path / "saves")
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Die Lampe – Ein Abend ohne Strom" in text
        assert "Kaufhaus Internet" not in text
        assert "Tasten" in text  # the keys are still explained
