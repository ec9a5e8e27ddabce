"""Whole packets on the browser's pipe, one at a time.

In browser play Textual's web driver writes framed packets (type, length,
payload) to stdout with a bare ``os.write``: the screen from its writer thread,
a download's chunks from its input thread. ``os.write`` may write only part of
a large packet, and two threads writing more than a pipe's atomic size at once
can interleave their bytes. Either breaks the framing for textual-serve, which
then drops the game's output for good ("DecodeError: More data expected"): in
a class on a busy laptop, a pupil who pressed ``e`` saw nothing more. Every
packet is written whole, under one lock.
"""

from __future__ import annotations

import os
import threading
from typing import Any


def whole_packets(driver: Any) -> bool:
    """Make ``driver`` write each packet whole and alone; False if it is not a
    web driver with the private writer this relies on (see the ledger test)."""
    fileno = getattr(driver, "fileno", None)
    if not isinstance(fileno, int) or not callable(getattr(driver, "_write", None)):
        return False
    lock = threading.Lock()

    def write_all(data: bytes) -> int:
        view = memoryview(data)
        with lock:
            while view:
                view = view[os.write(fileno, view) :]
        return len(data)

    driver._write = write_all
    return True
