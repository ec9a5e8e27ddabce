"""A game whose terminal goes away saves, leaves its cookie and exits (within seconds).

Before, a game whose terminal window was closed kept running on the dead
terminal at 50-75 % of a core, for hours. Here the game runs in a real
pseudo-terminal; the terminal is closed under it (as when a window or a
tmux session is killed), or the game gets SIGHUP. The process must be gone
soon after, and the autosave must continue where the player was.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.saves import SaveError, peek_save, read_save
from kaufhaus.tracking.events import Kind
from tests.tui.helpers import make_app

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "fork"), reason="needs a pseudo-terminal"
)


def _read_until(fd: int, text: bytes, timeout: float = 20.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            # The screen is drawn with cursor moves: compare without escapes' spaces.
            if text in seen.replace(b"\x1b[", b""):
                return seen
    raise AssertionError(f"{text!r} never appeared")


def _start(saves: Path) -> tuple[int, int]:
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the game, in a terminal of its own
        env = {
            "KAUFHAUS_SAVES": str(saves),
            "TERM": "xterm-256color",
            "LANG": "de_DE.UTF-8",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "COLUMNS": "100",
            "LINES": "30",
        }
        if os.environ.get("PYTHONPATH"):
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "kaufhaus", "--seed", "5"], env)
    return pid, fd


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return True
        time.sleep(0.05)
    return False


def _play_a_little(fd: int, saves: Path) -> None:
    _read_until(fd, b"kein automatischer")  # the title has looked for an autosave
    os.write(fd, b"\r")
    _read_until(fd, b"Einfach mal raus")  # the tram: the errand first
    os.write(fd, b"4")
    _read_until(fd, b"Zum Kaufhaus gehen")
    os.write(fd, b"1")
    _read_until(fd, b"akzeptieren")
    os.write(fd, b"\r")  # accept all: the banner goes, the shop window shows
    _read_until(fd, b"betreten")
    os.write(fd, b"1")
    _read_until(fd, b"Eingangshalle")
    _wait_until(lambda: _scene_saved(saves / "autosave.jsonl") == "foyer")


def _scene_saved(autosave: Path) -> str | None:
    """The scene the autosave is at; None while it is missing or being written."""
    try:
        return peek_save(autosave).scene
    except (OSError, SaveError):
        return None


def _wait_until(check: Any, timeout: float = 20.0) -> None:
    """Poll ``check`` (a condition, not a fixed pause) until it holds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"never true: {check}"
        time.sleep(0.05)


@pytest.mark.parametrize("how", ["close", "sighup"])
async def test_the_game_saves_and_exits_when_its_terminal_goes_away(
    story: Any, tmp_path: Path, how: str
) -> None:
    saves = tmp_path / "saves"
    pid, fd = _start(saves)
    try:
        _play_a_little(fd, saves)
        if how == "close":
            os.close(fd)  # the window is closed: the terminal hangs up
        else:
            os.kill(pid, signal.SIGHUP)
        assert _gone_within(pid, 5.0), "the game kept running without its terminal"
    finally:
        if how != "close":
            os.close(fd)
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    autosave = saves / "autosave.jsonl"
    events = read_save(autosave).events
    assert events[-1].kind is Kind.QUIT  # saved as on quit
    assert peek_save(autosave).scene == "foyer"
    assert (saves / "kaufhaus-cookie.json").exists()  # left as on quit
    assert not (saves / "autosave.jsonl.lock").exists()
    assert not [p for p in saves.iterdir() if p.name.endswith(".tmp")]
    # And the next game continues there.
    app = make_app(story, saves)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.game.scene_id == "foyer"
        assert len(app.game.log) == len(events)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_killing_the_tmux_session_leaves_no_process(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    socket = f"kh-gone-{os.getpid()}"
    tmux = ["tmux", "-L", socket]
    env = f"KAUFHAUS_SAVES={saves} TERM=xterm-256color LANG=de_DE.UTF-8"
    marker = f"kh-marker-{os.getpid()}"
    command = f"cd {ROOT} && env {env} KH_MARKER={marker} {sys.executable} -m kaufhaus"
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "k", "-x", "100", "-y", "30", command], check=True
    )

    def pane() -> str:
        return subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", "k"], capture_output=True, text=True, check=False
        ).stdout

    try:
        _wait_until(lambda: "kein automatischer" in pane())  # the title has looked
        subprocess.run([*tmux, "send-keys", "-t", "k", "Enter"], check=True)
        _wait_until(lambda: "Einfach mal raus" in pane())  # the tram
        subprocess.run([*tmux, "send-keys", "-t", "k", "Enter"], check=True)
        _wait_until(lambda: "Zum Kaufhaus gehen" in pane())  # an errand named
        _wait_until(lambda: _scene_saved(saves / "autosave.jsonl") == "vorhaben_geschenk")
        subprocess.run([*tmux, "kill-session", "-t", "k"], check=False)
        deadline = time.monotonic() + 5
        left: list[str] = []
        while time.monotonic() < deadline:
            left = _processes_with(marker)
            if not left:
                break
            time.sleep(0.1)
        assert not left, f"still running: {left}"
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
        for pid in _processes_with(marker):
            os.kill(int(pid), signal.SIGKILL)
    assert read_save(saves / "autosave.jsonl").events[-1].kind is Kind.QUIT


def _processes_with(marker: str) -> list[str]:
    """Pids of processes whose environment holds ``marker`` (ours, started above)."""
    found: list[str] = []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"KH_MARKER={marker}".encode() in environ:
            found.append(entry.name)
    return found


def test_plain_mode_saves_and_exits_when_its_terminal_goes_away(tmp_path: Path) -> None:
    import pty

    saves = tmp_path / "saves"
    pid, fd = pty.fork()
    if pid == 0:
        env = {
            "KAUFHAUS_SAVES": str(saves),
            "TERM": "dumb",
            "LANG": "de_DE.UTF-8",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        if os.environ.get("PYTHONPATH"):
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "kaufhaus", "--plain"], env)
    try:
        _read_until(fd, b"Ihre Wahl")
        os.write(fd, b"1\n")  # new game
        _read_until(fd, b"Einfach mal raus")
        os.write(fd, b"4\n")  # the tram: nothing at all
        _read_until(fd, b"Zum Kaufhaus gehen")
        os.write(fd, b"1\n")  # get off
        _read_until(fd, b"akzeptieren")
        os.write(fd, b"1\n")  # accept all
        _read_until(fd, b"Schaufenster")
        os.close(fd)  # the terminal goes away
        assert _gone_within(pid, 5.0), "plain mode kept running without its terminal"
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    events = read_save(saves / "autosave.jsonl").events
    assert events[-1].kind is Kind.QUIT
    assert not (saves / "autosave.jsonl.lock").exists()


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs SIGHUP")
@pytest.mark.parametrize("at_call", [1, 2, 3, 5, 8])
def test_a_hangup_in_the_middle_of_a_step_still_saves_the_whole_step(
    story: Any, tmp_path: Path, at_call: int
) -> None:
    """The hangup arrives while the game is logging (the clock is read inside
    every log entry): nothing is cut short, the step is saved whole and the quit
    is the last line of the file, as on a hangup while the game waits."""
    import io

    from kaufhaus.plain import run_plain

    class HangupClock:
        def __init__(self) -> None:
            self.now = 1000.0
            self.calls = -1  # not armed
            self.asked_before_hangup = -1

        def __call__(self) -> float:
            if self.calls >= 0:
                self.calls += 1
                if self.calls == at_call:
                    self.asked_before_hangup = len(asked)
                    os.kill(os.getpid(), signal.SIGHUP)
            return self.now

    clock = HangupClock()
    answers = ["1", "4", "1", "1"] + ["1"] * 30  # title, tram, get off, accept all, on
    asked: list[str] = []

    def answer(prompt: str) -> str:
        asked.append(prompt)
        clock.now += 2.0
        if len(asked) == 4:  # the banner is answered: the hangup comes mid-step
            clock.calls = 0
        return answers[len(asked) - 1]

    saves = tmp_path / "saves"
    code = run_plain(
        story, lang="de", seed=1, saves=saves, input_fn=answer, output=io.StringIO(), clock=clock
    )
    assert code == 129
    assert clock.asked_before_hangup >= 4, "the hangup never came"
    assert len(asked) == clock.asked_before_hangup, "the game went on reading after the hangup"
    events = read_save(saves / "autosave.jsonl").events
    assert events[-1].kind is Kind.QUIT
    kinds = [e.kind for e in events]
    assert Kind.CONSENT in kinds  # the step the hangup fell into is in the file
    assert not (saves / "autosave.jsonl.lock").exists()
