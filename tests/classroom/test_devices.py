"""The control room counts browsers told apart without a cookie: agreeing pupils, groups >= 3."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.classroom.control import control_context
from kaufhaus.classroom.devices import class_devices, uniqueness
from kaufhaus.classroom.server import ClassServer, ServeConfig, prepare_folder
from kaufhaus.play.handin import ClassMode, handin_from_dossier, write_live

LAPTOP = {
    "screen": "1920x1080",
    "window": "1280x800",
    "pixel_ratio": "1",
    "languages": "de-DE, de",
    "timezone": "Europe/Berlin",
    "touch": "0",
    "platform": "Linux x86_64",
    "time_of_day": "morning",
}


def game(folder: Path, name: str, device: dict[str, str], *, agreed: bool = True) -> None:
    """A game folder with an autosave whose session start logged ``device``."""
    saves = folder / "spiele" / name
    saves.mkdir(parents=True)
    header = {"format": "kaufhaus-save", "version": 2}
    start = {"id": 0, "kind": "session_start", "t": 0.0, "scene": "s", "data": device}
    (saves / "autosave.jsonl").write_text(
        json.dumps(header) + "\n" + json.dumps(start) + "\n", encoding="utf-8"
    )
    if agreed:
        (folder / "live" / f"{name}.json").write_text("{}", encoding="utf-8")


def phone(n: int) -> dict[str, str]:
    return {**LAPTOP, "screen": f"390x{800 + n}", "touch": "5", "time_of_day": "evening"}


@pytest.mark.parametrize(
    ("twins", "singles", "expected"),
    [
        (0, 2, (None, None)),  # two browsers: nothing at all
        (3, 0, (3, None)),  # none unique; "0" would be a group under three
        (3, 3, (6, 3)),
        (0, 4, (4, 4)),
        (2, 3, (5, None)),  # 3 unique, but the rest is a pair: 5 - 3 names it
        (4, 2, (6, None)),  # two unique: a group under three
    ],
)
def test_unique_browsers_are_counted_only_in_groups_of_three(
    twins: int, singles: int, expected: tuple[int | None, int | None]
) -> None:
    devices = [tuple(LAPTOP.values())] * twins + [tuple(phone(n).values()) for n in range(singles)]
    result = uniqueness(devices)
    assert (result.browsers, result.unique) == expected


def test_only_agreeing_pupils_browsers_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "klasse"
    prepare_folder(folder)
    for n in range(3):
        game(folder, f"g-agreed{n:04d}", phone(n))
    game(folder, "g-terminal000", {"terminal": "80x24", "term": "xterm"})  # no browser
    game(folder, "g-refused0000", phone(9), agreed=False)
    agreed = ["g-agreed0000", "g-agreed0001", "g-agreed0002", "g-terminal000", "../etc"]
    devices = class_devices(folder, agreed)
    assert len(devices) == 3
    # The time of day is the lesson's, not the device's: not a feature that tells apart.
    assert all("evening" not in d for d in devices)


def test_the_control_room_shows_the_figure(
    class_dossiers: list[dict[str, Any]], tmp_path: Path
) -> None:
    folder = tmp_path / "klasse"
    prepare_folder(folder)
    devices = [phone(n) for n in range(4)] + [LAPTOP] * 3
    for n, device in enumerate(devices):
        name = f"g-{n:08d}"
        game(folder, name, device, agreed=False)
        write_live(ClassMode(folder, name), handin_from_dossier(class_dossiers[n]))
    game(folder, "g-refused0000", phone(9), agreed=False)  # said no: no live file
    server = ClassServer(ServeConfig(folder=folder, teacher_token="t"))
    for lang, words in (("de", "bleiben auf diesem Rechner"), ("en", "can be told apart")):
        context = control_context(folder, lang, running=7)
        page = server.templates.get_template("control.html").render(lang=lang, **context)
        assert '<span class="big" id="browsers">7</span>' in page
        assert '<span class="big" id="unique">4</span>' in page
        assert words in page


def test_the_figure_moves_only_with_three_pupils(
    class_dossiers: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Like the tables: one pupil joining is never a visible change of the figure
    (it would tell that pupil's browser apart from the rest)."""
    from kaufhaus.classroom.control import Room

    folder = tmp_path / "klasse"
    prepare_folder(folder)
    server = ClassServer(ServeConfig(folder=folder, teacher_token="t"))
    room = Room()

    def join(n: int) -> None:
        name = f"g-{n:08d}"
        game(folder, name, phone(n), agreed=False)
        write_live(ClassMode(folder, name), handin_from_dossier(class_dossiers[n]))

    def figure() -> tuple[str | None, str | None]:
        page = server.templates.get_template("control.html").render(
            lang="de", **control_context(folder, "de", running=6, room=room)
        )
        found = [re.search(rf'id="{key}">(\d+)<', page) for key in ("browsers", "unique")]
        return found[0] and found[0][1], found[1] and found[1][1]

    for n in range(3):
        join(n)
    assert figure() == ("3", "3")
    join(3)  # one more pupil: the figure stays
    assert figure() == ("3", "3")
    join(4)
    assert figure() == ("3", "3")
    join(5)  # the third since the last count: recounted
    assert figure() == ("6", "6")
