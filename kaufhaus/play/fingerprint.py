"""The device fingerprint the shop takes at the door – read locally, sent nowhere.

Real shops recognise a device without cookies from exactly this kind of
harmless-looking detail (screen size, colours, language, time zone). The game
reads them from the local environment only, so the reveal can show the player
how much they give away by merely arriving. Textual-free: plain mode uses it too.
"""

from __future__ import annotations

import locale
import os
import platform
from datetime import datetime


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
