"""A stand-in for the game process: says which game and save folder it was given.

``kaufhaus serve`` starts ``[python, "-m", "kaufhaus", "play", ...]``; tests set
``ServeConfig.python`` to this file (made executable), so a websocket gets one
data frame, ``<game id> <save folder>``, at once and no Textual app starts.
It then waits until the server hangs up, as the game does, or until a key
press carries ``bye`` (the game ended on its own: the pupil quit).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

HERE = Path(__file__).resolve()


def executable(folder: Path) -> str:
    """An executable copy of this script under ``folder`` (its first line names our Python)."""
    script = folder / "fakegame"
    script.write_text(f"#!{sys.executable}\n" + HERE.read_text(encoding="utf-8"), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def main() -> None:
    payload = f"{os.environ.get('KAUFHAUS_CLASS_GAME', '')} {os.environ.get('KAUFHAUS_SAVES', '')}"
    data = payload.encode()
    out = sys.stdout.buffer
    out.write(b"__GANGLION__\n" + b"D" + len(data).to_bytes(4, "big") + data)
    out.flush()
    seen = b""
    while chunk := os.read(sys.stdin.fileno(), 4096):
        seen = (seen + chunk)[-64:]
        if b"bye" in seen:
            return


if __name__ == "__main__":
    main()
