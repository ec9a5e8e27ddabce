"""The control room shows only pupils who agreed, and no group smaller than three."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.classroom.control import control_context
from kaufhaus.classroom.server import ClassServer, ServeConfig
from kaufhaus.play.handin import ClassMode, handin_from_dossier, write_live
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tui.app import KaufhausApp
from tests.conftest import ROOT
from tests.tui.helpers import FINGERPRINT, FakeClock, new_game

#: The shortest shop (a door, "Sure!" and home): what a pupil's game writes for the
#: control room does not depend on the story it plays.
TUER = ROOT / "tests" / "fixtures" / "tuer"


@pytest.fixture(scope="module")
def tuer() -> Story:
    return load_pack(TUER)


async def play_to_the_end(pilot: Any) -> None:
    """A new game on the door, played to its ending; then wait (for the condition, not
    a fixed time) until the live status, written shortly after the last scene, is out."""
    import asyncio

    app: Any = pilot.app
    await new_game(pilot)
    assert app.track("choose", choice="gerne") is not None and app.game.ended
    for _ in range(1500):  # up to half a minute on a busy machine
        await pilot.pause()
        if app._share_timer is None:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the live status was never written")


def room(folder: Path) -> str:
    server = ClassServer(ServeConfig(folder=folder, teacher_token="t"))
    context = control_context(folder, "de", running=5)
    return server.templates.get_template("control.html").render(lang="de", **context)


def put_live(folder: Path, records: list[dict[str, Any]]) -> None:
    """Live files as pupils' games write them (a class without a lesson)."""
    for i, record in enumerate(records):
        write_live(ClassMode(folder, f"g-{i:08d}"), record)


def test_fewer_than_three_show_nothing(
    class_dossiers: list[dict[str, Any]], tmp_path: Path
) -> None:
    put_live(tmp_path, [handin_from_dossier(d) for d in class_dossiers[:2]])
    page = room(tmp_path)
    assert "weniger als drei zugestimmt" in page
    assert 'id="consent"' not in page


def test_three_or_more_are_counted(class_dossiers: list[dict[str, Any]], tmp_path: Path) -> None:
    everyone = [handin_from_dossier(d) for d in class_dossiers]
    # A class in which those who accepted all and the others are three or more each.
    size = next(
        n
        for n in range(12, 31)
        if min(a := sum(r["consent"]["choice"] == "all" for r in everyone[:n]), n - a) >= 3
    )
    records = everyone[:size]
    put_live(tmp_path, records)
    page = room(tmp_path)
    assert f'<span class="big" id="agreed">{size}</span>' in page, page[
        page.find("Zugestimmt") : page.find("Zugestimmt") + 90
    ]
    accepted = sum(1 for r in records if r["consent"]["choice"] == "all")
    assert (
        'Alle akzeptiert</td><td><span class="bar" '
        f'style="width: {20 * accepted / size:.1f}rem"></span> {accepted}</td>' in page
    )
    assert 'http-equiv="refresh"' in page


@pytest.mark.parametrize("agrees", [True, False])
async def test_only_a_pupil_who_agreed_writes_live_status(
    tuer: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, agrees: bool
) -> None:
    monkeypatch.setenv("KAUFHAUS_CLASS_FOLDER", str(tmp_path / "klasse"))
    monkeypatch.setenv("KAUFHAUS_CLASS_GAME", "g-0000beef")
    app = KaufhausApp(tuer, saves=tmp_path / "s", clock=FakeClock(), fingerprint=dict(FINGERPRINT))
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        from kaufhaus.tui.screens.classconsent import ClassConsentScreen

        assert isinstance(app.screen, ClassConsentScreen)  # our banner comes first
        from textual.widgets import Button

        assert not isinstance(app.screen.focused, Button)  # no answer pre-selected
        await pilot.press("j" if agrees else "n")
        await pilot.pause()
        await play_to_the_end(pilot)
        live = tmp_path / "klasse" / "live" / "g-0000beef.json"
        assert live.exists() is agrees
        if agrees:
            assert json.loads(live.read_text(encoding="utf-8"))["ended"] is True
        # The shop's own log knows nothing of the class banner: no event names the
        # class, its code or this pupil's class game (any kind, any field).
        mentions = [
            e.as_dict()
            for e in app.game.log
            if any(
                word in json.dumps(e.as_dict(), ensure_ascii=False).lower()
                for word in ("klasse", "class", "g-0000beef")
            )
        ]
        assert mentions == []


async def test_a_no_after_a_reload_and_forgetting_take_the_yes_back(
    tuer: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Withdrawing removes this pupil's live file and hand-in, and no other pupil's."""
    from kaufhaus.play.handin import ClassMode, write_handin
    from kaufhaus.tui.screens.classconsent import ClassConsentScreen
    from kaufhaus.tui.screens.saves import ForgetScreen

    folder = tmp_path / "klasse"
    monkeypatch.setenv("KAUFHAUS_CLASS_FOLDER", str(folder))
    lesson = "2026-12-07T1000Z-bbbbbb"
    monkeypatch.setenv("KAUFHAUS_CLASS_LESSON", lesson)
    other = ClassMode(folder, "g-0000cafe", lesson)  # a classmate who handed in
    write_handin(other, {"format": "kaufhaus-handin"})

    async def play(game: str, answer: str, *, again: bool = False) -> KaufhausApp:
        monkeypatch.setenv("KAUFHAUS_CLASS_GAME", game)
        app = KaufhausApp(
            tuer, saves=tmp_path / game, clock=FakeClock(), fingerprint=dict(FINGERPRINT)
        )
        async with app.run_test(size=(100, 34)) as pilot:
            await pilot.pause()
            if again:  # reloaded: the answer stands, the pupil changes it from the palette
                assert not isinstance(app.screen, ClassConsentScreen)
                assert app.class_share
                app.action_class_question()
                await pilot.pause()
            assert isinstance(app.screen, ClassConsentScreen)
            await pilot.press(answer)
            await pilot.pause()
            if answer == "j":
                await play_to_the_end(pilot)
                write_handin(app.classroom, {"format": "kaufhaus-handin"})  # type: ignore[arg-type]
                if game.endswith("2"):  # "Alles vergessen" in the game
                    app.push_screen(ForgetScreen())
                    await pilot.pause()
                    await pilot.press("enter")
                    await pilot.pause()
        return app

    mode = ClassMode(folder, "g-0000bee1", lesson)
    await play(mode.game, "j")
    assert mode.live_file.exists() and mode.handin_file.exists()
    await play(mode.game, "n", again=True)  # reloaded, and said no this time
    assert not mode.live_file.exists() and not mode.handin_file.exists()
    forgetful = ClassMode(folder, "g-0000bee2", lesson)
    await play(forgetful.game, "j")
    assert not forgetful.live_file.exists() and not forgetful.handin_file.exists()
    assert other.handin_file.exists()


async def test_the_answer_stands_after_a_reload_within_the_lesson(
    story: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart of the teacher's server (or a reload) asks no second time; a new lesson does."""
    from kaufhaus.tui.screens.classconsent import ClassConsentScreen

    monkeypatch.setenv("KAUFHAUS_CLASS_FOLDER", str(tmp_path / "klasse"))
    monkeypatch.setenv("KAUFHAUS_CLASS_GAME", "g-0000beef")

    async def start(lesson: str, answer: str | None) -> tuple[bool, bool, str]:
        monkeypatch.setenv("KAUFHAUS_CLASS_LESSON", lesson)
        app = KaufhausApp(
            story, saves=tmp_path / "s", clock=FakeClock(), fingerprint=dict(FINGERPRINT)
        )
        async with app.run_test(size=(100, 34)) as pilot:
            await pilot.pause()
            asked = isinstance(app.screen, ClassConsentScreen)
            if answer is not None:
                await pilot.press(answer)
                await pilot.pause()
            notes = " ".join(str(n.message) for n in app._notifications)
            return asked, app.class_share, notes

    today, tomorrow = "2026-12-07T1000Z-bbbbbb", "2026-12-08T1000Z-cccccc"
    assert (await start(today, "j"))[:2] == (True, True)
    asked, share, notes = await start(today, None)  # the server restarted: same lesson
    assert (asked, share) == (False, True)
    assert "Deine Antwort an die Lehrkraft gilt weiter: Ja, anonym teilen" in notes
    assert (await start(tomorrow, "n"))[:2] == (True, False)  # a new lesson asks again
    assert (await start(tomorrow, None))[:2] == (False, False)
