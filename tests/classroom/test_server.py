"""``kaufhaus serve``'s own rules: the class code, local files only, a cap, idle games end."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer

from kaufhaus.classroom.server import (
    CLASS_COOKIE,
    HERE,
    ClassServer,
    ServeConfig,
    big_text,
    normalise_code,
    prepare_folder,
)
from kaufhaus.cli import main


def client_for(tmp_path: Path, **kw: object) -> tuple[ClassServer, TestClient]:  # type: ignore[type-arg]
    config = ServeConfig(folder=tmp_path / "klasse", teacher_token="geheim", **kw)  # type: ignore[arg-type]
    prepare_folder(config.folder)
    server = ClassServer(config)
    return server, TestClient(TestServer(server.make_app()))


async def test_the_class_code_guards_the_game(tmp_path: Path) -> None:
    _server, client = client_for(tmp_path, code="ABCDE")
    async with client:
        page = await client.get("/")
        assert page.status == 200
        assert "Klassencode" in await page.text()
        assert "default-src 'none'" in page.headers["Content-Security-Policy"]
        assert "connect-src 'self'" in page.headers["Content-Security-Policy"]
        ws = await client.get("/ws/de")
        assert ws.status == 403  # no game without the code
        wrong = await client.post("/", data={"code": "ABCDF"})
        assert wrong.status == 403
        assert "nicht der Klassencode" in await wrong.text()
        right = await client.post("/", data={"code": "ab-cde"}, allow_redirects=False)
        assert right.status == 303
        assert CLASS_COOKIE in right.cookies
        game = await client.get("/")
        text = await game.text()
        assert 'id="terminal"' in text
    # The QR code's address carries the code: scanning it is entering it.
    _server, client = client_for(tmp_path, code="ABCDE")
    async with client:
        scanned = await client.get("/?code=ABCDE&lang=en", allow_redirects=False)
        assert scanned.status == 303 and CLASS_COOKIE in scanned.cookies
        assert "default-src 'none'" in scanned.headers["Content-Security-Policy"]


async def test_only_our_files_are_served(tmp_path: Path) -> None:
    _server, client = client_for(tmp_path)
    async with client:
        for name in ("textual.js", "xterm.css", "RobotoMono.ttf", "classroom.css", "classroom.js"):
            response = await client.get(f"/s/{name}")
            assert response.status == 200, name
        assert (await client.get("/s/")).status == 404
        assert (await client.get("/s/..%2Fserver.py")).status == 404
        assert (await client.get("/static/js/textual.js")).status == 404
        assert (await client.get("/lehrkraft/falsch")).status == 404
        assert (await client.get("/lehrkraft/geheim")).status == 200


def test_no_page_names_another_host() -> None:
    """Templates and our static files load nothing from elsewhere (textual-serve's did)."""
    for path in [*(HERE / "templates").iterdir(), *(HERE / "static").iterdir()]:
        text = path.read_text(encoding="utf-8").replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), path
        assert "googleapis" not in text


async def test_a_full_class_gets_a_clear_page_and_idle_games_end(tmp_path: Path) -> None:
    server, client = client_for(tmp_path, max_games=1, idle_minutes=0.05)
    async with client:
        ws = await client.ws_connect("/ws/de?width=80&height=24")
        first = await ws.receive(timeout=30)  # the game paints
        assert first.type == WSMsgType.BINARY
        assert len(server.games) == 1
        full = await client.get("/")
        assert full.status == 503
        text = await full.text()
        assert "Die Klasse ist voll" in text and "The class is full" in text
        refused = await client.get("/ws/de")
        assert refused.status == 503
        # No key for 3 seconds: the game is ended and its process freed.
        process = next(iter(server.games.values()))._process
        assert process is not None
        closed = False
        for _ in range(200):
            message = await ws.receive(timeout=30)
            if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
                closed = True
                break
        assert closed
        for _ in range(100):
            if not server.games and process.returncode is not None:
                break
            await asyncio.sleep(0.1)
        assert server.games == {}
        assert process.returncode is not None
        assert (await client.get("/")).status == 200  # room for the next pupil
    games = list((tmp_path / "klasse" / "spiele").iterdir())
    assert len(games) == 1  # the game had its own save folder


def test_code_helpers() -> None:
    assert normalise_code(" ab-c de ") == "ABCDE"
    rows = big_text("K7Q")
    assert len(rows) == 5 and all("█" in row for row in rows)


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--lan", "--host", "1.2.3.4"],
        ["serve", "--code", "A"],
        ["serve", "--max-games", "0"],
        ["serve", "--idle-minutes", "0"],
    ],
)
def test_bad_serve_options_are_refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "kaufhaus serve:" in capsys.readouterr().err


async def test_downloads_only_for_the_class_and_a_running_game(tmp_path: Path) -> None:
    """The download route serves a key a running game announced, to a browser of the class."""
    server, client = client_for(tmp_path, code="ABCDE")
    async with client:
        assert (await client.get("/download/abc")).status == 403  # no code: nothing
        await client.post("/", data={"code": "ABCDE"}, allow_redirects=False)
        assert (await client.get("/download/abc")).status == 404  # a key nobody announced

        class Ended:  # a game that has ended since it announced its file
            app_service_id = "x"

        await server.download_manager.create_download(
            app_service=Ended(),  # type: ignore[arg-type]
            delivery_key="k1",
            file_name="akte.json",
            open_method="download",
            mime_type="application/json",
        )
        assert (await client.get("/download/k1")).status == 404


async def test_a_lesson_class_plays_the_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--lesson-cut``: every game process takes the cut; a pack without one is refused."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "tuer"
    argv = ["serve", "--lesson-cut", "--pack", str(fixture), "--folder", str(tmp_path / "k")]
    assert main(argv) == 1
    assert "no lesson cut" in capsys.readouterr().err
    assert not (tmp_path / "k").exists()  # refused before anything was made
    server, _client = client_for(tmp_path, lesson_cut=True)

    class Socket:
        async def send_bytes(self, data: bytes) -> None: ...
        async def send_str(self, data: str) -> None: ...
        async def close(self) -> None: ...

    service = server._service("g-0123456789", "de", Socket())  # type: ignore[arg-type]
    assert service.argv[-1] == "--lesson-cut"
