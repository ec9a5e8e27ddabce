"""The damaged-save corpus: every broken save gives its located message, never a traceback.

Each case in tests/saves_corpus/cases must give the message of
tests/saves_corpus/expected.yaml at its event, through the API and through
``kaufhaus dossier`` (exit 1, file and problem named), and stay byte for byte
as it was. The title and Load screens are tested in tests/tui/test_saves_corpus_ui.py.
A Hypothesis test mutates a good save and checks that nothing but SaveError
ever comes out. Links, pipes and folders with a save's name are made here.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaufhaus.cli import main
from kaufhaus.play.savefolder import list_saves, probe_autosave
from kaufhaus.saves import SaveError, load_game, peek_save, read_save, save_game
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.conftest import ROOT, WALKTHROUGHS

CORPUS = ROOT / "tests" / "saves_corpus"
CASES = CORPUS / "cases"
_HASH = re.compile(rb'("hash"\s*:\s*")[0-9a-f]{16}(")')


@functools.cache
def _current_hash() -> bytes:
    """The shipped story's content hash, read once per process: loading the pack
    costs about a second, and the corpus asks for it once per case (three times
    62 cases); the scenes do not change while the suite runs."""
    from kaufhaus.story.loader import load_pack

    return load_pack(ROOT / "scenes").content_hash.encode()


def case_bytes(name: str) -> bytes:
    """A case as the game of today would have written it: the story's content hash
    in its header is the current one, so editing a scene's text does not turn
    every case into "the story has changed" (the cases are about damage)."""
    raw = (CASES / name).read_bytes()
    current = _current_hash()
    return _HASH.sub(lambda m: m.group(1) + current + m.group(2), raw, count=1)


EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)["cases"]


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in CASES.iterdir()}
    assert on_disk == set(EXPECTED), "every case needs an entry in expected.yaml and back"
    assert len(on_disk) >= 30


def _problem(story: Story, path: Path) -> SaveError:
    """The problem loading reports: raised, or (partial) returned with the game."""
    try:
        loaded = load_game(story, path)
    except SaveError as exc:
        return exc
    assert loaded.problem is not None, f"{path.name} loaded without a word"
    return loaded.problem


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_case_gives_its_located_message_and_stays_as_it_was(
    story: Story, tmp_path: Path, name: str
) -> None:
    expected = EXPECTED[name]
    path = tmp_path / name
    path.write_bytes(case_bytes(name))
    before = path.read_bytes()
    problem = _problem(story, path)
    assert expected["message"] in problem.text("en"), problem.text("en")
    assert problem.event == expected["event"]
    assert str(path) in problem.text("en")
    if problem.event is not None:
        # Located, in both languages, with the number as players read it.
        assert f"event {problem.event:,}: " in problem.text("en")
        assert f"Ereignis {problem.event:,}: ".replace(",", ".") in problem.text("de")
    # Reading tolerantly keeps every good event before the bad one.
    if problem.event is not None and not expected.get("partial"):
        save = read_save(path, tolerant=True)
        assert len(save.events) == problem.event
        assert save.problem is not None
        if problem.event > 0:
            salvaged = load_game(story, path, salvage=True)
            # Every good event, replayed as it was (a move cut short is then finished).
            replayed = [salvaged.game.log[i].as_dict() for i in range(problem.event)]
            assert replayed == [e.as_dict() for e in save.events]
    # The list never raises either.
    assert [e.name for e in list_saves(tmp_path)] == [path.stem]
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_kaufhaus_dossier_names_file_and_problem(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = EXPECTED[name]
    path = tmp_path / name
    path.write_bytes(case_bytes(name))
    before = path.read_bytes()
    out = tmp_path / "akte.json"
    code = main(["dossier", str(path), "-o", str(out), "--lang", "en"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert str(path) in err and expected["message"] in err, err
    if expected.get("partial"):
        assert code == 0 and out.exists()  # what still fits, said so on stderr
    else:
        assert code == 1 and not out.exists()
    assert path.read_bytes() == before


def test_kaufhaus_dossier_of_a_good_save_in_every_format(story: Story, tmp_path: Path) -> None:
    game = play(story, parse_walkthrough((WALKTHROUGHS / "tv-fan.yaml").read_text()))
    path = tmp_path / "slot.jsonl"
    save_game(game, path)
    before = path.read_bytes()
    for fmt, start in (("json", '{\n  "@context"'), ("md", "# "), ("html", "<!DOCTYPE html>")):
        target = tmp_path / f"akte.{fmt}"
        assert main(["dossier", str(path), "--format", fmt, "-o", str(target)]) == 0
        assert target.read_text(encoding="utf-8").startswith(start)
    # Written again over our own export: fine. Over someone else's file: never.
    assert main(["dossier", str(path), "-o", str(tmp_path / "akte.html")]) == 0
    theirs = tmp_path / "bewerbung.html"
    theirs.write_text("<p>Sehr geehrte Damen und Herren</p>")
    assert main(["dossier", str(path), "-o", str(theirs)]) == 2
    assert theirs.read_text() == "<p>Sehr geehrte Damen und Herren</p>"
    result = subprocess.run(
        [sys.executable, "-m", "kaufhaus", "dossier", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["@context"]
    assert path.read_bytes() == before


def test_kaufhaus_dossier_of_a_damaged_save_in_a_real_process(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.jsonl"
    path.write_bytes(case_bytes("seconds_text.jsonl"))
    before = path.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "kaufhaus", "dossier", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "LANG": "de_DE.UTF-8", "LC_ALL": ""},
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    n = EXPECTED["seconds_text.jsonl"]["event"]
    assert f"{path}: Ereignis {n}: „seconds“ muss eine Zahl sein" in result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
def test_links_pipes_and_folders_named_like_saves_are_listed_never_opened(
    story: Story, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    os.symlink(tmp_path / "nowhere.jsonl", saves / "autosave.jsonl")  # dangling
    os.mkfifo(saves / "autosave-2.jsonl")  # opening it for reading would hang
    (saves / "autosave-3.jsonl").mkdir()
    outside = tmp_path / "outside.jsonl"
    game = play(story, parse_walkthrough((WALKTHROUGHS / "tv-fan.yaml").read_text()))
    save_game(game, outside)
    os.symlink(outside, saves / "autosave-4.jsonl")  # a link to a good save elsewhere
    probe = probe_autosave(story.id, saves)
    assert probe.path is None
    names = {e.name: e for e in list_saves(saves)}
    assert set(names) == {"autosave", "autosave-2", "autosave-3", "autosave-4"}
    for entry in names.values():
        assert entry.error is not None and "not a regular file" in str(entry.error)
    with pytest.raises(SaveError, match="not a regular file"):
        peek_save(saves / "autosave-2.jsonl")


# ----------------------------------------------------------------- Hypothesis
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**1024])  # past float range (issue 19)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def good_save(story: Story, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    game = play(story, parse_walkthrough((WALKTHROUGHS / "tv-fan.yaml").read_text()))
    path = tmp_path_factory.mktemp("good") / "good.jsonl"
    save_game(game, path)
    return path.read_bytes()


def _mutate_field(raw: bytes, line: int, key: str, value: Any) -> bytes:
    lines = raw.split(b"\n")
    index = line % max(1, len(lines) - 1)
    try:
        record = json.loads(lines[index])
    except ValueError:  # pragma: no cover - the good save parses
        return raw
    if not isinstance(record, dict):  # an earlier mutation made the line a bare value
        return raw
    target = record.setdefault("data", {}) if key.startswith("data.") else record
    if not isinstance(target, dict):  # an earlier mutation replaced "data" itself
        return raw
    target[key.removeprefix("data.")] = value
    lines[index] = json.dumps(record, allow_nan=True).encode()
    return b"\n".join(lines)


_FIELDS = st.sampled_from(
    [
        "id",
        "kind",
        "t",
        "scene",
        "target",
        "data",
        "version",
        "seed",
        "story",
        "format",
        "data.seconds",
        "data.product",
        "data.take",
        "data.goto",
        "data.value",
        "data.prices",
        "data.cookie",
        "data.paid",
        "data.price",
        "data.dwell",
        "data.new",
        "data.paid_cents",
        "data.price_cents",
        "data.claims",
        "data.featured",
        "data.coupons",
        "data.undone",
    ]
)

_MUTATIONS = st.one_of(
    st.tuples(st.just("field"), st.integers(0, 200), _FIELDS, _JSON),
    st.tuples(st.just("cut"), st.integers(0, 10_000)),
    st.tuples(st.just("flip"), st.integers(0, 10_000), st.integers(0, 255)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.binary(max_size=20)),
    st.tuples(st.just("swap"), st.integers(0, 200), st.integers(0, 200)),
)


def _apply(raw: bytes, mutation: tuple[Any, ...]) -> bytes:
    kind = mutation[0]
    if not raw:
        return raw
    if kind == "field":
        return _mutate_field(raw, mutation[1], mutation[2], mutation[3])
    if kind == "cut":
        return raw[: mutation[1] % (len(raw) + 1)]
    if kind == "flip":
        at = mutation[1] % len(raw)
        return raw[:at] + bytes([mutation[2]]) + raw[at + 1 :]
    if kind == "insert":
        at = mutation[1] % len(raw)
        return raw[:at] + mutation[2] + raw[at:]
    lines = raw.split(b"\n")
    a, b = mutation[1] % len(lines), mutation[2] % len(lines)
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(_MUTATIONS, min_size=1, max_size=3))
def test_mutated_saves_never_give_a_traceback(
    story: Story, good_save: bytes, tmp_path_factory: pytest.TempPathFactory, mutations: Any
) -> None:
    raw = good_save
    for mutation in mutations:
        raw = _apply(raw, mutation)
    folder = tmp_path_factory.mktemp("mutated")
    path = folder / "autosave.jsonl"
    path.write_bytes(raw)
    for action in (
        lambda: peek_save(path),
        lambda: read_save(path, tolerant=True),
        lambda: load_game(story, path),
        lambda: load_game(story, path, salvage=True),
    ):
        try:
            action()
        except SaveError as exc:
            assert str(path) in exc.text("en") and exc.text("de")
    list_saves(folder)
    probe_autosave(story.id, folder)
    assert path.read_bytes() == raw


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.startswith("huge_int_")))
def test_plain_mode_continue_says_where_a_huge_number_is(
    story: Story, tmp_path: Path, name: str
) -> None:
    """Issue 19: a 400-digit number ended plain mode in an OverflowError traceback."""
    import io

    from kaufhaus.plain import run_plain
    from tests.tui.helpers import FakeClock
    from tests.tui.test_plain import scripted

    saves = tmp_path / "saves"
    saves.mkdir()
    path = saves / ("autosave" + Path(name).suffix)
    path.write_bytes(case_bytes(name))
    before = path.read_bytes()
    clock = FakeClock()
    answer = scripted(["2", "n", "6"], clock)  # Continue; not from the last good event; quit
    out = io.StringIO()
    code = run_plain(story, lang="en", seed=1, saves=saves, input_fn=answer, output=out)
    assert code == 0
    assert EXPECTED[name]["message"] in out.getvalue(), out.getvalue()
    assert "Traceback" not in out.getvalue()
    assert path.read_bytes() == before
