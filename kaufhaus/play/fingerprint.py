"""The device fingerprint the shop takes at the door – read locally, sent nowhere.

Real shops recognise a device without cookies from exactly this kind of
harmless-looking detail (screen size, colours, language, time zone). The game
reads them from the local environment only, so the reveal can show the player
how much they give away by merely arriving. Textual-free: plain mode uses it too.

In browser play (``kaufhaus serve``) the game runs on the teacher's laptop,
whose terminal says nothing about the pupil. There the page's own script
reports what any web shop reads from a browser, the server checks it and
hands it to the game, and the game logs that instead (``reported_fingerprint``).
"""

from __future__ import annotations

import base64
import json
import locale
import os
import platform
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any


def time_of_day(hour: int) -> str:
    """Coarse daytime, as a marketing department would bucket it."""
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 18:
        return "afternoon"
    if 18 <= hour < 23:
        return "evening"
    return "night"


def _locale_name() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return value
    try:
        name = locale.getlocale()[0]
    except ValueError:  # pragma: no cover - odd platform locales
        name = None
    return name or "C"


def _timezone_name(now: datetime) -> str:
    return os.environ.get("TZ") or now.astimezone().tzname() or "unknown"


def local_fingerprint(width: int, height: int, colors: str | None) -> dict[str, str]:
    """What the terminal and the machine reveal, as the event log's session start holds it."""
    now = datetime.now()
    return {
        "terminal": f"{width}x{height}",
        "colors": colors or "none",
        "term": os.environ.get("TERM", "unknown"),
        "locale": _locale_name(),
        "timezone": _timezone_name(now),
        "time_of_day": time_of_day(now.hour),
        "os": platform.system() or "unknown",
    }


# ------------------------------------------------------------ in the browser
#: Set by ``kaufhaus serve`` for a game: what the pupil's browser reported at
#: the start (JSON, already checked by ``browser_fingerprint``).
ENV_DEVICE = "KAUFHAUS_DEVICE"

#: The features a web shop reads from any browser, as the page's script reports
#: them (``classroom.js``); the keys are the log's. Every one is observed.
BROWSER_FEATURES = (
    "screen",
    "window",
    "pixel_ratio",
    "languages",
    "timezone",
    "touch",
    "platform",
    "time_of_day",
)
#: The longest a reported value may be (a browser's real values are far shorter).
MAX_VALUE = 80
#: The longest report the server takes at all (base64 of a small JSON object).
MAX_REPORT = 2048

_SIZE = re.compile(r"^[0-9]{1,5}x[0-9]{1,5}$")
_RATIO = re.compile(r"^[0-9]{1,2}(\.[0-9]{1,3})?$")
_PRINTABLE = re.compile(r"^[A-Za-z0-9 ._+/,;:()-]{1,80}$")


def _hour(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23:
        return None
    return value


def browser_fingerprint(report: Any) -> dict[str, str]:
    """The features of a browser's report that are what they claim; the rest is dropped.

    The report comes from a page anyone can change, so every value is checked
    against its shape (sizes as ``1280x800``, a ratio, printable words of
    limited length) and stored as text; a value that fails is left out rather
    than guessed. The hour becomes a coarse time of day, like the terminal's.
    """
    if not isinstance(report, dict):
        return {}
    found: dict[str, str] = {}
    for key in ("screen", "window"):
        value = report.get(key)
        if isinstance(value, str) and _SIZE.fullmatch(value):
            found[key] = value
    ratio = report.get("pixel_ratio")
    if isinstance(ratio, int | float) and not isinstance(ratio, bool) and 0 < ratio < 100:
        found["pixel_ratio"] = f"{round(float(ratio), 2):g}"
    elif isinstance(ratio, str) and _RATIO.fullmatch(ratio):
        found["pixel_ratio"] = ratio
    languages = report.get("languages")
    if isinstance(languages, list):
        words = [w for w in languages[:8] if isinstance(w, str) and _PRINTABLE.fullmatch(w)]
        if words:
            found["languages"] = ", ".join(words)[:MAX_VALUE]
    for key in ("timezone", "platform"):
        value = report.get(key)
        if isinstance(value, str) and _PRINTABLE.fullmatch(value):
            found[key] = value
    touch = report.get("touch")
    if isinstance(touch, int) and not isinstance(touch, bool) and 0 <= touch <= 100:
        found["touch"] = str(touch)
    hour = _hour(report.get("hour"))
    if hour is not None:
        found["time_of_day"] = time_of_day(hour)
    return found


def decode_report(text: str) -> dict[str, str]:
    """The base64url JSON the page puts into its websocket address, checked; {} if broken."""
    if not text or len(text) > MAX_REPORT:
        return {}
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        report = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):  # 1,500 brackets fit the limit
        return {}
    return browser_fingerprint(report)


def reported_fingerprint(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """What the server passed on of the pupil's browser ({} when nothing was reported).

    The server hands over the features ``decode_report`` kept; only those
    keys, as short texts, are taken from it.
    """
    env = os.environ if environ is None else environ
    try:
        passed = json.loads(env.get(ENV_DEVICE, "") or "{}")
    except ValueError:
        return {}
    if not isinstance(passed, dict):
        return {}
    return {
        key: value
        for key in BROWSER_FEATURES
        if isinstance(value := passed.get(key), str) and 0 < len(value) <= MAX_VALUE
    }
