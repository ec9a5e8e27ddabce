"""The autosave as the session writes it: appended, locked, truthful, never replacing a game.

What a player notices: an action never rewrites what is already saved; a
second game on the same folder does not overwrite the first; a new game does
not replace an unfinished one; old saves continue in the new format with the
original kept; a failed autosave is reported, and the next action catches up.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kaufhaus import game as game_module
from kaufhaus import saves as saves_module
from kaufhaus.game import GameError
from kaufhaus.play.savefolder import LOCK_MAGIC, lock_path
from kaufhaus.play.session import Session
from kaufhaus.saves import load_game, peek_save, read_save
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.walkthrough import WalkthroughError, parse_walkthrough


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        self.now += 0.5
        return self.now


def _session(story: Story, saves: Path, lang: str = "de") -> Session:
    return Session(story, lang=lang, seed=3, saves=saves, clock=Clock())


def test_every_action_appends_and_never_rewrites_what_is_saved(
    story: Story, tmp_path: Path
) -> None:
    session = _session(story, tmp_path)
    assert session.new_game({}) == ""
    path = tmp_path / "autosave.jsonl"
    before = path.read_bytes()
    for action, kw in [
        ("choose", {"choice": "nichts"}),
        ("hover", {"target": "aussteigen"}),
        ("idle", {"seconds": 31.0}),
        ("choose", {"choice": "aussteigen"}),
    ]:
        outcome = session.act(action, **kw)
        assert outcome.autosave_error is None
        now = path.read_bytes()
        assert now.startswith(before)  # what was on disk stays, byte for byte
        new_lines = now[len(before) :].decode().splitlines()
        assert [json.loads(line)["id"] for line in new_lines][-1] == len(session.game.log) - 1
        before = now
    assert session.saved
    assert [e.as_dict() for e in read_save(path).events] == [e.as_dict() for e in session.game.log]
    session.close()


def test_a_second_game_on_the_folder_gets_its_own_autosave(story: Story, tmp_path: Path) -> None:
    # Another running game holds autosave.jsonl (its lock names a live process).
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        first = _session(story, tmp_path)
        first.new_game({})
        first.close()
        lock = lock_path(tmp_path / "autosave.jsonl")
        lock.write_text(f"{LOCK_MAGIC} {other.pid} {os.uname().nodename}\n")
        first_bytes = (tmp_path / "autosave.jsonl").read_bytes()

        second = _session(story, tmp_path, lang="en")
        note = second.new_game({})
        assert second.autosave_path == tmp_path / "autosave-2.jsonl"
        assert "autosave-2.jsonl" in note
        second.act("choose", choice="nichts")
        # Continuing the other game's autosave goes on in a file of our own, too.
        loaded = load_game(story, tmp_path / "autosave.jsonl")
        told = second.resume(loaded, tmp_path / "autosave.jsonl")
        assert "Another running game" in told
        assert second.autosave_path not in (tmp_path / "autosave.jsonl", None)
        second.act("choose", choice="fernseher")
        second.close()
        assert (tmp_path / "autosave.jsonl").read_bytes() == first_bytes
        assert lock.exists()  # the other game's lock is not ours to remove
    finally:
        other.kill()
        other.wait()
    # Once that game is gone, its lock is stale and the autosave continues.
    third = _session(story, tmp_path)
    third.resume(load_game(story, tmp_path / "autosave.jsonl"), tmp_path / "autosave.jsonl")
    assert third.autosave_path == tmp_path / "autosave.jsonl"
    third.act("choose", choice="nichts")
    assert len(read_save(tmp_path / "autosave.jsonl").events) == len(third.game.log)
    third.close()
    assert not lock.exists()


def test_a_new_game_never_replaces_an_unfinished_one(story: Story, tmp_path: Path) -> None:
    first = _session(story, tmp_path)
    first.new_game({})
    first.act("choose", choice="nichts")
    first.close()
    unfinished = (tmp_path / "autosave.jsonl").read_bytes()
    second = _session(story, tmp_path)
    note = second.new_game({})
    assert second.autosave_path == tmp_path / "autosave-2.jsonl"
    assert "autosave-2.jsonl" in note and "bleiben" in note
    second.close()
    assert (tmp_path / "autosave.jsonl").read_bytes() == unfinished


def test_old_saves_continue_in_the_new_format_and_the_original_stays(
    story: Story, tmp_path: Path
) -> None:
    session = _session(story, tmp_path)
    session.new_game({})
    session.act("choose", choice="nichts")
    session.close()
    new = tmp_path / "autosave.jsonl"
    save = read_save(new)
    legacy = save.header.as_dict() | {"version": 1, "scene": "vorhaben_nichts"}
    legacy["events"] = [e.as_dict() for e in save.events]
    old = tmp_path / "alt.json"
    old.write_text(json.dumps(legacy, indent=1), encoding="utf-8")
    original = old.read_bytes()
    again = _session(story, tmp_path)
    loaded = load_game(story, old)
    note = again.resume(loaded, old)
    assert "neuen Format" in note and "alt.json" in note
    assert again.autosave_path is not None and again.autosave_path.suffix == ".jsonl"
    again.act("choose", choice="aussteigen")
    again.close()
    assert old.read_bytes() == original
    assert peek_save(again.autosave_path).scene == "eingang"


def test_a_failed_autosave_is_reported_and_the_next_action_catches_up(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _session(story, tmp_path)
    session.new_game({})
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            real_write(fd, bytes(data)[:7])  # half a line, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(saves_module.os, "write", full_disk)
    failed = session.act("choose", choice="nichts")
    assert failed.autosave_error is not None and "No space left" in failed.autosave_error
    assert not session.saved
    ok = session.act("choose", choice="aussteigen")
    assert ok.autosave_error is None and session.saved
    monkeypatch.undo()
    events = read_save(tmp_path / "autosave.jsonl").events  # no half line, nothing twice
    assert [e.as_dict() for e in events] == [e.as_dict() for e in session.game.log]
    session.close()


def test_a_file_where_the_folder_should_be_is_reported_not_autosaved(
    story: Story, tmp_path: Path
) -> None:
    blocker = tmp_path / "saves"
    blocker.write_text("not a folder")
    session = _session(story, blocker)
    note = session.new_game({})
    assert "fehlgeschlagen" in note
    assert not session.saved
    assert session.act("choose", choice="nichts").autosave_error is not None
    assert blocker.read_text() == "not a folder"


def test_typed_input_is_bounded_where_it_is_typed(story: Story) -> None:
    assert game_module.MAX_INPUT_CHARS == saves_module.MAX_INPUT_CHARS
    walkthrough = parse_walkthrough(
        "steps:\n  - choose: nichts\n  - choose: aussteigen\n  - choose: alle\n"
        "  - choose: hinein\n  - choose: karte\n"
    )
    from kaufhaus.walkthrough import play

    game = play(story, walkthrough)
    assert game.scene.input is not None
    with pytest.raises(GameError, match="at most 500 characters"):
        game.type_text("K" * 25_000, game.now)
    game.type_text("K" * 500, game.now)
    game.view()


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("wait: .inf", "wait needs seconds from 0 to"),
        ("idle: .nan", "idle needs seconds from 0 to"),
        ("wait: 1e300", "wait needs seconds from 0 to"),
        ("type: " + "x" * 600, "at most 500 characters"),
    ],
)
def test_walkthroughs_refuse_what_would_break_the_log(step: str, message: str) -> None:
    with pytest.raises(WalkthroughError, match=message) as info:
        parse_walkthrough(f"steps:\n  - choose: alle\n  - {step}\n", "w.yaml")
    assert str(info.value).startswith("w.yaml:3:")


def test_a_walkthrough_cookie_is_checked() -> None:
    with pytest.raises(WalkthroughError, match="cookie does not fit"):
        parse_walkthrough("cookie: {visits: many}\nsteps: []\n", "w.yaml")


def test_every_kind_is_checked_and_new_fields_are_bounded_not_refused() -> None:
    """New kinds and fields need no code: known kinds come from Kind, unknown fields are bounded."""
    from kaufhaus.saves import FIELDS, _FieldError, check_event
    from kaufhaus.tracking.schema import REQUIRED

    written = {"dwell": 1.0, "product": "tv", "price_cents": 100}  # what the game always writes
    for index, kind in enumerate(Kind):
        raw = {"id": index, "kind": str(kind), "t": 1.0, "scene": "eingang"}
        raw["data"] = {"something_new": [1, "zwei", 3.5], "flag": True, "note": None}
        raw["data"].update({name: written[name] for name in REQUIRED.get(kind, ())})
        assert check_event(raw, index).kind is kind
    assert set(FIELDS) <= set(Kind)
    too_big = {"id": 0, "kind": "idle", "t": 1.0, "scene": "x", "data": {"new": "x" * 5000}}
    with pytest.raises(_FieldError):
        check_event(too_big, 0)
    deep = {"id": 0, "kind": "idle", "t": 1.0, "scene": "x", "data": {"new": [[[1]]]}}
    with pytest.raises(_FieldError):
        check_event(deep, 0)


def test_the_writer_never_writes_what_the_reader_would_refuse(story: Story, tmp_path: Path) -> None:
    session = _session(story, tmp_path)
    session.new_game({})
    assert session.game is not None
    # Something the game itself would never log (input is bounded where typed).
    session.game.log.append(Kind.IDLE, 5.0, "eingang", None, {"seconds": float("nan")})
    error = session.autosave()
    assert error is not None and "„seconds“ muss eine Zahl sein" in error
    assert not session.saved
    session.close()
    save = read_save(tmp_path / "autosave.jsonl")  # still loads: nothing refused was written
    assert len(save.events) == len(session.game.log) - 1


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pid=st.one_of(st.integers(0, 2**70), st.sampled_from([10**30, 10**400, 2**31, 2**63])))
@example(pid=10**30)
def test_a_process_number_in_a_lock_or_a_temp_name_is_bounded_before_use(
    story: Story, tmp_path_factory: pytest.TempPathFactory, pid: int
) -> None:
    """Issue 19: ``kaufhaus-lock 1000…000 host`` or ``.autosave.jsonl.1000…000.x.tmp``
    crashed every start with OverflowError (``os.kill`` takes a C long)."""
    import socket

    saves = tmp_path_factory.mktemp("pids")
    named = pid if pid < 10**200 else 10**200  # a file name holds at most 255 bytes
    (saves / f".autosave.jsonl.{named}.x.tmp").write_bytes(b"")
    lock_path(saves / "autosave.jsonl").write_text(
        f"{LOCK_MAGIC} {pid} {socket.gethostname()}\n", encoding="utf-8"
    )
    session = _session(story, saves)
    session.new_game({})
    assert session.autosave_path is not None and session.autosave_error is None
    session.close()
