"""Autosave, Continue, named saves and the save list, as the player meets them.

A game killed at any moment must continue where it was: the autosave is
written after every logged action (atomically), and nothing depends on a
clean shutdown. Damaged files are reported and never touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList

from kaufhaus.saves import SaveError, load_game, peek_save, read_save
from kaufhaus.tracking.events import Kind
from kaufhaus.tui.screens.saves import LoadScreen, SaveScreen
from kaufhaus.tui.screens.scene import SceneScreen
from tests.tui.helpers import choose, fast_forward, make_app, new_game, screen_text

ROOT = Path(__file__).resolve().parents[2]


async def _continue(pilot: Any) -> None:
    """Title menu: the second entry is Continue."""
    await pilot.pause()
    await pilot.pause()
    menu = pilot.app.screen.query_one("#menu", OptionList)
    assert not menu.get_option("continue").disabled
    await pilot.press("down", "enter")
    await pilot.pause()


async def test_killed_game_continues_at_the_same_scene_and_event_count(
    story: Any, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    app = make_app(story, saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await choose(pilot, "hinein")  # the entrance hall, with its own shelf
        await pilot.press("shift+tab", "enter")  # examine something on the shelf
        await pilot.press("shift+tab", "down")  # and twitch on a choice
        await pilot.pause()
        scene, count = app.game.scene_id, len(app.game.log)
        on_disk = (saves / "autosave.jsonl").read_bytes()
        # Leave without quitting: no quit event, no save on the way out.
    assert (saves / "autosave.jsonl").read_bytes() == on_disk
    assert Kind.QUIT not in [e.kind for e in read_save(saves / "autosave.jsonl").events]

    again = make_app(story, saves)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "Weiterspielen (Die Eingangshalle" in screen_text(again)
        # The time is how long it was played, not a clock time (playtest 4).
        assert re.search(r"\d\d:\d\d gespielt\)", screen_text(again))
        await _continue(pilot)
        assert isinstance(again.screen, SceneScreen)
        assert again.game.scene_id == scene == "foyer"
        assert len(again.game.log) == count
        # Time goes on after the last logged event, never backwards.
        await choose(pilot, "vorbei")
        assert again.game.log[count].t >= app.game.log[count - 1].t


def foyer_saved(autosave: Path, timeout: float = 15.0) -> None:
    """Wait until the autosave (written after the scene is drawn) is at the foyer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if peek_save(autosave).scene == "foyer":
                return
        except (OSError, SaveError):
            pass  # not there yet, or being written
        time.sleep(0.05)
    raise AssertionError(f"{autosave} never reached the foyer")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
async def test_kill_9_in_a_real_terminal_then_continue(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    socket = f"kh-test-{os.getpid()}"
    env = {"KAUFHAUS_SAVES": str(saves), "TERM": "xterm-256color", "LANG": "de_DE.UTF-8"}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    command = f"cd {ROOT} && env {exports} {sys.executable} -m kaufhaus --seed 5 --lang de"
    tmux = ["tmux", "-L", socket]

    def capture() -> str:
        return subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", "k"], capture_output=True, text=True, check=False
        ).stdout

    def wait_for(text: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in capture():
                return
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared:\n{capture()}")

    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "k", "-x", "80", "-y", "24", command], check=True
    )
    try:
        wait_for("Noch kein automatischer Spielstand")  # the title has looked for one
        subprocess.run([*tmux, "send-keys", "-t", "k", "Enter"], check=True)
        wait_for("Einfach mal raus")  # the tram: the errand first
        subprocess.run([*tmux, "send-keys", "-t", "k", "4"], check=True)
        wait_for("Zum Kaufhaus gehen")
        subprocess.run([*tmux, "send-keys", "-t", "k", "1"], check=True)
        wait_for("Alle akzeptieren")
        subprocess.run([*tmux, "send-keys", "-t", "k", "Enter"], check=True)
        wait_for("Das Kaufhaus betreten")
        subprocess.run([*tmux, "send-keys", "-t", "k", "1"], check=True)
        wait_for("Eingangshalle")
        foyer_saved(saves / "autosave.jsonl")
        pid = int(
            subprocess.run(
                [*tmux, "display", "-p", "-t", "k", "#{pane_pid}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        os.kill(pid, signal.SIGKILL)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)

    saved = read_save(saves / "autosave.jsonl")
    assert peek_save(saves / "autosave.jsonl").scene == "foyer"
    assert Kind.QUIT not in [e.kind for e in saved.events]  # it really was killed
    app = make_app(story, saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await _continue(pilot)
        assert app.game.scene_id == "foyer"
        assert len(app.game.log) == len(saved.events)


async def test_damaged_autosave_is_reported_and_left_byte_identical(
    story: Any, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    damaged = saves / "autosave.jsonl"
    damaged.write_bytes(b'{"format": "kaufhaus-save", "version": 1, "story": {"id"')
    before = damaged.read_bytes()
    app = make_app(story, saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "beschädigt" in text and "unverändert" in text
        assert app.screen.query_one("#menu", OptionList).get_option("continue").disabled
        await new_game(pilot)
        await choose(pilot, "alle")
        await choose(pilot, "hinein")
    assert damaged.read_bytes() == before
    assert peek_save(saves / "autosave-2.jsonl").scene == "foyer"

    again = make_app(story, saves)
    async with again.run_test(size=(80, 24)) as pilot:
        await _continue(pilot)  # the good autosave is found despite the damaged one
        assert again.game.scene_id == "foyer"
        assert "beschädigt" in str(again.screen_stack[0].query_one("#autosave-status").text)
    assert damaged.read_bytes() == before


async def test_save_under_a_name_and_load_it_from_the_list(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(story, saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
        assert app.screen.query_one("#slot").value == "spielstand-1"
        await pilot.press("enter")
        await pilot.pause()
        slot = saves / "spielstand-1.jsonl"
        assert peek_save(slot).scene == "schaufenster"
        assert app.game.log.last.kind is Kind.SAVE  # the shop logs saving, too
        assert "Gespeichert" in screen_text(app)
        count = len(read_save(slot).events)
        await choose(pilot, "hinein")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        listing = screen_text(app)
        assert "spielstand-1" in listing and "Das Schaufenster" in listing
        table = app.screen.query_one(DataTable)
        row = next(i for i, e in enumerate(app.screen.entries) if e.name == "spielstand-1")
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert app.game.scene_id == "schaufenster"
        assert len(app.game.log) == count


async def test_bad_save_names_are_refused(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await pilot.press("s")
        await pilot.pause()
        slot = app.screen.query_one("#slot")
        slot.value = "../../etc/passwd"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
        assert "Buchstaben" in screen_text(app)
        slot.value = "autosave"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
    assert sorted(p.name for p in (tmp_path / "saves").iterdir()) == ["autosave.jsonl"]


async def test_load_list_reports_damaged_and_changed_saves(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(story, saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await choose(pilot, "hinein")
    # A save whose later events no longer fit the story, and a damaged one.
    head, *lines = (saves / "autosave.jsonl").read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    for event in events:
        if event.get("target") == "hinein":
            event["target"] = "abgerissen"
    altered = [head, *(json.dumps(e) for e in events)]
    (saves / "alt.jsonl").write_text("\n".join(altered) + "\n", encoding="utf-8")
    (saves / "kaputt.json").write_bytes(b"\x00\x01 nicht json")
    damaged_before = (saves / "kaputt.json").read_bytes()

    again = make_app(story, saves)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # title menu: load
        await pilot.pause()
        assert isinstance(again.screen, LoadScreen)
        assert "beschädigt" in screen_text(again)
        table = again.screen.query_one(DataTable)
        names = [e.name for e in again.screen.entries]
        table.move_cursor(row=names.index("kaputt"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, LoadScreen)
        assert "Laden fehlgeschlagen" in screen_text(again)
        table.move_cursor(row=names.index("alt"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, SceneScreen)
        assert again.game.scene_id == "schaufenster"
        assert "Hinweis zum Spielstand" in again.message
        assert "Hinweis zum Spielstand" in screen_text(again)
    assert (saves / "kaputt.json").read_bytes() == damaged_before


async def test_quit_logs_the_quit_and_autosaves(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(story, saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await pilot.press("q", "1")  # quit, yes
        await pilot.pause()
    assert app.return_code == 0
    events = read_save(saves / "autosave.jsonl").events
    assert events[-1].kind is Kind.QUIT


async def test_the_shop_leaves_a_cookie_and_reads_it_next_time(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(story, saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await pilot.press("q", "1")  # quit, yes
        await pilot.pause()
    cookie = json.loads((saves / "kaufhaus-cookie.json").read_text(encoding="utf-8"))
    assert cookie["visits"] == 1

    again = make_app(story, saves)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # load: the cookie is not a save
        await pilot.pause()
        assert [e.name for e in again.screen.entries] == ["autosave"]
        await pilot.press("escape", "home", "enter")  # new game
        await pilot.pause()
        start = again.game.log[0]
        assert start.kind is Kind.SESSION_START and start.data["cookie"]["visits"] == 1


async def test_save_as_asks_before_overwriting_and_never_overwrites_a_foreign_file(
    story: Any, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    foreign = saves / "fremd.jsonl"
    foreign.write_bytes(b"meine Steuererklaerung\n")
    app = make_app(story, saves)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await pilot.press("s")
        await pilot.pause()
        slot = app.screen.query_one("#slot")
        slot.value = "fremd"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
        error = app.screen.query_one("#saves-error")
        assert "wird nicht überschrieben" in str(error.text) and error.display
        slot.value = "mein-spiel"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SaveScreen)
        first = (saves / "mein-spiel.jsonl").read_bytes()
        await choose(pilot, "hinein")
        await pilot.press("s")
        await pilot.pause()
        slot = app.screen.query_one("#slot")
        slot.value = "mein-spiel"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)  # asked, not yet written
        assert "gibt es schon" in str(app.screen.query_one("#saves-error").text)
        assert (saves / "mein-spiel.jsonl").read_bytes() == first
        await pilot.press("enter")  # yes, overwrite
        await pilot.pause()
        assert not isinstance(app.screen, SaveScreen)
        assert peek_save(saves / "mein-spiel.jsonl").scene == "foyer"
    assert foreign.read_bytes() == b"meine Steuererklaerung\n"


async def test_typed_input_shows_what_fits(story: Any, tmp_path: Path) -> None:
    from textual import events
    from textual.widgets import Input

    from kaufhaus.saves import MAX_INPUT_CHARS

    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        await new_game(pilot)
        await fast_forward(pilot, until="bezahlen")
        assert app.track("choose", choice="coupon") is not None  # asks for an e-mail
        await pilot.pause()
        field = app.screen.query_one("#input", Input)
        field.focus()
        await pilot.pause()
        # Pasted: the field keeps what fits, here exactly an address (the field takes
        # only something that looks like one), and drops the rest.
        kept = "k" * (MAX_INPUT_CHARS - len("@example.org")) + "@example.org"
        field.post_message(events.Paste(kept + "K" * 25_000))
        await pilot.pause()
        assert field.value == kept
        assert "Höchstens 500 Zeichen" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.inputs[app.game.scene.input.key] == kept
        app.game.view()  # the scene still renders
    loaded = load_game(story, tmp_path / "saves" / "autosave.jsonl")
    assert loaded.problem is None


async def test_a_long_save_replays_in_a_thread_and_the_screen_says_so(
    story: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kaufhaus.tui.app import KaufhausApp

    saves = tmp_path / "saves"
    app = make_app(story, saves)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        await choose(pilot, "hinein")
    count = len(read_save(saves / "autosave.jsonl").events)
    good = (saves / "autosave.jsonl").read_bytes()
    monkeypatch.setattr(KaufhausApp, "LOAD_IN_THREAD", 0)  # every save counts as long
    again = make_app(story, saves)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("down", "enter")
        assert again.loading or again.game is not None
        await again.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert not again.loading
        assert isinstance(again.screen, SceneScreen)
        assert len(again.game.log) == count
    # A damaged one: the offer to go on from the last good event comes all the same.
    lines = good.split(b"\n")
    lines[5] = b'{"id":4,"kind":"idle","t":1,"scene":"eingang","data":{"seconds":"abc"}}'
    (saves / "autosave.jsonl").write_bytes(b"\n".join(lines))
    third = make_app(story, saves)
    async with third.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("down", "enter")
        await third.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        from kaufhaus.tui.screens.saves import SalvageScreen

        assert isinstance(third.screen, SalvageScreen)
        assert "`seconds` must be a number" in third.screen.error.text("en")


async def test_the_player_is_told_the_truth_about_a_failed_autosave(
    story: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from kaufhaus import saves as saves_module

    saves = tmp_path / "saves"
    app = make_app(story, saves)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_game(pilot)
        await choose(pilot, "alle")
        real_write = os.write

        def full(fd: int, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(saves_module.os, "write", full)
        await choose(pilot, "hinein")
        assert "Automatisches Speichern fehlgeschlagen" in app.message
        assert "No space left" in app.message
        monkeypatch.setattr(saves_module.os, "write", real_write)
        await pilot.press("down")  # any action: the autosave catches up
        await pilot.pause()
        assert "wieder alles" in app.message
        count = len(app.game.log)
    assert len(read_save(saves / "autosave.jsonl").events) == count


async def test_the_reveal_offers_to_forget_and_deletes_only_our_files(
    story: Any, tmp_path: Path
) -> None:
    from kaufhaus.tui.screens.reveal import RevealScreen
    from kaufhaus.tui.screens.saves import ForgetScreen

    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "README.md").write_text("# not ours\n")
    (saves / "urlaub.json").write_text('{"format": "photos"}')
    app = make_app(story, saves)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_game(pilot)
        await fast_forward(pilot)
        assert isinstance(app.screen, RevealScreen)
        await pilot.press("e")  # export the file: three more files of ours
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ForgetScreen)
        listed = str(app.screen.query_one("#forget-files").text)
        assert "autosave.jsonl" in listed and "kaufhaus-cookie.json" in listed
        assert "README.md" not in listed and "urlaub.json" not in listed
        await pilot.press("enter")
        await pilot.pause()
        assert "Vergessen:" in str(app.screen.query_one("#saves-error").text)
        await pilot.press("escape", "q")  # quitting writes nothing back
        await pilot.pause()
    assert sorted(p.name for p in saves.iterdir()) == ["README.md", "urlaub.json"]


async def test_the_load_list_marks_games_played_to_the_end(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = make_app(story, saves)
    async with app.run_test(size=(120, 30)) as pilot:
        await new_game(pilot)
        await fast_forward(pilot)
        assert app.game.ended
    summary = peek_save(saves / "autosave.jsonl")
    assert summary.ended(story)
    again = make_app(story, saves)
    async with again.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        again.action_load()
        await pilot.pause()
        assert "(zu Ende gespielt)" in screen_text(again)
