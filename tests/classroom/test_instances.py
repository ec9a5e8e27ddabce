"""Instances sharing one class folder: one lesson, and every control room counts every game."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from pathlib import Path

import aiohttp
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from kaufhaus.classroom.instances import RUNNING, RUNNING_FORMAT
from kaufhaus.classroom.lesson import open_lesson
from kaufhaus.classroom.server import ClassServer, ServeConfig, begin_lesson, prepare_folder
from kaufhaus.play.marks import GENERATOR
from tests.classroom.fakegame import executable


def test_instances_starting_at_once_share_one_lesson(tmp_path: Path) -> None:
    results: list[str] = []
    gate = threading.Barrier(8)

    def start() -> None:
        gate.wait()
        opened = open_lesson(
            tmp_path, code="8BKLASSE", coded=True, new_code="XXXXX", teacher_token=None
        )
        results.append(f"{opened.lesson.id} {opened.lesson.teacher_token}")

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8 and len(set(results)) == 1, results


async def test_every_control_room_counts_the_games_of_all_instances(tmp_path: Path) -> None:
    folder = tmp_path / "klasse"
    prepare_folder(folder)
    fake = executable(tmp_path)
    servers = []
    for _ in range(2):
        config = ServeConfig(folder=folder, python=fake, code="8BKLASSE")
        begin_lesson(config)
        servers.append(ClassServer(config))
    a, b = servers
    assert a.config.teacher_token == b.config.teacher_token
    assert a.config.lesson == b.config.lesson
    # A killed instance of this lesson (its file not renewed) and one of another lesson.
    for name, lesson, age in (("i-dead", a.config.lesson, 60.0), ("i-old", "x", 0.0)):
        data = {
            "format": RUNNING_FORMAT,
            "generator": GENERATOR,
            "lesson": lesson,
            "games": 9,
            "updated": time.time() - age,
        }
        (folder / RUNNING / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    clients = [
        TestClient(TestServer(s.make_app()), cookie_jar=aiohttp.DummyCookieJar()) for s in servers
    ]
    token = a.config.teacher_token
    cookie = {"Cookie": f"kaufhaus_klasse={a.access}"}

    async def shown(client: TestClient) -> str:  # type: ignore[type-arg]
        page = await (await client.get(f"/lehrkraft/{token}")).text()
        found = re.search(r'id="running">(\d+)<', page)
        assert found is not None
        return found.group(1)

    async with clients[0], clients[1]:
        tabs = []
        for client, n in ((clients[0], 2), (clients[1], 3)):
            for _ in range(n):
                ws = await client.ws_connect("/ws/de?width=80&height=24", headers=cookie)
                assert (await ws.receive(timeout=30)).type == WSMsgType.BINARY
                tabs.append(ws)
        assert (await shown(clients[0]), await shown(clients[1])) == ("5", "5")
        await tabs[-1].close()
        for _ in range(300):
            if len(b.games) == 2:
                break
            await asyncio.sleep(0.02)
        assert (await shown(clients[0]), await shown(clients[1])) == ("4", "4")
        for ws in tabs[:-1]:
            await ws.close()
    # Stopped instances take their files with them.
    assert sorted(p.name for p in (folder / RUNNING).iterdir()) == ["i-dead.json", "i-old.json"]
