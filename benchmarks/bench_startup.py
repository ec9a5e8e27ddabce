"""Time to first paint and to "ready": ``kaufhaus`` versus a minimal Textual app, in tmux.

Both programs run in the same tmux server at 80x24, interleaved (A, B, A, B …)
so that machine load hits both alike. The clock starts when tmux starts the
program; ``tmux capture-pane`` is polled for marker texts:

* **first paint**: the title ("Kaufhaus Internet"); for the baseline, a
  minimal app with a Header, a Static, an OptionList and a Footer, its text
  "Minimal app ready". Target: kaufhaus/minimal <= 1.20.
* **ready**: the title is usable, the story loaded behind it and the autosave
  probed – the status line under the menu says there is no autosave yet
  (the saves folder is a fresh one). Before that, New game waits for the
  story. Target: ready <= 1.5 x the minimal app's first paint.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10 | --quick]

Prints the medians and their ratios (the last line is ``ready / minimal
first paint: X``). Exit code 0 when both targets are met, 1 when not, 2 when
tmux is missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.20
READY_TARGET = 1.5
#: On the title once the story is loaded and no autosave was found (``autosave_none``).
READY = "Noch kein automatischer Spielstand."
ROOT = Path(__file__).resolve().parent.parent

MINIMAL_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, OptionList, Static


class Minimal(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Minimal app ready")
        yield OptionList("New game", "Continue", "Load", "Help", "Quit")
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
"""


def kaufhaus_command() -> list[str]:
    script = Path(sys.executable).parent / "kaufhaus"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kaufhaus"]


class Tmux:
    """A private tmux server, so the benchmark never touches the user's sessions."""

    def __init__(self) -> None:
        self.socket = f"kh-bench-{os.getpid()}"
        # A session that outlives the measured ones, so the server is not torn
        # down and restarted between runs (that would be measured too).
        self.run("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "sleep 86400")

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check
        )
        return result.stdout

    def time_to_text(
        self,
        command: list[str],
        markers: list[str],
        env: dict[str, str],
        timeout: float = 30.0,
        cwd: str | None = None,
    ) -> list[float]:
        """Seconds from starting ``command`` until each marker is on the screen, in turn."""
        exports = [f"{key}={value}" for key, value in env.items()]
        # -u: the tmux server inherits our environment; with PYTHONDONTWRITEBYTECODE
        # set there, the warm-up run could not cache bytecode, so every measured
        # run would recompile the program's own modules (those in site-packages
        # were compiled at install time). Both programs run with bytecode caching.
        shell = " ".join(["env", "-u", "PYTHONDONTWRITEBYTECODE", *exports, *command])
        start = time.perf_counter()
        where = ["-c", cwd] if cwd else []
        self.run("new-session", "-d", "-s", "bench", *where, "-x", "80", "-y", "24", shell)
        seen: list[float] = []
        try:
            while time.perf_counter() - start < timeout:
                screen = self.run("capture-pane", "-p", "-t", "bench", check=False)
                now = time.perf_counter() - start
                while len(seen) < len(markers) and markers[len(seen)] in screen:
                    seen.append(now)
                if len(seen) == len(markers):
                    return seen
                time.sleep(0.005)
            missing = markers[len(seen)]
            raise TimeoutError(f"{missing!r} did not appear within {timeout} s")
        finally:
            self.run("kill-session", "-t", "bench", check=False)

    def close(self) -> None:
        self.run("kill-server", check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="measured runs per program")
    parser.add_argument("--quick", action="store_true", help="3 runs each (for run_all.py)")
    parser.add_argument(
        "--code",
        help="also time the kaufhaus package in this folder (e.g. an older commit), "
        "run from there, in the same rounds",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 3
    if shutil.which("tmux") is None:
        print("tmux is not installed; cannot measure a real terminal.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kh-bench-") as tmp:
        minimal = Path(tmp) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        env = {
            "TERM": "xterm-256color",
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "KAUFHAUS_SAVES": str(Path(tmp) / "saves"),
        }
        if os.environ.get("PYTHONPATH"):
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        programs: dict[str, tuple[list[str], list[str], str | None]] = {
            "kaufhaus": (kaufhaus_command(), ["Kaufhaus Internet", READY], None),
            "minimal": ([sys.executable, str(minimal)], ["Minimal app ready"], None),
        }
        if args.code:  # its own code, from its own folder (the current one comes first)
            programs["code"] = (
                [sys.executable, "-m", "kaufhaus"],
                ["Kaufhaus Internet", READY],
                args.code,
            )
        tmux = Tmux()
        times: dict[str, list[list[float]]] = {name: [] for name in programs}
        try:
            for command, markers, cwd in programs.values():  # warm the caches
                tmux.time_to_text(command, markers, env, cwd=cwd)
            for _ in range(args.runs):
                for name, (command, markers, cwd) in programs.items():
                    times[name].append(tmux.time_to_text(command, markers, env, cwd=cwd))
        finally:
            tmux.close()
    if args.code:
        paint, ready = (statistics.median(t[i] for t in times["code"]) for i in (0, 1))
        print(
            f"{args.code}: paint median {paint * 1000:.0f} ms, ready median {ready * 1000:.0f} ms"
        )
    lines = {
        "kaufhaus": [t[0] for t in times["kaufhaus"]],
        "minimal": [t[0] for t in times["minimal"]],
        "ready": [t[1] for t in times["kaufhaus"]],
    }
    medians = {name: statistics.median(values) for name, values in lines.items()}
    for name, values in lines.items():
        what = "ready" if name == "ready" else "paint"
        spread = f"min {min(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
        print(f"{name:9} {what} median {medians[name] * 1000:6.0f} ms  ({spread}, n={len(values)})")
    ratio = medians["kaufhaus"] / medians["minimal"]
    ready = medians["ready"] / medians["minimal"]
    ok = ratio <= TARGET and ready <= READY_TARGET
    print(f"first paint kaufhaus/minimal: {ratio:.2f} (target <= {TARGET:.2f})")
    print("targets met" if ok else "OVER TARGET")
    print(f"ready / minimal first paint: {ready:.2f} (target <= {READY_TARGET:.2f})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
