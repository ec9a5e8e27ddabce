"""``kaufhaus serve`` in its own process, as a teacher starts it, for the tests that need one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    port: int,
    folder: Path,
    *options: str,
    output: int | None = subprocess.PIPE,
    cwd: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.Popen[bytes]:
    """``kaufhaus serve --port PORT --folder FOLDER OPTIONS…`` (German, no save folder set)."""
    env = {**os.environ, "LANG": "de_DE.UTF-8"}
    env.pop("KAUFHAUS_SAVES", None)
    command = [sys.executable, "-m", "kaufhaus", "serve", "--port", str(port)]
    return subprocess.Popen(
        [*command, "--folder", str(folder), *options],
        stdout=output,
        stderr=subprocess.STDOUT if output == subprocess.PIPE else output,
        env=env,
        cwd=cwd,
        preexec_fn=preexec_fn,
    )


def wait_port(
    port: int, process: subprocess.Popen[bytes] | None = None, timeout: float = 30
) -> None:
    """Until something listens on the port (polling, not a fixed wait)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (process is None or process.poll() is None):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}")


def stop_server(process: subprocess.Popen[bytes]) -> str:
    """Stop it as Ctrl+C would and return what it printed."""
    process.terminate()
    try:
        out, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
    return (out or b"").decode("utf-8", "replace")


@contextmanager
def class_server(tmp_path: Path, *options: str) -> Iterator[tuple[str, Path]]:
    """A German class server on a free port with a fresh class folder in ``tmp_path``:
    its address and folder; what it printed goes to ``tmp_path/server.log``."""
    port = free_port()
    folder = tmp_path / "klasse"
    process = start_server(port, folder, "--lang", "de", *options, cwd=tmp_path)
    try:
        wait_port(port, process)
        yield f"http://127.0.0.1:{port}", folder
    finally:
        (tmp_path / "server.log").write_text(stop_server(process), encoding="utf-8")
