"""A class in a real browser: Debian's Chromium, driven by Playwright, against ``kaufhaus serve``.

Starts the server with a class code on a free port and a fresh class folder,
enters the code, agrees on the class banner, plays through the shop by
keyboard to the reveal, hands in the anonymised file, and checks what landed
in the class folder. Any request to a host other than the server fails the
test. Screenshots go to the test's tmp path and a few to /tmp/i13-shots/.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kaufhaus.play.handin import handin_from_dossier
from tests.chromium import CHROMIUM, FLAGS
from tests.classroom.browser import Screen
from tests.classroom.serving import free_port, start_server, stop_server, wait_port

SHOTS = Path("/tmp/i13-shots")
CODE = "K7QMX"
TOKEN = "lehrer-geheim-123"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    folder = tmp_path / "klasse"
    process = start_server(
        port, folder, "--code", CODE, "--teacher-token", TOKEN, "--lang", "de", cwd=tmp_path
    )
    try:
        wait_port(port, process)
        yield f"http://127.0.0.1:{port}", folder
    finally:
        (tmp_path / "server.log").write_text(stop_server(process), encoding="utf-8")


def test_a_pupil_plays_and_hands_in(server: tuple[str, Path], tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    base, folder = server
    host = base.split("//", 1)[1]
    outside: list[str] = []
    shots = tmp_path / "shots"
    shots.mkdir()

    def shot(page: object, name: str) -> None:
        path = shots / f"{name}.png"
        page.screenshot(path=str(path))  # type: ignore[attr-defined]
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 860})
            page = context.new_page()

            def check(request: object) -> None:
                url = str(request.url)  # type: ignore[attr-defined]
                if not (url.startswith(f"http://{host}/") or url.startswith(f"ws://{host}/")):
                    outside.append(url)

            screen = Screen()

            def on_socket(ws: object) -> None:
                check(ws)
                ws.on("framereceived", screen.feed)  # type: ignore[attr-defined]

            page.on("request", check)
            page.on("websocket", on_socket)
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(f"http://{host}/")
                    else (outside.append(route.request.url), route.abort())[1]
                ),
            )

            # Without the code there is no game: the join page, and a wrong code is refused.
            page.goto(base + "/")
            assert page.locator("input[name=code]").is_visible()
            page.fill("input[name=code]", "WRONG")
            page.click("input[type=submit]")
            assert "nicht der Klassencode" in page.content()
            shot(page, "01-join-wrong-code")
            page.fill("input[name=code]", CODE.lower())
            page.click("input[type=submit]")

            page.wait_for_selector("body.-first-byte", timeout=20_000)
            screen.expect(page, "ehrliche Frage")
            shot(page, "02-class-banner")
            page.locator("#terminal").click()
            page.keyboard.press("j")  # yes, share anonymously

            # Title: the menu's first entry starts a new game.
            screen.expect(page, "Neues Spiel")
            shot(page, "03-title")
            page.keyboard.press("Enter")

            def wait_screen(words: str) -> None:
                screen.expect(page, words)

            # Each key waits for the words of the screen it is meant for (a condition,
            # never a fixed pause): a key sent before its screen is drawn is lost.
            wait_screen("Einfach mal raus")  # the tram: the errand comes first
            page.keyboard.press("4")  # Gar nichts
            wait_screen("Zum Kaufhaus gehen")
            page.keyboard.press("1")
            wait_screen("Alle akzeptieren")
            shot(page, "04-cookie-banner")
            page.keyboard.press("Enter")  # the door-sized button has the focus: accept all
            wait_screen("Kaufhaus betreten")  # the shop window
            for number, expect in (
                ("1", "Eingangshalle"),  # Das Schaufenster: hinein
                ("3", "Ohne Karte"),  # Die Eingangshalle: am Schalter vorbei
                ("2", "Der Verkaufsraum"),  # Ohne Karte: ein Korb
                ("5", "In der Schlange"),  # Der Verkaufsraum: zur Kasse
                ("2", "An der Kasse"),  # In der Schlange: vortreten
                # An der Kasse: durch. Its number is its place in the scene (4): the three
                # ways to pay are hidden with nothing in the basket and keep theirs free.
                ("4", "Vor der Tür"),
                ("1", "Zeitungskiosk"),  # Vor der Tür: zum Kiosk
            ):
                page.keyboard.press(number)
                wait_screen(expect)
            shot(page, "05-kiosk")
            page.keyboard.press("2")  # zu Albers
            wait_screen("Albers")
            page.keyboard.press("1")  # bleiben: an ending
            wait_screen("Abgeben")
            shot(page, "06-reveal")

            # The control room shows nothing of fewer than three pupils.
            room = context.new_page()
            room.goto(f"{base}/lehrkraft/{TOKEN}")
            assert "weniger als drei" in room.content()
            assert room.goto(f"{base}/lehrkraft/falsch").status == 404
            room.close()

            page.bring_to_front()
            page.locator("#terminal").click()
            page.keyboard.press("h")
            wait_screen("genau das und nichts sonst")
            shot(page, "07-handin-preview")
            # Focus order: the record, "Abgeben", "Nicht abgeben".
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
            wait_screen("Abgegeben")
            shot(page, "08-handed-in")

            # Three more pupils who agreed: now the control room shows the class.
            from kaufhaus.classroom.lesson import read_lesson
            from kaufhaus.cli import main as kaufhaus
            from kaufhaus.play.handin import ClassMode, write_live

            lesson = read_lesson(folder)
            for i, walk in enumerate(("tv-fan", "privacy", "tv-fan")):
                target = tmp_path / f"d{i}.json"
                assert (
                    kaufhaus(["autoplay", f"walkthroughs/{walk}.yaml", "--dossier", str(target)])
                    == 0
                )
                record = handin_from_dossier(json.loads(target.read_text(encoding="utf-8")))
                mode = ClassMode(folder, f"g-00000000000{i}", lesson.id if lesson else None)
                write_live(mode, record)
            room = context.new_page()
            room.goto(f"{base}/lehrkraft/{TOKEN}")
            assert room.locator("#agreed").inner_text() == "4"
            assert room.locator("#consent").is_visible()
            shot(room, "09-control-room")
        finally:
            browser.close()

    assert outside == [], f"the page asked other hosts: {outside}"
    handins = list((folder / "abgaben").glob("*.json"))
    assert len(handins) == 1
    record = json.loads(handins[0].read_text(encoding="utf-8"))
    assert record["format"] == "kaufhaus-handin"
    assert record["consent"]["choice"] == "all"
    # The tram is out of the shop's sight: the record starts at the banner.
    assert [c["choice"] for c in record["choices"]][:4] == ["alle", "hinein", "vorbei", "korb"]
    # The pupil agreed: the control room has a file of this game (beside the three added).
    assert (folder / "live" / handins[0].name).is_file()
    saves = list((folder / "spiele").glob("*/*.jsonl"))
    assert saves, "the game's autosave is in its own folder under the class folder"
