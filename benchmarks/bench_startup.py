"""Time to first paint: ``kaufhaus`` versus a minimal Textual app, in a real terminal.

Both programs run in the same tmux server at 80x24, interleaved (A, B, A, B …)
so that machine load hits both alike. The clock starts when tmux starts the
program and stops when ``tmux capture-pane`` first shows the marker text
("Kaufhaus Internet" on the title screen; "Minimal app ready" for the
baseline, which has a Header, a Static, an OptionList and a Footer).

    .venv/bin/python benchmarks/bench_startup.py [--runs 10 | --quick]

Prints the medians and their ratio; the target is a ratio of at most 1.20.
Exit code 0 when the target is met, 1 when not, 2 when tmux is missing.
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
        self, command: list[str], marker: str, env: dict[str, str], timeout: float = 30.0
    ) -> float:
        """Seconds from starting ``command`` until ``marker`` is on the screen."""
        exports = [f"{key}={value}" for key, value in env.items()]
        # -u: the tmux server inherits our environment; with PYTHONDONTWRITEBYTECODE
        # set there, the warm-up run could not cache bytecode, so every measured
        # run would recompile the program's own modules (those in site-packages
        # were compiled at install time). Both programs run with bytecode caching.
        shell = " ".join(["env", "-u", "PYTHONDONTWRITEBYTECODE", *exports, *command])
        start = time.perf_counter()
        self.run("new-session", "-d", "-s", "bench", "-x", "80", "-y", "24", shell)
        try:
            while time.perf_counter() - start < timeout:
                if marker in self.run("capture-pane", "-p", "-t", "bench", check=False):
                    return time.perf_counter() - start
                time.sleep(0.005)
            raise TimeoutError(f"{marker!r} did not appear within {timeout} s")
        finally:
            self.run("kill-session", "-t", "bench", check=False)

    def close(self) -> None:
        self.run("kill-server", check=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="measured runs per program")
    parser.add_argument("--quick", action="store_true", help="3 runs each (for run_all.py)")
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
        programs = {
            "kaufhaus": (kaufhaus_command(), "Kaufhaus Internet"),
            "minimal": ([sys.executable, str(minimal)], "Minimal app ready"),
        }
        tmux = Tmux()
        times: dict[str, list[float]] = {name: [] for name in programs}
        try:
            for command, marker in programs.values():  # warm the caches
                tmux.time_to_text(command, marker, env)
            for _ in range(args.runs):
                for name, (command, marker) in programs.items():
                    times[name].append(tmux.time_to_text(command, marker, env))
        finally:
            tmux.close()
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        spread = f"min {min(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
        print(f"{name:9} median {medians[name] * 1000:6.0f} ms  ({spread}, n={len(values)})")
    ratio = medians["kaufhaus"] / medians["minimal"]
    verdict = "ok" if ratio <= TARGET else "over target"
    print(f"ratio kaufhaus/minimal: {ratio:.2f} (target <= {TARGET:.2f}: {verdict})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
