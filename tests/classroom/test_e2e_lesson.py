"""A lesson of six pupils' browsers, as the issue asks (issue 21).

Debian's Chromium, driven by Playwright, six contexts on phone, tablet and
laptop viewports against one ``kaufhaus serve`` with a class code on
loopback, playing the three-scene fixture pack. Each pupil joins with the
code, agrees on the class banner, plays to the file, downloads it (the JSON
valid against the dossier schema, its device block that browser's), hands it
in and takes the yes back. After every step the control room's figures must
say what the class did; any request to another host fails the test.
Screenshots of each pupil's file and of the control room go to the test's
tmp path and /tmp/i21-lesson/ to be looked at.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.dossier.linked import schema
from tests.classroom.browser import (
    Screen,
    chromium,
    expect_counts,
    have_chromium,
    join_class,
    loopback_only,
    pupil,
)
from tests.classroom.serving import class_server

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "tuer"
SHOTS = Path("/tmp/i21-lesson")
CODE = "K7QMX"
TOKEN = "lehrer-geheim-789"

#: Six pupils' browsers: CSS viewport, scale, touch, language and time zone.
DEVICES: list[dict[str, Any]] = [
    {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "has_touch": True},
    {"viewport": {"width": 844, "height": 390}, "device_scale_factor": 3, "has_touch": True},
    {"viewport": {"width": 768, "height": 1024}, "device_scale_factor": 2, "has_touch": True},
    {
        "viewport": {"width": 1024, "height": 768},
        "device_scale_factor": 2,
        "has_touch": True,
        "locale": "en-US",
        "timezone_id": "America/New_York",
    },
    {"viewport": {"width": 1280, "height": 800}},
    {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},  # a laptop at 200 %
]

pytestmark = pytest.mark.skipif(
    not have_chromium(), reason="Debian's chromium is not installed (/usr/bin/chromium)"
)


def test_six_browsers_have_a_lesson(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    outside: list[str] = []
    options = ("--pack", str(PACK), "--code", CODE, "--teacher-token", TOKEN)
    with class_server(tmp_path, *options) as (base, folder), chromium() as browser:
        host = base.split("//", 1)[1]
        url = f"{base}/lehrkraft/{TOKEN}"
        teacher = browser.new_context()
        loopback_only(teacher, host, outside)
        pupils: list[tuple[Any, Screen, dict[str, Any]]] = []
        for device in DEVICES:
            options_ = {"accept_downloads": True, "locale": "de-DE", **device}
            options_.setdefault("timezone_id", "Europe/Berlin")
            _context, page, screen = pupil(browser, host, outside, **options_)
            join_class(page, screen, base, CODE, "Nein, nicht")
            pupils.append((page, screen, options_))
        expect_counts(teacher, url, running=6, agreed=0, at_file=0, handins=0)

        def shot(page: Any, name: str) -> None:
            path = tmp_path / f"{name}.png"
            page.screenshot(path=str(path))
            SHOTS.mkdir(exist_ok=True)
            shutil.copy(path, SHOTS / path.name)

        def each(keys: str, *drawn: str) -> None:
            for page, screen, _ in pupils:
                page.bring_to_front()
                page.locator("#terminal").click(position={"x": 4, "y": 4})
                for key in keys:
                    page.keyboard.press(key)
                screen.expect_all(page, *drawn)

        each("j", "Neues Spiel")  # yes, share anonymously: the title
        each(["Enter"], "Schild", "Keks")  # type: ignore[arg-type]  # (lines wrap on phones)
        expect_counts(teacher, url, running=6, agreed=6, at_file=0, handins=0)
        each("1", "Abgeben")  # the door: the ending, the file
        expect_counts(teacher, url, running=6, agreed=6, at_file=6, handins=0)
        for number, (page, _screen, _device) in enumerate(pupils):
            shot(page, f"pupil-{number}-file")

        for number, (page, screen, device) in enumerate(pupils):
            downloads: list[Any] = []
            page.on("download", lambda d, into=downloads: into.append(d))
            page.bring_to_front()
            screen.settle(page)
            page.keyboard.press("e")
            screen.expect_all(page, "Download", "Browser")  # (lines wrap on phones)
            deadline = time.monotonic() + 30  # a busy machine: polled, not a fixed wait
            while len(downloads) < 4 and time.monotonic() < deadline:
                page.wait_for_timeout(100)
            dossiers = []
            for download in downloads:
                assert download.failure() is None
                target = tmp_path / f"pupil-{number}" / download.suggested_filename
                download.save_as(target)
                if "portability" not in target.name and target.suffix == ".json":
                    dossiers.append(json.loads(target.read_text(encoding="utf-8")))
            assert len(downloads) == 4 and len(dossiers) == 1, [
                d.suggested_filename for d in downloads
            ]
            dossier = dossiers[0]
            jsonschema.Draft202012Validator(schema()).validate(dossier)
            fingerprint = dossier["fingerprint"]
            view = device["viewport"]
            assert fingerprint["window"] == f"{view['width']}x{view['height']}"
            assert fingerprint["pixel_ratio"] == str(device.get("device_scale_factor", 1))
            assert fingerprint["languages"].split(", ")[0] == device["locale"]
            assert fingerprint["timezone"] == device["timezone_id"]
            assert (fingerprint["touch"] != "0") == bool(device.get("has_touch"))
            expect_counts(teacher, url, running=6, agreed=6, at_file=6, handins=0)
        assert not [p for p in folder.rglob("*") if "akte" in p.name or "dossier" in p.name]

        for handed, (page, screen, _) in enumerate(pupils, start=1):
            page.bring_to_front()
            page.keyboard.press("h")
            screen.expect(page, "Nicht abgeben")  # the preview with both answers
            page.keyboard.press("Tab")  # the record, "Abgeben", "Nicht abgeben"
            page.keyboard.press("Enter")
            screen.expect(page, "Abgegeben")
            expect_counts(teacher, url, running=6, agreed=6, at_file=6, handins=handed)
        room = teacher.new_page()
        room.goto(url)
        shot(room, "control-room")
        room.close()

        for left, (page, screen, _) in enumerate(pupils, start=1):
            page.bring_to_front()
            page.locator("#terminal").click(position={"x": 4, "y": 4})
            page.keyboard.press("Control+p")
            screen.expect(page, "Befehl suchen")
            page.keyboard.type("Klassenfrage")
            screen.expect(page, "Klassenfrage")
            page.keyboard.press("Enter")
            screen.expect(page, "ehrliche Frage")
            page.keyboard.press("n")
            # Taking the yes back takes the live file and the hand-in with it.
            expect_counts(
                teacher, url, running=6, agreed=6 - left, at_file=6 - left, handins=6 - left
            )
    assert outside == [], f"the page asked other hosts: {outside}"
    assert not list((folder / "abgaben").glob("*.json"))
