"""Small things a player notices: the title's play time leaves out the reveal,
"forget" deletes as many files as it listed, and --saves names $KAUFHAUS_SAVES."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kaufhaus.saves import peek_save, read_save
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from tests.conftest import ROOT
from tests.tui.helpers import FakeClock, make_app, reveal_ready
from tests.tui.test_plain import play

KARTE = ROOT / "tests" / "fixtures" / "karte"
#: New game, no address, decline the card, leave: the reveal.
TO_REVEAL: list[str | float] = ["1", "", "2", "2"]


@pytest.fixture(scope="module")
def karte() -> Story:
    return load_pack(KARTE)


def plain(story: Story, saves: Path, lines: list[str | float]) -> str:
    """Plain mode with these lines (numbers let the clock run first); what it printed."""
    return play(story, saves, lines)[1]


async def test_reading_the_reveal_is_no_play_time(karte: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    clock = FakeClock()
    app = make_app(karte, saves, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        clock.advance(20)  # 20 seconds at the desk
        await pilot.press("escape", "2", "2")
        await pilot.pause()
        await reveal_ready(pilot)
        played = app.game.now
        clock.advance(600)  # ten minutes reading the file
        await pilot.press("q")
        await pilot.pause()
    assert played >= 20
    assert peek_save(saves / "autosave.jsonl").play_seconds == played
    assert read_save(saves / "autosave.jsonl").events[-1].kind is not Kind.QUIT


def test_a_contest_at_the_reveal_is_no_play_time(karte: Story, tmp_path: Path) -> None:
    out = plain(karte, tmp_path, [*TO_REVEAL, 600, "c 1 2", ""])
    assert "In Ihrer Akte vermerkt" in out
    events = read_save(tmp_path / "autosave.jsonl").events
    assert events[-1].kind is Kind.CONTEST and events[-1].t >= 600
    before = max(e.t for e in events if e.kind is not Kind.CONTEST)
    assert peek_save(tmp_path / "autosave.jsonl").play_seconds == before < 600


def test_forget_deletes_as_many_files_as_it_lists(karte: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    out = plain(karte, saves, [*TO_REVEAL, "f", "j", ""])
    listed = re.search(r"(\d+) Dateien? geschrieben", out)
    deleted = re.search(r"Vergessen: (\d+) Dateien? .* gelöscht", out)
    assert listed and deleted, out
    assert listed[1] == deleted[1]
    assert not any(saves.iterdir())


def test_the_saves_help_names_the_folder_in_use(tmp_path: Path) -> None:
    folder = tmp_path / "klasse 7b 100%"
    env = {"KAUFHAUS_SAVES": str(folder), "COLUMNS": "400", "PATH": "/usr/bin:/bin"}
    for args in (("play", "--help"), ("forget", "--help")):
        shown = subprocess.run(
            [sys.executable, "-m", "kaufhaus", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )
        assert shown.returncode == 0, shown.stderr
        assert f"(default: $KAUFHAUS_SAVES = {folder})" in shown.stdout
        assert "default: ./saves)" not in shown.stdout


def test_the_export_notice_names_a_folder_a_player_can_find(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "4 files in ./" read as jargon (playtest 4): the folder the game was started
    in is named from the home folder or in full; a folder below it stays relative."""
    from kaufhaus.play.export import shown_folder

    home, here = tmp_path / "home", tmp_path / "home" / "klasse"
    (here / "saves").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(here)
    assert shown_folder(here) == "~/klasse/"
    assert shown_folder(here / "saves") == "saves/"
    monkeypatch.chdir(home)
    assert shown_folder(home) == "~/"
    elsewhere = tmp_path / "anderswo"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert shown_folder(elsewhere) == f"{elsewhere}/"


def test_an_export_never_overwrites_a_file_of_the_same_name(tmp_path: Path) -> None:
    """A player's own ``dossier-<stamp>.md`` (or an export from the same second)
    stays byte for byte; the export takes the next free name."""
    from kaufhaus.dossier.model import build_dossier
    from kaufhaus.game import Game
    from kaufhaus.play.export import export_dossier
    from tests.conftest import ROOT

    game = Game(load_pack(ROOT / "tests" / "fixtures" / "tuer"), seed=1, lang="de")
    game.start()
    dossier = build_dossier(game)
    mine = tmp_path / "dossier-20261208-010000.md"
    mine.write_bytes(b"# Meine Notizen\n")
    first = export_dossier(dossier, tmp_path, stamp="20261208-010000")
    assert mine.read_bytes() == b"# Meine Notizen\n"
    assert [p.name for p in first] == [
        "dossier-20261208-010000-2.json",
        "dossier-20261208-010000-2.md",
        "dossier-20261208-010000-2.html",
        "dossier-20261208-010000-2-portability.json",
    ]
    again = export_dossier(dossier, tmp_path, stamp="20261208-010000")
    assert again[0].name == "dossier-20261208-010000-3.json"
    assert all(p.read_bytes() for p in first)  # the first export is still there, whole
