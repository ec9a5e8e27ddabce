"""The malformed-pack corpus: every broken pack gives a clear, located error.

Each case in tests/corpus/cases must produce its expected code at its
expected place (tests/corpus/expected.yaml), never a traceback, in bounded
time. A handful run through the real CLI in a subprocess; the rest use the API.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from kaufhaus.story.check import check_pack
from kaufhaus.story.errors import Problem, StoryLoadError
from kaufhaus.story.loader import MAX_FILE_BYTES, load_pack
from kaufhaus.story.yamlsrc import MAX_DEPTH
from kaufhaus.storytest import facade_api, probe_pack
from tests.story.helpers import CORPUS, ROOT, run_cli, write_pack

EXPECTED: dict[str, dict[str, object]] = yaml.safe_load(
    (CORPUS / "expected.yaml").read_text(encoding="utf-8")
)["cases"]
CASES = CORPUS / "cases"
LOCATED = re.compile(
    r"^(?P<file>[^\n:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>KH\d{3}) "
    r"(?P<sev>error|warning): ",
    re.M,
)
API = facade_api()
#: Found by ``kaufhaus check`` (render probe, story map) but no obstacle to loading.
CHECK_ONLY = {"KH032", "KH043", "KH044"}


def _check(path: Path) -> tuple[list[Problem], float]:
    started = time.perf_counter()
    _story, problems = check_pack(path, probe_pack, API)
    return problems, time.perf_counter() - started


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in CASES.iterdir()}
    assert on_disk == set(EXPECTED), "every case needs an entry in expected.yaml and back"
    assert len(on_disk) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_case_reports_the_expected_problem(name: str) -> None:
    case = CASES / name
    expected = EXPECTED[name]
    problems, seconds = _check(case)
    assert seconds < 5, f"{name} took {seconds:.1f} s"
    if expected.get("ok"):
        assert problems == []
        load_pack(case)
        return
    file = str(case / str(expected["file"])) if "file" in expected else str(case)
    matching = [
        p
        for p in problems
        if p.code == expected["code"]
        and Path(p.pos.file).resolve() == Path(file).resolve()
        and p.pos.line == expected["line"]
        and ("column" not in expected or p.pos.column == expected["column"])
    ]
    assert matching, f"{name}: expected {expected}, got:\n" + "\n".join(
        p.format() for p in problems
    )
    problem = matching[0]
    assert problem.message and problem.hint, "every problem says what to do"
    severity = expected.get("severity", "error")
    assert problem.severity == severity
    if severity == "warning":
        assert not [p for p in problems if p.severity == "error"]
    elif problem.code not in CHECK_ONLY:
        with pytest.raises(StoryLoadError):
            load_pack(case, api=API)


@pytest.mark.parametrize(
    "name",
    [
        "billion_laughs.yaml",
        "binary_garbage.yaml",
        "string_bomb.yaml",
        "two_headers",
        "escape_mro.yaml",
    ],
)
def test_cli_reports_located_errors_without_traceback(name: str) -> None:
    result = run_cli("check", str(CASES / name))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    codes = {m["code"] for m in LOCATED.finditer(result.stderr)}
    assert EXPECTED[name]["code"] in codes
    assert re.search(r"\d+ errors?[;,]", result.stderr)


def test_cli_warnings_pass_unless_strict() -> None:
    case = str(CASES / "warn_unreachable.yaml")
    relaxed = run_cli("check", case)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "KH040 warning" in relaxed.stderr
    strict = run_cli("check", "--strict", case)
    assert strict.returncode == 1
    assert "--strict" in strict.stderr


# -- cases too big or too odd to commit: generated here --------------------------------


def _only_located_errors(pack: Path, code: str) -> list[Problem]:
    problems, seconds = _check(pack)
    assert seconds < 5
    found = [p for p in problems if p.code == code]
    assert found, [p.format() for p in problems]
    return found


def test_fifty_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    pack = tmp_path / "huge"
    pack.mkdir()
    big = pack / "story.yaml"
    with big.open("wb") as handle:
        handle.write(b"id: x\nstart: a\nscenes:\n")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n")
    assert big.stat().st_size > MAX_FILE_BYTES
    found = _only_located_errors(pack, "KH014")
    assert found[0].pos.file.endswith("story.yaml")
    assert "50.0 MB" in found[0].message


# Deep nesting is refused by our composer (at MAX_DEPTH) or by libyaml's scanner
# (at its own limit, after reading ahead): which layer speaks first depends on the
# PyYAML release. What the author sees must not: one KH004 on the line of the
# brackets, naming the nesting, and nothing else.
DEEP = {
    "one line of brackets": "id: x\nstart: a\nscenes: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "one line of mappings": "scenes: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
    "just past our limit": "scenes:\n"
    + "".join("  " * i + "- \n" for i in range(MAX_DEPTH + 5))
    + "  " * (MAX_DEPTH + 5)
    + "x\n",
    "one bracket a line": "a: " + "[\n" * 5_000 + "]\n" * 5_000,
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_one_located_problem(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    problems, seconds = _check(path)
    assert seconds < 5
    assert [p.code for p in problems] == ["KH004"], [p.format() for p in problems]
    problem = problems[0]
    assert "nesting" in problem.message and problem.hint
    assert problem.pos.file.endswith("deep.yaml")
    first_bracket = next(
        i
        for i, line in enumerate(text.splitlines(), 1)
        if "[" in line or "{" in line or line.strip() == "-"
    )
    assert problem.pos.line >= first_bracket and problem.pos.column >= 1


def test_deep_nesting_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(DEEP["one line of mappings"])
    started = time.perf_counter()
    result = run_cli("check", str(path))
    assert time.perf_counter() - started < 20
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    located = [m["code"] for m in LOCATED.finditer(result.stderr)]
    assert located == ["KH004"], result.stderr
    assert "nesting deeper than" in result.stderr


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "leer").mkdir()
    found = _only_located_errors(tmp_path / "leer", "KH015")
    assert found[0].pos.line == 1


def test_missing_pack(tmp_path: Path) -> None:
    _only_located_errors(tmp_path / "gibt-es-nicht", "KH015")


def test_a_file_with_hundreds_of_problems_stops_early(tmp_path: Path) -> None:
    lines = ["id: x", "start: a", "scenes:", "  - id: a", "    text: hi"]
    lines += [f"    a{i}: *nope" for i in range(500)]
    path = write_pack(tmp_path / "noisy", {"story.yaml": "\n".join(lines) + "\n"})
    problems, _ = _check(path)
    assert len(problems) <= 110
    assert any(p.code == "KH009" for p in problems)


def test_millions_of_tiny_values_are_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "story.yaml"
    path.write_text("id: x\nstart: a\nscenes: [" + "a," * 2_000_000 + "a]\n")
    # In a fresh interpreter, so that its peak memory is this check's alone. Linux
    # carries the parent's high-water mark into a child's ru_maxrss across exec
    # (the pytest worker's 370 MB once failed this test), so the peak is read
    # from /proc/self/status (VmHWM: this process's own memory) where there is one.
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from kaufhaus.story.check import check_pack\n"
        "_, problems = check_pack(sys.argv[1])\n"
        "print(' '.join(f'{p.code}@{p.pos.line}' for p in problems))\n"
        "status = Path('/proc/self/status')\n"
        "hwm = [l for l in status.read_text().splitlines() if l.startswith('VmHWM:')]"
        " if status.exists() else []\n"
        "print(int(hwm[0].split()[1]) // 1024 if hwm"
        " else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert time.perf_counter() - started < 10
    codes, peak_mb = result.stdout.split("\n")[:2]
    assert codes == "KH014@3"
    assert int(peak_mb) < 250, f"peak {peak_mb} MB"


# -- files that lead out of the pack ---------------------------------------------------

SMALL_PACK = (
    "id: x\nlanguages: [de]\nstart: a\nscenes:\n"
    "  - id: a\n    text: Hallo\n    choices:\n      - {id: weiter, label: Weiter, goto: z}\n"
    "  - id: z\n    text: Ende.\n    ending: done\n"
)


def test_a_symlink_out_of_the_pack_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("scenes:\n  - id: geheim\n    text: PASSWORT-4711\n    ending: x\n")
    pack = write_pack(tmp_path / "pack", {"story.yaml": SMALL_PACK})
    (pack / "mehr.yaml").symlink_to(secret)
    (pack / "passwd.yaml").symlink_to("/etc/passwd")
    found = _only_located_errors(pack, "KH019")
    assert sorted(Path(p.pos.file).name for p in found) == ["mehr.yaml", "passwd.yaml"]
    assert all(p.pos.line == 1 and p.hint for p in found)
    result = run_cli("check", str(pack))
    assert result.returncode == 1
    assert "PASSWORT-4711" not in result.stdout + result.stderr
    assert "root:" not in result.stdout + result.stderr  # nothing of /etc/passwd either
    assert "Traceback" not in result.stderr
    assert "outside the pack folder" in result.stderr


def test_links_inside_the_pack_and_a_linked_pack_folder_still_work(tmp_path: Path) -> None:
    real = write_pack(tmp_path / "real", {"story.yaml.orig": SMALL_PACK})
    (real / "story.yaml").symlink_to(real / "story.yaml.orig")
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    for pack in (real, tmp_path / "alias"):
        problems, _ = _check(pack)
        assert problems == [], [p.format() for p in problems]
