"""``kaufhaus serve``: a whole class plays in the browser, each tab its own game.

Built on textual-serve's pieces (its ``AppService`` runs one game process
behind one websocket; its JavaScript terminal and fonts are served from here),
but with our own aiohttp application, because textual-serve itself has no
access control, no limit on processes, and a page template that loads a font
from Google's servers. A tracking game that hands every pupil's address to an
ad company would teach the wrong lesson, and offline it would break. So:

- our own page templates (Jinja2, autoescaped) load only files from this
  server; every response carries a Content-Security-Policy saying so;
- ``127.0.0.1`` by default; ``--lan`` opens the server to the local network,
  and then only behind a short class code (shown big on the teacher's
  terminal, with a QR code); wrong codes are slowed down per client and
  websockets are taken only from the server's own page (``guard``);
- each browser's game is named by a signed cookie (``gameids``): no pupil
  can continue, read or hand in another pupil's game;
- at most ``max_games`` games at once (a clear page says when the class is
  full); a game without input for ``idle_minutes`` is ended and its process
  freed (its autosave stays, the pupil can continue after a reload);
- each game's saves in its own folder under the class folder; live status
  and hand-ins only from pupils who agreed (see ``kaufhaus.play.handin``);
- the control room for the projector at a secret teacher address.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import math
import os
import re
import secrets
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from kaufhaus.classroom.code import big_text, qr_lines
from kaufhaus.classroom.control import Room, control_context
from kaufhaus.classroom.gameids import (
    ClassFolderError,
    class_key,
    cookie_for,
    game_from_cookie,
    new_game_id,
)
from kaufhaus.classroom.guard import Gate, Throttle, client_of
from kaufhaus.classroom.instances import BEAT_SECONDS, RUNNING, Heartbeat, running_elsewhere
from kaufhaus.classroom.lesson import Opened, open_lesson, read_lesson
from kaufhaus.play.fingerprint import ENV_DEVICE, decode_report
from kaufhaus.play.handin import (
    ENV_FOLDER,
    ENV_GAME,
    ENV_LESSON,
    ENV_RESUME,
    GAMES,
    HANDINS,
    LIVE,
)
from kaufhaus.story.errors import neutralise

log = logging.getLogger("kaufhaus.serve")

HERE = Path(__file__).resolve().parent
TEXTUAL_STATIC = Path(textual_serve.__file__).resolve().parent / "static"

#: No ambiguous characters (0/O, 1/I/L): read from a projector across the room.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 5

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

CLASS_COOKIE = "kaufhaus_klasse"
GAME_COOKIE = "kaufhaus_spiel"
COOKIE_AGE = 12 * 3600
#: Seconds a connection has to send a whole request (headers, and the join form's
#: body): one that sends half and waits holds a file descriptor until then, no longer.
#: A page on a school network sends its requests in milliseconds.
REQUEST_SECONDS = 10.0


def connection_limits() -> dict[str, float]:
    """How long a connection may keep a file descriptor without a whole request (aiohttp's
    names): from its opening and after each answer (``keepalive_timeout``), and after a
    form sent by halves was answered (``lingering_time``: aiohttp reads the rest first)."""
    return {"keepalive_timeout": REQUEST_SECONDS, "lingering_time": 1.0}


FOREIGN_HOST = (
    "Dieser Server antwortet nur unter seiner eigenen Adresse. / "
    "This server answers only at its own address.\n"
)
FOREIGN_ORIGIN = (
    "Nur die Seite dieses Servers darf ein Spiel starten. / "
    "Only this server's own page may start a game.\n"
)

#: The textual-serve files the page needs; nothing else of its folder is served.
TEXTUAL_FILES = {
    "textual.js": ("js/textual.js", "text/javascript"),
    "xterm.css": ("css/xterm.css", "text/css"),
    "RobotoMono.ttf": ("fonts/RobotoMono-VariableFont_wght.ttf", "font/ttf"),
    "RobotoMono-Italic.ttf": ("fonts/RobotoMono-Italic-VariableFont_wght.ttf", "font/ttf"),
}
OUR_FILES = {
    "classroom.css": "text/css",
    "classroom.js": "text/javascript",
}


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a pupil typed, as the code is written: upper case, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


@dataclass
class ServeConfig:
    folder: Path
    host: str = "127.0.0.1"
    port: int = 8000
    code: str | None = None
    #: The control room's secret; empty: the lesson's (kept in the class folder), or a new one.
    teacher_token: str = ""
    max_games: int = 40
    idle_minutes: float = 15.0
    lang: str = "de"
    pack: Path | None = None
    #: Where pupils open the class when a proxy stands in front (``--public-url``).
    public_urls: tuple[str, ...] = ()
    #: Every game takes the story's lesson cut (``--lesson-cut``, a 45-minute lesson).
    lesson_cut: bool = False
    #: How the game process is started (tests and the benchmark may replace it).
    python: str = sys.executable
    #: The lesson every live file and hand-in is marked with (``classroom.lesson``).
    lesson: str | None = None
    #: The class needs a code (``--lan``, ``--host``): the lesson's, or a new one.
    coded: bool = False
    #: Begin a new lesson even if the folder's is still running (``--new-lesson``).
    new_lesson: bool = False


class GameService(AppService):
    """One game process, started without a shell, ended as if its terminal had closed."""

    def __init__(self, argv: list[str], env: dict[str, str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.extra_env = env
        self.name = env.get(ENV_GAME, "?")
        self.last_input = time.monotonic()
        self._errors = bytearray()
        self._error_reader: asyncio.Task[None] | None = None
        self._closing: asyncio.Future[None] | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        environment = self._build_environment(width=width, height=height)
        environment.update(self.extra_env)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        # textual-serve copies a game's stderr (a traceback) onto the teacher's
        # terminal; we read it ourselves and report its last line (see stop).
        if process.stderr is not None:
            self._error_reader = asyncio.create_task(self._read_errors(process.stderr))
            quiet = asyncio.StreamReader()
            quiet.feed_eof()
            process.stderr = quiet
        return process

    async def _read_errors(self, stream: asyncio.StreamReader) -> None:
        with contextlib.suppress(Exception):
            while chunk := await stream.read(4096):
                self._errors += chunk
                del self._errors[:-8192]  # the end says what went wrong

    def _report_errors(self) -> None:
        lines = bytes(self._errors).decode("utf-8", "replace").strip().splitlines()
        self._errors.clear()
        if lines:
            log.warning("game %s reported a problem: %s", self.name, neutralise(lines[-1])[:200])

    async def start(self, width: int, height: int) -> None:
        await super().start(width, height)
        if self._task is not None:
            self._task.add_done_callback(self._ended)

    def _ended(self, task: asyncio.Task[None]) -> None:
        """The game's process ended (the pupil quit, or it broke): hang up its browser.

        A game that quits says so and textual-serve closes the websocket; one
        that ends without a word would otherwise keep its browser waiting and
        stay counted in the control room as running.
        """
        if self._closing is None:
            self._closing = asyncio.ensure_future(self.remote_close())

    async def send_bytes(self, data: bytes) -> bool:
        self.last_input = time.monotonic()
        return await super().send_bytes(data)

    async def stop(self) -> None:
        """SIGHUP first: the game logs the quit and autosaves (``terminal_gone``)."""
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGHUP)
        task = self._task
        if task is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(task), timeout=5)
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(process.wait(), timeout=5)
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        self._task = None
        reader = self._error_reader
        if reader is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(reader, timeout=2)
            self._error_reader = None
        self._report_errors()


class ClassServer:
    """The aiohttp application for one class."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        if not config.teacher_token:
            config.teacher_token = secrets.token_urlsafe(12)
        self.games: dict[str, GameService] = {}
        self.sockets: dict[str, web.WebSocketResponse] = {}
        #: The value of the class cookie once the code was entered: derived from the
        #: code, so that instances of one class behind a proxy accept each other's.
        self.access = access_token(config.code) if config.code else secrets.token_urlsafe(24)
        self.download_manager = DownloadManager()
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,
        )
        # Read now: a page must render when the process has no file to spare.
        for name in self.templates.list_templates(extensions=["html"]):
            self.templates.get_template(name)
        self._reaper: asyncio.Task[None] | None = None
        #: Signs the game cookies; made once per class folder (raises ClassFolderError).
        self.key = class_key(config.folder)
        self.gate = Gate(
            public_urls=config.public_urls, bind_host=config.host, coded=config.code is not None
        )
        self.throttle = Throttle()
        self.started = 0
        #: This instance's count of running games, for the control rooms of the others.
        self.heartbeat = Heartbeat(config.folder, config.lesson)
        #: What the projector showed last: one pupil's step is never a visible change.
        self.room = Room()
        self._beating: asyncio.Task[None] | None = None

    def running_now(self) -> int:
        """Games connected now: this instance's and those of others on the class folder."""
        return len(self.games) + running_elsewhere(
            self.config.folder, self.config.lesson, self.heartbeat.path
        )

    # ----------------------------------------------------------------- app
    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.security_headers])
        app.add_routes(
            [
                web.get("/", self.handle_index),
                web.post("/", self.handle_join),
                web.get("/ws/{lang}", self.handle_websocket),
                web.get("/ws/{lang}/{device}", self.handle_websocket),
                web.get("/ws/{lang}/{device}/{resume:weiter}", self.handle_websocket),
                web.get("/s/{name}", self.handle_static),
                web.get("/download/{key}", self.handle_download),
                web.get("/lehrkraft/{token}", self.handle_control),
                web.get("/healthz", self.handle_health),
            ]
        )
        app.on_startup.append(self._start_reaper)
        app.on_shutdown.append(self._shutdown)
        return app

    @web.middleware
    async def security_headers(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        try:
            if not self.gate.host_allowed(request.headers):
                raise web.HTTPMisdirectedRequest(text=FOREIGN_HOST)
            response = await handler(request)
        except web.HTTPException as exc:
            response = exc
        if not response.prepared:
            response.headers["Content-Security-Policy"] = CSP
            response.headers["X-Content-Type-Options"] = "nosniff"
            response.headers["Referrer-Policy"] = "no-referrer"
            response.headers["X-Frame-Options"] = "DENY"
            response.headers.setdefault("Cache-Control", "no-store")
        if isinstance(response, web.HTTPException):
            raise response
        return response

    def page(self, name: str, status: int = 200, **context: Any) -> web.Response:
        html = self.templates.get_template(name).render(**context)
        return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")

    def lang_of(self, request: web.Request) -> str:
        lang = request.query.get("lang", "")
        return lang if lang in ("de", "en") else self.config.lang

    def admitted(self, request: web.Request) -> bool:
        if self.config.code is None:
            return True
        given = request.cookies.get(CLASS_COOKIE, "")
        return hmac.compare_digest(given.encode(), self.access.encode())

    @property
    def full(self) -> bool:
        return len(self.games) >= self.config.max_games

    # ------------------------------------------------------------ handlers
    async def handle_index(self, request: web.Request) -> web.Response:
        lang = self.lang_of(request)
        code = request.query.get("code")
        if code is not None and self.config.code is not None:
            return self._check_code(code, lang, request)
        if not self.admitted(request):
            return self.page("join.html", lang=lang, error="", seconds=0)
        if self.full:
            return self.page("full.html", status=503, lang=lang, limit=self.config.max_games)
        # ?weiter=1: the page reconnects after the server restarted (classroom.js).
        response = self.page("game.html", lang=lang, resume=request.query.get("weiter") == "1")
        if self.game_of(request) is None:  # none yet, an old one, or not issued here
            self._give_game(response, new_game_id())
        return response

    def game_of(self, request: web.Request) -> str | None:
        """The game this browser was given, if its cookie carries our signature."""
        return game_from_cookie(self.key, request.cookies.get(GAME_COOKIE))

    def _give_game(self, response: web.StreamResponse, game: str) -> None:
        response.set_cookie(
            GAME_COOKIE,
            cookie_for(self.key, game),
            httponly=True,
            samesite="Strict",
            max_age=COOKIE_AGE,
        )

    async def handle_join(self, request: web.Request) -> web.Response:
        # No origin check here: with our no-referrer policy browsers send
        # "Origin: null" on this form, and a foreign page posting a code gains
        # nothing the throttle does not already limit.
        try:
            async with asyncio.timeout(REQUEST_SECONDS):
                form = await request.post()
        except TimeoutError:  # a form sent by halves: no code is tried, the connection goes
            page = web.Response(status=408, text="Zu langsam gesendet. / Sent too slowly.\n")
            page.force_close()
            return page
        lang = str(form.get("lang", "")) if form.get("lang") in ("de", "en") else self.config.lang
        return self._check_code(str(form.get("code", "")), lang, request)

    def _check_code(self, text: str, lang: str, request: web.Request) -> web.Response:
        """Let the client in, or say why not; answers at once (see ``guard.Throttle``).

        No await between asking the throttle and counting the guess: a burst
        of concurrent requests from one client cannot slip past its budget.
        """
        client = client_of(request.remote, request.headers)
        wait = self.throttle.wait(client)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            page = self.page("join.html", status=429, lang=lang, error="wait", seconds=seconds)
            page.headers["Retry-After"] = str(seconds)
            page.force_close()  # a guesser keeps no idle connection (and no file descriptor)
            return page
        expected = self.config.code or ""
        if not hmac.compare_digest(normalise_code(text[:100]).encode(), expected.encode()):
            self.throttle.wrong(client)
            page = self.page("join.html", status=403, lang=lang, error="wrong", seconds=0)
            page.force_close()
            return page
        response = web.HTTPSeeOther(f"/?lang={lang}")
        response.set_cookie(
            CLASS_COOKIE, self.access, httponly=True, samesite="Strict", max_age=COOKIE_AGE
        )
        raise response

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name in TEXTUAL_FILES:
            rel, ctype = TEXTUAL_FILES[name]
            path = TEXTUAL_STATIC / rel
        elif name in OUR_FILES:
            path, ctype = HERE / "static" / name, OUR_FILES[name]
        else:
            raise web.HTTPNotFound()
        response = web.FileResponse(path, headers={"Content-Type": ctype})
        response.headers["Cache-Control"] = "max-age=3600"
        return response

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file a game hands to its pupil's browser (``e`` on the reveal), streamed.

        textual-serve's route, with our rules: only a browser of this class,
        only a key a running game of ours announced (a random one, sent over
        that game's own websocket), a plain file name, and nothing written to
        disk on the way – the chunks come from the game process's memory.
        """
        if not self.admitted(request):
            raise web.HTTPForbidden(text="class code missing")
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound() from None
        if meta.app_service not in self.games.values():
            raise web.HTTPNotFound()
        response = web.StreamResponse()
        mime = (
            meta.mime_type if _MIME.fullmatch(meta.mime_type or "") else "application/octet-stream"
        )
        charset = meta.encoding if _MIME.fullmatch(meta.encoding or "") else None
        response.headers["Content-Type"] = f"{mime}; charset={charset}" if charset else mime
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{_file_name(meta.file_name)}"'
        )
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def handle_health(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "games": len(self.games),
                "max_games": self.config.max_games,
                "started": self.started,
                "port": self.config.port,
            }
        )

    async def handle_control(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if not hmac.compare_digest(token.encode(), self.config.teacher_token.encode()):
            raise web.HTTPNotFound()
        lang = self.lang_of(request)
        context = control_context(
            self.config.folder,
            lang,
            running=self.running_now(),
            lesson=self.config.lesson,
            art9=request.query.get("art9") == "1",
            room=self.room,
        )
        return self.page("control.html", lang=lang, **context)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.gate.origin_allowed(request.headers):
            log.warning("websocket from a foreign page refused (Origin not ours)")
            raise web.HTTPForbidden(text=FOREIGN_ORIGIN)
        if not self.admitted(request):
            raise web.HTTPForbidden(text="class code missing")
        if self.full:
            raise web.HTTPServiceUnavailable(text="the class is full")
        lang = request.match_info["lang"]
        lang = lang if lang in ("de", "en") else self.config.lang
        websocket = web.WebSocketResponse(heartbeat=15)
        game = self.game_of(request)
        if game is None:  # a cookie we did not issue: a fresh game, and its cookie
            game = new_game_id()
            self._give_game(websocket, game)
        elif game in self.games:
            game = new_game_id()  # a second tab plays a game of its own
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        device = decode_report(request.match_info.get("device", ""))
        await websocket.prepare(request)
        resume = request.match_info.get("resume") == "weiter"
        service = self._service(game, lang, websocket, device, resume=resume)
        self.games[game] = service
        self.sockets[game] = websocket
        self.started += 1
        self.heartbeat.write(len(self.games))
        log.info("game %s started (%d running)", game, len(self.games))
        try:
            await service.start(width, height)
            await self._pump(websocket, service)
        except asyncio.CancelledError:
            pass
        except Exception as exc:
            log.error("game %s failed: %s", game, _one_line(exc))
        finally:
            self.games.pop(game, None)
            self.sockets.pop(game, None)
            self.heartbeat.write(len(self.games))
            await service.stop()
            with contextlib.suppress(Exception):
                await websocket.close()
            log.info("game %s ended (%d running)", game, len(self.games))
        return websocket

    def _service(
        self,
        game: str,
        lang: str,
        websocket: web.WebSocketResponse,
        device: dict[str, str] | None = None,
        *,
        resume: bool = False,
    ) -> GameService:
        folder = self.config.folder.resolve()
        saves = folder / GAMES / game
        saves.mkdir(parents=True, exist_ok=True)
        argv = [self.config.python, "-m", "kaufhaus", "play", "--lang", lang, "--saves", str(saves)]
        if self.config.pack is not None:
            argv += ["--pack", str(self.config.pack)]
        if self.config.lesson_cut:
            argv.append("--lesson-cut")
        env = {ENV_FOLDER: str(folder), ENV_GAME: game, "KAUFHAUS_SAVES": str(saves)}
        if self.config.lesson is not None:
            env[ENV_LESSON] = self.config.lesson
        if resume:  # back after a restart: the game goes on from its autosave
            env[ENV_RESUME] = "1"
        # The pupil's browser, as its page reported it (checked): the device the
        # shop fingerprints; it stays in this process and the game's own log.
        env[ENV_DEVICE] = json.dumps(device or {})
        return GameService(
            argv,
            env,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )

    async def _pump(self, websocket: web.WebSocketResponse, service: GameService) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], envelope[1]
            except (ValueError, IndexError, KeyError, TypeError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _int(data.get("width"), 80), _int(data.get("height"), 24)
                )
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    # -------------------------------------------------------------- idle
    async def _start_reaper(self, app: web.Application) -> None:
        asyncio.get_running_loop().set_exception_handler(_loop_problem)
        self._reaper = asyncio.create_task(self._reap_idle())
        self._beating = asyncio.create_task(self._beat())

    async def _beat(self) -> None:
        while True:
            self.heartbeat.write(len(self.games))
            await asyncio.sleep(BEAT_SECONDS)

    async def _reap_idle(self) -> None:
        limit = self.config.idle_minutes * 60
        while True:
            await asyncio.sleep(min(15.0, max(0.2, limit / 4)))
            now = time.monotonic()
            for game, service in list(self.games.items()):
                if now - service.last_input >= limit:
                    log.info("game %s idle, ending it", game)
                    socket = self.sockets.get(game)
                    if socket is not None:
                        await socket.close(code=4000, message=b"idle")

    async def _shutdown(self, app: web.Application) -> None:
        if self._reaper is not None:
            self._reaper.cancel()
        if self._beating is not None:
            self._beating.cancel()
        self.heartbeat.remove()
        for socket in list(self.sockets.values()):
            with contextlib.suppress(Exception):
                await socket.close(code=1001, message=b"server shutdown")


def access_token(code: str) -> str:
    """The class cookie for a code (knowing it is no easier than knowing the code)."""
    return hmac.new(code.encode(), b"kaufhaus-klasse-v1", hashlib.sha256).hexdigest()


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return neutralise(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:300]


class OneLineFormatter(logging.Formatter):
    """The teacher's terminal gets one line per problem, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        message = " ".join(record.getMessage().split())
        if record.exc_info and record.exc_info[1] is not None:
            message = f"{message}: {_one_line(record.exc_info[1])}"
        return neutralise(message)


class Repeats(logging.Filter):
    """The same line again within ``every`` seconds is counted, not printed; the next one
    printed says how many were left out. 249 connections a flooder dropped at once gave
    249 lines "Error handling request from …: ConnectionResetError" on the teacher's screen.
    """

    def __init__(
        self, every: float = 10.0, *, clock: Callable[[], float] = time.monotonic, most: int = 1024
    ) -> None:
        super().__init__()
        self.every = every
        self.clock = clock
        self.most = most
        self.last: dict[str, tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        line = OneLineFormatter().format(record)
        now = self.clock()
        seen = self.last.get(line)
        if seen is not None and now - seen[0] < self.every:
            self.last[line] = (seen[0], seen[1] + 1)
            return False
        if seen is not None and seen[1]:
            record.msg = f"{record.getMessage()} ({seen[1]} more like this)"
            record.args = ()
        self.last.pop(line, None)
        self.last[line] = (now, 0)
        while len(self.last) > self.most:  # lines differ (game ids): the oldest go
            del self.last[next(iter(self.last))]
        return True


def quiet_logging() -> None:
    """Every logger (ours, aiohttp's, asyncio's) as one line per message on stderr."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter())
    handler.addFilter(Repeats())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    # A message that cannot be written is dropped, not reported with a traceback.
    logging.raiseExceptions = False


class _Repeats:
    """The same problem again and again (a flood) is reported once per interval."""

    def __init__(self, every: float = 10.0) -> None:
        self.every = every
        self.last: dict[str, tuple[float, int]] = {}

    def report(self, message: str) -> None:
        now = time.monotonic()
        stamp, silenced = self.last.get(message, (-self.every, 0))
        if now - stamp < self.every:
            self.last[message] = (stamp, silenced + 1)
            return
        more = f" ({silenced} more like this)" if silenced else ""
        self.last[message] = (now, 0)
        log.warning("%s%s", message, more)


_REPEATS = _Repeats()


def _loop_problem(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """asyncio's own reports (``accept() out of system resource``) as one line."""
    exc = context.get("exception")
    message = str(context.get("message") or "event loop problem")
    if exc is not None:
        message = f"{message}: {_one_line(exc)}"
    _REPEATS.report(message)


_MIME = re.compile(r"[a-z0-9][a-z0-9.+-]*(/[a-z0-9][a-z0-9.+-]*)?")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def _file_name(name: str) -> str:
    """A download's name as a header can carry it: letters, digits, dot, dash, underscore."""
    cleaned = _UNSAFE_NAME.sub("_", name).lstrip(".")[:100]
    return cleaned or "kaufhaus"


def _int(value: Any, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(1, min(number, 1000))


def prepare_folder(folder: Path) -> None:
    """The class folder and its four sub-folders (nothing else is created or touched)."""
    for sub in (GAMES, LIVE, HANDINS, RUNNING):
        (folder / sub).mkdir(parents=True, exist_ok=True)


def lan_address() -> str:
    """This machine's address in the local network (no packet is sent to find it)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def begin_lesson(config: ServeConfig) -> Opened:
    """Continue the class folder's lesson (same code, token, id) or begin one; fills ``config``."""
    opened = open_lesson(
        config.folder,
        code=config.code,
        coded=config.coded or config.code is not None,
        new_code=new_code(),
        teacher_token=config.teacher_token or None,
        fresh=config.new_lesson,
    )
    config.code = opened.lesson.code
    config.teacher_token = opened.lesson.teacher_token
    config.lesson = opened.lesson.id
    return opened


def control_room_url(config: ServeConfig, public: str) -> str:
    return f"{public}/lehrkraft/{config.teacher_token}"


def control_room_command(config: ServeConfig) -> str:
    """The command that prints the control room's address, for a window no one else sees.

    With this server's own options, so that it names the address pupils and
    the teacher reach it at; runnable as printed (the program as it was
    started, ``.venv/bin/kaufhaus`` or ``python -m kaufhaus``).
    """
    import shlex

    program = sys.argv[0] if Path(sys.argv[0]).name == "kaufhaus" else None
    words = [program] if program else [sys.executable, "-m", "kaufhaus"]
    words += ["serve", "--folder", str(config.folder)]
    if config.host == "0.0.0.0":
        words.append("--lan")
    elif config.host != "127.0.0.1":
        words += ["--host", config.host]
    if config.port != 8000:
        words += ["--port", str(config.port)]
    for url in config.public_urls:
        words += ["--public-url", url]
    return " ".join(shlex.quote(w) for w in [*words, "--control-room-url"])


def banner(
    config: ServeConfig, public: str, *, continued: bool = False, color: bool = False
) -> str:
    """What the teacher's terminal shows (and the projector): address, code, QR code.

    The control room's secret address is not among it: whoever sees the
    projector would have it. ``color``: the QR code in explicit black and
    white (see ``code.qr_lines``).
    """
    lines = ["", "Kaufhaus Internet – Klassenzimmer / classroom", ""]
    if continued:
        lines += [
            "  Die Stunde läuft weiter (gleicher Code, gleicher Kontrollraum); eine neue "
            "beginnt mit --new-lesson.",
            "  The lesson continues (same code, same control room); --new-lesson begins a new one.",
            "",
        ]
    join = public if config.code is None else f"{public}/?code={config.code}"
    lines.append(f"  Schülerinnen und Schüler öffnen / pupils open:  {public}")
    if config.code is not None:
        lines += ["", f"  Klassencode / class code: {config.code}", ""]
        lines += ["    " + row for row in big_text(config.code)]
        lines.append("")
        lines += ["  " + row for row in qr_lines(join, color=color)]
    lines += [
        "",
        "  Kontrollraum: nur für die Lehrkraft, nicht hier (dieses Fenster wird oft projiziert).",
        "  Control room: for the teacher only, not here (this window is often projected).",
        "  Seine Adresse nennt in einem anderen Fenster / its address, in another window:",
        f"    {control_room_command(config)}",
        "",
        f"  Klassenordner / class folder: {config.folder}",
        f"  Höchstens {config.max_games} Spiele gleichzeitig; Spiele ohne Eingabe enden nach "
        f"{config.idle_minutes:g} min.",
        "  Beenden / stop: Strg+C / Ctrl+C",
        "",
    ]
    return "\n".join(lines)


def more_files() -> None:
    """Raise this process's limit of open files to what the system allows.

    Every game holds three pipes and a websocket, every browser a few
    connections; macOS starts programs with 256, too few for a class of 40.
    """
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = 8192 if hard == resource.RLIM_INFINITY else min(hard, 8192)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ImportError, ValueError, OSError):  # not on this system: keep the limit
        pass


def prepare_class(config: ServeConfig) -> Opened:
    """The class folder ready and its lesson continued or begun (raises ClassFolderError)."""
    try:
        prepare_folder(config.folder)
    except OSError as exc:
        raise ClassFolderError(
            f"{config.folder}: cannot prepare the class folder ({exc.strerror or exc})"
        ) from exc
    return begin_lesson(config)


def public_address(config: ServeConfig, public_host: str | None = None) -> str:
    """Where pupils open the class: the proxy's address, else this computer's."""
    if config.public_urls:
        return config.public_urls[0].rstrip("/")
    host = public_host or (lan_address() if config.host == "0.0.0.0" else config.host)
    return f"http://{host}:{config.port}"


def print_control_room(config: ServeConfig) -> int:
    """``--control-room-url``: the lesson's control-room address, for the teacher's eyes only.

    Reads the folder's lesson and changes nothing in it (a running server
    keeps its code whatever options this was given); with no lesson yet it
    begins one exactly as ``serve`` will, so the address is the one the
    server answers at, before or while it runs.
    """
    current = read_lesson(config.folder) if config.folder.is_dir() else None
    if current is not None and current.running():
        config.teacher_token = current.teacher_token
    else:
        prepare_class(config)
    print(control_room_url(config, public_address(config)), flush=True)
    return 0


def serve(config: ServeConfig, *, public_host: str | None = None) -> int:
    """Run until Ctrl+C; print the banner for the teacher first.

    The class folder and its key are checked first (ClassFolderError), before
    this process's logging and file limit are set up for serving.
    """
    opened = prepare_class(config)
    server = ClassServer(config)  # reads or makes the class key before the banner
    quiet_logging()
    more_files()
    public = public_address(config, public_host)
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    print(banner(config, public, continued=opened.continued, color=color), flush=True)
    web.run_app(
        server.make_app(),
        host=config.host,
        port=config.port,
        print=lambda *args: None,
        access_log=None,
        shutdown_timeout=10,
        **connection_limits(),  # type: ignore[arg-type]
    )
    return 0


__all__ = [
    "HANDINS",
    "LIVE",
    "ClassServer",
    "GameService",
    "ServeConfig",
    "big_text",
    "new_code",
    "normalise_code",
    "serve",
]
