"""Thirty dossiers from randomised games, shared by the classroom tests."""

from __future__ import annotations

import random
from typing import Any

import pytest

from kaufhaus.dossier.model import build_dossier
from kaufhaus.story.model import Story
from kaufhaus.storytest import random_playthrough


@pytest.fixture(scope="session")
def class_dossiers(story: Story) -> list[dict[str, Any]]:
    """30 finished random games (seeded: the same class every run)."""
    dossiers: list[dict[str, Any]] = []
    seed = 0
    while len(dossiers) < 30:
        game, _steps, failure = random_playthrough(story, random.Random(1000 + seed), max_steps=150)
        seed += 1
        assert failure is None, failure
        if game is not None and game.ended:
            dossiers.append(build_dossier(game))
    return dossiers


#: The tests that start Debian's Chromium against a served class.
BROWSER_MODULES = frozenset(
    {
        "test_devices_browser",
        "test_e2e_browser",
        "test_e2e_download",
        "test_e2e_lesson",
        "test_e2e_restart",
        "test_e2e_scale",
        "test_touch_browser",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """One browser test at a time (``make test`` runs ``--dist loadgroup``): two
    Chromiums and two served classes on two cores starve each other's game
    processes, and the browser tests wait on what the games draw."""
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and module.__name__.rsplit(".", 1)[-1] in BROWSER_MODULES:
            item.add_marker(pytest.mark.xdist_group("chromium"))
