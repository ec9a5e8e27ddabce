"""Two ``kaufhaus serve`` instances behind nginx, configured by docs/deploy/kaufhaus-nginx.conf.

Skipped when nginx is not installed. The sample's ports are replaced by free
ones; everything else is the file teachers copy.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from kaufhaus.classroom.server import access_token

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "docs" / "deploy" / "kaufhaus-nginx.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
CODE = "8BKLASSE"

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture
def classes(tmp_path: Path) -> Iterator[tuple[int, list[int], list[Path]]]:
    ports = [free_port(), free_port()]
    folders = [tmp_path / f"klasse-{i}" for i in (1, 2)]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kaufhaus",
                "serve",
                "--port",
                str(port),
                "--code",
                CODE,
                "--folder",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port, folder in zip(ports, folders, strict=True)
    ]
    front = free_port()
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
        yield front, ports, folders
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


async def one_pupil(base: str, game: str) -> bytes:
    """A pupil with this game cookie and the class cookie opens a game; its first frame."""
    cookie = f"kaufhaus_klasse={access_token(CODE)}; kaufhaus_spiel={game}"
    async with (
        aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session,
        session.ws_connect(
            base.replace("http", "ws") + "/ws/de?width=80&height=24", headers={"Cookie": cookie}
        ) as ws,
    ):
        message = await ws.receive(timeout=40)
        assert message.type == aiohttp.WSMsgType.BINARY
        return bytes(message.data)


def test_two_instances_behind_nginx(classes: tuple[int, list[int], list[Path]]) -> None:
    front, ports, folders = classes
    base = f"http://127.0.0.1:{front}"

    async def run() -> tuple[dict[str, int], list[bytes]]:
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
                game = f"g-{i:08x}cafe"
                port = await instance_of(session, base, game)
                assert port in ports
                assert await instance_of(session, base, game) == port
                if list(chosen.values()).count(port) < 2:
                    chosen[game] = port
                if len(chosen) == 4:
                    break
        frames = await asyncio.gather(*(one_pupil(base, g) for g in chosen))
        return chosen, list(frames)

    chosen, frames = asyncio.run(run())
    assert len(chosen) == 4 and all(frames)
    # Each game ran on the instance the proxy picked, in that instance's class folder.
    for game, port in chosen.items():
        folder = folders[ports.index(port)]
        assert (folder / "spiele" / game).is_dir(), (game, port)
