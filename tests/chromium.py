"""Debian's Chromium for the tests that render or browse: where it is, how it is started.

Never a downloaded browser, and nothing it could fetch on its own (no sync,
no component updates, no background requests).
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
