"""Which game a browser may play: game ids signed with the class's own key.

A game id names a folder of saves (``spiele/<id>``) and a pupil's hand-in, so
a browser that could choose its id could continue another pupil's game, read
what they typed and hand in for them. The server therefore gives each
browser a cookie ``<id>.<signature>``, the signature an HMAC of the id under
a secret key, and accepts a game cookie only when the signature fits: an id
the server never issued, or one copied from a file name, is not a game.

The key is random, made once per class folder and kept there
(``schluessel.key``, readable only by the teacher's account), so a restart
or a second ``kaufhaus serve`` on the same class folder (behind a proxy)
accepts the cookies of the first. It never leaves the teacher's computer.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

#: The key's file in the class folder, and how its content starts (our mark).
KEY_FILE = "schluessel.key"
KEY_MAGIC = "kaufhaus-klassenschluessel v1"
_KEY_TEXT = re.compile(rf"^{re.escape(KEY_MAGIC)}\n([0-9a-f]{{64}})\n?$")
#: 128 random bits: no one guesses another pupil's id.
_ID = re.compile(r"^g-[0-9a-f]{32}$")
_SIGNATURE_HEX = 32


class ClassFolderError(Exception):
    """The class folder (or its key) cannot be used as it is; the message says what to do."""


def new_game_id() -> str:
    return "g-" + secrets.token_hex(16)


def is_game_id(game: str) -> bool:
    """An id of the form this server issues (whether it issued it is the signature's job)."""
    return _ID.match(game) is not None


def _signature(key: bytes, game: str) -> str:
    digest = hmac.new(key, b"kaufhaus-spiel-v1:" + game.encode("ascii"), hashlib.sha256)
    return digest.hexdigest()[:_SIGNATURE_HEX]


def cookie_for(key: bytes, game: str) -> str:
    """The game cookie's value for this id: the id and its signature."""
    return f"{game}.{_signature(key, game)}"


def game_from_cookie(key: bytes, value: str | None) -> str | None:
    """The game id a cookie carries, or None when it was not issued with this key."""
    if not value or len(value) > 100:
        return None
    game, _dot, signature = value.partition(".")
    if not is_game_id(game) or len(signature) != _SIGNATURE_HEX:
        return None
    if not hmac.compare_digest(
        signature.encode("ascii", "replace"), _signature(key, game).encode()
    ):
        return None
    return game


def _read_key(path: Path) -> bytes:
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(200)
    except OSError as exc:
        raise ClassFolderError(
            f"{path}: cannot read the class key ({exc.strerror or exc}); "
            "move the file away and start again (pupils then start new games)"
        ) from exc
    match = _KEY_TEXT.match(raw.decode("ascii", "replace"))
    if match is None:
        raise ClassFolderError(
            f"{path}: exists and is not a class key of this game; it is left as it is. "
            "Rename it or choose another --folder."
        )
    return bytes.fromhex(match.group(1))


def class_key(folder: Path) -> bytes:
    """The class folder's key, made on first use (two servers starting at once agree)."""
    path = folder / KEY_FILE
    if not os.path.lexists(path):
        try:
            _make_key(folder, path)
        except OSError as exc:
            raise ClassFolderError(
                f"{folder}: cannot write the class key ({exc.strerror or exc}); "
                "choose a folder you may write to with --folder"
            ) from exc
    return _read_key(path)


def _make_key(folder: Path, path: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = f"{KEY_MAGIC}\n{secrets.token_hex(32)}\n".encode("ascii")
    tmp = folder / f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # link() never replaces: the first server to get here makes the key, the other reads it.
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # no hard links (a FAT stick): create exclusively instead
            _create_exclusively(path, text)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _create_exclusively(path: Path, text: bytes) -> None:
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(text)


def is_key_file(path: Path) -> bool:
    """A key file this game wrote (so ``serve --forget`` may delete it)."""
    try:
        _read_key(path)
    except ClassFolderError:
        return False
    return True
