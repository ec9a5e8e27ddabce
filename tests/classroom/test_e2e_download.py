"""In browser play the pupil's file goes into the pupil's browser (issue 21).

A class server on loopback plays a three-scene fixture pack in Debian's
Chromium; ``e`` on the reveal must download the dossier as JSON, Markdown and
HTML into the browser – the JSON valid against the dossier schema – while
nothing of it lands in the class folder and no server path reaches the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kaufhaus.dossier.linked import schema
from tests.classroom.browser import chromium, have_chromium, loopback_only, watch_screen
from tests.classroom.serving import free_port, start_server, stop_server, wait_port

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "tuer"

pytestmark = pytest.mark.skipif(
    not have_chromium(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    folder = tmp_path / "klasse"
    process = start_server(port, folder, "--pack", str(PACK), "--lang", "de", cwd=tmp_path)
    try:
        wait_port(port, process)
        yield f"http://127.0.0.1:{port}", folder
    finally:
        (tmp_path / "server.log").write_text(stop_server(process), encoding="utf-8")


def play_to_file(page: object, screen: object, base: str) -> None:
    """Banner (no), title, the door, the reveal: the fixture pack's shortest way."""
    page.goto(base + "/")  # type: ignore[attr-defined]
    screen.expect(page, "ehrliche Frage")  # type: ignore[attr-defined]
    page.locator("#terminal").click()  # type: ignore[attr-defined]
    page.keyboard.press("n")  # type: ignore[attr-defined]  # nothing to the control room
    screen.expect(page, "Neues Spiel")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    screen.expect(page, "Schild mit einem Keks")  # type: ignore[attr-defined]
    page.keyboard.press("1")  # type: ignore[attr-defined]
    screen.expect(page, "Abgeben")  # type: ignore[attr-defined]


def test_e_downloads_the_file_into_the_browser(server: tuple[str, Path], tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    base, folder = server
    host = base.split("//", 1)[1]
    outside: list[str] = []
    before = {p for p in folder.rglob("*") if p.is_file()}
    with chromium() as browser:
        context = browser.new_context(
            viewport={"width": 1280, "height": 800}, accept_downloads=True
        )
        loopback_only(context, host, outside)
        page = context.new_page()
        screen = watch_screen(page, host, outside)
        popups: list[str] = []
        page.on("popup", lambda p: popups.append(p.url))
        play_to_file(page, screen, base)
        downloads = []
        page.on("download", lambda d: downloads.append(d))
        page.keyboard.press("e")
        screen.expect(page, "Download in Ihren Browser")
        deadline = 100
        while len(downloads) < 3 and deadline:
            page.wait_for_timeout(100)
            deadline -= 1
        files = {}
        for download in downloads:
            assert download.failure() is None
            target = tmp_path / "downloads" / download.suggested_filename
            download.save_as(target)
            files[target.suffix] = target
        drawn = screen.raw
    assert outside == [], f"the page asked other hosts: {outside}"
    assert popups == [], "the files download in the page, not in pop-up tabs"
    assert sorted(files) == [".html", ".json", ".md"]
    assert all(p.name.startswith("kaufhaus-akte-") for p in files.values())
    dossier = json.loads(files[".json"].read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(dossier)
    assert dossier["events"], "a real file, with the game's log"
    assert "<html" in files[".html"].read_text(encoding="utf-8")
    assert files[".md"].read_text(encoding="utf-8").startswith("#")
    # Nothing of it on the teacher's disk: no export in the class folder, and the
    # page never saw a folder of the server.
    after = {p for p in folder.rglob("*") if p.is_file()}
    assert not [p for p in after - before if "dossier" in p.name or "akte" in p.name]
    assert str(folder) not in drawn and str(folder.resolve()) not in drawn
    assert "/tmp/" not in drawn
