"""A game belongs to the browser it was issued to (issue 19).

The game cookie is ``<id>.<signature>`` under the class folder's own key.
One pupil setting the cookie to another pupil's game id (bare, with a
signature of another id, of another class, or made up) gets a fresh game of
their own, never the other's saves, over HTTP and over the websocket.
"""

from __future__ import annotations

import asyncio
import tempfile
from http.cookies import SimpleCookie
from pathlib import Path

import aiohttp
import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaufhaus.classroom.gameids import (
    KEY_FILE,
    ClassFolderError,
    class_key,
    cookie_for,
    game_from_cookie,
    is_game_id,
    new_game_id,
)
from kaufhaus.classroom.server import GAME_COOKIE, ClassServer, ServeConfig, prepare_folder
from kaufhaus.cli import main
from tests.classroom.fakegame import executable


def class_server(folder: Path, tmp: Path, **kw: object) -> ClassServer:
    config = ServeConfig(folder=folder, teacher_token="geheim", python=executable(tmp), **kw)  # type: ignore[arg-type]
    prepare_folder(folder)
    return ClassServer(config)


def client_of(server: ClassServer) -> TestClient:  # type: ignore[type-arg]
    return TestClient(TestServer(server.make_app()), cookie_jar=aiohttp.DummyCookieJar())


def set_cookie(response: aiohttp.ClientResponse | aiohttp.ClientWebSocketResponse) -> str | None:
    """The game cookie the server set in this answer, if any."""
    headers = response._response.headers if hasattr(response, "_response") else response.headers  # type: ignore[union-attr]
    for line in headers.getall("Set-Cookie", []):
        jar: SimpleCookie = SimpleCookie()
        jar.load(line)
        if GAME_COOKIE in jar:
            return jar[GAME_COOKIE].value
    return None


async def play(client: TestClient, cookie: str | None) -> tuple[str, Path, str | None]:  # type: ignore[type-arg]
    """Open the game as the page does; (the game it runs, its save folder, a new cookie)."""
    headers = {"Cookie": f"{GAME_COOKIE}={cookie}"} if cookie is not None else {}
    ws = await client.ws_connect("/ws/de?width=80&height=24", headers=headers)
    try:
        message = await ws.receive(timeout=30)
        assert message.type == WSMsgType.BINARY, message
        game, saves = bytes(message.data).decode().split(" ", 1)
        return game, Path(saves), set_cookie(ws)
    finally:
        await ws.close()


def test_signatures_are_checked() -> None:
    key, other_key = b"k" * 32, b"o" * 32
    game, other = new_game_id(), new_game_id()
    assert is_game_id(game) and game != other
    assert game_from_cookie(key, cookie_for(key, game)) == game
    signature = cookie_for(key, game).split(".")[1]
    assert game_from_cookie(key, game) is None  # the bare id: never issued as a cookie
    assert game_from_cookie(key, cookie_for(other_key, game)) is None  # another class's
    assert game_from_cookie(key, f"{other}.{signature}") is None  # another game's signature
    assert game_from_cookie(key, f"g-{'0' * 32}.{'0' * 32}") is None
    assert game_from_cookie(key, None) is None


@given(
    st.one_of(
        st.text(max_size=200),
        st.builds(lambda a, b: f"{a}.{b}", st.text(max_size=40), st.text(max_size=40)),
        st.builds(
            lambda hex_id, sig: f"g-{hex_id}.{sig}",
            st.text("0123456789abcdef", min_size=32, max_size=32),
            st.text("0123456789abcdef", min_size=32, max_size=32),
        ),
    )
)
def test_no_made_up_cookie_names_a_game(value: str) -> None:
    """Thousands of cookies nobody was given: none is accepted, none raises."""
    key = b"class-key-for-the-test-0123456789"
    game, _, signature = value.partition(".")
    if (
        is_game_id(game) and signature == cookie_for(key, game).partition(".")[2]
    ):  # pragma: no cover
        return
    assert game_from_cookie(key, value) is None


@given(index=st.integers(0, 31), char=st.sampled_from("0123456789abcdef"))
def test_one_changed_character_breaks_the_cookie(index: int, char: str) -> None:
    key = b"class-key-for-the-test-0123456789"
    cookie = cookie_for(key, "g-" + "5" * 32)
    game, signature = cookie.split(".")
    changed = signature[:index] + char + signature[index + 1 :]
    assert (game_from_cookie(key, f"{game}.{changed}") is None) == (changed != signature)
    moved = game[: 2 + index] + char + game[3 + index :]
    assert (game_from_cookie(key, f"{moved}.{signature}") is None) == (moved != game)


def test_the_key_lives_in_the_class_folder(tmp_path: Path) -> None:
    folder = tmp_path / "klasse"
    first = class_key(folder)
    assert class_key(folder) == first  # a restart signs with the same key
    path = folder / KEY_FILE
    assert path.stat().st_mode & 0o077 == 0  # the teacher's account only
    assert class_key(tmp_path / "andere-klasse") != first
    foreign = tmp_path / "fremd"
    foreign.mkdir()
    (foreign / KEY_FILE).write_text("my own key file\n")
    with pytest.raises(ClassFolderError, match="not a class key"):
        class_key(foreign)
    assert (foreign / KEY_FILE).read_text() == "my own key file\n"  # left as it was


def test_serve_refuses_a_folder_with_a_foreign_key_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "klasse"
    folder.mkdir()
    (folder / KEY_FILE).write_text("not ours")
    assert main(["serve", "--folder", str(folder), "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert "not a class key" in err and "Traceback" not in err


async def test_a_pupil_cannot_take_another_pupils_game(tmp_path: Path) -> None:
    folder = tmp_path / "klasse"
    server = class_server(folder, tmp_path)
    async with client_of(server) as client:
        page = await client.get("/")
        alice = set_cookie(page)
        assert alice is not None
        alice_game = game_from_cookie(server.key, alice)
        assert alice_game is not None
        again = await client.get("/", headers={"Cookie": f"{GAME_COOKIE}={alice}"})
        assert set_cookie(again) is None  # her cookie is good: kept
        game, saves, renewed = await play(client, alice)
        assert (game, renewed) == (alice_game, None)
        assert saves == folder.resolve() / "spiele" / alice_game

        other_class = class_key(tmp_path / "andere-klasse")
        forged = {
            "the bare id (as in a file name)": alice_game,
            "another game's signature": f"{alice_game}.{alice.split('.')[1][::-1]}",
            "signed by another class": cookie_for(other_class, alice_game),
            "an id the server never issued": f"g-{'0' * 32}",
            "garbage": "../../etc",
        }
        taken = {alice_game}
        for why, cookie in forged.items():
            page = await client.get("/", headers={"Cookie": f"{GAME_COOKIE}={cookie}"})
            assert page.status == 200, why
            fresh = game_from_cookie(server.key, set_cookie(page))
            assert fresh is not None and fresh not in taken, why
            game, saves, given = await play(client, cookie)
            assert game not in taken, why
            assert saves.name == game and saves.parent == folder.resolve() / "spiele", why
            assert given is not None and game_from_cookie(server.key, given) == game, why
            taken.add(game)
        # Nothing was made for an id the server never issued.
        made = sorted(p.name for p in (folder / "spiele").iterdir())
        assert made == sorted(taken)


async def test_a_restart_keeps_the_games_and_another_class_does_not_know_them(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "klasse"
    async with client_of(class_server(folder, tmp_path)) as client:
        cookie = set_cookie(await client.get("/"))
        assert cookie is not None
        first, _saves, _ = await play(client, cookie)
    async with client_of(class_server(folder, tmp_path)) as client:  # the teacher restarted
        again, _saves, renewed = await play(client, cookie)
        assert (again, renewed) == (first, None)
    async with client_of(class_server(tmp_path / "klasse-9c", tmp_path)) as client:
        other, _saves, renewed = await play(client, cookie)
        assert other != first and renewed is not None


async def test_a_second_tab_plays_its_own_game(tmp_path: Path) -> None:
    server = class_server(tmp_path / "klasse", tmp_path)
    async with client_of(server) as client:
        cookie = set_cookie(await client.get("/"))
        headers = {"Cookie": f"{GAME_COOKIE}={cookie}"}
        first = await client.ws_connect("/ws/de", headers=headers)
        one = bytes((await first.receive(timeout=30)).data).decode().split()[0]
        second_game, _saves, renewed = await play(client, cookie)
        assert second_game != one
        assert renewed is None  # the first tab's cookie stays as it is
        await first.close()


_FOLDER = Path(tempfile.mkdtemp(prefix="kaufhaus-cookie-"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        st.characters(
            min_codepoint=0x21,
            max_codepoint=0xFF,
            exclude_characters=';,"\\',
            exclude_categories=("Cc",),  # the client refuses to send those
        ),
        max_size=120,
    )
)
def test_any_cookie_gets_a_page_and_a_fresh_game(value: str) -> None:
    """Over HTTP, every cookie a browser could send: a game page, never an error."""

    async def run() -> None:
        server = class_server(_FOLDER / "klasse", _FOLDER)
        async with client_of(server) as client:
            page = await client.get(
                "/", headers={"Cookie": f"{GAME_COOKIE}={value}".encode().decode("latin-1")}
            )
            assert page.status == 200
            assert 'id="terminal"' in await page.text()
            assert game_from_cookie(server.key, set_cookie(page)) is not None

    asyncio.run(run())
