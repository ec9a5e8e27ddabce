"""Browser play writes every packet whole: a partial ``os.write`` or two threads
at once must not break the framing textual-serve reads (it then dropped the
game's output for good: "DecodeError: More data expected")."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest
from textual.drivers.web_driver import WebDriver

from kaufhaus.tui.webwrite import whole_packets


def _packets(raw: bytes) -> list[tuple[bytes, bytes]]:
    found = []
    while raw:
        kind, size = raw[:1], int.from_bytes(raw[1:5], "big")
        assert kind in (b"D", b"M", b"P"), f"framing broken at {raw[:12]!r}"
        assert len(raw) >= 5 + size, "a packet was cut short"
        found.append((kind, raw[5 : 5 + size]))
        raw = raw[5 + size :]
    return found


def _driver(fileno: int) -> Any:
    driver = WebDriver.__new__(WebDriver)  # the writer only: no app, no threads
    driver.fileno = fileno
    driver._write = lambda data: os.write(fileno, data)  # as Textual sets it up
    return driver


@pytest.mark.parametrize("patched", [True, False])
def test_a_short_write_does_not_cut_a_packet(
    monkeypatch: pytest.MonkeyPatch, patched: bool
) -> None:
    read, write = os.pipe()
    driver = _driver(write)
    if patched:
        assert whole_packets(driver)
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data)[:1000]))
    driver.write("x" * 5000)  # a screen update longer than one short write
    driver.write_meta({"type": "deliver_file_start", "key": "k"})
    monkeypatch.undo()
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        raw = pipe.read()
    if patched:
        kinds = [kind for kind, _ in _packets(raw)]
        assert kinds == [b"D", b"M"]
    else:  # Textual's own writer loses the rest of the packet
        with pytest.raises(AssertionError):
            _packets(raw)


def test_two_threads_never_interleave_their_packets() -> None:
    read, write = os.pipe()
    driver = _driver(write)
    assert whole_packets(driver)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            data = os.read(read, 65536)
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    screen = threading.Thread(target=lambda: [driver.write("s" * 70_000) for _ in range(20)])
    files = threading.Thread(
        target=lambda: [
            driver.write_binary_encoded(("deliver_chunk", "k", b"f" * 70_000)) for _ in range(20)
        ]
    )
    screen.start(), files.start()
    screen.join(), files.join()
    os.close(write)
    reader.join()
    packets = _packets(b"".join(chunks))
    assert len(packets) == 40
    assert all(set(payload) == {ord("s")} for kind, payload in packets if kind == b"D")
