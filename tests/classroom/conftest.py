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
