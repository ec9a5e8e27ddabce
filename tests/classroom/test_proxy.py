"""Two ``kaufhaus serve`` instances behind nginx, configured by docs/deploy/kaufhaus-nginx.conf.

Skipped when nginx is not installed. The sample's ports are replaced by free
ones; everything else is the file teachers copy. Both instances share one
class folder, as the sample says: its key signs the game cookies.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from kaufhaus.classroom.gameids import class_key, cookie_for
from kaufhaus.classroom.server import access_token
from tests.classroom.serving import free_port, start_server, wait_port

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "docs" / "deploy" / "kaufhaus-nginx.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
CODE = "8BKLASSE"

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")


@pytest.fixture
def classes(tmp_path: Path) -> Iterator[tuple[int, list[int], Path]]:
    ports = [free_port(), free_port()]
    folder = tmp_path / "klasse-8b"
    front = free_port()
    public = ("--public-url", f"http://127.0.0.1:{front}")
    servers = [
        start_server(port, folder, "--code", CODE, *public, output=subprocess.DEVNULL)
        for port in ports
    ]
    site = SAMPLE.read_text(encoding="utf-8")
    site = site.replace("127.0.0.1:8001", f"127.0.0.1:{ports[0]}")
    site = site.replace("127.0.0.1:8002", f"127.0.0.1:{ports[1]}")
    site = site.replace("listen 8080;", f"listen 127.0.0.1:{front};")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    (prefix / "site.conf").write_text(site, encoding="utf-8")
    (prefix / "nginx.conf").write_text(
        f"""
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
daemon off;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/site.conf;
}}
""",
        encoding="utf-8",
    )
    nginx = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for port in (*ports, front):
            wait_port(port)
        yield front, ports, folder
    finally:
        nginx.send_signal(signal.SIGQUIT)  # nginx's graceful stop
        for server in servers:
            server.terminate()
        for process in (*servers, nginx):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


async def instance_of(session: aiohttp.ClientSession, base: str, game: str) -> int:
    """Which instance the proxy sends this game cookie to (its port)."""
    async with session.get(base + "/healthz", headers={"Cookie": f"kaufhaus_spiel={game}"}) as r:
        return int((await r.json())["port"])


async def one_pupil(base: str, cookie: str, port: int) -> int:
    """A pupil with this game cookie and the class cookie opens a game from the class's page.

    Returns how many games the instance on ``port`` runs while this one is open.
    """
    cookies = f"kaufhaus_klasse={access_token(CODE)}; kaufhaus_spiel={cookie}"
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session,
        session.ws_connect(
            base.replace("http", "ws") + "/ws/de?width=80&height=24",
            headers={"Cookie": cookies, "Origin": base},
        ) as ws,
    ):
        message = await ws.receive(timeout=40)
        assert message.type == aiohttp.WSMsgType.BINARY
        async with session.get(f"http://127.0.0.1:{port}/healthz") as health:
            return int((await health.json())["games"])


def control_room_url(port: int, folder: Path, base: str) -> str:
    """What ``--control-room-url`` prints for the instances behind the proxy."""
    command = [sys.executable, "-m", "kaufhaus", "serve", "--port", str(port), "--code", CODE]
    done = subprocess.run(
        [*command, "--folder", str(folder), "--public-url", base, "--control-room-url"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


async def room_while_playing(
    base: str, key: bytes, playing: list[str], room: str, ports: list[int]
) -> tuple[list[str], set[int]]:
    """Four pupils play at once; the control room, asked through the proxy, counts them."""
    cookies = f"kaufhaus_klasse={access_token(CODE)}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        sockets = []
        for game in playing:
            ws = await session.ws_connect(
                base.replace("http", "ws") + "/ws/de?width=80&height=24",
                headers={
                    "Cookie": f"{cookies}; kaufhaus_spiel={cookie_for(key, game)}",
                    "Origin": base,
                },
            )
            assert (await ws.receive(timeout=40)).type == aiohttp.WSMsgType.BINARY
            sockets.append(ws)
        # Until the earlier pupils' games have ended and these four run (no fixed wait).
        for _ in range(400):
            games = 0
            for port in ports:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as health:
                    games += int((await health.json())["games"])
            if games == len(playing):
                break
            await asyncio.sleep(0.05)
        shown, asked = [], set()
        # Other cookies: the proxy hashes them over both instances (the ports, and so
        # the spread, differ from run to run): ask until both have answered.
        for i in range(64):
            if i >= 6 and asked == set(ports):
                break
            asked.add(await instance_of(session, base, f"g-{i:032x}.x"))
            headers = {"Cookie": f"kaufhaus_spiel=g-{i:032x}.x"}
            async with session.get(room, headers=headers) as page:
                found = re.search(r'id="running">(\d+)<', await page.text())
                shown.append(found.group(1) if found else "?")
        for ws in sockets:
            await ws.close()
        return shown, asked


async def foreign_page(base: str) -> int:
    """A page from elsewhere tries the class's websocket through the proxy."""
    cookies = f"kaufhaus_klasse={access_token(CODE)}"
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session,
        session.get(
            base + "/ws/de",
            headers={
                "Cookie": cookies,
                "Origin": "http://evil.example",
                "Connection": "Upgrade",
                "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            },
        ) as answer,
    ):
        return answer.status


async def guesses_per_pupil(base: str) -> tuple[list[int], int]:
    """A pupil at 127.0.0.2 guesses 25 codes; another at 127.0.0.1 types the right one."""
    guesser = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0), force_close=True)
    async with aiohttp.ClientSession(connector=guesser) as session:
        statuses = []
        for i in range(25):
            async with session.post(base + "/", data={"code": f"FALSCH{i}"}) as answer:
                statuses.append(answer.status)
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session,
        session.post(base + "/", data={"code": CODE}, allow_redirects=False) as right,
    ):
        return statuses, right.status


def test_two_instances_behind_nginx(classes: tuple[int, list[int], Path]) -> None:
    front, ports, folder = classes
    base = f"http://127.0.0.1:{front}"
    key = class_key(folder)  # made by the first instance, read by the second

    async def run() -> tuple[dict[str, int], list[int]]:
        # unsafe: keep cookies of a bare IP address (127.0.0.1), as browsers do.
        # The code works through the proxy.
        async with (
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session,
            session.post(base + "/", data={"code": CODE.lower()}) as page,
        ):
            assert page.status == 200 and 'id="terminal"' in await page.text()
        # Sticky: a game cookie always lands on the same instance.
        chosen: dict[str, int] = {}
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
            for i in range(64):
                game = f"g-{i:032x}"
                cookie = cookie_for(key, game)
                port = await instance_of(session, base, cookie)
                assert port in ports
                assert await instance_of(session, base, cookie) == port
                if list(chosen.values()).count(port) < 2:
                    chosen[game] = port
                if len(chosen) == 4:
                    break
        running = [await one_pupil(base, cookie_for(key, g), p) for g, p in chosen.items()]
        return chosen, running

    chosen, running = asyncio.run(run())
    # Every control room shows the whole class: four games at once, on two instances,
    # counted the same whichever instance the proxy asks.
    room = control_room_url(ports[0], folder, base)
    assert room.startswith(f"{base}/lehrkraft/")
    shown, asked = asyncio.run(room_while_playing(base, key, list(chosen), room, ports))
    assert len(shown) >= 6 and set(shown) == {"4"} and asked == set(ports)
    assert len(chosen) == 4 and running == [1, 1, 1, 1]
    assert sorted(chosen.values()) == sorted(ports * 2)  # both instances took games
    # Each game ran under its own signed id, in the one class folder.
    for game in chosen:
        assert (folder / "spiele" / game).is_dir(), game
    # The class's own page passed the origin check through nginx; a foreign page does not.
    assert asyncio.run(foreign_page(base)) == 403
    # One pupil's wrong guesses slow that pupil down, not the class (X-Forwarded-For).
    statuses, right = asyncio.run(guesses_per_pupil(base))
    # nginx spreads requests without a game cookie over both instances, and each
    # counts for itself: at most ten wrong codes each, then "wait".
    assert statuses.count(403) <= 20 and statuses[-5:] == [429] * 5
    assert right == 303
