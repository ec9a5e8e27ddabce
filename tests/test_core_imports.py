"""The core runs headless: no core module may pull in Textual or Rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import kaufhaus

CORE_PREFIXES = (
    "kaufhaus.story",
    "kaufhaus.tracking",
    "kaufhaus.game",
    "kaufhaus.facades",
    "kaufhaus.dossier",
    "kaufhaus.saves",
    "kaufhaus.walkthrough",
    "kaufhaus.storytest",
    # Shared by every front end, and plain mode itself: they start without Textual.
    "kaufhaus.play",
    "kaufhaus.plain",
)


def _core_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(kaufhaus.__path__, "kaufhaus.")
        if info.name.startswith(CORE_PREFIXES)
    ]
    return sorted(set(names))


def test_core_modules_exist() -> None:
    modules = _core_modules()
    for required in (
        "kaufhaus.game",
        "kaufhaus.saves",
        "kaufhaus.tracking.profile",
        "kaufhaus.story.loader",
        "kaufhaus.dossier.model",
        "kaufhaus.play.session",
        "kaufhaus.plain",
    ):
        assert required in modules


def test_no_core_module_imports_textual_or_rich() -> None:
    code = (
        "import importlib, sys\n"
        "bad = {}\n"
        f"for name in {_core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "    leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "    if leaked:\n"
        "        bad[name] = leaked[:3]\n"
        "        break\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "{}", result.stdout


def test_the_guard_itself_can_fail() -> None:
    """The check above would notice a leak: importing Textual does show up."""
    code = "import sys, textual.app\nprint('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"
