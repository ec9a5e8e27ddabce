"""The hand-in: anonymous by construction, written only where and when it should be."""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaufhaus.dossier.model import build_dossier
from kaufhaus.play.handin import (
    ClassMode,
    class_mode,
    game_token,
    handin_from_dossier,
    handin_json,
    write_handin,
)
from kaufhaus.walkthrough import load_walkthrough, play
from tests.conftest import SCENES, WALKTHROUGHS


def tv_fan(story: Any) -> dict[str, Any]:
    return build_dossier(play(story, load_walkthrough(Path("walkthroughs/tv-fan.yaml"))))


def test_nothing_typed_and_no_device_in_the_handin(story: Any) -> None:
    dossier = tv_fan(story)
    assert dossier["data_subject"] == {"email": "fan@example.org"}
    text = handin_json(handin_from_dossier(dossier))
    assert "fan@example" not in text
    record = json.loads(text)
    assert "fingerprint" not in record and "data_subject" not in record
    assert "headless" not in text  # the device fingerprint's values
    # What the shop concluded and what the pupil paid is there.
    assert record["consent"]["choice"] == "all"
    assert record["bought"] == ["tv"]
    assert record["paid_difference"] == dossier["payments"]["difference"]


def test_typed_text_is_removed_wherever_it_appears(story: Any) -> None:
    dossier = tv_fan(story)
    # Suppose a scene pack used the typed address in a product or segment label.
    dossier["catalogue"]["tv"]["name"] = {"de": "Fernseher für fan@example.org", "en": "TV"}
    record = handin_from_dossier(dossier)
    assert "fan@example" not in json.dumps(record, ensure_ascii=False)
    assert record["products"]["tv"]["de"] == "Fernseher für [entfernt/removed]"


def test_class_mode_needs_both_variables_and_a_safe_id(tmp_path: Path) -> None:
    assert class_mode({}) is None
    assert class_mode({"KAUFHAUS_CLASS_FOLDER": str(tmp_path)}) is None
    assert (
        class_mode({"KAUFHAUS_CLASS_FOLDER": str(tmp_path), "KAUFHAUS_CLASS_GAME": "../x"}) is None
    )
    mode = class_mode({"KAUFHAUS_CLASS_FOLDER": str(tmp_path), "KAUFHAUS_CLASS_GAME": "g-0123abcd"})
    assert mode == ClassMode(tmp_path, "g-0123abcd")


def test_handin_lands_in_the_class_folder(story: Any, tmp_path: Path) -> None:
    mode = ClassMode(tmp_path, "g-0123abcd")
    record = handin_from_dossier(tv_fan(story))
    path = write_handin(mode, record)
    assert path == tmp_path / "abgaben" / "g-0123abcd.json"
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == {**record, "lesson": None, "game": game_token("g-0123abcd")}
    assert written["generator"].startswith("kaufhaus ")  # the mark the class report looks for
    assert [p.name for p in path.parent.iterdir()] == ["g-0123abcd.json"]  # no temp file left


def test_short_typed_text_does_not_blank_the_record(story: Any) -> None:
    dossier = tv_fan(story)
    dossier["data_subject"] = {"name": "-"}
    record = handin_from_dossier(dossier)
    assert record["format"] == "kaufhaus-handin"
    assert record["products"]["tv"]["de"] == "65-Zoll-UHD-Fernseher"


def test_serve_forget_deletes_the_class_and_nothing_else(
    story: Any, tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    from kaufhaus.cli import main
    from kaufhaus.play.session import Session

    folder = tmp_path / "klasse"
    game = folder / "spiele" / "g-0123abcd"
    session = Session(story, lang="de", seed=1, saves=game, clock=lambda: 0.0)
    session.new_game({"terminal": "80x24"})
    session.act("choose", choice="nichts")
    session.close()
    mode = ClassMode(folder, "g-0123abcd")
    write_handin(mode, handin_from_dossier(tv_fan(story)))
    (folder / "live").mkdir()
    (folder / "live" / "g-0123abcd.json").write_text(handin_json({"format": "kaufhaus-handin"}))
    (folder / "abgaben" / "notizen.json").write_text('{"mine": 1}')  # the teacher's own file
    (folder / "liste.txt").write_text("Klasse 8b")
    from kaufhaus.classroom.lesson import Lesson, write_lesson

    write_lesson(folder, Lesson("2026-12-07T1000Z-bbbbbb", "2026-12-07T10:00:00+00:00", "t" * 16))
    from kaufhaus.classroom.instances import Heartbeat
    from kaufhaus.play.handin import write_answer

    write_answer(mode, True)  # the class banner's answer, beside the game's saves
    Heartbeat(folder, None).write(0)  # a crashed instance's count
    assert main(["serve", "--forget", "--folder", str(folder), "--lang", "de", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Abgabe" in out and "gelöscht" in out
    left = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    assert left == ["abgaben", "abgaben/notizen.json", "liste.txt"]


def test_the_preview_shows_every_field_in_words(story: Any) -> None:
    import re

    from kaufhaus.play.handin import handin_text

    record = handin_from_dossier(tv_fan(story))
    for lang in ("de", "en"):
        text = handin_text(record, lang)
        for conclusion in record["conclusions"]:
            assert conclusion["label"][lang] in text
        for choice in record["choices"]:
            assert choice["label"][lang] in text
        assert ("99\u00a0%" if lang == "de" else "99%") in text  # the TV prediction
        assert ("1.582,21\u00a0€" if lang == "de" else "€1,582.21") in text
        # No internal ids: not the choices', products' or purposes' ids, no JSON.
        ids = ["kapuze", "fernseher", "alle", "tv", "fan:electronics"]
        if lang == "de":  # the purposes' ids are English words
            ids.append("advertising")
        for word in ids:
            assert not re.search(rf"(?<![\w:]){re.escape(word)}(?![\w:])", text), word
        assert "{" not in text and '"' not in text


# ------------------------------------------------- a whitelist, not a filter (issue 19)
WALKS = sorted(WALKTHROUGHS.glob("*.yaml"))
#: What a sentence of the log says about time and money; none may reach a record's text.
TELLTALE = re.compile(
    r"Bedenkzeit|of thought|\b\d+(?:[.,]\d+)?\s*(?:Sekunden?|seconds?|Sek\.|s)\b"
    r"|\b(?:Bezahlt|Paid):|€\s?\d|\d\s?€",
)


def strings(value: Any) -> list[str]:
    """Every string in a JSON value (values and keys)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def secrets_of(game: Any, dossier: dict[str, Any]) -> set[str]:
    """What the pupil typed, the device, and the log's sentences on hesitation and payment."""
    from kaufhaus.tracking.numbers import cents, format_money

    found = {str(v) for v in game.inputs.values()}
    for event in dossier["events"]:
        data = event.get("data") or {}
        if event["kind"] == "input":
            found.add(str(data.get("value")))
        if event["kind"] == "session_start":
            found |= {str(v) for v in data.values() if isinstance(v, str | int | float)}
        if event["kind"] == "choice":
            found |= set(event["description"].values())  # "… – nach 38 Sekunden Bedenkzeit."
    found |= set((dossier["payments"].get("text") or {}).values())
    for payment in dossier["payments"]["payments"]:
        for item in payment["items"]:
            found |= {format_money(cents(item["paid"]), lang) for lang in ("de", "en")}
    return {s for s in found if len(s) >= 3}


def records_of(story: Any, game: Any, tmp: Path) -> list[dict[str, Any]]:
    """The hand-in, the live file and a record made from the exported dossier."""
    from kaufhaus.play.handin import handin_of, write_live

    record = handin_of(game)
    live = write_live(ClassMode(tmp, "g-0123abcd"), record)
    dossier = json.loads(json.dumps(build_dossier(game)))
    return [record, json.loads(live.read_text(encoding="utf-8")), handin_from_dossier(dossier)]


def assert_clean(story: Any, game: Any, tmp: Path) -> None:
    dossier = build_dossier(game)
    secrets = secrets_of(game, dossier)
    for record in records_of(story, game, tmp):
        texts = strings(record)
        assert record["choices"], "a record without choices tests nothing"
        for text in texts:
            assert not TELLTALE.search(text), text
            for secret in secrets:
                assert secret not in text, (secret, text)


@pytest.mark.parametrize("walk", WALKS, ids=[w.stem for w in WALKS])
def test_no_hesitation_payment_typed_text_or_device_in_any_walkthroughs_record(
    story: Any, walk: Path, tmp_path: Path
) -> None:
    game = play(story, load_walkthrough(walk))
    assert_clean(story, game, tmp_path)
    # The choices are named as the story names them, not as the log described them.
    labels = {c["label"]["de"] for c in handin_of_game(game)["choices"]}
    seen_by_shop = (e for e in game.log if e.scene not in story.unobserved)  # not the tram
    for scene_id, choice_id in (
        (e.scene, e.target) for e in seen_by_shop if e.kind.value == "choice"
    ):
        option = story.scenes[scene_id].choice(choice_id)
        assert " ".join(option.label.source("de").split()) in labels


def handin_of_game(game: Any) -> dict[str, Any]:
    from kaufhaus.play.handin import handin_of

    return handin_of(game)


_TMP = Path(tempfile.mkdtemp(prefix="kaufhaus-handin-"))


@functools.cache
def shipped_story() -> Any:
    """The walkthroughs' story, loaded once (not the fixture: Hypothesis prints its arguments)."""
    from kaufhaus.story.loader import load_pack

    return load_pack(SCENES)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    walk=st.sampled_from(WALKS),
    typed=st.from_regex(r"[a-z]{3,8}[0-9]{2,4}@[a-z]{3,8}\.(de|org)", fullmatch=True),
    device=st.lists(
        st.from_regex(r"[A-Z][a-z]{2,6}-[0-9]{3,6}", fullmatch=True), min_size=7, max_size=7
    ),
    waits=st.lists(st.floats(0.1, 6.0).map(lambda s: round(s, 1)), min_size=1, max_size=6),
)
def test_generated_players_leave_nothing_of_theirs_in_a_record(
    walk: Path, typed: str, device: list[str], waits: list[float]
) -> None:
    """Other typed text, another device, other thinking times ("4,5 Sekunden"): none of it."""
    import dataclasses

    from hypothesis import reject

    from kaufhaus.game import Game, lesson_state
    from kaufhaus.walkthrough import HEADLESS_FINGERPRINT, WalkthroughError

    story = shipped_story()
    walkthrough = load_walkthrough(walk)
    steps = []
    for i, step in enumerate(walkthrough.steps):
        if step.kind == "choose":
            steps.append(dataclasses.replace(step, kind="wait", value=waits[i % len(waits)]))
        steps.append(dataclasses.replace(step, value=typed) if step.kind == "type" else step)
    walkthrough = dataclasses.replace(walkthrough, steps=tuple(steps))
    fingerprint = dict(zip(HEADLESS_FINGERPRINT, device, strict=True))
    game = Game(story, seed=walkthrough.seed, lang=walkthrough.lang)
    cut = lesson_state(story) if walkthrough.lesson else None
    game.start(0.0, fingerprint, walkthrough.cookie, state=cut)
    try:
        play(story, walkthrough, game=game)
    except WalkthroughError:  # the shop reacted to the new timing: another path, not this one
        reject()
    assert_clean(story, game, _TMP)
