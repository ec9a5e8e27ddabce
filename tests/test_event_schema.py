"""The declared event fields cover every reader, and the check holds for anything stored.

Issue 19: a stored event whose fields had the right names but the wrong inner
types (a list where a product id belongs) passed the save check and crashed
``kaufhaus dossier``; a 400-digit number crashed loading with OverflowError.

Three layers of proof:

1. The readers' source is read (AST): every field any reader takes from
   ``event.data`` (``data["x"]``, ``data.get("x")``, ``"x" in data``, and one
   level down: ``cookie.get("visits")``, a claim's ``use.get("claim")``) must
   be declared in ``kaufhaus.tracking.schema.FIELDS``. A new read of an
   undeclared field fails here, before a save can crash it.
2. Hypothesis over single events: any JSON value (huge integers, nesting,
   controls in texts) in any field of any kind gives a built event or a
   ``FieldProblem``, never another exception; what is built has its declared
   types and passes the text gate.
3. Hypothesis over whole saves of a small pack: any JSON value in any field of
   any stored event gives a loaded game whose dossier builds, or a located
   ``SaveError``; never a traceback, and the file stays byte for byte.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kaufhaus.dossier.model import build_dossier
from kaufhaus.saves import SaveError, check_event, load_game, peek_save, read_save, save_game
from kaufhaus.story.errors import UNSAFE_CHARS
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.tracking.schema import (
    DECLARED,
    FIELDS,
    MAX_NUMBER,
    REQUIRED,
    FieldProblem,
    Flag,
    Items,
    Money,
    Number,
    Record,
    Scalar,
    Spec,
    Table,
    Text,
    Texts,
    Whole,
    check_data,
)
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.conftest import ROOT
from tests.stored_text import BAKERY, EVERY_KIND

KAUFHAUS = ROOT / "kaufhaus"
#: Every module that reads stored events (replay, the profile, the dossier, the
#: front ends' descriptions, the story checks).
READERS = sorted(
    p
    for p in KAUFHAUS.rglob("*.py")
    if p.parts[len(KAUFHAUS.parts)] not in ("story",) and p.name not in ("schema.py", "saves.py")
)


# ------------------------------------------------------------- 1. the readers
def _const(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Reads(ast.NodeVisitor):
    """Field reads from event data, as ``path`` strings: ``product``, ``cookie.visits``,
    ``claims[].claim``. A name bound to ``x.data`` (or ``x.get("data")``) is data; a
    name bound to a read of field ``f`` is that field's value, one level down."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.found: list[tuple[str, str]] = []
        self.bound: list[dict[str, str]] = [{}]  # name -> "" (the data) or a field path

    def _path(self, node: ast.AST) -> str | None:
        """The field path ``node`` stands for: "" for the data itself, None for other things."""
        if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            return self._path(node.values[0])  # ``data.get("x") or {}``
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("dict", "list", "tuple")
            and node.args
        ):
            return self._path(node.args[0])
        if isinstance(node, ast.Attribute) and node.attr == "data":
            return ""
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and _const(node.args[0]) == "data"
        ):
            return ""
        if isinstance(node, ast.Name):
            for scope in reversed(self.bound):
                if node.id in scope:
                    return scope[node.id]
            return None
        read = self._read(node)
        return read

    def _read(self, node: ast.AST) -> str | None:
        """``X["f"]`` or ``X.get("f", ...)`` where X is data (or a field): the path read."""
        if isinstance(node, ast.Subscript):
            base, key = self._path(node.value), _const(node.slice)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
        ):
            base, key = self._path(node.func.value), _const(node.args[0])
        else:
            return None
        if base is None or key is None:
            return None
        return f"{base}.{key}" if base else key

    def _note(self, path: str | None, node: ast.AST) -> None:
        if path:
            self.found.append((path, f"{self.where}:{getattr(node, 'lineno', 0)}"))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        scope: dict[str, str] = {}
        for arg in node.args.args + node.args.kwonlyargs:
            # ``def _paid_cents(data: Mapping[str, Any])``: an event's data, passed on.
            note = ast.unparse(arg.annotation) if arg.annotation is not None else ""
            if arg.arg == "data" and ("Mapping" in note or "dict" in note):
                scope["data"] = ""
        self.bound.append(scope)
        self.generic_visit(node)
        self.bound.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Assign(self, node: ast.Assign) -> None:
        pairs: list[tuple[ast.AST, ast.AST]] = [(t, node.value) for t in node.targets]
        for target, value in list(pairs):
            # ``kind, data = event.kind, event.data``
            if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
                pairs.extend(zip(target.elts, value.elts, strict=False))
        for target, value in pairs:
            path = self._path(value)
            if isinstance(target, ast.Name) and path is not None:
                self.bound[-1][target.id] = path
        self.generic_visit(node)

    def _loop(self, target: ast.AST, iterable: ast.AST) -> None:
        path = self._path(iterable)
        if path and isinstance(target, ast.Name):
            self.bound[-1][target.id] = f"{path}[]"

    def visit_For(self, node: ast.For) -> None:
        self._loop(node.target, node.iter)
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self._loop(node.target, node.iter)
        self.generic_visit(node)

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> None:
        for generator in node.generators:  # the names are bound before the element reads them
            self.visit(generator)
        self.visit(node.elt)

    visit_ListComp = visit_SetComp = visit_GeneratorExp = _comprehension

    def visit_DictComp(self, node: ast.DictComp) -> None:
        for generator in node.generators:
            self.visit(generator)
        self.visit(node.key)
        self.visit(node.value)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self._note(self._read(node), node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self._note(self._read(node), node)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        key = _const(node.left)
        if key is not None and len(node.ops) == 1 and isinstance(node.ops[0], ast.In):
            base = self._path(node.comparators[0])
            if base is not None:
                self._note(f"{base}.{key}" if base else key, node)
        self.generic_visit(node)


def reads_in(source: str, where: str) -> list[tuple[str, str]]:
    visitor = _Reads(where)
    visitor.visit(ast.parse(source))
    return visitor.found


def reader_reads() -> list[tuple[str, str]]:
    """(field path, file:line) for every read of stored event data in the readers."""
    found: list[tuple[str, str]] = []
    for path in READERS:
        found += reads_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    return found


def test_the_scan_sees_every_way_the_readers_read() -> None:
    source = """
def a(event):
    x = event.data.get("one") or event.data["two"]
    data = event.data
    if "three" in data and data.get("four", 0):
        cookie = data.get("cookie") or {}
        cookie.get("five")
    kind, d = event.kind, dict(event.data)
    d["six"]
    for use in d.get("claims", ()):
        use.get("seven")
    return [u["eight"] for u in event.get("data", {}).get("claims", ())]

def b(data: Mapping[str, Any], other: Any):
    other.get("not_event_data")
    return data.get("nine")
"""
    found = {path for path, _ in reads_in(source, "x.py")}
    assert found == {
        "one",
        "two",
        "three",
        "four",
        "cookie",
        "cookie.five",
        "six",
        "claims",
        "claims[].seven",
        "claims[].eight",
        "nine",
    }


def _declared_paths() -> set[str]:
    """Every field path the table declares, one level into records and lists of records."""
    paths: set[str] = set(DECLARED)
    for row in FIELDS.values():
        for name, spec in row.items():
            paths |= _inner(name, spec)
    return paths


def _inner(name: str, spec: Spec) -> set[str]:
    if isinstance(spec, Record):
        return {f"{name}.{k}" for k in spec.fields} | {
            p for k, s in spec.fields.items() for p in _inner(f"{name}.{k}", s)
        }
    if isinstance(spec, Items):
        return _inner(f"{name}[]", spec.of)
    return set()


#: Reads of event-shaped dicts that are not stored events: the dossier's own rows
#: (a claim use as the dossier lists it, with its place and what was said).
NOT_EVENT_DATA = {"claims[].place", "claims[].said", "claims[].t", "claims[].scene"}


def test_every_field_a_reader_takes_from_an_event_is_declared() -> None:
    reads = reader_reads()
    # The scanner sees the readers it must see (a broken scanner finds nothing).
    files = {where.split(":")[0] for _, where in reads}
    for reader in ("game.py", "truth.py", "tracking/profile.py", "dossier/model.py"):
        assert f"kaufhaus/{reader}" in files, reader
    paths = {p for p, _ in reads}
    assert {"product", "dwell", "paid_cents", "cookie.visits", "claims[].claim"} <= paths
    assert len(reads) >= 100, len(reads)
    declared = _declared_paths()
    undeclared = sorted(
        f"{where}: {path}" for path, where in reads if path not in declared | NOT_EVENT_DATA
    )
    assert not undeclared, "declare these in kaufhaus/tracking/schema.py FIELDS:\n" + "\n".join(
        undeclared
    )


def test_a_name_has_one_type_wherever_it_is_declared_but_value_and_choice() -> None:
    """A reader that takes a field from any kind of event can rely on one type;
    the two names that differ by kind are read with ``str(...)`` (and are listed here)."""
    specs: dict[str, set[str]] = {}
    for row in FIELDS.values():
        for name, spec in row.items():
            specs.setdefault(name, set()).add(repr(spec))
    assert {name for name, seen in specs.items() if len(seen) > 1} == {"value", "choice"}


def test_a_field_of_another_kind_and_a_missing_required_field_are_refused() -> None:
    with pytest.raises(FieldProblem) as problem:
        check_data(Kind.SESSION_START, {"product": ["tv"]})
    assert problem.value.key == "field_foreign"
    with pytest.raises(FieldProblem) as problem:
        check_data(Kind.SCENE_LEAVE, {})
    assert problem.value.key == "field_missing"
    check_data(Kind.SESSION_START, {"terminal": "80x24", "os": "Linux"})  # the fingerprint
    for kind, names in REQUIRED.items():
        assert set(names) <= set(FIELDS[kind]), kind


# ------------------------------------------------------- 2. one event at a time
#: Values no stored number or text should crash: past float range, NaN, nesting.
HUGE = [10**400, -(10**400), 2**1024, 10**20, -1, float("inf"), float("nan"), 1e308]
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from(HUGE)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["tv", "\x1b]0;PWNED\x07\x1b[2J", "\u202eevil", "a\ud800b", "x" * 600]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=10,
)
#: Field names: every declared one, every one a reader reads, and some nobody knows.
NAMES = st.sampled_from(sorted(DECLARED | {"terminal", "something_new", "\x1b[2J"}))
KINDS = st.sampled_from([str(k) for k in Kind])


def _holds(spec: Spec, value: Any) -> bool:
    """Whether ``value`` has the type ``spec`` declares (an independent restatement)."""
    if isinstance(spec, Text):
        return (value is None and spec.optional) or (
            isinstance(value, str) and len(value) <= spec.limit
        )
    if isinstance(spec, (Number, Whole)):
        ok = isinstance(value, int if isinstance(spec, Whole) else (int, float))
        return ok and not isinstance(value, bool) and spec.low <= value <= spec.high
    if isinstance(spec, Flag):
        return isinstance(value, bool)
    if isinstance(spec, Money):
        return isinstance(value, str) or (not isinstance(value, bool) and 0 <= value <= MAX_NUMBER)
    if isinstance(spec, Texts):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if isinstance(spec, Table):
        return isinstance(value, dict) and all(_holds(spec.values, v) for v in value.values())
    if isinstance(spec, Record):
        return isinstance(value, dict) and all(
            _holds(spec.fields[k], v) for k, v in value.items() if k in spec.fields
        )
    if isinstance(spec, Items):
        return isinstance(value, list) and all(_holds(spec.of, v) for v in value)
    if isinstance(spec, Scalar):
        return isinstance(value, (bool, int, float, str))
    raise AssertionError(spec)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _texts(item)


@settings(max_examples=300, deadline=None)
@given(kind=KINDS, fields=st.dictionaries(NAMES, JSON, max_size=4), t=JSON, scene=JSON)
@example(kind="scene_leave", fields={"dwell": 10**400}, t=1.0, scene="a")
@example(kind="idle", fields={"seconds": 1.0}, t=10**400, scene="a")
@example(kind="examine", fields={"product": ["tv"]}, t=1.0, scene="a")
@example(kind="price_shown", fields={"product": "tv", "price_cents": {"a": 1}}, t=1.0, scene="a")
@example(kind="session_start", fields={"cookie": {"interests": {"tv": 10**400}}}, t=0, scene="a")
@example(kind="input", fields={"value": "\x1b]0;PWNED\x07\x1b[2J"}, t=1.0, scene="\u202ea")
def test_any_stored_event_is_built_with_its_declared_types_or_refused(
    kind: str, fields: dict[str, Any], t: Any, scene: Any
) -> None:
    raw = {"id": 3, "kind": kind, "t": t, "scene": scene, "data": fields}
    try:
        event = check_event(raw, 3)
    except FieldProblem:
        return
    row = FIELDS[event.kind]
    for name, value in event.data.items():
        if name in row:
            assert _holds(row[name], value), (name, value)
        else:
            assert name not in DECLARED, name
    assert set(REQUIRED.get(event.kind, ())) <= set(event.data)
    assert 0 <= event.t <= 1e9
    # Nothing a terminal would obey, in any text of it.
    for text in _texts([event.scene, event.target, event.data]):
        assert UNSAFE_CHARS.search(text) is None, text


# ------------------------------------------------------------ 3. whole saves
@pytest.fixture(scope="module")
def bakery() -> Story:
    return load_pack(BAKERY)


@pytest.fixture(scope="module")
def bakery_save(bakery: Story, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    game = play(bakery, parse_walkthrough(EVERY_KIND))
    path = tmp_path_factory.mktemp("bakery") / "good.jsonl"
    save_game(game, path)
    return path.read_bytes()


def test_the_bakery_save_holds_every_kind_the_readers_read(bakery_save: bytes) -> None:
    kinds = {json.loads(line)["kind"] for line in bakery_save.splitlines()[1:]}
    assert kinds >= {
        "session_start",
        "consent",
        "scene_enter",
        "scene_leave",
        "choice",
        "highlight",
        "examine",
        "input",
        "undo",
        "price_shown",
        "price_look",
        "claim_use",
    }


def _mutated(raw: bytes, line: int, where: str, name: str, value: Any) -> bytes:
    lines = raw.split(b"\n")
    index = 1 + line % (len(lines) - 2)  # an event line (not the header, not the end)
    record = json.loads(lines[index])
    target = record.setdefault("data", {}) if where == "data" else record
    target[name] = value
    lines[index] = json.dumps(record, allow_nan=True).encode()
    return b"\n".join(lines)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    line=st.integers(0, 100),
    where=st.sampled_from(["data", "data", "data", "top"]),
    name=st.one_of(NAMES, st.sampled_from(["t", "id", "scene", "target", "kind"])),
    value=JSON,
)
@example(line=4, where="top", name="t", value=10**400)
@example(line=0, where="data", name="cookie", value={"interests": {"kuchen": 10**400}})
@example(line=9, where="data", name="product", value=["brezel"])
@example(line=9, where="data", name="take", value=[["brezel"]])
@example(line=2, where="data", name="product", value={"a": 1})
def test_any_value_in_any_stored_field_loads_cleanly_or_is_located(
    bakery: Story,
    bakery_save: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    line: int,
    where: str,
    name: str,
    value: Any,
) -> None:
    raw = _mutated(bakery_save, line, where, name, value)
    path = tmp_path_factory.mktemp("mutated") / "autosave.jsonl"
    path.write_bytes(raw)
    for read in (lambda: peek_save(path), lambda: read_save(path, tolerant=True)):
        try:
            read()
        except SaveError as exc:
            assert str(path) in exc.text("en")
    for salvage in (False, True):
        try:
            loaded = load_game(bakery, path, salvage=salvage)
        except SaveError as exc:
            assert str(path) in exc.text("en") and exc.text("de")
            continue
        # What loaded, the dossier reads in full (as ``kaufhaus dossier`` does), and
        # nothing in it is a control a terminal would obey.
        assert loaded.problem is None or loaded.problem.event is not None
        dossier = build_dossier(loaded.game)
        for text in _texts(dossier):
            assert UNSAFE_CHARS.search(text) is None, text
    assert path.read_bytes() == raw


def test_the_readers_live_where_the_test_looks() -> None:
    """The scan covers the readers the issue names; a module moved away would slip past."""
    names = {str(p.relative_to(KAUFHAUS)) for p in READERS}
    assert {"game.py", "truth.py", "tracking/profile.py", "plain.py"} <= names
    assert any(n.startswith("dossier/") for n in names)
    assert any(n.startswith("play/") for n in names)
    assert any(n.startswith("tui/") for n in names)
