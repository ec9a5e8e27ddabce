"""The control room's counts, each checked against what the class really did (issue 21).

Games running now (a closed tab and an ended game drop out), pupils whose
yes stands (an earlier lesson in the same folder and a withdrawn yes do
not count), those at their file, the hand-ins of this lesson (each pupil
once), and the lesson's core figure: events the shop processed after the
pupils refused.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from kaufhaus.classroom.control import control_context
from kaufhaus.classroom.server import ClassServer, ServeConfig, prepare_folder
from kaufhaus.play.handin import ClassMode, handin_from_dossier, write_handin, write_live
from tests.classroom.fakegame import executable

NOW = "2026-12-07T1000Z-bbbbbb"
EARLIER = "2026-12-01T0800Z-aaaaaa"


def room(folder: Path, *, running: int = 0, lesson: str | None = NOW, lang: str = "de") -> str:
    server = ClassServer(ServeConfig(folder=folder, teacher_token="t", lesson=lesson))
    context = control_context(folder, lang, running=running, lesson=lesson)
    return server.templates.get_template("control.html").render(lang=lang, **context)


def figure(page: str, name: str) -> str:
    found = re.search(rf'id="{name}">([^<]*)<', page)
    assert found is not None, name
    return found.group(1)


def game(i: int) -> str:
    return f"g-{i:032x}"


def record(dossier: dict[str, Any], *, ended: bool | None = None) -> dict[str, Any]:
    out = handin_from_dossier(dossier)
    if ended is not None:
        out["ended"] = ended
    return out


def test_counts_are_of_this_lesson_and_each_pupil_once(
    class_dossiers: list[dict[str, Any]], tmp_path: Path
) -> None:
    folder = tmp_path / "klasse"
    prepare_folder(folder)
    # Today: five agreed, two of them at their file; three hand-ins, one copied.
    for i, d in enumerate(class_dossiers[:5]):
        write_live(ClassMode(folder, game(i), NOW), record(d, ended=i < 2))
    for i, d in enumerate(class_dossiers[:3]):
        write_handin(ClassMode(folder, game(i), NOW), record(d))
    copy = (folder / "abgaben" / f"{game(0)}.json").read_bytes()
    (folder / "abgaben" / "kopie-von-anna.json").write_bytes(copy)
    # An earlier class in the same folder: four live files, six hand-ins.
    for i, d in enumerate(class_dossiers[10:16]):
        write_handin(ClassMode(folder, game(100 + i), EARLIER), record(d))
    for i, d in enumerate(class_dossiers[10:14]):
        write_live(ClassMode(folder, game(100 + i), EARLIER), record(d, ended=True))
    # A hand-in lying among the live files is not a pupil who agrees now.
    (folder / "live" / f"{game(50)}.json").write_bytes(copy)

    page = room(folder, running=7)
    assert figure(page, "running") == "7"
    assert figure(page, "agreed") == "5"
    assert figure(page, "at-file") == "2"
    assert figure(page, "handins") == "3"
    # The earlier lesson, asked for, counts its own.
    earlier = room(folder, lesson=EARLIER)
    assert (figure(earlier, "agreed"), figure(earlier, "handins")) == ("4", "6")


def test_events_after_refusing_are_shown_for_three_or_more(
    class_dossiers: list[dict[str, Any]], tmp_path: Path
) -> None:
    refusers = [d for d in class_dossiers if d["summary"]["events_after_refusal"] > 0]
    takers = [d for d in class_dossiers if d["consent"]["choice"] == "all"]
    assert len(refusers) >= 3 and len(takers) >= 3
    folder = tmp_path / "klasse"
    prepare_folder(folder)
    for i, d in enumerate([*takers[:3], *refusers[:2]]):
        write_live(ClassMode(folder, game(i), NOW), record(d))
    page = room(folder)
    assert 'id="after-refusal-events"' not in page  # two would be described by their sum
    assert "weniger als drei der Zustimmenden" in page
    write_live(ClassMode(folder, game(9), NOW), record(refusers[2]))
    page = room(folder)
    total = sum(d["summary"]["events_after_refusal"] for d in refusers[:3])
    assert figure(page, "after-refusal-events") == str(total)
    assert "3 von euch haben am Cookie-Banner etwas abgelehnt" in page
    assert "Processed although you said no" in room(folder, lang="en")


async def connected(server: ClassServer, n: int) -> None:
    for _ in range(300):
        if len(server.games) == n:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{len(server.games)} games running, expected {n}")


async def test_running_counts_connected_games_only(tmp_path: Path) -> None:
    folder = tmp_path / "klasse"
    config = ServeConfig(
        folder=folder, teacher_token="geheim", python=executable(tmp_path), lesson=NOW
    )
    prepare_folder(folder)
    server = ClassServer(config)
    client = TestClient(TestServer(server.make_app()), cookie_jar=aiohttp.DummyCookieJar())

    async def shown() -> str:
        page = await (await client.get("/lehrkraft/geheim")).text()
        return figure(page, "running")

    async with client:
        tabs = []
        for _ in range(3):
            ws = await client.ws_connect("/ws/de?width=80&height=24")
            assert (await ws.receive(timeout=30)).type == WSMsgType.BINARY
            tabs.append(ws)
        assert await shown() == "3"
        await tabs[0].close()  # a tab closed
        await connected(server, 2)
        assert await shown() == "2"
        await tabs[1].send_str(json.dumps(["stdin", "bye"]))  # a game that ended
        await connected(server, 1)
        assert await shown() == "1"
        await tabs[2].close()
        await connected(server, 0)
        assert await shown() == "0"
