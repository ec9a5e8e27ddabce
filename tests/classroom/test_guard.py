"""Only the server's own page starts games; wrong class codes are slowed per client.

Issue 19: any web page the teacher opened could drive games on the local
server (the websocket took any ``Origin``), and 300 pending wrong codes held
300 connections behind one server-wide lock until the process ran out of
file descriptors. Unit tests of ``guard`` over generated hosts, origins and
guess sequences, then the server with a websocket test client (loopback only).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import re
from pathlib import Path

import aiohttp
import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given, settings
from hypothesis import strategies as st

from kaufhaus.classroom.guard import Gate, Throttle, client_of, origin_of
from kaufhaus.classroom.server import (
    CLASS_COOKIE,
    ClassServer,
    OneLineFormatter,
    Repeats,
    ServeConfig,
    prepare_folder,
)
from kaufhaus.cli import main
from tests.classroom.fakegame import executable

hosts = st.one_of(
    st.sampled_from(["127.0.0.1", "localhost", "[::1]", "192.168.1.20", "kaufhaus.schule.example"]),
    st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,10}){0,3}", fullmatch=True),
)
ports = st.one_of(st.none(), st.integers(1, 65535))
schemes = st.sampled_from(["http", "https"])


def netloc(host: str, port: int | None) -> str:
    return host if port is None else f"{host}:{port}"


@given(schemes, hosts, ports)
def test_a_page_of_this_host_may_connect(scheme: str, host: str, port: int | None) -> None:
    gate = Gate(coded=True)
    origin = f"{scheme}://{netloc(host, port)}"
    assert gate.origin_allowed({"Origin": origin, "Host": netloc(host, port)})
    # Behind a proxy that passes the name pupils typed as X-Forwarded-Host.
    assert gate.origin_allowed(
        {"Origin": origin, "Host": "127.0.0.1:8001", "X-Forwarded-Host": netloc(host, port)}
    )
    assert gate.origin_allowed({"Host": netloc(host, port)})  # no Origin: not a web page


@given(schemes, hosts, ports, hosts, ports)
def test_a_page_of_another_host_may_not(
    scheme: str, host: str, port: int | None, other: str, other_port: int | None
) -> None:
    gate = Gate(coded=True)
    origin = origin_of(f"{scheme}://{netloc(other, other_port)}")
    ours = origin_of(f"{scheme}://{netloc(host, port)}")
    headers = {"Origin": f"{scheme}://{netloc(other, other_port)}", "Host": netloc(host, port)}
    assert gate.origin_allowed(headers) == (origin == ours)


@given(hosts, ports)
def test_public_urls_are_allowed_whatever_the_proxy_sends(host: str, port: int | None) -> None:
    public = f"https://{netloc(host, port)}"
    gate = Gate(public_urls=(public + "/",), coded=True)
    assert gate.origin_allowed({"Origin": public, "Host": "127.0.0.1:8001"})
    assert not gate.origin_allowed({"Origin": "https://evil.example", "Host": "127.0.0.1:8001"})


@pytest.mark.parametrize(
    "origin",
    ["null", "file://", "chrome-extension://abc", "http://127.0.0.1:8000@evil.example", "", "x"],
)
def test_odd_origins_are_refused(origin: str) -> None:
    assert not Gate().origin_allowed({"Origin": origin, "Host": "127.0.0.1:8000"})


@given(hosts, ports)
def test_without_a_code_only_this_computers_names_are_answered(host: str, port: int | None) -> None:
    """DNS rebinding: a page renames itself to 127.0.0.1; its Host header still says its name."""
    local = Gate(bind_host="127.0.0.1")
    name = host.strip("[]")
    assert local.host_allowed({"Host": netloc(host, port)}) == (
        name in ("127.0.0.1", "localhost", "::1")
    )
    assert Gate(coded=True).host_allowed({"Host": netloc(host, port)})
    public = Gate(public_urls=("http://kaufhaus.schule.example:8080",))
    assert public.host_allowed({"Host": "kaufhaus.schule.example:8080"})


def test_guesses_are_counted_per_client_behind_a_local_proxy() -> None:
    assert client_of("10.0.0.7", {"X-Forwarded-For": "1.2.3.4"}) == "10.0.0.7"  # not our proxy
    assert client_of("127.0.0.1", {}) == "127.0.0.1"
    # The proxy appends the address it saw: the last one is the one it vouches for.
    assert client_of("127.0.0.1", {"X-Forwarded-For": "6.6.6.6, 10.0.0.7"}) == "10.0.0.7"
    assert client_of(None, {}) == "?"


@given(st.lists(st.tuples(st.floats(0, 10), st.booleans()), max_size=200))
def test_the_throttle_lets_through_a_burst_then_one_guess_per_interval(
    steps: list[tuple[float, bool]],
) -> None:
    """Whatever the timing, a client never tries more codes than burst + elapsed / every."""
    now = 0.0
    throttle = Throttle(burst=5, every=2.0, clock=lambda: now)
    tried = 0
    for pause, other_client in steps:
        now += pause
        client = "b" if other_client else "a"
        wait = throttle.wait(client)
        assert wait >= 0
        if wait == 0:
            throttle.wrong(client)
            tried += client == "a"
        assert tried <= 5 + now / 2.0 + 1e-9
    # A quiet client gets its whole burst back.
    now += 5 * 2.0
    assert throttle.wait("a") == 0


def test_the_throttle_forgets_quiet_clients() -> None:
    now = 0.0
    throttle = Throttle(burst=2, every=1.0, clock=lambda: now, max_clients=10)
    for i in range(50):
        throttle.wrong(f"c{i}")
        now += 0.01
    assert len(throttle._buckets) <= 10


# ------------------------------------------------------------------ the server
def class_server(tmp_path: Path, **kw: object) -> ClassServer:
    config = ServeConfig(
        folder=tmp_path / "klasse",
        teacher_token="geheim",
        python=executable(tmp_path),
        **kw,  # type: ignore[arg-type]
    )
    prepare_folder(config.folder)
    return ClassServer(config)


async def test_a_foreign_page_cannot_start_a_game(tmp_path: Path) -> None:
    server = class_server(tmp_path)
    async with TestClient(TestServer(server.make_app())) as client:
        here = f"{client.host}:{client.port}"
        for origin in ("http://evil.example", "null", f"http://{here}.evil", "http://localhost"):
            refused = await client.get("/ws/de", headers={"Origin": origin})
            assert refused.status == 403, origin
        assert server.started == 0  # no game process was started for them
        ws = await client.ws_connect("/ws/de", headers={"Origin": f"http://{here}"})
        message = await ws.receive(timeout=30)
        assert message.type == WSMsgType.BINARY
        await ws.close()
        assert server.started == 1


async def test_any_device_report_a_page_sends_gets_a_game(tmp_path: Path) -> None:
    """The page puts its report into the websocket's address: a changed page may send
    anything there. 1,500 brackets (within the limit) gave a 500 and an error line."""
    server = class_server(tmp_path)
    async with TestClient(TestServer(server.make_app())) as client:
        for body in ("[" * 1_500, '{"a":' * 600, "[" * 3_000, '{"hour": 1' + "0" * 400 + "}"):
            report = base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")
            ws = await client.ws_connect(f"/ws/de/{report}")
            message = await ws.receive(timeout=30)
            assert message.type == WSMsgType.BINARY, body[:20]
            await ws.close()
        assert server.started == 4


async def test_a_renamed_page_is_not_answered_without_a_code(tmp_path: Path) -> None:
    server = class_server(tmp_path)
    async with TestClient(TestServer(server.make_app())) as client:
        rebound = await client.get("/", headers={"Host": f"evil.example:{client.port}"})
        assert rebound.status == 421
        ws = await client.get(
            "/ws/de",
            headers={
                "Host": f"evil.example:{client.port}",
                "Origin": f"http://evil.example:{client.port}",
            },
        )
        assert ws.status == 421
        assert (await client.get("/", headers={"Host": f"localhost:{client.port}"})).status == 200
        assert server.started == 0


async def test_a_proxy_in_front_passes_the_origin_check(tmp_path: Path) -> None:
    """The Caddy sample passes Host and sets X-Forwarded-Host; --public-url covers the rest."""
    server = class_server(tmp_path, code="ABCDE", public_urls=("http://schule.example:8080",))
    async with TestClient(TestServer(server.make_app())) as client:
        entered = await client.post(
            "/",
            data={"code": "ABCDE"},
            headers={
                "Origin": "https://kaufhaus.example-schule.de",
                "Host": "kaufhaus.example-schule.de",
            },
            allow_redirects=False,
        )
        assert entered.status == 303
        cookie = {"Cookie": f"{CLASS_COOKIE}={server.access}"}
        for headers in (
            {"Origin": "https://kaufhaus.example-schule.de", "Host": "kaufhaus.example-schule.de"},
            {
                "Origin": "http://kaufhaus:8080",
                "Host": f"127.0.0.1:{client.port}",
                "X-Forwarded-Host": "kaufhaus:8080",
            },
            {"Origin": "http://schule.example:8080", "Host": f"127.0.0.1:{client.port}"},
        ):
            ws = await client.ws_connect("/ws/de", headers={**headers, **cookie})
            assert (await ws.receive(timeout=30)).type == WSMsgType.BINARY
            await ws.close()


async def test_wrong_codes_are_answered_at_once_and_slowed_per_client(tmp_path: Path) -> None:
    server = class_server(tmp_path, code="ABCDE")
    # The bucket's clock stands still: on a busy machine the 300 requests can take
    # longer than one refill (3 s), and one more wrong code would then be tried.
    server.throttle.clock = lambda: 1000.0
    connector = aiohttp.TCPConnector(limit=0)  # every request its own connection, all at once
    async with TestClient(TestServer(server.make_app()), connector=connector) as client:
        guesser = {"X-Forwarded-For": "10.0.0.66"}  # as a proxy on this computer reports it
        answers = await asyncio.gather(
            *(client.post("/", data={"code": f"WRNG{i}"}, headers=guesser) for i in range(300))
        )
        statuses = [a.status for a in answers]
        # The first few are tried and wrong; the rest are told to wait, none is held.
        assert statuses.count(403) == server.throttle.burst
        assert statuses.count(429) == 300 - server.throttle.burst
        waiting = next(a for a in answers if a.status == 429)
        assert int(waiting.headers["Retry-After"]) >= 1
        assert "Zu viele falsche Codes" in await waiting.text()
        # Even the right code waits for this client now ...
        held = await client.post(
            "/", data={"code": "ABCDE"}, headers=guesser, allow_redirects=False
        )
        assert held.status == 429
        # ... but another pupil gets in at once.
        right = await client.post(
            "/",
            data={"code": "abcde"},
            headers={"X-Forwarded-For": "10.0.0.7"},
            allow_redirects=False,
        )
        assert right.status == 303 and CLASS_COOKIE in right.cookies


def test_serve_refuses_a_public_url_that_is_none(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--public-url", "kaufhaus.schule"]) == 2
    assert "--public-url" in capsys.readouterr().err


# --------------------------------------------- requests sent by halves (issue 19: file limit)
async def _half_sent(port: int, request: bytes, wait: float) -> tuple[bytes, float]:
    """Send part of a request and wait: what the server answers, and after how long it closed."""
    loop = asyncio.get_running_loop()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    start = loop.time()
    writer.write(request)
    await writer.drain()
    try:
        answer = await asyncio.wait_for(reader.read(), wait)  # until the server closes
    finally:
        writer.close()
    return answer, loop.time() - start


@pytest.mark.parametrize(
    ("codes", "body"),
    [("K7QMX", b"code=WR"), ("K7QMX", b""), (None, b"code=K7")],
)
async def test_a_join_form_sent_by_halves_is_answered_and_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codes: str | None, body: bytes
) -> None:
    """A POST that announces 100 bytes and sends 7 held its connection (a file
    descriptor) for as long as the sender liked: 249 of them locked the class out."""
    import kaufhaus.classroom.server as served

    monkeypatch.setattr(served, "REQUEST_SECONDS", 0.3)
    server = class_server(tmp_path, code=codes)
    served_app = TestServer(server.make_app())
    await served_app.start_server(**served.connection_limits())  # as serve() runs it
    async with TestClient(served_app) as client:
        head = (
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
        )
        assert client.port is not None
        answer, took = await _half_sent(client.port, head + body, wait=10)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:80]
        assert took < 5
        if codes is not None:  # the half-sent code was not counted as a guess
            assert server.throttle.wait("127.0.0.1") == 0


@pytest.mark.parametrize(
    "request_part",
    [b"", b"GET / HTTP/1.1\r\n", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"GET /ws/de HT"],
)
async def test_a_request_sent_by_halves_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request_part: bytes
) -> None:
    """Headers begun and never ended held a connection for aiohttp's 75 s (run_app's
    keep-alive): 249 of them at once kept the right code out for as long."""
    import kaufhaus.classroom.server as served

    monkeypatch.setattr(served, "REQUEST_SECONDS", 0.3)
    server = class_server(tmp_path, code="K7QMX")
    served_app = TestServer(server.make_app())
    await served_app.start_server(**served.connection_limits())  # as serve() runs it
    async with TestClient(served_app) as client:
        assert client.port is not None
        answer, took = await _half_sent(client.port, request_part, wait=10)
        assert answer == b"" and took < 5


# --------------------------------------------------- the teacher's terminal in a flood
@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["10.0.0.1", "10.0.0.2"]), st.floats(0, 4), st.booleans()),
        max_size=80,
    )
)
def test_a_line_repeated_in_a_flood_is_printed_once_per_interval_with_a_count(
    lines: list[tuple[str, float, bool]],
) -> None:
    """Each problem line: printed at most once per 10 s, and every one left out is counted
    in the next one printed (nothing lost, nothing flooding the teacher's screen)."""
    now = [0.0]
    repeats = Repeats(10.0, clock=lambda: now[0])
    printed: dict[str, float] = {}
    counted: dict[str, int] = {}
    sent: dict[str, int] = {}
    lost = (ConnectionResetError, ConnectionResetError("Connection lost"), None)
    for peer, step, with_exc in lines:
        now[0] += step
        record = logging.LogRecord(
            "aiohttp.server",
            logging.ERROR,
            "x",
            1,
            "Error handling request from %s",
            (peer,),
            lost if with_exc else None,
        )
        line = OneLineFormatter().format(record)
        sent[line] = sent.get(line, 0) + 1
        if repeats.filter(record):
            assert now[0] - printed.get(line, -10.0) >= 10.0
            printed[line] = now[0]
            more = re.search(r"\((\d+) more like this\)", record.getMessage())
            counted[line] = counted.get(line, 0) + 1 + (int(more.group(1)) if more else 0)
    for line, n in sent.items():
        assert counted[line] + repeats.last[line][1] == n
