"""A lesson survives a restart of the teacher's server (issue 21), on loopback only.

The class folder keeps the lesson: the same code, the same control-room
address, the same lesson id; every browser's cookies still fit, so each
pupil is taken back to the same game and its saves. ``--new-lesson`` (or a
lesson older than twelve hours) begins a new one.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

import aiohttp
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from kaufhaus.classroom.lesson import open_lesson, read_lesson
from kaufhaus.classroom.server import (
    CLASS_COOKIE,
    GAME_COOKIE,
    ClassServer,
    ServeConfig,
    begin_lesson,
    prepare_folder,
)
from tests.classroom.fakegame import executable
from tests.classroom.serving import free_port, start_server, stop_server

#: A loopback address that is not 127.0.0.1: ``serve`` then needs a code, as with --lan.
HOST = "127.0.0.2"


def banner_of(process: subprocess.Popen[bytes]) -> str:
    """What the server printed up to its last banner line (it is then listening)."""
    assert process.stdout is not None
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline().decode("utf-8", "replace")
        if not line:
            break
        lines.append(line)
        if "Beenden / stop" in line:
            return "".join(lines)
    raise AssertionError("no banner: " + "".join(lines))


def ready(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                assert answer.status == 200
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"{url} does not answer")


def control_room(port: int, folder: Path) -> str:
    """What ``--control-room-url`` prints (in the teacher's own window)."""
    command = [sys.executable, "-m", "kaufhaus", "serve", "--host", HOST, "--port", str(port)]
    done = subprocess.run(
        [*command, "--folder", str(folder), "--control-room-url"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def serve_once(port: int, folder: Path, *options: str) -> tuple[str, str, float]:
    """Start, read the code, open the control room, stop: (code, url, seconds to answer)."""
    began = time.monotonic()
    process = start_server(port, folder, "--host", HOST, *options)
    try:
        text = banner_of(process)
        code = re.search(r"Klassencode / class code: ([A-Z0-9]+)", text)
        assert code is not None, text
        assert "/lehrkraft/" not in text  # the projected screen never shows it
        # The command the banner names, run as printed, in the teacher's own window.
        line = text.split("its address, in another window:", 1)[1].strip().splitlines()[0]
        done = subprocess.run(shlex.split(line), capture_output=True, text=True, check=True)
        url = done.stdout.strip()
        assert url == control_room(port, folder)
        assert re.fullmatch(rf"http://{re.escape(HOST)}:{port}/lehrkraft/\S+", url), url
        ready(url)
        return code.group(1), url, time.monotonic() - began
    finally:
        stop_server(process)


def test_a_restart_keeps_the_code_and_the_control_room(tmp_path: Path) -> None:
    folder, port = tmp_path / "klasse", free_port()
    code, url, _first = serve_once(port, folder)
    lesson = read_lesson(folder)
    assert lesson is not None and lesson.code == code
    assert (folder / "stunde.json").stat().st_mode & 0o077 == 0  # the token is the teacher's
    again, url_again, seconds = serve_once(port, folder)
    assert (again, url_again) == (code, url)
    assert read_lesson(folder) == lesson
    assert seconds < 30
    # Asked without the network options, the address is still the lesson's and its code stays.
    command = [sys.executable, "-m", "kaufhaus", "serve", "--folder", str(folder)]
    asked = subprocess.run([*command, "--control-room-url"], capture_output=True, text=True)
    assert asked.stdout.strip().endswith(url.rsplit("/", 1)[1])
    assert read_lesson(folder) == lesson
    _fresh, fresh_url, _ = serve_once(port, folder, "--new-lesson")
    assert fresh_url != url and read_lesson(folder).id != lesson.id  # type: ignore[union-attr]


def test_a_lesson_ends_after_twelve_hours(tmp_path: Path) -> None:
    start = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)

    def opened(now: datetime) -> tuple[str, bool]:
        result = open_lesson(
            tmp_path, code=None, coded=True, new_code="K7M4P", teacher_token=None, now=now
        )
        return result.lesson.id, result.continued

    first, continued = opened(start)
    assert not continued
    assert opened(start + timedelta(hours=11)) == (first, True)
    later, continued = opened(start + timedelta(hours=13))
    assert later != first and not continued


def cookies_of(
    response: aiohttp.ClientResponse | aiohttp.ClientWebSocketResponse,
) -> dict[str, str]:
    headers = response._response.headers if hasattr(response, "_response") else response.headers  # type: ignore[union-attr]
    jar: SimpleCookie = SimpleCookie()
    for line in headers.getall("Set-Cookie", []):
        jar.load(line)
    return {name: morsel.value for name, morsel in jar.items()}


async def test_pupils_return_to_their_games_after_a_restart(tmp_path: Path) -> None:
    """The server stops mid-lesson and starts again: every pupil's browser gets its own game."""
    folder = tmp_path / "klasse"
    prepare_folder(folder)
    fake = executable(tmp_path)

    def server() -> ClassServer:
        config = ServeConfig(folder=folder, python=fake, coded=True)
        begin_lesson(config)
        return ClassServer(config)

    async def pupil(client: TestClient, cookies: dict[str, str]) -> tuple[str, dict[str, str]]:  # type: ignore[type-arg]
        header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        ws = await client.ws_connect("/ws/de?width=80&height=24", headers={"Cookie": header})
        message = await ws.receive(timeout=30)
        assert message.type == WSMsgType.BINARY
        game, saves = bytes(message.data).decode().split(" ", 1)
        given = cookies_of(ws)
        await ws.close()
        return f"{game} {saves}", given

    first = server()
    token, code = first.config.teacher_token, first.config.code
    assert code is not None
    games: list[tuple[str, dict[str, str]]] = []
    client = TestClient(TestServer(first.make_app()), cookie_jar=aiohttp.DummyCookieJar())
    async with client:
        for _ in range(3):
            joined = await client.post("/", data={"code": code}, allow_redirects=False)
            cookies = cookies_of(joined)
            assert CLASS_COOKIE in cookies
            game, given = await pupil(client, cookies)
            games.append((game, {**cookies, **given}))
            assert GAME_COOKIE in given
    began = time.monotonic()
    second = server()  # the first is gone; a new process would start the same way
    client = TestClient(TestServer(second.make_app()), cookie_jar=aiohttp.DummyCookieJar())
    async with client:
        assert (await client.get(f"/lehrkraft/{token}")).status == 200
        restarted = time.monotonic() - began
        assert second.config.code == code
        for game, cookies in games:
            again, given = await pupil(client, cookies)
            assert again == game  # the same game id and save folder: the pupil continues
            assert GAME_COOKIE not in given  # no new game was handed out
    assert restarted < 10
