"""Small helpers for the story tests: write packs, run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
EXAMPLE = ROOT / "scenes" / "examples" / "baeckerei"

HEADER = """id: test
languages: [de, en]
start: a
"""


def write_pack(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write a pack (file name -> content) into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


def single(folder: Path, text: str, name: str = "pack.yaml") -> Path:
    """A one-file pack (its folder made if need be)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def check_text(folder: Path, text: str) -> list[Any]:
    """What ``kaufhaus check`` (with its trial rendering) finds in a one-file pack."""
    from kaufhaus.story.check import check_pack
    from kaufhaus.storytest import facade_api, probe_pack

    return check_pack(single(folder, text), probe_pack, facade_api())[1]


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kaufhaus`` the way an author would, from the repository root."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="120")
    env.pop("KAUFHAUS_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "kaufhaus", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def guide_sample(name: str, lang: str) -> str:
    """The ``<!-- yaml: NAME -->`` block of docs/authoring.md in one language's half."""
    import re

    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = guide.split("\n## English\n")[lang == "en"]
    sample = re.search(rf"<!-- yaml: {name} -->\n```yaml\n(.*?)```", section, re.S)
    assert sample is not None, name
    return sample[1]


def flow_pack(
    scenes: str, *, start: str = "a", lang: str = "de", state: str = "", end: str = "z"
) -> str:
    """A one-language pack for the flow tests (tunnels, returns, diverts): the head,
    ``scenes`` (YAML list items, indented two spaces) and an ending scene ``end``.

    The head is four lines (five with ``state``), so places in ``scenes`` are
    stable: line ``n`` of ``scenes`` is line ``n + 4`` of the pack.
    """
    head = f"id: t\nlanguages: [{lang}]\nstart: {start}\n"
    if state:
        head += f"state: {state}\n"
    return f"{head}scenes:\n{scenes}  - id: {end}\n    text: Ende.\n    ending: done\n"
