"""The layers of DESIGN.md are enforced, and the enforcement can fail.

``make check`` runs ``lint-imports`` on the real tree. Here a copy of the
package gets one wrong import at a time, and the project's own contracts
(read from pyproject.toml) must break for each, naming the contract and the
import. A contract that nothing could break would guard nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")

# (file to touch, import to add, the contract that must break, the import it must name)
VIOLATIONS = {
    "story knows the game": (
        "story/model.py",
        "import kaufhaus.game",
        "Layers",
        "kaufhaus.story.model -> kaufhaus.game",
    ),
    "story knows tracking": (
        "story/loader.py",
        "from kaufhaus.tracking import events",
        "Layers",
        "kaufhaus.story.loader -> kaufhaus.tracking.events",
    ),
    "tracking draws on screen": (
        "tracking/profile.py",
        "import textual",
        "headless",
        "kaufhaus.tracking.profile -> textual",
    ),
    "play code prints with Rich": (
        "play/session.py",
        "import rich.console",
        "headless",
        "kaufhaus.play.session -> rich",
    ),
    "plain mode borrows from the TUI": (
        "plain.py",
        "import kaufhaus.tui",
        "Layers",
        "kaufhaus.plain -> kaufhaus.tui",
    ),
    "a screen imports the app at run time": (
        "tui/screens/help.py",
        "import kaufhaus.tui.app",
        "Terminal UI",
        "kaufhaus.tui.screens.help -> kaufhaus.tui.app",
    ),
}


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "kaufhaus", tmp_path / "kaufhaus", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


def test_the_copy_keeps_every_contract(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout
    # The copy, not the installed package, was analysed.
    (tree / "kaufhaus" / "story" / "model.py").write_text("import kaufhaus.game\n", "utf-8")
    assert _lint(tree).returncode == 1


@pytest.mark.parametrize("case", VIOLATIONS.values(), ids=VIOLATIONS.keys())
def test_a_wrong_import_breaks_its_contract(tree: Path, case: tuple[str, str, str, str]) -> None:
    file, statement, contract, named = case
    target = tree / "kaufhaus" / file
    target.write_text(target.read_text("utf-8") + f"\n{statement}\n", "utf-8")
    result = _lint(tree)
    assert result.returncode == 1, result.stdout
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert len(broken) == 1 and contract in broken[0], result.stdout
    assert named in result.stdout


def test_the_maintainers_picture_is_the_contract() -> None:
    """docs/architecture.md draws the layers; it must draw the ones lint-imports checks."""
    import re
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    doc = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    block = doc.split("## Layers, as the contracts state them", 1)[1].split("```")[1]
    drawn = [re.split(r"\s{3,}", line.strip())[0] for line in block.strip().splitlines()]
    expected = [
        layer.replace("(kaufhaus.classroom)", "(classroom)") for layer in contract["layers"]
    ]
    assert drawn == expected
