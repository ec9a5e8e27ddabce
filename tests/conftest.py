"""Shared fixtures: the shipped story, and a helper to play steps headless."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import parse_walkthrough, play

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "scenes"
WALKTHROUGHS = ROOT / "walkthroughs"


@pytest.fixture(scope="session")
def story() -> Story:
    return load_pack(SCENES)


def play_yaml(story: Story, text: str) -> Game:
    """Play a walkthrough given as YAML text and return the finished game."""
    return play(story, parse_walkthrough(text))


@pytest.fixture(autouse=True)
def _isolated_saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test writes into the repository's saves/ folder."""
    folder = tmp_path / "saves"
    monkeypatch.setenv("KAUFHAUS_SAVES", str(folder))
    return folder
