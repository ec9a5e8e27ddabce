"""Every text that enters the game from outside its pack passes one gate: ``neutralise``.

Issue 19: text from a save reached the terminal (retitled it, wiped it) on
Continue. The gate sits where such text enters the game: ``Game.type_text``
(the keyboard, a walkthrough), ``Game.start`` (the fingerprint, the cookie),
``saves.check_event`` (every stored event), the save header and
``read_cookie``; ``tr()`` and the save list gate file names and reasons.
What passes it can be drawn by any front end as it is.

Hypothesis runs the gate and the loaders without a screen; the screens are
proved in tests/tui/test_stored_text.py, plain mode and ``kaufhaus dossier``
here.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kaufhaus.cli import main
from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game, GameError
from kaufhaus.plain import run_plain
from kaufhaus.play.describe import event_line
from kaufhaus.play.session import Session
from kaufhaus.saves import (
    MAX_INPUT_CHARS,
    SaveError,
    check_event,
    encode_event,
    load_game,
    peek_save,
)
from kaufhaus.story.errors import UNSAFE_CHARS, neutralise, neutralise_data
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import WalkthroughError, parse_walkthrough, play
from tests.stored_text import BAKERY, HOSTILE, PWNED, PWNED_SHOWN, TO_THE_TILL, hostile_save
from tests.test_event_schema import _texts
from tests.tui.helpers import FakeClock
from tests.tui.test_plain import scripted

#: Characters of every kind, the unsafe ones (and lone surrogates) much more often.
UNSAFE = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]] + [
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    "\ud800",
    "\udfff",
    "\u200e",  # a bidi mark: harmless, kept (names in Arabic or Hebrew use them)
]
CHARS = st.one_of(st.sampled_from(UNSAFE), st.characters(codec=None, exclude_categories=()))
TEXTS = st.text(CHARS, max_size=30)


@pytest.fixture(scope="module")
def bakery() -> Story:
    return load_pack(BAKERY)


# ---------------------------------------------------------------- the gate
@settings(max_examples=400, deadline=None)
@given(text=TEXTS)
@example(text=PWNED)
@example(text=HOSTILE)
def test_the_gate_leaves_nothing_a_terminal_obeys_and_shows_every_character(text: str) -> None:
    shown = neutralise(text)
    assert UNSAFE_CHARS.search(shown) is None
    assert neutralise(shown) == shown  # once is enough: loading a save again changes nothing
    assert len(shown) >= len(text)  # nothing dropped: each unsafe character has a stand-in
    shown.encode("utf-8")  # a lone surrogate could not even be written
    if UNSAFE_CHARS.search(text) is None:
        assert shown is text  # safe text passes untouched, without a copy


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXTS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXTS, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(value=JSON)
def test_the_gate_reaches_every_text_in_stored_data_keys_too(value: Any) -> None:
    shown = neutralise_data(value)
    for text in _texts(shown):
        assert UNSAFE_CHARS.search(text) is None
    if not any(UNSAFE_CHARS.search(t) for t in _texts(value)):
        assert shown is value


# ------------------------------------------------------------- what enters
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(CHARS, max_size=80))
@example(text=PWNED)
@example(text="\u202e" * 70)  # 70 characters, 560 once shown: more than the form takes
def test_typed_text_is_logged_as_it_will_be_drawn_and_saved_as_logged(
    bakery: Story, text: str
) -> None:
    game = play(bakery, parse_walkthrough(TO_THE_TILL))
    try:
        event = game.type_text(text, game.now + 1)
    except GameError:
        assert len(neutralise(text)) > MAX_INPUT_CHARS  # the limit holds as drawn
        return
    assert event.data["value"] == neutralise(text)
    line = encode_event(event).decode("utf-8")
    again = check_event(json.loads(line), event.id)
    assert again.data == event.data  # what is written reads back as it was logged


def test_the_fingerprint_and_the_cookie_pass_the_gate_at_the_door(
    bakery: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kaufhaus.play.fingerprint import local_fingerprint

    monkeypatch.setenv("TERM", PWNED)
    monkeypatch.setenv("TZ", "\u202eBerlin")
    game = Game(bakery, seed=1, lang="de")
    game.start(0.0, local_fingerprint(80, 24, None), {"visits": 2, "interests": {PWNED: 1.0}})
    start = game.log[0]
    assert start.data["term"] == PWNED_SHOWN
    assert start.data["timezone"] == "<U+202E>Berlin"
    assert PWNED_SHOWN in start.data["cookie"]["interests"]
    assert not [t for t in _texts(start.data) if UNSAFE_CHARS.search(t)]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=TEXTS, ended=st.booleans())
@example(text=HOSTILE, ended=True)
def test_a_save_with_any_text_in_every_field_loads_with_every_text_drawable(
    bakery: Story, tmp_path_factory: pytest.TempPathFactory, text: str, ended: bool
) -> None:
    path = hostile_save(bakery, tmp_path_factory.mktemp("t") / "s.jsonl", ended=ended, text=text)
    before = path.read_bytes()
    try:
        summary = peek_save(path)
        loaded = load_game(bakery, path)
    except SaveError as exc:  # a text that grew past its bound once made visible: located
        assert exc.event is not None or "header" in exc.key
        assert UNSAFE_CHARS.search(exc.text("en")) is None
        return
    assert UNSAFE_CHARS.search(summary.scene + summary.header.created) is None
    game = loaded.game
    for event in game.log:
        assert not [
            t for t in _texts([event.scene, event.target, event.data]) if UNSAFE_CHARS.search(t)
        ]
        for lang in ("de", "en"):  # the x-ray's and plain mode's sentences
            assert UNSAFE_CHARS.search(event_line(event, bakery, lang)) is None
    for value in _texts(build_dossier(game)):
        assert UNSAFE_CHARS.search(value) is None, value
    assert path.read_bytes() == before


# --------------------------------------------------- plain mode, the dossier
def _plain(bakery: Story, saves: Path, lines: list[str]) -> str:
    clock = FakeClock()
    out = io.StringIO()
    answer = scripted(lines, clock)
    run_plain(bakery, lang="de", seed=3, saves=saves, input_fn=answer, output=out, clock=clock)
    return out.getvalue()


@pytest.mark.parametrize("ended", [False, True])
def test_plain_mode_continues_a_hostile_save_and_prints_nothing_obeyable(
    bakery: Story, tmp_path: Path, ended: bool
) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    path = hostile_save(bakery, saves / "autosave.jsonl", ended=ended)
    before = path.read_bytes()
    # Continue, then (at the till) the log and the x-ray's sentences, then quit.
    out = _plain(bakery, saves, ["2", "r", "q"] if not ended else ["2", "", "", "", "q"])
    assert UNSAFE_CHARS.search(out) is None, UNSAFE_CHARS.findall(out)
    assert "PWNED" in out and PWNED not in out
    assert path.read_bytes()[: len(before)] == before


@pytest.mark.parametrize("fmt", ["json", "md", "html", "portability"])
def test_kaufhaus_dossier_writes_nothing_obeyable(
    bakery: Story, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_save(bakery, tmp_path / "s.jsonl", ended=True)
    before = path.read_bytes()
    code = main(["dossier", str(path), "--pack", str(BAKERY), "--format", fmt, "--lang", "de"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert UNSAFE_CHARS.search(out.out + out.err) is None
    assert "\\u001b" not in out.out and "\\u202e" not in out.out.lower()  # not even escaped
    assert "PWNED" in out.out
    if fmt == "json":
        assert PWNED_SHOWN + "<U+202E>" in json.loads(out.out)["data_subject"]["name"]
    assert path.read_bytes() == before


def test_save_list_and_messages_gate_file_names(bakery: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / f"{PWNED}.jsonl").write_bytes(b"not a save\n")
    session = Session(bakery, lang="en", seed=1, saves=saves)
    entries = session_entries(session)
    assert [e.name for e in entries] == [PWNED_SHOWN]
    assert entries[0].error is not None
    assert UNSAFE_CHARS.search(entries[0].error.text("en")) is None
    assert PWNED_SHOWN in entries[0].error.text("de")


def session_entries(session: Session) -> list[Any]:
    from kaufhaus.play.session import list_saves

    return list_saves(session.saves)


# ------------------------------------------------- walkthroughs: a file's text in a message
#: Where a walkthrough's own text comes back in autoplay's message: a choice that
#: does not fit, a typed text, an unknown step, a language, an expected text.
_WALK = {
    "choose": "steps:\n  - choose: {v}\n",
    "highlight": "steps:\n  - choose: gerne\n  - highlight: {v}\n",
    "examine": "steps:\n  - choose: gerne\n  - examine: {v}\n",
    "type": "steps:\n  - type: {v}\n",
    "step": "steps:\n  - {v}: 1\n",
    "lang": "lang: {v}\nsteps: []\n",
    "expect": "steps:\n  - expect: {{text: {v}}}\n",
    "cookie": "cookie: {{interests: {{{v}: 1.5}}}}\nsteps: []\n",
    "vars": "steps:\n  - expect: {{vars: {{{v}: 1}}}}\n",
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(sorted(_WALK)), text=TEXTS)
@example(where="choose", text=PWNED)
@example(where="highlight", text="\x9b2J\x1b]8;;http://x.example\x1b\\klick\x1b]8;;\x1b\\")
def test_a_walkthroughs_text_reaches_no_message_unshown(
    bakery: Story, where: str, text: str
) -> None:
    """``choose: "\\e]0;PWNED\\a"`` retitled the terminal through autoplay's message."""
    value = json.dumps(text)  # a YAML double-quoted string: every character escaped
    source = "lang: de\nseed: 3\n" * (where != "lang") + _WALK[where].format(v=value)
    try:
        play(bakery, parse_walkthrough(source, "w.yaml"))
    except (WalkthroughError, GameError) as exc:
        message = str(exc)
        assert UNSAFE_CHARS.search(message) is None, message
        if where == "choose" and text == PWNED:
            assert PWNED_SHOWN in message


def test_autoplay_prints_a_hostile_choice_as_visible_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    walk = tmp_path / "w.yaml"
    walk.write_text('lang: de\nseed: 3\nsteps:\n  - choose: "\\e]0;PWNED\\a\\e[2J"\n')
    assert main(["autoplay", str(walk), "--pack", str(BAKERY)]) == 1
    out = capsys.readouterr()
    assert UNSAFE_CHARS.search(out.out + out.err) is None, out.err
    assert f"(choose: {PWNED_SHOWN})" in out.err
