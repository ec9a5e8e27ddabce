"""In browser play the pupil's file goes into the pupil's browser (issue 21).

A class server on loopback plays a three-scene fixture pack in Debian's
Chromium; ``e`` on the reveal must download the dossier as JSON, Markdown and
HTML, and the Art. 20 file, into the browser – the JSON valid against the
dossier schema, as the terminal's ``e`` writes the same four files – while
nothing of it lands in the class folder and no server path reaches the page,
"Alles vergessen" included.
"""

from __future__ import annotations

import json
import time
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


#: Two pupils' browsers: a laptop in Berlin, a touch tablet set to English in New York.
DEVICES = [
    {
        "viewport": {"width": 1280, "height": 800},
        "screen": {"width": 1920, "height": 1080},
        "locale": "de-DE",
        "timezone_id": "Europe/Berlin",
    },
    {
        "viewport": {"width": 1024, "height": 768},
        "screen": {"width": 1024, "height": 768},
        "device_scale_factor": 2,
        "has_touch": True,
        "locale": "en-US",
        "timezone_id": "America/New_York",
    },
]


def test_e_downloads_each_pupils_file_with_that_browser_as_the_device(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    base, folder = server
    host = base.split("//", 1)[1]
    outside: list[str] = []
    before = {p for p in folder.rglob("*") if p.is_file()}
    popups: list[str] = []
    results = []
    with chromium() as browser:
        for number, device in enumerate(DEVICES):
            context = browser.new_context(accept_downloads=True, **device)
            loopback_only(context, host, outside)
            page = context.new_page()
            screen = watch_screen(page, host, outside)
            page.on("popup", lambda p: popups.append(p.url))
            play_to_file(page, screen, base)
            downloads: list[object] = []
            page.on("download", lambda d, into=downloads: into.append(d))
            screen.settle(page)
            page.keyboard.press("e")
            screen.expect(page, "Download in Ihren Browser")
            deadline = time.monotonic() + 30  # a busy machine: polled, not a fixed wait
            while len(downloads) < 4 and time.monotonic() < deadline:
                page.wait_for_timeout(100)
            files = {}
            for download in downloads:
                assert download.failure() is None  # type: ignore[attr-defined]
                name = download.suggested_filename  # type: ignore[attr-defined]
                target = tmp_path / f"downloads-{number}" / name
                download.save_as(target)  # type: ignore[attr-defined]
                files[name.split("-")[-1] if "portability" in name else target.suffix] = target
            # "Alles vergessen" lists and deletes the game's files on the teacher's
            # computer: by name, never in a folder of the server.
            page.keyboard.press("f")
            screen.expect_all(page, "Alles vergessen?", "Rechner Ihrer Lehrkraft", "Enter")
            page.keyboard.press("Enter")
            screen.expect_all(page, "Vergessen:", "gelöscht")
            results.append((device, files, screen.raw))
            context.close()
    assert outside == [], f"the page asked other hosts: {outside}"
    assert popups == [], "the files download in the page, not in pop-up tabs"
    for device, files, drawn in results:
        assert sorted(files) == [".html", ".json", ".md", "portability.json"]
        assert all(p.name.startswith("kaufhaus-akte-") for p in files.values())
        dossier = json.loads(files[".json"].read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(schema()).validate(dossier)
        assert dossier["events"], "a real file, with the game's log"
        assert "<html" in files[".html"].read_text(encoding="utf-8")
        assert files[".md"].read_text(encoding="utf-8").startswith("#")
        # Art. 20: the data the pupil gave, machine-readable, of this very file.
        portable = json.loads(files["portability.json"].read_text(encoding="utf-8"))
        assert portable["format"] == "kaufhaus-portability"
        assert portable["from_file"] == dossier["@id"] and portable["entries"] > 0
        # The device the shop fingerprinted is this browser, not the teacher's laptop.
        fingerprint = dossier["fingerprint"]
        view, shown = device["viewport"], device["screen"]
        assert fingerprint["window"] == f"{view['width']}x{view['height']}"
        assert fingerprint["screen"] == f"{shown['width']}x{shown['height']}"
        assert fingerprint["languages"].split(", ")[0] == device["locale"]
        assert fingerprint["timezone"] == device["timezone_id"]
        assert fingerprint["pixel_ratio"] == str(device.get("device_scale_factor", 1))
        assert (fingerprint["touch"] != "0") == bool(device.get("has_touch"))
        assert fingerprint["time_of_day"] in ("morning", "afternoon", "evening", "night")
        assert not {"term", "locale", "os", "colors", "terminal"} & set(fingerprint)
        # ...and the file and the title say where it really is.
        assert "Rechner Ihrer Lehrkraft" in dossier["controller"]["note"]["de"]
        card = next(c for c in dossier["reality_checks"] if c["id"] == "fingerprint")
        assert "Browser" in card["session"]["de"] and "Lehrkraft" in card["session"]["de"]
        assert "bleibt auf dem Rechner Ihrer" in " ".join(drawn.split())
        # Nothing of it on the teacher's disk, and no folder of the server on screen.
        assert str(folder) not in drawn and str(folder.resolve()) not in drawn
        assert "/tmp/" not in drawn
    after = {p for p in folder.rglob("*") if p.is_file()}
    assert not [p for p in after - before if "dossier" in p.name or "akte" in p.name]
