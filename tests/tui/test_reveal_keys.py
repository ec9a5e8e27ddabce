"""The reveal by keyboard and without colour.

Every selected row carries "▶" (the log's cursor row, the highlighted
conclusion, the open tab, the row of an open filter), the filter dropdown
hands the focus back to the table, ``e`` exports where the player is, Esc
does what the footer says, and the footer speaks the player's language.
Played on the small card-desk pack (tests/fixtures/karte), where the story
does not matter.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList

from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tui.screens.reveal import RevealScreen
from kaufhaus.tui.screens.title import TitleScreen
from kaufhaus.tui.widgets.filter_select import FilterSelect
from tests.tui.helpers import make_app, new_game, reveal_ready, screen_text
from tests.tui.test_reveal import play_steps

PACK = Path(__file__).resolve().parent.parent / "fixtures" / "karte"


@pytest.fixture(scope="module")
def karte() -> Story:
    return load_pack(PACK)


async def at_reveal(pilot: Any) -> RevealScreen:
    """New game on the card desk, decline, leave: the reveal, its file built."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("escape", "2", "2")  # from the field to the choices; decline; leave
    await pilot.pause()
    await reveal_ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RevealScreen) and screen.ready
    return screen


def marked(app: Any) -> list[str]:
    return [line.strip() for line in screen_text(app).splitlines() if "▶" in line]


async def test_the_log_filter_hands_the_focus_back(karte: Story, tmp_path: Path) -> None:
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_reveal(pilot)
        await pilot.press("a")  # the kind filter, open
        await pilot.pause()
        kind = screen.query_one("#filter-kind", FilterSelect)
        assert kind.expanded
        text = screen_text(app)
        assert "▶ alle Arten" in text  # the open menu's row, marked in text
        assert "Liste schließen" in text and "Dismiss" not in text  # the footer, in German
        await pilot.press("down")
        await pilot.pause()
        assert "▶ alle Arten" not in screen_text(app)
        await pilot.press("enter")  # a kind picked: the table has the focus again
        await pilot.pause()
        table = screen.query_one("#log-table", DataTable)
        assert not kind.expanded and table.has_focus
        await pilot.press("a", "escape")  # opened and closed: back to the table
        await pilot.pause()
        assert not kind.expanded and table.has_focus
        kind.focus()
        await pilot.pause()
        await pilot.press("down")  # ↓ on a closed filter goes on to the table, not round
        await pilot.pause()
        assert not kind.expanded and table.has_focus


async def test_every_selected_row_carries_the_marker(karte: Story, tmp_path: Path) -> None:
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_reveal(pilot)
        assert any("▶ Überblick" in line for line in marked(app))  # the tab
        await pilot.press("tab")  # the log
        await pilot.pause()
        table = screen.query_one("#log-table", DataTable)
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[0].startswith("▶ #")
        assert all(not str(table.get_row_at(n)[0]).startswith("▶") for n in range(1, 3))
        await pilot.press("down")
        await pilot.pause()
        rows = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        assert [n for n, cell in enumerate(rows) if cell.startswith("▶")] == [1]
        assert any("▶ Protokoll" in line for line in marked(app))


async def test_the_highlighted_conclusion_is_marked(karte: Story, tmp_path: Path) -> None:
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        await new_game(pilot)
        # Signed with an address: three conclusions (the address, the number, the device).
        await play_steps(pilot, [("type", "kunde@example.org"), ("choose", "unterschreiben")])
        screen: Any = app.screen
        screen._activate("conclusions")
        await pilot.pause()
        options = screen.query_one("#conclusions", OptionList)
        heads = [
            str(options.get_option_at_index(n).prompt.renderables[0])
            for n in range(options.option_count)
        ]
        assert heads[0].startswith("▶ ") and all(h.startswith("• ") for h in heads[1:])
        options.focus()
        await pilot.press("down")
        await pilot.pause()
        heads = [
            str(options.get_option_at_index(n).prompt.renderables[0])
            for n in range(options.option_count)
        ]
        assert [n for n, h in enumerate(heads) if h.startswith("▶")] == [1]


async def test_esc_does_what_the_footer_says(karte: Story, tmp_path: Path) -> None:
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_reveal(pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert screen._active() == "log"
        assert "Esc Übersicht" in screen_text(app)
        await pilot.press("escape")  # to the first card, not to the title
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen) and screen._active() == "glance"
        assert "Esc Titel" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


async def test_export_keeps_the_tab_being_read(karte: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(karte, saves, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_reveal(pilot)
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert screen._active() == "conclusions"
        await pilot.press("e")
        await pilot.pause()
        assert screen._active() == "conclusions"  # no jump to the first tab
        assert any(p.suffix == ".html" for p in saves.iterdir())
        assert screen.exported[0].startswith("File exported, 4 files in ")


async def test_the_export_notice_is_short_and_lists_one_file_a_line(
    karte: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100 × 30 the notice wrapped "a.json, b.md, …" with commas on lines of their
    own, cut the last name ("…-port") and stayed over the ending's text: now the
    notice is one short line for a few seconds, and the first card lists the files,
    one name a line, the folder once."""
    from kaufhaus.tui.screens.reveal import EXPORT_NOTICE_SECONDS
    from kaufhaus.tui.widgets.literal import Literal

    monkeypatch.chdir(tmp_path)  # the game started in the folder that holds its saves
    saves = tmp_path / "saves"
    app = make_app(karte, saves)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await at_reveal(pilot)
        await pilot.press("e")
        await pilot.pause()
        names = sorted(p.name for p in saves.iterdir() if p.name.startswith("dossier-"))
        assert len(names) == 4
        listed = screen.query_one("#end-export", Literal).text.splitlines()
        assert sorted(line.strip() for line in listed[1:]) == names  # whole, one a line
        assert "," not in "".join(listed[1:])
        notices = list(app._notifications)
        assert [n.message for n in notices] == [listed[0]]
        assert all(n.timeout <= EXPORT_NOTICE_SECONDS <= 5 for n in notices)
        assert listed[0] == "Akte exportiert, 4 Dateien in saves/:"
        await pilot.pause()
        text = screen_text(app)
        assert "Akte exportiert, 4 Dateien in saves/" in text  # the notice, whole
        assert not any(line.strip(" ▌▐▎▕│") == "," for line in text.splitlines())


async def test_the_point_stands_above_the_card_and_comes_from_the_file(
    karte: Story, tmp_path: Path
) -> None:
    from kaufhaus.dossier.card import card_point
    from kaufhaus.tui.widgets.literal import Literal

    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_reveal(pilot)
        point = card_point(screen.dossier, "de")
        verdict = screen.query_one("#point-verdict", Literal)
        assert verdict.text == point.verdict
        assert "Sie haben nichts gekauft" in screen_text(app)  # on the first screen
        device = screen.query_one("#glance-card")
        assert screen.query_one("#point").region.y < device.region.y


async def test_the_footer_fits_80_columns_in_a_class(
    karte: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the class's "h Abgeben" and Esc named, "q Beenden" is still whole at 80."""
    monkeypatch.setenv("KAUFHAUS_CLASS_FOLDER", str(tmp_path / "klasse"))
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await at_reveal(pilot)
        for _ in range(3):  # the first card, the log, the conclusions
            # The footer wraps its keys into rows where they do not fit one: its last two.
            footer = " ".join(screen_text(app).splitlines()[-2:])
            assert "h Abgeben" in footer and "q Beenden" in footer, footer
            assert "Esc Titel" in footer or "Esc Übersicht" in footer, footer
            await pilot.press("tab")
            await pilot.pause()


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("de", "#1–3: nicht in der Akte – Straßenbahn, dort sah Sie das Kaufhaus nicht"),
        ("en", "#1–3: not in the file – Tram, where the shop could not see you"),
    ],
)
async def test_the_log_tab_says_why_its_numbering_jumps(
    tmp_path: Path, lang: str, line: str
) -> None:
    """#0, then #4: the tram ride (observed: false) is not in the file; the log tab
    says so under the table, on the page where the numbers jump."""
    story = load_pack(PACK.parent / "bahn")
    app = make_app(story, tmp_path / "saves", lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")  # off the tram
        await pilot.pause()
        await pilot.press("escape", "2", "2")
        await pilot.pause()
        await reveal_ready(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RevealScreen)
        await pilot.press("tab")  # the log
        await pilot.pause()
        table = screen.query_one("#log-table", DataTable)
        numbers = [str(table.get_row_at(n)[0]).strip("▶ \xa0") for n in range(2)]
        assert numbers == ["#0", "#4"]
        assert line in screen_text(app)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_the_ending_is_on_the_first_screen_of_the_reveal(
    karte: Story, tmp_path: Path, size: tuple[int, int]
) -> None:
    """After the last scene the player looks at the top of the reveal: how it ended
    stands right under the point, not below the device card where it was missed."""
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=size) as pilot:
        screen = await at_reveal(pilot)
        text = screen_text(app)
        assert "Wie es ausging: Draußen" in text
        assert "Sie gehen ohne Karte." in text
        assert screen.query_one("#end-title").region.y < screen.query_one("#glance-card").region.y


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_at_80_by_24_every_tab_is_whole_and_no_scrollbar_sits_in_a_frame(
    karte: Story, tmp_path: Path, lang: str
) -> None:
    """At 80 × 24 the tab bar ended in "Realitä", and the conclusions' scrollbar stood
    between the text and the list's right border ("… ▆▆ ▎")."""
    from kaufhaus.play.strings import tr

    app = make_app(karte, tmp_path / "saves", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_reveal(pilot)
        bar = screen_text(app).splitlines()[0]
        for key in ("tab_glance", "tab_log", "tab_conclusions", "tab_reality", "tab_charts"):
            assert tr(key, lang) in bar, (key, bar)
        screen._activate("conclusions")
        await pilot.pause()
        framed = [
            line
            for line in screen_text(app).splitlines()
            if re.search(r"[▁▂▃▄▅▆▇█]{2}\s*[▎▕│┃]\s*$", line)
        ]
        assert framed == []


async def test_at_80_columns_the_banner_leaves_nothing_of_the_scene_beside_it(
    story: Story, tmp_path: Path
) -> None:
    """The banner was 76 wide in 80 columns: letters of the scene behind showed on
    either side of its top border ("V┏━…━┓r")."""
    from tests.tui.helpers import new_game

    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await pilot.pause()
        top = screen_text(app).splitlines()[0]
        assert top.startswith("┏") and top.rstrip().endswith("┓"), top
