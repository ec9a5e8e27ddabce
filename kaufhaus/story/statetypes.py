"""Typed, bounded author state: what ``check`` can tell about a ``set:`` before play.

A variable's kind (a number, a flag, a text) is fixed by its initial value or
declared with ``type:``; a number may declare ``min:``/``max:``, a text or a
number ``values:``. From that the loader refuses, with the place:

- a literal of the wrong kind (``warned: 1`` for a flag);
- ``+1`` written without quotes, which YAML reads as the number 1 (so the
  variable would be *set* to 1, not raised by one);
- an expression whose kind is plain from its shape (a comparison for a number,
  a quoted text for a flag);
- a value that can leave the declared range: a literal outside it, or an
  increment that the choice's own ``when:`` does not keep inside it.

Expressions are read with Jinja's parser (nothing is run); what cannot be
told from the shape is left to the game, which refuses it at run time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Jinja is imported where an expression is read: not to open a pack to play
    from jinja2 import Environment, nodes

from kaufhaus.story.model import Assign, Condition, StateRange

KINDS = ("number", "flag", "text")
_WHAT = {"number": "a number", "flag": "true or false", "text": "a text"}


@cache
def _parser() -> Environment:
    from jinja2 import Environment

    return Environment(autoescape=False)


_NUMBER_FILTERS = {"length", "count", "int", "float", "round", "abs", "sum"}
_TEXT_FILTERS = {"upper", "lower", "title", "capitalize", "trim", "string", "join", "replace"}


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, (int, float)):
        return "number"
    return "text"


def what(kind: str) -> str:
    """A kind in words: ``true or false`` for a flag."""
    return _WHAT[kind]


def _parse(source: str) -> nodes.Expr | None:
    from jinja2 import nodes
    from jinja2.exceptions import TemplateSyntaxError

    try:
        tree = _parser().parse("{{ (" + source + ") }}")
    except TemplateSyntaxError:
        return None
    output = tree.body[0] if tree.body else None
    if isinstance(output, nodes.Output) and len(output.nodes) == 1:
        expr = output.nodes[0]
        return expr if isinstance(expr, nodes.Expr) else None
    return None


def _var(node: nodes.Node) -> str | None:
    """``state.x`` or ``state['x']`` → ``x``."""
    from jinja2 import nodes

    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return node.attr if node.node.name == "state" else None
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.node, nodes.Name)
        and node.node.name == "state"
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        return node.arg.value
    return None


def expr_kind(source: str, kinds: Mapping[str, str]) -> str | None:
    """The kind an expression yields, where its shape says (None: it cannot be told)."""
    tree = _parse(source)
    return _kind(tree, kinds) if tree is not None else None


def _kind(node: nodes.Node, kinds: Mapping[str, str]) -> str | None:
    from jinja2 import nodes

    if isinstance(node, nodes.Const):
        return kind_of(node.value) if node.value is not None else None
    if isinstance(node, (nodes.Compare, nodes.Not, nodes.Test)):
        return "flag"
    if isinstance(node, nodes.Concat):
        return "text"
    if isinstance(node, (nodes.Neg, nodes.Pos)):
        return "number"
    if isinstance(node, (nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow)):
        return "number"
    if isinstance(node, (nodes.Add, nodes.And, nodes.Or, nodes.CondExpr)):
        if isinstance(node, nodes.CondExpr):
            if node.expr2 is None:
                return None
            parts = [node.expr1, node.expr2]
        else:
            parts = [node.left, node.right]
        found = {_kind(part, kinds) for part in parts}
        return found.pop() if len(found) == 1 else None
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
        return "number" if node.node.name == "roll" else None
    if isinstance(node, nodes.Filter):
        if node.name in _NUMBER_FILTERS:
            return "number"
        return "text" if node.name in _TEXT_FILTERS else None
    var = _var(node)
    return kinds.get(var) if var is not None else None


Interval = tuple[float, float]


def expr_interval(source: str, ranges: Mapping[str, StateRange]) -> Interval | None:
    """The values a number expression can take, where its shape says (``roll(6)``,
    ``state.x + 2``, ``3``); None where it cannot be told."""
    tree = _parse(source)
    return _interval(tree, ranges) if tree is not None else None


def _interval(node: nodes.Node, ranges: Mapping[str, StateRange]) -> Interval | None:
    from jinja2 import nodes

    if isinstance(node, nodes.Const):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(value), float(value)
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
        if node.node.name == "roll" and len(node.args) == 1:
            sides = _interval(node.args[0], ranges)
            return (1.0, sides[1]) if sides is not None else None
        return None
    if isinstance(node, nodes.Neg):
        inner = _interval(node.node, ranges)
        return (-inner[1], -inner[0]) if inner is not None else None
    if isinstance(node, (nodes.Add, nodes.Sub)):
        left, right = _interval(node.left, ranges), _interval(node.right, ranges)
        if left is None or right is None:
            return None
        if isinstance(node, nodes.Add):
            return left[0] + right[0], left[1] + right[1]
        return left[0] - right[1], left[1] - right[0]
    var = _var(node)
    declared = ranges.get(var) if var is not None else None
    if declared is None:
        return None
    if declared.values:
        numbers = [float(v) for v in declared.values if kind_of(v) == "number"]
        return (min(numbers), max(numbers)) if numbers else None
    return (
        -math.inf if declared.min is None else declared.min,
        math.inf if declared.max is None else declared.max,
    )


def guard(condition: Condition | None, var: str) -> Interval:
    """The values ``state.var`` can have where ``condition`` holds, as far as its
    top-level ``and``-ed comparisons with numbers say (whole numbers: ``< 5`` is
    ``<= 4``). Anything else leaves the interval open."""
    from jinja2 import nodes

    low, high = -math.inf, math.inf
    tree = _parse(condition.source) if condition is not None else None
    parts: list[nodes.Node] = [tree] if tree is not None else []
    while parts:
        node = parts.pop()
        if isinstance(node, nodes.And):
            parts += [node.left, node.right]
            continue
        if not isinstance(node, nodes.Compare) or len(node.ops) != 1:
            continue
        left, op, right = node.expr, node.ops[0].op, node.ops[0].expr
        if _var(right) == var and isinstance(left, nodes.Const):
            left, right = right, left
            op = {"lt": "gt", "gt": "lt", "lteq": "gteq", "gteq": "lteq"}.get(op, op)
        if _var(left) != var or not isinstance(right, nodes.Const):
            continue
        value = right.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        bound = float(value)
        if op == "lt":
            high = min(high, math.ceil(bound) - 1)
        elif op == "lteq":
            high = min(high, bound)
        elif op == "gt":
            low = max(low, math.floor(bound) + 1)
        elif op == "gteq":
            low = max(low, bound)
        elif op == "eq":
            low, high = max(low, bound), min(high, bound)
    return low, high


def check_assign(
    assign: Assign,
    when: Condition | None,
    kinds: Mapping[str, str],
    ranges: Mapping[str, StateRange],
    error: Callable[[Any, str, str, str], None],
) -> None:
    """Report a ``set:`` entry whose value has the wrong kind or can leave its range."""
    from jinja2 import nodes

    var = assign.var
    if var not in kinds:
        return  # an unknown variable is reported on its own (KH060)
    kind, declared = kinds[var], ranges.get(var)
    if assign.literal is not None:
        if kind_of(assign.literal) != kind:
            error(
                assign.pos,
                "KH061",
                f"set {var}: {var} holds {what(kind)}, not {assign.literal!r}",
                _kind_hint(var, kind),
            )
        elif declared is not None and not declared.allows(assign.literal):
            error(
                assign.pos,
                "KH066",
                f"set {var}: {assign.literal!r} is outside its range ({declared.describe()}, "
                f"declared at {declared.pos})",
                f"Set a value {declared.describe()}, or widen the range under 'state:'.",
            )
        return
    if assign.expr is not None:
        found = expr_kind(assign.expr.source, kinds)
        if found is not None and found != kind:
            error(
                assign.expr.pos,
                "KH061",
                f"set {var}: {var} holds {what(kind)}, but `{assign.expr.source}` gives "
                f"{what(found)}",
                _kind_hint(var, kind),
            )
            return
        if declared is None:
            return
        tree = _parse(assign.expr.source)
        if declared.values and isinstance(tree, nodes.Const):
            if not declared.allows(tree.value):
                error(
                    assign.expr.pos,
                    "KH066",
                    f"set {var}: {tree.value!r} is not among its values "
                    f"({declared.describe()}, declared at {declared.pos})",
                    "Use one of the declared values, or add it under 'state:'.",
                )
            return
        if kind != "number":
            return
        span = expr_interval(assign.expr.source, ranges)
        if span is not None and not (_inside(span[0], declared) and _inside(span[1], declared)):
            error(
                assign.expr.pos,
                "KH066",
                f"set {var}: `{assign.expr.source}` can give {_span(span)}, outside its range "
                f"({declared.describe()}, declared at {declared.pos})",
                "Keep the expression inside the range, or widen the range under 'state:'.",
            )
        return
    if assign.add is None or declared is None or declared.values:
        return
    low = -math.inf if declared.min is None else declared.min
    high = math.inf if declared.max is None else declared.max
    guarded = guard(when, var)
    low, high = max(low, guarded[0]), min(high, guarded[1])
    if low > high:
        return  # never offered with a value in range: nothing to add to
    reach = low + assign.add if assign.add < 0 else high + assign.add
    if _inside(reach, declared):
        return
    step = f"+{_num(assign.add)}" if assign.add > 0 else _num(assign.add)
    edge = declared.max if assign.add > 0 else declared.min
    assert edge is not None
    compare = "<" if assign.add > 0 else ">"
    limit = edge - assign.add + (1 if assign.add > 0 else -1)
    error(
        assign.pos,
        "KH066",
        f'set {var}: "{step}" can take {var} to {_num(reach)}, '
        f"{'past its max' if assign.add > 0 else 'below its min'} {_num(edge)} "
        f"(declared at {declared.pos})",
        f"Offer it only while there is room, e.g. when: state.{var} {compare} {_num(limit)}.",
    )


def _inside(value: float, declared: StateRange) -> bool:
    return (declared.min is None or value >= declared.min) and (
        declared.max is None or value <= declared.max
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _span(span: Interval) -> str:
    return _num(span[0]) if span[0] == span[1] else f"{_num(span[0])} to {_num(span[1])}"


def _kind_hint(var: str, kind: str) -> str:
    return {
        "flag": f"A flag is true or false: {var}: true.",
        "number": f'A number is set as {var}: 3, or changed as {var}: "+1".',
        "text": f"A text goes in quotes inside the quotes: {var}: \"'happy'\".",
    }[kind]
