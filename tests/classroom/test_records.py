"""One bad hand-in is skipped with its place; the report is made from the rest (issue 19).

Before, one malformed hand-in (wrong types, missing labels, 100,000 nested
brackets, huge numbers) ended ``class-report`` and ``compare`` in a
traceback with nothing written, and escape sequences in a hand-in's labels
reached the teacher's terminal through ``compare``. Here: the examples, then
generated damage to every field of a real hand-in and of a real dossier.
"""

from __future__ import annotations

import json
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaufhaus.classroom.control import control_context
from kaufhaus.classroom.records import RecordProblem, checked, load_record
from kaufhaus.classroom.report import compare_text, render_report
from kaufhaus.classroom.stats import aggregate, read_handins
from kaufhaus.cli import main
from kaufhaus.dossier.model import build_dossier
from kaufhaus.play.handin import handin_json, handin_of
from kaufhaus.story.errors import UNSAFE_CHARS
from kaufhaus.story.loader import load_pack
from kaufhaus.walkthrough import load_walkthrough, play
from tests.conftest import SCENES, WALKTHROUGHS

ESCAPES = "\x1b]0;PWNED\x07\x1b[2J"


@cache
def _played() -> tuple[str, str]:
    """A real hand-in and dossier (tv-fan), as JSON text: parsing is a fast deep copy."""
    story = load_pack(SCENES, lazy=True)
    game = play(story, load_walkthrough(WALKTHROUGHS / "tv-fan.yaml"))
    return json.dumps(handin_of(game)), json.dumps(build_dossier(game))


def good_record() -> dict[str, Any]:
    return dict(json.loads(_played()[0]))


def good_dossier() -> dict[str, Any]:
    return dict(json.loads(_played()[1]))


@cache
def dossier_paths() -> list[tuple[Any, ...]]:
    return paths(good_dossier())


def paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value, as a tuple of keys and indexes."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += paths(item, (*at, i))
    return found


def put(value: Any, at: tuple[Any, ...], new: Any, delete: bool = False) -> Any:
    if not at:
        return new
    parent = value
    for key in at[:-1]:
        parent = parent[key]
    if delete:
        del parent[at[-1]]
    else:
        parent[at[-1]] = new
    return value


#: What a broken or hostile file may hold where a field belongs.
hostile_text = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from(["\x1b", "\x07", "\x9b", "\u202e", "\ud800", "\x00", "\n"]),
    ),
    max_size=40,
)
hostile = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**40), 10**40),
        st.sampled_from([10**400, -(10**400), 2**63]),
        st.floats(allow_nan=True, allow_infinity=True),
        hostile_text,
        st.just(ESCAPES),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)
    ),
    max_leaves=12,
)


def write_json(folder: Path, name: str, value: Any) -> Path:
    path = folder / name
    # ensure_ascii: lone surrogates become \\ud800 escapes, as a JSON writer elsewhere might.
    try:
        text = json.dumps(value, ensure_ascii=True)
    except ValueError:  # an integer past Python's digit limit: write it by hand
        text = json.dumps(value, ensure_ascii=True, default=str)
    path.write_text(text, encoding="utf-8")
    return path


def readable(record: dict[str, Any]) -> None:
    """What the teacher's commands do with a record: nothing raises, nothing unsafe printed."""
    assert checked(record) == record  # checking again changes nothing
    other = good_record()
    for lang in ("de", "en"):
        text = compare_text(record, other, lang) + compare_text(other, record, lang)
        assert not UNSAFE_CHARS.search(text.replace("\n", "")), repr(text[:200])
        page = render_report([record, other, other], lang)
        assert not UNSAFE_CHARS.search(page.replace("\n", "").replace("\t", ""))
    aggregate([record] * 3)


_TMP = Path(tempfile.mkdtemp(prefix="kaufhaus-records-"))


def damage_and_read(original: dict[str, Any], at: tuple[Any, ...], new: Any, delete: bool) -> None:
    """Put ``new`` at ``at`` (or delete it), write the file, read it as the commands do."""
    damaged = put(original, at, new, delete=delete and bool(at))
    path = write_json(_TMP, "damaged.json", damaged)
    try:
        result = load_record(path)
    except RecordProblem as problem:
        message = problem.text("de")
        assert message.startswith(str(path)), message
        assert not UNSAFE_CHARS.search(message)
        return
    readable(result)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), new=hostile, delete=st.booleans())
def test_any_damage_to_a_handin_is_skipped_or_read_safely(
    data: st.DataObject, new: Any, delete: bool
) -> None:
    record = good_record()
    damage_and_read(record, data.draw(st.sampled_from(paths(record))), new, delete)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), new=hostile, delete=st.booleans())
def test_any_damage_to_a_dossier_is_skipped_or_read_safely(
    data: st.DataObject, new: Any, delete: bool
) -> None:
    damage_and_read(good_dossier(), data.draw(st.sampled_from(dossier_paths())), new, delete)


@pytest.mark.parametrize(
    ("damage", "where"),
    [
        (lambda r: put(r, ("events",), "viele"), "events: a whole number expected, found text"),
        (
            lambda r: put(r, ("conclusions", 0, "label"), None, delete=True),
            "conclusions[0].label: missing",
        ),
        (
            lambda r: put(r, ("predictions", 2, "probability"), 10**400),
            "predictions[2].probability",
        ),
        (lambda r: put(r, ("paid",), 1e300), "paid: a number from"),
        (lambda r: put(r, ("choices", 1, "label", "de"), ["A", "B"]), "choices[1].label.de"),
        (lambda r: put(r, ("version",), 3), "version 3"),
        (lambda r: {"format": "etwas anderes"}, "neither a hand-in nor a dossier"),
    ],
)
def test_the_examples_name_file_and_field(tmp_path: Path, damage: Any, where: str) -> None:
    path = write_json(tmp_path, "g-1.json", damage(good_record()))
    with pytest.raises(RecordProblem) as caught:
        load_record(path)
    assert caught.value.text("en").startswith(f"{path}: ")
    assert where in caught.value.text("en")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"format": "kaufhaus-handin", "version": ' + "9" * 5000 + "}", "version: a number"),
        ('{"format": "kaufhaus-handin", "version": 1e999}', "too large (1e999)"),
        ('{"format": "kaufhaus-handin", "version": NaN}', "version: a number that is none"),
        ('{"format": ', ":1:12: not valid JSON"),
        ("\xff\xfe", "not valid JSON (not UTF-8"),
    ],
    ids=["nesting", "digits", "1e999", "NaN", "cut off", "not UTF-8"],
)
def test_files_that_are_no_json_we_can_read(tmp_path: Path, text: str, what: str) -> None:
    path = tmp_path / "g-2.json"
    path.write_bytes(text.encode("utf-8") if not text.startswith("\xff") else b"\xff\xfe")
    with pytest.raises(RecordProblem) as caught:
        load_record(path)
    assert what in caught.value.text("en")


def test_labels_with_escape_sequences_print_as_visible_characters(tmp_path: Path) -> None:
    record = good_record()
    record["conclusions"][0]["label"]["de"] = f"Interesse: {ESCAPES}"
    record["choices"][0]["label"]["de"] = ESCAPES
    record["segments"][0]["name"]["de"] = "\u202eFan"
    path = write_json(tmp_path, "g-3.json", record)
    result = load_record(path)
    assert result["conclusions"][0]["label"]["de"] == "Interesse: ␛]0;PWNED␇␛[2J"
    assert result["segments"][0]["name"]["de"] == "<U+202E>Fan"
    readable(result)


def test_class_report_and_compare_over_a_class_with_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "klasse" / "abgaben"
    folder.mkdir(parents=True)
    for i in range(4):
        (folder / f"g-{i}.json").write_text(handin_json(good_record()), encoding="utf-8")
    evil = good_record()
    evil["conclusions"][0]["label"]["de"] = ESCAPES
    write_json(folder, "g-evil.json", evil)
    broken = good_record()
    broken["predictions"][0]["probability"] = "sehr hoch"
    write_json(folder, "g-broken.json", broken)
    (folder / "g-deep.json").write_text("[" * 100_000, encoding="utf-8")
    (folder / f"g-{ESCAPES}.json").write_text("{}", encoding="utf-8")

    out = tmp_path / "bericht.html"
    assert main(["class-report", str(tmp_path / "klasse"), "-o", str(out), "--lang", "de"]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "Traceback" not in err
    assert "g-broken.json: predictions[0].probability: eine Zahl erwartet, gefunden: Text" in err
    assert "g-deep.json" in err and "zu tief verschachtelt" in err
    assert "g-␛]0;PWNED␇␛[2J.json" in err
    page = out.read_text(encoding="utf-8")
    assert "von 5 abgegebenen Akten" in page  # four good ones and the one with escapes
    assert "\x1b" not in page

    # compare shows two dossiers (hand-ins only as groups): escapes are made visible there too.
    evil_dossier = good_dossier()
    evil_dossier["consent"]["label"]["de"] = ESCAPES
    write_json(tmp_path, "evil-dossier.json", evil_dossier)
    write_json(tmp_path, "good-dossier.json", good_dossier())
    assert (
        main(["compare", str(tmp_path / "evil-dossier.json"), str(tmp_path / "good-dossier.json")])
        == 0
    )
    shown = capsys.readouterr()
    assert "\x1b" not in shown.out and "␛[2J" in shown.out
    broken_dossier = good_dossier()
    broken_dossier["profile"]["purchase_probability"]["tv"] = "sehr hoch"
    write_json(tmp_path, "broken-dossier.json", broken_dossier)
    assert (
        main(
            ["compare", str(tmp_path / "good-dossier.json"), str(tmp_path / "broken-dossier.json")]
        )
        == 1
    )
    shown = capsys.readouterr()
    assert shown.out == "" and "Traceback" not in shown.err
    assert re.search(r"broken-dossier\.json: ", shown.err)


def test_the_control_room_skips_a_bad_live_file(tmp_path: Path) -> None:
    live = tmp_path / "live"
    live.mkdir()
    for i in range(3):
        write_json(live, f"g-{i}.json", {**good_record(), "format": "kaufhaus-live"})
    bad = {**good_record(), "format": "kaufhaus-live"}
    bad["segments"] = [{"id": ["not", "text"]}]
    write_json(live, "g-bad.json", bad)
    (live / "g-deep.json").write_text("[" * 100_000, encoding="utf-8")
    context = control_context(tmp_path, "de", running=5)
    assert context["stats"].pupils == 3


def test_read_handins_skips_with_notes_in_the_teachers_language(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(handin_json(good_record()), encoding="utf-8")
    (tmp_path / "b.json").write_text('{"format": "kaufhaus-handin"}', encoding="utf-8")
    unmarked = good_record()
    del unmarked["generator"]
    write_json(tmp_path, "c.json", unmarked)
    found = read_handins([tmp_path], "de")
    assert len(found.records) == 1
    assert found.skipped == [
        f"{tmp_path / 'b.json'}: version: fehlt",
        f"{tmp_path / 'c.json'}: generator: fehlt",
    ]
    skipped = read_handins([tmp_path], "en").skipped
    assert skipped[0] == f"{tmp_path / 'b.json'}: version: missing"
