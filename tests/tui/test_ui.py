"""Language, themes, NO_COLOR, help, command palette, terminal sizes, strings."""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pytest
from textual.filter import Monochrome, NoColor

from kaufhaus.play.strings import KIND_LABELS, LANGUAGES, STRINGS, tr
from kaufhaus.tracking.numbers import counted
from kaufhaus.tui.screens.help import HelpScreen
from kaufhaus.tui.screens.scene import SceneScreen
from kaufhaus.tui.themes import HIGH_CONTRAST
from kaufhaus.tui.widgets.literal import Literal
from tests.tui.helpers import choose, fast_forward, make_app, new_game, screen_text, wait_for


def test_every_ui_string_exists_in_both_languages() -> None:
    fields = string.Formatter()
    for key, entry in {**STRINGS, **KIND_LABELS}.items():
        assert set(entry) == set(LANGUAGES), key
        # "{n|Datei|Dateien}" picks a word by number: it names the value n, nothing more.
        texts = [entry[lang] for lang in LANGUAGES]
        names = [
            {f for _, f, _, _ in fields.parse(counted(text, {})) if f}
            | set(re.findall(r"\{(\w+)\|", text))
            for text in texts
        ]
        assert names[0] == names[1], f"{key}: placeholders differ"
    assert tr("cannot_back", "en") == "There is no way back from here."


async def test_switching_language_relabels_title_footer_and_game(
    story: Any, tmp_path: Path
) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Neues Spiel" in screen_text(app) and "Beenden" in screen_text(app)
        await pilot.press("down", "down", "enter")  # Sprache (Continue is disabled: skipped)
        await pilot.pause()
        text = screen_text(app)
        assert "New game" in text and "Language: English" in text
        assert "q Quit" in text  # the footer follows
        await pilot.press("home", "enter")
        await pilot.pause()
        assert "Saturday morning" in screen_text(app)  # the tram, in English
        for choice in ("nichts", "aussteigen"):
            await choose(pilot, choice)
            await pilot.pause()
        assert "Accept all" in screen_text(app)
        await choose(pilot, "alle")
        assert "The shop window" in screen_text(app)
        app.action_switch_language()
        await pilot.pause()
        text = screen_text(app)
        assert "Das Schaufenster" in text and "Rückgängig" in text
        assert app.game.lang == "de"


async def test_help_opens_over_the_game_and_closes(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Tasten" in screen_text(app)
        assert "kaufhaus --plain" in app.screen.query_one("#help-text", Literal).text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)


async def test_high_contrast_theme_toggles(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST
        assert app.current_theme.background == "#000000"
        await pilot.press("f2")
        await pilot.pause()
        assert app.theme != HIGH_CONTRAST


async def test_no_color_is_respected(
    story: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(story, tmp_path / "saves")
    assert app.no_color
    assert any(isinstance(f, (Monochrome, NoColor)) for f in app._filters)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        # Without colour the highlighted choice is still marked in text.
        assert "▶ 1. " in screen_text(app)


async def test_command_palette_offers_the_game_commands(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Laden", "Sprache: English", "Hilfe", "Röntgenblick"} <= set(titles)
        assert "Speichern" not in titles  # nothing to save before a game
        await new_game(pilot)
        await choose(pilot, "alle")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Speichern" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"ntgenbl")
        from textual.command import CommandList

        # The palette searches in a worker: wait until it lists the match, not a fixed 0.3 s.
        results = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: results.option_count > 0)
        await pilot.press("enter")
        await pilot.pause()
        assert app.xray


async def test_scene_fits_and_survives_resizing(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves", xray=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await fast_forward(pilot, until="bezahlen")
        assert app.track("choose", choice="coupon") is not None  # asks for an e-mail
        await pilot.pause()
        assert "▶ E-Mail-Adresse für den Coupon" in screen_text(app)  # the field has the focus
        await pilot.press("escape")  # to the choices: the keys and the footer are back
        await pilot.pause()
        for size in ((80, 24), (39, 20), (43, 40), (90, 18), (120, 40), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            text = screen_text(app)
            if size == (39, 20):  # too small to play: a message instead of a cut footer
                assert "mindestens 40 × 18 Zeichen" in " ".join(text.split())
                assert "Rückgängig" not in text
                continue
            # The place, the first choice, the e-mail field and the footer stay visible.
            assert "Der Coupon" in text, size
            # The first choice shown keeps its number as written (3: the first two are hidden).
            assert "▶ 3. Doch keinen Coupon" in text and "Rückgängig" in text, size
            assert "E-Mail-Adresse für den Coupon" in text, size
        assert app.game.scene_id == "coupon"


def test_plain_mode_and_the_title_screen_stay_light() -> None:
    """Plain mode never loads Textual; the title screen paints before game or dossier load.

    Run in a fresh interpreter, since this test process has imported everything.
    """
    import subprocess
    import sys

    probe = (
        "import sys, asyncio\n"
        "from kaufhaus.story.loader import load_pack\n"
        "import kaufhaus.plain\n"
        "assert 'textual' not in sys.modules, 'plain mode imported textual'\n"
        "from kaufhaus.tui.app import KaufhausApp\n"
        "from kaufhaus.tui.screens import title\n"
        "seen = {}\n"
        "orig = title.TitleScreen.on_mount\n"
        "def on_mount(self):\n"
        "    orig(self)\n"
        "    seen.update(game='kaufhaus.game' in sys.modules,\n"
        "                dossier='kaufhaus.dossier.model' in sys.modules)\n"
        "title.TitleScreen.on_mount = on_mount\n"
        "async def main():\n"
        "    app = KaufhausApp(load_pack('scenes'), saves=sys.argv[1])\n"
        "    async with app.run_test():\n"
        "        pass\n"
        "asyncio.run(main())\n"
        "assert seen == {'game': False, 'dossier': False}, seen\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", probe, str(root / "saves-probe-unused")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not (root / "saves-probe-unused").exists()
