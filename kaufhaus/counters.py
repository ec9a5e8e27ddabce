"""Which values of the author's numbers a pack can tell apart (for ``story-test``).

The explorer merges two states that nothing in the pack can tell apart. A
counter the pack only compares with numbers (``state.unruhe >= 3``) cannot
tell 4 from 40 when 3 is the highest number it is compared with: past its
highest tested value a counter counts as "more", below its lowest as "less",
as visit counts do. So a counter that only goes up (or only down) keeps the
exploration finite. That holds only where it is sound:

- every mention of the variable in the pack's code (read as Jinja2 parses it)
  compares it with a number (``3 <= state.unruhe``, ``state.unruhe in [1, 3]``,
  ``state.unruhe > 2 + 1``), tests its truth, or prints it
  (``{{ state.unruhe }}``); any other use (arithmetic, a
  comparison with another value, a ``set:`` expression reading it) keeps every
  value apart;
- "more" only for a counter nothing lowers (no ``"-1"``), "less" only for one
  nothing raises: a value past the bounds must not come back into them.

A counter with a declared range (``state: {unruhe: {start: 0, min: 0, max: 5}}``)
is finite anyway: the game refuses a value outside it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from jinja2 import nodes
from jinja2.nodes import EvalContext
from jinja2.parser import Parser

from kaufhaus.story.errors import Pos
from kaufhaus.story.model import Assign, Condition, Story, Text
from kaufhaus.story.templates import ENV

#: Comparisons a counter may take part in and still be merged past its bounds.
_ORDER = frozenset({"eq", "ne", "lt", "lteq", "gt", "gteq"})


@dataclass(frozen=True)
class Code:
    """One piece of the pack's code: a text (a template), a condition (``when:``,
    ``selectable:``: read for its truth) or a ``set:`` expression (read for its value)."""

    kind: Literal["text", "when", "set"]
    source: str


def _parts(story: Story) -> Iterator[Text | Assign | Condition]:
    """Every text, ``set:`` entry and condition the (frozen) model holds, found by
    walking it generically, so whatever the model keeps where is found without a
    list kept in sync here. An entry's expression is its own, not a condition."""
    seen: set[int] = set()
    stack: list[Any] = [
        list(story.scenes.values()),
        getattr(story, "fragments", None),
        getattr(story, "shared", None),
    ]
    while stack:
        value = stack.pop()
        if id(value) in seen or value is None or isinstance(value, (str, int, float, Pos)):
            continue
        seen.add(id(value))
        if isinstance(value, (Text, Assign, Condition)):
            yield value
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            stack.extend(getattr(value, f.name) for f in dataclasses.fields(value))
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, frozenset, set)):
            stack.extend(value)


def pack_code(story: Story) -> list[Code]:
    """Every piece of template code in the pack, each with how the game reads it."""
    out: list[Code] = []
    for part in _parts(story):
        if isinstance(part, Text):
            out.extend(Code("text", source) for source in part.sources.values())
        elif isinstance(part, Assign):
            if part.expr is not None:
                out.append(Code("set", part.expr.source))
        else:
            out.append(Code("when", part.source))
    return out


@dataclass(frozen=True)
class Told:
    """How one number is told apart: by itself, or only as less/within/more."""

    low: float | None  # below this it is all "less" (None: never merged downwards)
    high: float | None  # above this it is all "more" (None: never merged upwards)

    def key(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value
        if self.high is not None and value > self.high:
            return "more"
        if self.low is not None and value < self.low:
            return "less"
        return value


@functools.lru_cache(maxsize=4096)
def _tree(code: Code) -> nodes.Node | None:
    """The parsed Jinja2 tree of one piece of code, as the game reads it; None when it
    does not parse (the loader has reported it; here it keeps every value apart).
    Kept for the next reader (the counters, then the counts): only read, never changed."""
    try:
        if code.kind == "text":
            return ENV.parse(code.source)
        parser = Parser(ENV, code.source, state="variable")
        expr = parser.parse_expression()
        if not parser.stream.eos:
            return None
        expr.set_environment(ENV)
        if code.kind == "when":  # read for its truth, as an {% if %} reads its test
            return nodes.If(expr, [], [], [])
        return nodes.Assign(nodes.Name("_", "store"), expr)  # read for its value
    except Exception:  # a syntax error, a recursion limit: not ours to report
        return None


#: Arithmetic on constants folded here: the sandbox will not fold it (it guards every
#: operator at run time), and a pack is untrusted, so no powers and small numbers only.
_ARITHMETIC: dict[type, Any] = {
    nodes.Add: lambda a, b: a + b,
    nodes.Sub: lambda a, b: a - b,
    nodes.Mul: lambda a, b: a * b,
    nodes.Div: lambda a, b: a / b,
    nodes.FloorDiv: lambda a, b: a // b,
    nodes.Mod: lambda a, b: a % b,
}
_LARGEST = 1e12


def _number(node: nodes.Expr) -> float | None:
    """The number a node always stands for (``3``, ``-1.5``, ``2 + 1``, ``2.6|round``)."""
    value: Any
    if isinstance(node, nodes.BinExpr) and type(node) in _ARITHMETIC:
        left, right = _number(node.left), _number(node.right)
        if left is None or right is None:
            return None
        try:
            value = _ARITHMETIC[type(node)](left, right)
        except ArithmeticError:
            return None
    elif isinstance(node, (nodes.Neg, nodes.Pos)):
        inner = _number(node.node)
        value = None if inner is None else (-inner if isinstance(node, nodes.Neg) else inner)
    else:
        try:
            value = node.as_const(EvalContext(ENV))
        except Exception:  # nodes.Impossible, or a filter that fails on the constant
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or abs(value) > _LARGEST:
        return None
    return float(value)


def _numbers(node: nodes.Expr) -> list[float] | None:
    """The numbers of a constant list or tuple (``x in [1, 3]``), else None."""
    if not isinstance(node, (nodes.List, nodes.Tuple)) or not node.items:
        return None
    out = [_number(item) for item in node.items]
    return None if None in out else [n for n in out if n is not None]


class _Reads:
    """What the pack's code does with each variable of ``state:``: the numbers it
    compares it with, whether anything else reads it, whether ``state`` is read whole."""

    def __init__(self, names: Iterable[str], counters: Iterable[str]) -> None:
        self.names = frozenset(names)
        self.counters = frozenset(counters)
        self.numbers: dict[str, list[float]] = {}
        self.unsafe: set[str] = set()
        self.whole = False

    def mention(self, node: nodes.Node) -> str | None:
        """The counter a node reads (``state.x``, ``state['x']``); marks any other use of
        ``state`` (``state.values()``, ``state[k]``, ``state`` itself) as whole."""
        if isinstance(node, nodes.Name) and node.name == "state":
            self.whole = True
            return None
        if isinstance(node, nodes.Getattr) and _is_state(node.node):
            name: Any = node.attr
        elif isinstance(node, nodes.Getitem) and _is_state(node.node):
            name = node.arg.value if isinstance(node.arg, nodes.Const) else None
        else:
            return None
        if name not in self.names:  # a method (state.items) or a computed key
            self.whole = True
            return None
        return name if name in self.counters else ""

    def visit(self, node: nodes.Node, parent: nodes.Node | None, truth: bool) -> None:
        var = self.mention(node)
        if var is not None or (isinstance(node, nodes.Name) and node.name == "state"):
            if var:
                self.numbers.setdefault(var, [])
                if truth:  # {% if state.x %}: told apart as zero or not
                    self.numbers[var].append(0.0)
                elif not isinstance(parent, nodes.Output):  # printed as it is: harmless
                    self.unsafe.add(var)
            return
        if isinstance(node, nodes.Compare):
            self.compare(node)
            return
        for child in node.iter_child_nodes():
            self.visit(child, node, self.truth_of(node, child, truth))

    @staticmethod
    def truth_of(node: nodes.Node, child: nodes.Node, truth: bool) -> bool:
        """Whether ``child`` is read only for its truth."""
        if isinstance(node, (nodes.If, nodes.CondExpr)):
            return child is node.test
        if isinstance(node, nodes.Not):
            return True
        if isinstance(node, (nodes.And, nodes.Or)):
            return truth
        return False

    def compare(self, node: nodes.Compare) -> None:
        """``1 < state.x <= 3``, ``state.x in [1, 3]``: each counter with its neighbours."""
        items = [node.expr, *(op.expr for op in node.ops)]
        ops = [op.op for op in node.ops]
        for i, item in enumerate(items):
            var = self.mention(item)
            if var is None:
                self.visit(item, node, False)
                continue
            if not var:
                continue
            found = self.numbers.setdefault(var, [])
            for j, op in (
                (i - 1, ops[i - 1] if i else None),
                (i + 1, ops[i] if i < len(ops) else None),
            ):
                if op is None:
                    continue
                if op in _ORDER and (number := _number(items[j])) is not None:
                    found.append(number)
                elif op in ("in", "notin") and j > i and (many := _numbers(items[j])) is not None:
                    found.extend(many)
                else:  # compared with a variable, or ``3 in state.x``: every value counts
                    self.unsafe.add(var)


def _is_state(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == "state"


def told_apart(
    code: Iterable[Code], state: Mapping[str, Any], steps: Mapping[str, set[int]]
) -> dict[str, Told | None]:
    """For each number in ``state``: how the pack tells its values apart.

    ``code`` is every piece of template code in the pack (:func:`pack_code`),
    read as Jinja2 reads it (its parsed tree, not its characters); ``steps`` the
    signs of the increments ``set:`` makes to each variable (+1, -1). ``None``:
    the pack never reads it, every value is the same to it.
    """
    counters = [
        var
        for var, start in state.items()
        if not isinstance(start, bool) and isinstance(start, (int, float))
    ]
    reads = _Reads(state, counters)
    for piece in code:
        tree = _tree(piece)
        if tree is None:  # unreadable: it may read anything
            reads.whole = True
            continue
        reads.visit(tree, None, False)
    out: dict[str, Told | None] = {}
    for var in counters:
        if reads.whole or var in reads.unsafe:
            out[var] = Told(None, None)
        elif var not in reads.numbers:
            out[var] = None
        else:
            signs = steps.get(var, set())
            start = float(state[var])
            high = max(reads.numbers[var], default=start)
            low = min(reads.numbers[var], default=start)
            # Nothing lowers it: past the highest it stays past; nothing raises it: below
            # the lowest it stays below.
            out[var] = Told(low if 1 not in signs else None, high if -1 not in signs else None)
    return out


def increments(story: Story) -> dict[str, set[int]]:
    """The signs (+1, -1) of the increments every ``set:`` in the pack makes, by variable."""
    out: dict[str, set[int]] = {}
    for part in _parts(story):
        if isinstance(part, Assign) and part.add:
            out.setdefault(part.var, set()).add(1 if part.add > 0 else -1)
    return out


@dataclass(frozen=True)
class CountReads:
    """What the pack's code asks of the game's own counts (for ``story-test``).

    ``scenes``: the scenes whose visits it reads (``visits.kasse``,
    ``visits['kasse']``, ``seen('kasse')``), None when it reads a visit count
    by a name it computes (``visits[scene]``): then every scene's count matters.
    ``turns``: whether it reads ``turns``. ``numbers``: what those counts are
    compared with. ``random``: whether it draws (``roll()``, ``shop.one_of()``).
    """

    scenes: frozenset[str] | None
    turns: bool
    numbers: tuple[float, ...]
    random: bool


#: Calls that draw: their answer depends on the seed.
_DRAWS = frozenset({"roll", "one_of", "random"})


def count_reads(code: Iterable[Code]) -> CountReads:
    """Read from each piece's parsed Jinja2 tree (as the game reads it, so a name in
    a string, a sum like ``2 * 2`` or a list like ``[5, 6]`` are read for what they are)."""
    scenes: set[str] = set()
    every = False
    turns = False
    draws = False
    numbers: list[float] = []

    def counted(node: nodes.Node) -> bool:
        """Whether a node is a visit count or ``turns`` (noting which)."""
        nonlocal every, turns
        if isinstance(node, nodes.Name) and node.name == "turns":
            turns = True
            return True
        if isinstance(node, nodes.Getattr) and _is(node.node, "visits"):
            scenes.add(node.attr)
            return True
        if isinstance(node, nodes.Getitem) and _is(node.node, "visits"):
            key = node.arg.value if isinstance(node.arg, nodes.Const) else None
            if isinstance(key, str):
                scenes.add(key)
            else:
                every = True
            return True
        return False

    for piece in code:
        tree = _tree(piece)
        if tree is None:  # unreadable: it may read anything
            every = turns = draws = True
            continue
        for node in tree.find_all(nodes.Node):
            if isinstance(node, nodes.Compare):
                items = [node.expr, *(op.expr for op in node.ops)]
                for i, op in enumerate(node.ops):
                    left, right = items[i], items[i + 1]
                    if op.op in _ORDER:
                        for count, other in ((left, right), (right, left)):
                            if counted(count) and (number := _number(other)) is not None:
                                numbers.append(number)
                    elif op.op in ("in", "notin") and counted(left):
                        numbers.extend(_numbers(right) or ())
            elif isinstance(node, nodes.Call):
                target = node.node
                name = target.attr if isinstance(target, nodes.Getattr) else None
                if isinstance(target, nodes.Name):
                    name = target.name
                if name in _DRAWS:
                    draws = True
                if _is(target, "seen"):
                    arg = node.args[0] if node.args else None
                    if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                        scenes.add(arg.value)
                    else:
                        every = True
            elif isinstance(node, nodes.Name):
                if node.name == "turns":
                    turns = True
                elif node.name == "visits" or node.name == "seen":
                    # read as ``visits.x``/``seen('x')`` above, or passed on whole
                    every = every or not _named(tree, node)
            else:
                counted(node)
    return CountReads(None if every else frozenset(scenes), turns, tuple(numbers), draws)


def _is(node: nodes.Node, name: str) -> bool:
    return isinstance(node, nodes.Name) and node.name == name


def _named(tree: nodes.Node, name: nodes.Name) -> bool:
    """Whether ``visits``/``seen`` is read by a name it is given here (``visits.x``,
    ``visits['x']``, ``seen(...)``) rather than handed on whole."""
    return any(
        getattr(node, "node", None) is name
        for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Call))
    )
