"""Saves: replay equals uninterrupted play; broken saves are reported and left alone."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game
from kaufhaus.play.savefolder import clean_leftovers
from kaufhaus.saves import SaveError, load_game, peek_save, read_save, save_game
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import Walkthrough, parse_walkthrough, play
from tests.conftest import SCENES, WALKTHROUGHS


def _split(walkthrough: Walkthrough, at: int) -> tuple[Walkthrough, Walkthrough]:
    first = Walkthrough(walkthrough.lang, walkthrough.seed, walkthrough.steps[:at])
    rest = Walkthrough(walkthrough.lang, walkthrough.seed, walkthrough.steps[at:])
    return first, rest


@pytest.mark.parametrize("name", ["tv-fan.yaml", "privacy.yaml"])
def test_save_load_continue_equals_uninterrupted_play(
    story: Story, tmp_path: Path, name: str
) -> None:
    """Save after every step (but a bare wait, which leaves no trace to save)."""
    walkthrough = parse_walkthrough((WALKTHROUGHS / name).read_text())
    whole = play(story, walkthrough)
    expected_log = [e.as_dict() for e in whole.log]
    expected_dossier = build_dossier(whole)

    splits = [
        at for at in range(1, len(walkthrough.steps)) if walkthrough.steps[at - 1].kind != "wait"
    ]
    assert len(splits) > 10
    for at in splits:
        first, rest = _split(walkthrough, at)
        halfway = play(story, first)
        path = tmp_path / f"mid-{at}.jsonl"
        save_game(halfway, path)
        loaded = load_game(story, path)
        assert loaded.notice == ""
        resumed = play(story, rest, game=loaded.game)

        assert resumed.scene_id == whole.scene_id, at
        assert [e.as_dict() for e in resumed.log] == expected_log, at
        assert build_dossier(resumed) == expected_dossier, at


def _saved_game(story: Story, tmp_path: Path) -> Path:
    game = play(story, parse_walkthrough((WALKTHROUGHS / "tv-fan.yaml").read_text()))
    path = tmp_path / "slot.jsonl"
    save_game(game, path)
    return path


def _legacy(path: Path) -> Path:
    """The same game as the old format wrote it: one pretty-printed JSON document."""
    save = read_save(path)
    payload = save.header.as_dict() | {"version": 1, "scene": "ende_glaesern", "play_seconds": 12.5}
    payload["events"] = [e.as_dict() for e in save.events]
    old = path.with_suffix(".json")
    old.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return old


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        # Cut mid-line: a cut that happens to fall after a newline leaves a whole,
        # shorter save, which is no damage.
        (lambda raw: raw[: raw.index(b"\n", len(raw) // 2) - 1], "cut off"),
        (lambda raw: b"\xff\xfe" + raw, "not UTF-8"),
        (lambda raw: b"[]", "not a Kaufhaus Internet save"),
        (lambda raw: raw.replace(b'"version":2', b'"version":99'), "newer than this game"),
        (lambda raw: raw.replace(b'"id":5,', b'"id":55,'), "event 5: has the number 55"),
        (
            lambda raw: raw.replace(b'"kind":"examine"', b'"kind":"teleport"', 1),
            r'event \d+: unknown kind of event "teleport"',
        ),
        (lambda raw: raw.replace(b'"seed":7', b'"seed":"sieben"'), "header is incomplete"),
        (lambda raw: b"", "the save is empty"),
    ],
)
def test_broken_saves_are_reported_and_left_untouched(
    story: Story, tmp_path: Path, damage, message: str
) -> None:
    path = _saved_game(story, tmp_path)
    broken = damage(path.read_bytes())
    path.write_bytes(broken)
    with pytest.raises(SaveError, match=message) as info:
        load_game(story, path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == broken


def test_a_save_of_another_story_is_refused(story: Story, tmp_path: Path) -> None:
    path = _saved_game(story, tmp_path)
    raw = path.read_text().replace('"id":"kaufhaus-internet"', '"id":"baeckerei"')
    path.write_text(raw)
    with pytest.raises(SaveError, match="belongs to the story 'baeckerei'"):
        load_game(story, path)


def test_a_save_survives_a_story_update(story: Story, tmp_path: Path) -> None:
    """An older save replays up to the first event that no longer fits."""
    path = _saved_game(story, tmp_path)
    pack = tmp_path / "pack"
    shutil.copytree(SCENES, pack)
    tv_scene = pack / "04_etage.yaml"
    text = tv_scene.read_text(encoding="utf-8")
    # The author renames the "buy the TV" choice: the save's choice no longer exists.
    tv_scene.write_text(text.replace("- id: kaufen", "- id: einpacken"), encoding="utf-8")
    updated = load_pack(pack)
    assert updated.content_hash != story.content_hash

    loaded = load_game(updated, path)
    assert loaded.stopped_at is not None
    assert "the story has changed" in loaded.notice
    assert "die Geschichte hat sich" in loaded.notice_text("de")
    assert "kaufen" in loaded.notice
    assert loaded.game.scene_id == "elektronik"
    # Play continues from there with the new choice.
    loaded.game.choose("einpacken", loaded.game.now + 1)
    assert loaded.game.scene_id == "etage"


def test_save_file_is_a_header_line_then_one_event_a_line(story: Story, tmp_path: Path) -> None:
    path = _saved_game(story, tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    assert head["format"] == "kaufhaus-save" and head["version"] == 2
    assert head["story"]["id"] == story.id and head["story"]["hash"] == story.content_hash
    assert head["lang"] == "de" and head["seed"] == 7
    events = [json.loads(line) for line in lines[1:]]
    assert [e["id"] for e in events] == list(range(len(events)))
    assert all(" " not in line.split('"')[0] for line in lines)  # compact, not indented
    assert peek_save(path).scene == "ende_glaesern"
    assert peek_save(path).events == len(events)


def test_old_one_document_saves_still_load(story: Story, tmp_path: Path) -> None:
    new = _saved_game(story, tmp_path)
    old = _legacy(new)
    before = old.read_bytes()
    assert [e.as_dict() for e in read_save(old).events] == [
        e.as_dict() for e in read_save(new).events
    ]
    assert load_game(story, old).game.scene_id == "ende_glaesern"
    summary = peek_save(old)
    assert summary.scene == "ende_glaesern" and summary.events == len(read_save(new).events)
    assert old.read_bytes() == before


WRITER = """
import sys
from kaufhaus.game import Game
from kaufhaus.saves import save_game
from kaufhaus.story.loader import load_pack
story = load_pack(sys.argv[1])
game = Game(story, seed=1)
game.start(0.0, {})
t = 0.0
print("ready", flush=True)
while True:
    for _ in range(200):
        t += 1
        game.idle(1.0, t)
    save_game(game, sys.argv[2])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_killing_the_process_during_saves_never_loses_the_save(
    story: Story, tmp_path: Path
) -> None:
    target = tmp_path / "autosave.jsonl"
    game = Game(story, seed=1)
    game.start(0.0, {})
    save_game(game, target)
    for attempt in range(4):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(SCENES), str(target)],
            stdout=subprocess.PIPE,
        )
        assert proc.stdout is not None
        proc.stdout.readline()
        time.sleep(0.15 + 0.1 * attempt)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        save = read_save(target)  # never half-written
        assert save.events[0].kind == "session_start"
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # A temp file may survive a kill; it is never mistaken for the save, and the
    # next start (its writer is gone) removes it.
    assert all(p.name.startswith(".autosave.jsonl.") for p in leftovers)
    assert sorted(clean_leftovers(tmp_path)) == sorted(leftovers)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_old_save_on_one_line_is_read_as_an_old_save(story: Story, tmp_path: Path) -> None:
    new = _saved_game(story, tmp_path)
    save = read_save(new)
    payload = save.header.as_dict() | {"version": 1, "scene": "ende_glaesern"}
    payload["events"] = [e.as_dict() for e in save.events]
    old = tmp_path / "kompakt.json"
    old.write_text(json.dumps(payload) + "\n", encoding="utf-8")
    assert peek_save(old).events == len(save.events)
    assert len(read_save(old).events) == len(save.events)
