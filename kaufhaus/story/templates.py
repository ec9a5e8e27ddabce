"""Sandboxed Jinja2 for scene texts and ``when:`` conditions.

Scene packs are written by teachers and pupils and shared around; a template
must never reach Python internals or files, and never hang the game or eat
the memory of a school computer. So:

* Jinja's *immutable sandbox* blocks ``__class__``-style escapes and mutation;
  on top of it, builtin values (``str``, ``list``, ``dict``) expose only a short
  list of harmless methods, and names starting with ``_`` are refused at load.
* ``StrictUndefined`` turns typos into errors instead of empty text.
* Anything that can *grow* a value is bounded: ``*``, ``**``, ``+`` and ``%``
  are intercepted and capped, the filters are an allow-list with guarded
  ``replace``/``join``/``sum``, ``{% set %}`` values and every ``{{ }}`` output
  are weighed, and all loops of one rendering share a budget of iterations.
  Macros, includes, imports and recursive loops are not available at all, and
  there is no ``range``.
* Everything is compiled once: at load for ``kaufhaus check`` and the authoring
  tools, when first shown for a game (``kaufhaus.play.pack``: every front end).

Speed: a large pack has tens of thousands of texts. Plain texts (no ``{{``,
``{%`` or ``{#``) need no Jinja at all. Texts with template code are compiled
per *shape*: the prose between tags and the string literals inside them are
lifted out into variables, so ``Sie haben {{ shop.seconds('kasse') }} s`` and
``You spent {{ shop.seconds('kiosk') }} s`` share one compiled template. Every
text is still parsed and checked at load; only the code generation is shared.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from jinja2 import (
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    Undefined,
    nodes,
    pass_context,
)
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS
from jinja2.parser import Parser
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from kaufhaus.story.errors import neutralise

# Re-exported: the Jinja-free part of compiling lives in template_base.
from kaufhaus.story.template_base import CASES as CASES
from kaufhaus.story.template_base import MAX_TEMPLATE_CHARS as MAX_TEMPLATE_CHARS
from kaufhaus.story.template_base import Compiled as Compiled
from kaufhaus.story.template_base import StaticTemplate as StaticTemplate
from kaufhaus.story.template_base import TemplateApi as TemplateApi
from kaufhaus.story.template_base import TemplateProblem as TemplateProblem
from kaufhaus.story.template_base import TemplateRef as TemplateRef
from kaufhaus.story.template_base import TextCompiler as TextCompiler
from kaufhaus.story.template_base import _jinja_text, _Slot
from kaufhaus.story.template_base import did_you_mean as did_you_mean
from kaufhaus.story.template_base import has_template_code as has_template_code

#: The names a template may use; the game supplies read-only facades for them.
TEMPLATE_NAMES = frozenset(
    {"shop", "player", "visits", "seen", "basket", "lang", "scene"}
    # the author's state and flow (docs/authoring-syntax.md)
    | {"state", "inventory", "has", "thing", "turns", "seq", "cycle", "fragment", "roll"}
    | {"shuffle", "once", "args"}
)
#: Largest value (characters, items) an operator, filter, ``set`` or ``{{ }}`` may produce.
MAX_VALUE_WEIGHT = 20_000
#: Total characters one rendering may output through ``{{ }}``.
MAX_OUTPUT_CHARS = 200_000
#: Loop iterations one rendering may run, all loops together.
MAX_LOOP_ITEMS = 1_000
#: Largest whole number (in bits) arithmetic may produce.
MAX_INT_BITS = 4_096
#: Work one rendering may do, in steps: an attribute lookup, a call, a filter, one
#: pass of a loop body (per node in it), and per item or per 16 characters a value
#: holds when it is copied, compared or sorted. Counted, not timed, so a text that
#: renders on a fast machine renders on a slow one; 100,000 steps take well under a
#: second (see tests/story/test_templates.py), an honest scene text needs a few hundred.
MAX_OPERATIONS = 100_000


# -- bounding what a template can build ------------------------------------------


def _weight(value: Any, limit: int = MAX_VALUE_WEIGHT, *, printing: bool = False) -> int:
    """Roughly how many characters ``str(value)`` would need; stops counting past ``limit``.

    Shared references count every time (``[s] * 1000`` weighs a thousand ``s``),
    because that is what printing would cost. Weighing is work too: each value
    looked at costs a step. ``printing`` refuses what would print as Python's
    internals (``<ShopFacade object at 0x7f…>``, ``<bound method …>``).
    """
    if type(value) is str:  # nearly every output: prose and names
        _charge(1)
        return len(value)
    total = 0
    seen = 0
    stack = [value]
    while stack:
        item = stack.pop()
        seen += 1
        if printing:
            _refuse_unprintable(item)
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item) + 1
            if total <= limit:
                stack.extend(item)
        elif isinstance(item, dict):
            total += len(item) + 1
            if total <= limit:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1
        else:
            total += 1
        if total > limit:
            break
    _charge(seen)
    return total


def _inherited(cls: type, name: str) -> Any:
    return next((vars(base)[name] for base in cls.__mro__ if name in vars(base)), None)


def _refuse_unprintable(value: Any) -> None:
    if isinstance(value, (str, int, float, list, tuple, dict, set, frozenset, Undefined)):
        return
    cls = type(value)
    if callable(value):
        raise SecurityError(
            "a function cannot be shown as text; call it, e.g. shop.price('tv') "
            "instead of shop.price"
        )
    # Python's own ``<Class object at 0x…>``: a memory address, never text for a player.
    if vars(object)["__str__"] is _inherited(cls, "__str__") and vars(object)[
        "__repr__"
    ] is _inherited(cls, "__repr__"):
        raise SecurityError(
            "this value cannot be shown as text (write e.g. shop.top or player.typed('name') "
            "instead of shop or player)"
        )


def _too_big(what: str) -> SecurityError:
    return SecurityError(
        f"{what} would be too large for a scene text (more than {MAX_VALUE_WEIGHT:,} characters)"
    )


class _Budget:
    """The steps left to one rendering (nested renderings share their caller's)."""

    __slots__ = ("left",)

    def __init__(self) -> None:
        self.left = MAX_OPERATIONS


_ACTIVE = threading.local()


def _charge(steps: int) -> None:
    """Spend ``steps`` of the running rendering's budget; refuse to go on past it."""
    budget: _Budget | None = getattr(_ACTIVE, "budget", None)
    if budget is None:
        return
    budget.left -= steps
    if budget.left < 0:
        raise SecurityError(
            f"this text does too much work (more than {MAX_OPERATIONS:,} steps); "
            "use fewer or shorter loops and smaller values"
        )


def _bounded(render: Callable[..., Any], *args: Any) -> Any:
    """Run ``render`` under a fresh budget, or under the caller's when nested."""
    if getattr(_ACTIVE, "budget", None) is not None:
        return render(*args)
    _ACTIVE.budget = _Budget()
    try:
        return render(*args)
    finally:
        _ACTIVE.budget = None


_NO_SIZE = (int, float, bool, type(None))


def _size(value: Any) -> int:
    """What copying, comparing or sorting ``value`` costs, in steps."""
    if isinstance(value, _NO_SIZE):
        return 0
    if isinstance(value, str):
        return len(value) >> 4
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


_PRINTF_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[a-zA-Z%]")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse operations whose result would be huge, *before* computing them."""
    ints = (
        isinstance(left, int) and not isinstance(left, bool),
        isinstance(right, int) and not isinstance(right, bool),
    )
    if operator == "**":
        if all(ints) and right > 0 and abs(left) > 1 and left.bit_length() * right > MAX_INT_BITS:
            raise SecurityError(f"the number {left} ** {right} is too large")
        return
    if operator == "*":
        if all(ints):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SecurityError("the product is too large")
            return
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(times, int)
                and isinstance(seq, (str, list, tuple))
                and times > 0
                and _weight(seq) * times > MAX_VALUE_WEIGHT
            ):
                raise _too_big("repeating this")
        return
    if operator == "+":
        if (
            isinstance(left, (str, list, tuple))
            and isinstance(right, (str, list, tuple))
            and (_weight(left) + _weight(right) > MAX_VALUE_WEIGHT)
        ):
            raise _too_big("joining these")
        return
    if operator == "%" and isinstance(left, str):
        specs = 0
        widest = 0
        for match in _PRINTF_SPEC.finditer(left):
            specs += 1
            for part in match.groups():
                if part == "*" or (part is not None and int(part) > 1000):
                    raise SecurityError("'%' formatting with a width over 1000 is not available")
                if part is not None:
                    widest = max(widest, int(part))
        weight = _weight(right)
        if weight > MAX_VALUE_WEIGHT:
            raise _too_big("formatting this")
        # Each placeholder may print the largest value given (``'%(a)s%(a)s…' % {'a': s}``
        # repeats it); a number prints at most a few hundred digits.
        if specs and len(left) + specs * (weight + widest + 320) > MAX_VALUE_WEIGHT:
            raise _too_big("formatting this")


# builtin types expose only these attributes (all of them read-only, none can grow a value)
_STR_METHODS = frozenset(
    {
        "capitalize",
        "casefold",
        "count",
        "endswith",
        "find",
        "isalnum",
        "isalpha",
        "isdigit",
        "islower",
        "isnumeric",
        "isspace",
        "istitle",
        "isupper",
        "lower",
        "lstrip",
        "removeprefix",
        "removesuffix",
        "rfind",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
    }
)
_SAFE_BUILTIN_ATTRS: tuple[tuple[type | tuple[type, ...], frozenset[str]], ...] = (
    (str, _STR_METHODS),
    ((list, tuple), frozenset({"count", "index"})),
    (dict, frozenset({"get", "items", "keys", "values"})),
    ((int, float, complex, bytes, set, frozenset), frozenset()),
)

_GROWTH_ERRORS = (OverflowError, MemoryError, RecursionError)

#: What the sandbox decided per (type, attribute name); bounded, since a template
#: can look up names it builds itself (``visits[player.typed('name')]``).
_SAFE_ATTRIBUTES: dict[tuple[type, str], bool] = {}
_SAFE_ATTRIBUTES_MAX = 4096


class GuardedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with everything that can grow a value bounded."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "-", "/", "//"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _charge(1 + _size(left) + _size(right))
        _check_binop(operator, left, right)
        try:
            return super().call_binop(context, operator, left, right)
        except _GROWTH_ERRORS as exc:
            raise SecurityError(f"'{operator}' failed: {type(exc).__name__}") from None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Every rule here and in Jinja's sandbox asks only what type ``obj`` is and
        # what ``attr`` is called, so each answer is remembered: a rendering looks
        # up a few dozen attributes, and asking anew was a fifth of its time.
        key = (type(obj), attr)
        safe = _SAFE_ATTRIBUTES.get(key)
        if safe is None:
            safe = self._judge_attribute(obj, attr, value)
            if len(_SAFE_ATTRIBUTES) < _SAFE_ATTRIBUTES_MAX:
                _SAFE_ATTRIBUTES[key] = safe
        return safe

    def _judge_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        for types, allowed in _SAFE_BUILTIN_ATTRS:
            if isinstance(obj, types):
                return attr in allowed
        return True

    def wrap_str_format(self, value: Any) -> None:
        # ``'{:>999999999}'.format(1)`` builds a gigabyte; use '~' to join texts instead.
        return None

    # A facade's attribute or method may look through the whole event log: a few
    # steps each, so that a loop of them stays well under a second.
    def getattr(self, obj: Any, attribute: str) -> Any:
        _charge(5)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _charge(1)
        return super().getitem(obj, argument)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        _charge(10 + _size(getattr(obj, "__self__", None)) + sum(_size(a) for a in args))
        try:
            return super().call(context, obj, *args, **kwargs)
        except _GROWTH_ERRORS as exc:
            raise SecurityError(f"call failed: {type(exc).__name__}") from None


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    """Every ``{{ }}`` output passes here: weigh it and count it against the budget."""
    weight = _weight(value, MAX_OUTPUT_CHARS, printing=True)
    _charge(weight >> 4)
    used = getattr(context, "kh_output", 0) + weight
    if used > MAX_OUTPUT_CHARS:
        raise SecurityError(
            f"the text would be longer than {MAX_OUTPUT_CHARS:,} characters; "
            "use fewer or shorter loops"
        )
    if weight > MAX_VALUE_WEIGHT:
        raise _too_big("this output")
    context.kh_output = used  # type: ignore[attr-defined]
    return value


@pass_context
def _loop_guard(context: Context, value: Any, cost: int = 1) -> Any:
    """Wrapped around every ``{% for %}`` iterable by the compiler; ``cost`` is the
    size of the loop body (its nodes), charged for every pass."""
    if isinstance(value, (str, list, tuple, dict, set, frozenset)):
        items = value
    else:
        items = []
        for item in value:
            items.append(item)
            if len(items) > MAX_LOOP_ITEMS:
                break
    used = getattr(context, "kh_loops", 0) + len(items)
    if used > MAX_LOOP_ITEMS:
        raise SecurityError(f"loops would run more than {MAX_LOOP_ITEMS} times in one text")
    context.kh_loops = used  # type: ignore[attr-defined]
    _charge(len(items) * max(1, cost))
    return items


def _cost(value: Any) -> Any:
    """Wrapped around the operands of comparisons: comparing long lists is work."""
    _charge(1 + _size(value))
    return value


def _concat(values: list[Any]) -> str:
    """``a ~ b ~ c``, with the result weighed before it is built."""
    if sum(_weight(v) for v in values) > MAX_VALUE_WEIGHT:
        raise _too_big("joining these")
    return "".join(v if isinstance(v, str) else str(v) for v in values)


def _value_guard(value: Any) -> Any:
    """Wrapped around every ``{% set %}`` / ``{% with %}`` value by the compiler."""
    if _weight(value) > MAX_VALUE_WEIGHT:
        raise _too_big("this value")
    return value


def _guard_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that fails with a template error instead of OverflowError & co."""

    # The value a filter works on comes after the context/environment it may ask for.
    value_at = 0 if getattr(func, "jinja_pass_arg", None) is None else 1

    @functools.wraps(func)  # keeps Jinja's pass_context/pass_eval_context marker
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _charge(1 + (_size(args[value_at]) if len(args) > value_at else 0))
        try:
            return func(*args, **kwargs)
        except _GROWTH_ERRORS as exc:
            raise SecurityError(f"filter failed: {type(exc).__name__}") from None

    return guarded


def _replace(value: Any, old: Any, new: Any, count: int | None = None) -> str:
    text, old, new = str(value), str(old), str(new)
    hits = len(text) + 1 if old == "" else text.count(old)
    if count is not None and count >= 0:
        hits = min(hits, count)
    if len(text) + hits * max(0, len(new) - len(old)) > MAX_VALUE_WEIGHT:
        raise _too_big("this replace")
    return text.replace(old, new, -1 if count is None else count)


def _join(value: Iterable[Any], d: str = "") -> str:
    items = [item if isinstance(item, str) else str(item) for item in value]
    if sum(len(i) for i in items) + len(d) * len(items) > MAX_VALUE_WEIGHT:
        raise _too_big("this join")
    return str(d).join(items)


def _sum(iterable: Iterable[Any], attribute: Any = None, start: Any = 0) -> Any:
    if attribute is not None:
        raise SecurityError("sum(attribute=...) is not available in scene texts")
    items = list(iterable)
    if not all(isinstance(i, (int, float)) and not isinstance(i, bool) for i in [*items, start]):
        raise SecurityError("sum adds numbers only")
    return _guard_errors(sum)(items, start)


#: The filters scene texts may use: none of them can grow a value unboundedly.
_SAFE_FILTERS = (
    "abs",
    "capitalize",
    "count",
    "d",
    "default",
    "dictsort",
    "first",
    "float",
    "groupby",
    "int",
    "items",
    "last",
    "length",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "reject",
    "rejectattr",
    "reverse",
    "round",
    "select",
    "selectattr",
    "sort",
    "string",
    "striptags",
    "title",
    "trim",
    "truncate",
    "unique",
    "upper",
    "wordcount",
)

#: Jinja's usual globals, all removed here; named so the error can say so.
_JINJA_GLOBALS = frozenset({"range", "lipsum", "cycler", "joiner", "namespace", "dict"})

#: Template names that print as Python internals or ids, never as text for a player.
_NOT_TEXT = {
    "shop": "Show what the shop knows, e.g. {{ shop.top }} or {{ shop.price('tv') }}.",
    "player": "Show what the player typed, e.g. {{ player.typed('name') }}.",
    "visits": "Show a number of visits, e.g. {{ visits.kasse }}.",
    "seen": "seen is a test: {% if seen('vase') %}...{% endif %}.",
    "basket": "The basket holds product ids; show names: "
    "{% for p in basket %}{{ shop.name(p) }} {% endfor %}.",
}

_FORBIDDEN_TAGS: dict[type[nodes.Node], str] = {
    nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from ... import %}",
    nodes.Extends: "{% extends %}",
    nodes.Block: "{% block %}",
}


def _make_env() -> GuardedSandbox:
    env = GuardedSandbox(
        undefined=StrictUndefined,
        autoescape=False,  # output is plain text; the UI never interprets it as markup
        keep_trailing_newline=False,
        optimized=False,  # no compile-time constant folding: nothing runs at load
        finalize=_finalize,
    )
    # No range(), lipsum(), cycler(), joiner(), dict() or namespace(): nothing a story needs.
    env.globals.clear()
    filters = {name: _guard_errors(FILTERS[name]) for name in _SAFE_FILTERS}
    filters["replace"] = _guard_errors(_replace)
    filters["join"] = _guard_errors(_join)
    filters["sum"] = _sum
    filters["kh_loop"] = _loop_guard
    filters["kh_value"] = _value_guard
    filters["kh_cost"] = _cost
    filters["kh_concat"] = _concat
    filters["kh_attr"] = env.getattr  # ``visits.kasse`` in a shared shape (``_Unlift``)
    env.filters.clear()
    env.filters.update(filters)
    return env


ENV = _make_env()
#: Filter names authors may use (the internal guards are not among them).
AUTHOR_FILTERS = frozenset(name for name in ENV.filters if not name.startswith("kh_"))


# -- what a template refers to ------------------------------------------------------


def _literal(node: nodes.Node) -> Any:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    if isinstance(node, nodes.Name) and node.name.startswith("__s"):
        return _Slot(int(node.name[3:]))
    return None


@dataclass
class _Analysis:
    refs: list[TemplateRef] = field(default_factory=list)
    slot_keys: list[int] = field(default_factory=list)  # slots used as ``x['...']`` keys


def _analyse(ast: nodes.Node, *, condition: bool, known: Iterable[str] = ()) -> _Analysis:
    """Check a parsed template for what scene texts may not do; collect its references.

    ``known`` are names assigned elsewhere in the text (a piece of a text analysed
    on its own, see ``segments.py``). Raises TemplateProblem for the first problem
    found.
    """
    code_names = "KH031" if condition else "KH030"
    out = _Analysis()
    assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    assigned.update(known)
    for name in assigned:
        if name.startswith("__"):
            raise TemplateProblem(f"the name {name!r} is reserved", code="KH037", needle=name)
    if any(True for _ in ast.find_all(nodes.For)):
        assigned.add("loop")  # the loop variable inside {% for %}
    handled: set[int] = set()
    for node in [ast, *ast.find_all(nodes.Node)]:
        line = node.lineno or 1
        if (
            isinstance(node, nodes.Const)
            and isinstance(node.value, (int, float))
            and (not isinstance(node.value, bool))
            and (
                (isinstance(node.value, float) and not math.isfinite(node.value))
                or (isinstance(node.value, int) and node.value.bit_length() > MAX_INT_BITS)
            )
        ):
            raise TemplateProblem("this number is too large", line, code=code_names)
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.Name) and child.name in _NOT_TEXT:
                    raise TemplateProblem(
                        f"{{{{ {child.name} }}}} is not text",
                        child.lineno or line,
                        code=code_names,
                        needle=child.name,
                        hint=_NOT_TEXT[child.name],
                    )
        tag = _FORBIDDEN_TAGS.get(type(node))
        if tag is not None:
            raise TemplateProblem(
                f"{tag} is not available in scene texts",
                line,
                code="KH037",
                hint="Scene texts use {{ ... }}, {% if %}, {% for %} and {% set %} only.",
            )
        if isinstance(node, nodes.For) and node.recursive:
            raise TemplateProblem(
                "recursive loops are not available in scene texts",
                line,
                code="KH037",
                needle="recursive",
            )
        if isinstance(node, nodes.Name) and node.ctx == "load":
            name = node.name
            if (
                name not in TEMPLATE_NAMES
                and name not in assigned
                and not (name.startswith("__") and name[3:].isdigit())
            ):
                if name in _JINJA_GLOBALS:
                    raise TemplateProblem(
                        f"{name}() is not available in scene texts",
                        line,
                        code=code_names,
                        needle=name,
                        hint="Scene texts loop only over what the shop offers, "
                        "e.g. {% for p in basket %}; see docs/authoring.md.",
                    )
                raise TemplateProblem(
                    f"unknown name {name!r}",
                    line,
                    code=code_names,
                    needle=name,
                    hint=did_you_mean(name, TEMPLATE_NAMES)
                    or f"Ids go in quotes: shop.price('{name}'), seen('{name}'). Templates "
                    f"know these names: {', '.join(sorted(TEMPLATE_NAMES))}.",
                )
        elif isinstance(node, nodes.Getattr):
            if node.attr.startswith("_"):
                raise TemplateProblem(
                    f"{node.attr!r}: names starting with '_' are private",
                    line,
                    code="KH037",
                    needle=node.attr,
                    hint="Templates can only use the public names listed in docs/authoring.md.",
                )
            if (
                isinstance(node.node, nodes.Name)
                and node.node.name in TEMPLATE_NAMES
                and (id(node) not in handled)
            ):
                out.refs.append(TemplateRef(node.node.name, node.attr, line))
        elif isinstance(node, nodes.Getitem):
            key = _literal(node.arg)
            if isinstance(key, str) and key.startswith("_"):
                raise TemplateProblem(
                    f"{key!r}: names starting with '_' are private", line, code="KH037", needle=key
                )
            if isinstance(key, _Slot):
                out.slot_keys.append(key.index)
            if isinstance(node.node, nodes.Name) and node.node.name == "visits" and key is not None:
                out.refs.append(TemplateRef("visits", "", line, False, (key,)))
        elif isinstance(node, nodes.Call):
            target = node.node
            args = tuple(_literal(a) for a in node.args)
            kwargs = tuple((k.key, _literal(k.value)) for k in node.kwargs)
            dynamic = node.dyn_args is not None or node.dyn_kwargs is not None
            if isinstance(target, nodes.Name) and target.name in TEMPLATE_NAMES:
                out.refs.append(TemplateRef(target.name, "", line, True, args, kwargs, dynamic))
            elif (
                isinstance(target, nodes.Getattr)
                and isinstance(target.node, nodes.Name)
                and (target.node.name in TEMPLATE_NAMES and not target.attr.startswith("_"))
            ):
                handled.add(id(target))
                out.refs.append(
                    TemplateRef(target.node.name, target.attr, line, True, args, kwargs, dynamic)
                )
        elif isinstance(node, (nodes.Filter, nodes.Test)):
            known = AUTHOR_FILTERS if isinstance(node, nodes.Filter) else ENV.tests
            if node.name not in known:
                what = "filter" if isinstance(node, nodes.Filter) else "test"
                raise TemplateProblem(
                    f"the {what} {node.name!r} is not available in scene texts",
                    line,
                    code=code_names,
                    needle=node.name,
                    hint=did_you_mean(node.name, known)
                    or f"Available {what}s: {', '.join(sorted(known))}.",
                )
        elif isinstance(node, nodes.Compare):
            _compare_refs(node, line, out.refs)
    return out


def _compare_refs(node: nodes.Compare, line: int, refs: list[TemplateRef]) -> None:
    """``'tv' in basket``, ``scene == 'kasse'``, ``lang == 'de'``: ids worth checking."""
    left = node.expr
    for operand in node.ops:
        right = operand.expr
        if (
            operand.op in ("in", "notin")
            and isinstance(right, nodes.Name)
            and (right.name == "basket")
        ):
            value = _literal(left)
            if value is not None:
                refs.append(TemplateRef("basket", "", line, False, (value,)))
        if operand.op in ("eq", "ne"):
            for name_node, other in ((left, right), (right, left)):
                if isinstance(name_node, nodes.Name) and name_node.name in ("scene", "lang"):
                    value = _literal(other)
                    if value is not None:
                        refs.append(TemplateRef(name_node.name, "", line, False, (value,)))
        left = right


class _Guarder(NodeTransformer):
    """Wrap loop iterables and assigned values in the runtime guards."""

    @staticmethod
    def _wrap(expr: nodes.Node, guard: str) -> nodes.Expr:
        return nodes.Filter(expr, guard, [], [], None, None, lineno=expr.lineno)

    def visit_For(self, node: nodes.For) -> nodes.Node:
        cost = sum(1 for part in (*node.body, *node.else_) for _ in part.find_all(nodes.Node))
        cost += len(node.body) + len(node.else_) + (0 if node.test is None else 1)
        self.generic_visit(node)
        node.iter = nodes.Filter(
            node.iter, "kh_loop", [nodes.Const(cost)], [], None, None, lineno=node.iter.lineno
        )
        return node

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        # Prose between tags is output through ``finalize`` like ``{{ }}``, so that the
        # output limit counts it too (a loop repeating a long prose, in a ``{# #}`` text).
        self.generic_visit(node)
        node.nodes = [
            nodes.Const(child.data, lineno=child.lineno)
            if isinstance(child, nodes.TemplateData)
            else child
            for child in node.nodes
        ]
        return node

    def visit_Compare(self, node: nodes.Compare) -> nodes.Node:
        self.generic_visit(node)
        node.expr = self._wrap(node.expr, "kh_cost")
        for operand in node.ops:
            operand.expr = self._wrap(operand.expr, "kh_cost")
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return self._wrap(nodes.List(node.nodes, lineno=node.lineno), "kh_concat")

    def visit_Assign(self, node: nodes.Assign) -> nodes.Node:
        self.generic_visit(node)
        node.node = self._wrap(node.node, "kh_value")
        return node

    def visit_AssignBlock(self, node: nodes.AssignBlock) -> nodes.Node:
        self.generic_visit(node)
        # ``{% set x | f %}...{% endset %}``: the guard goes around the author's filter.
        node.filter = nodes.Filter(node.filter, "kh_value", [], [], None, None, lineno=node.lineno)
        return node

    def visit_With(self, node: nodes.With) -> nodes.Node:
        self.generic_visit(node)
        node.values = [self._wrap(v, "kh_value") for v in node.values]
        return node


# -- numbers and visited scenes lifted out of shared code ---------------------------

_NUMBER = re.compile(r"(?<![\w.])(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?(?![\w.])")
_VISIT = re.compile(r"(?<![\w.])visits\.([A-Za-z]\w*)")
_VISIT_MARK = "khvisit"
_LIFTABLE = re.compile(r"\d|visits\.")


#: Shared by every tag with nothing to lift (read, never written: a large pack has
#: tens of thousands of such tags).
_NOTHING_LIFTED: dict[str, Any] = {}


class _Lifted(NamedTuple):
    code: str
    values: dict[str, Any]  # ``__nK``: the numbers; ``__aK``: the scene names
    names: tuple[str, ...]  # the scene names, by K


def _lift_more(code: str) -> _Lifted:
    """Take numbers and the scene after ``visits.`` out of tag code, as literals are.

    ``visits.kasse > 2`` and ``visits.kiosk > 3`` then share one compiled
    expression; ``_Unlift`` turns the placeholder back into the same attribute
    lookup, so what runs is what the author wrote.
    """
    if _LIFTABLE.search(code) is None or _VISIT_MARK in code or "__n" in code or "__a" in code:
        return _Lifted(code, _NOTHING_LIFTED, ())
    names: list[str] = []
    values: dict[str, Any] = {}

    def visit(match: re.Match[str]) -> str:
        values[f"__a{len(names)}"] = match.group(1)
        names.append(match.group(1))
        return f"visits.{_VISIT_MARK}{len(names) - 1}"

    def number(match: re.Match[str]) -> str:
        token = match.group()
        name = f"__n{len(values) - len(names)}"
        values[name] = float(token) if "." in token else int(token)
        return name

    code = _VISIT.sub(visit, code)
    code = _NUMBER.sub(number, code)
    return _Lifted(code, values, tuple(names))


class _Unlift(NodeTransformer):
    """``visits.khvisit0`` back to a lookup of the scene named by ``__a0``."""

    def visit_Getattr(self, node: nodes.Getattr) -> nodes.Node:
        self.generic_visit(node)
        if (
            isinstance(node.node, nodes.Name)
            and node.node.name == "visits"
            and node.attr.startswith(_VISIT_MARK)
        ):
            name = nodes.Name(f"__a{node.attr[len(_VISIT_MARK) :]}", "load", lineno=node.lineno)
            return nodes.Filter(node.node, "kh_attr", [name], [], None, None, lineno=node.lineno)
        return node


def _unmark(ref: TemplateRef, names: tuple[str, ...]) -> TemplateRef:
    if ref.base == "visits" and ref.attr.startswith(_VISIT_MARK):
        return ref._replace(attr=names[int(ref.attr[len(_VISIT_MARK) :])])
    return ref


# -- compiled forms -----------------------------------------------------------------


def _stream(template: Any, values: dict[str, Any]) -> str:
    """Render chunk by chunk and stop at the output limit, whatever the template does."""
    context = template.new_context(values)
    chunks: list[str] = []
    total = 0
    for chunk in template.root_render_func(context):
        total += len(chunk)
        if total > MAX_OUTPUT_CHARS:
            raise _too_big("this text")
        chunks.append(chunk)
    return "".join(chunks)


class GuardedTemplate:
    """A text compiled on its own: rendered in bounded time and size."""

    __slots__ = ("template",)

    def __init__(self, template: Any) -> None:
        self.template = template

    def render(self, *args: Any, **kwargs: Any) -> str:
        # The pack's own text is clean (refused at load); what a player typed may not be.
        return neutralise(_bounded(_stream, self.template, dict(*args, **kwargs)))


class BoundTemplate:
    """A shared compiled shape plus the prose and literals of one text."""

    __slots__ = ("consts", "template")

    def __init__(self, template: Any, consts: dict[str, str]) -> None:
        self.template = template
        self.consts = consts

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        context.update(self.consts)
        return neutralise(_bounded(_stream, self.template, context))


class CompiledCondition:
    """A ``when:`` expression: call it with the template names to get its value."""

    __slots__ = ("consts", "template")

    def __init__(self, template: Any, consts: dict[str, str] | None = None) -> None:
        self.template = template
        self.consts = consts or {}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # Called as ``compiled(**context)``: ``kwargs`` is already this call's own dict.
        values = dict(*args, **kwargs) if args else kwargs
        if self.consts:
            values.update(self.consts)
        return _bounded(self._evaluate, values)

    def _evaluate(self, values: dict[str, Any]) -> Any:
        # ``values`` is this call's own dict: the context may read it without a copy.
        context = ENV.context_class(ENV, values, None, {})
        for _ in self.template.root_render_func(context):
            pass
        return context.vars["result"]


class LateTemplateError(TemplateError):
    """A text compiled when first shown turned out broken; says what ``check`` would."""

    def __init__(self, problem: TemplateProblem, what: str) -> None:
        where = f" (line {problem.line} of the {what})" if problem.line > 1 else ""
        hint = f" {problem.hint}" if problem.hint else ""
        super().__init__(f"{problem.code or 'KH030'} {problem.message}{where}.{hint}")


def compile_late(shapes: dict[str, Any] | None, source: str, *, condition: bool) -> Any:
    """Compile a text or condition first shown now (see ``template_base.LazyTemplate``)."""
    eager = TemplateCompiler()
    if shapes is not None:  # share the shapes compiled so far in this pack
        eager._shapes = shapes
    try:
        if condition:
            return eager.condition(source).template
        return eager.text(source).template
    except TemplateProblem as problem:
        raise LateTemplateError(problem, "condition" if condition else "text") from None


# -- shapes -------------------------------------------------------------------------

_OPEN = re.compile(r"\{[{%#]")
_PLAIN_CODE = re.compile(r"""[^'"()\[\]{}%\\]+""")
_BLANKS = re.compile(r"[ \t\f\v]+")
_NO_SHAPE_MARKS = ("{{-", "-}}", "{%-", "-%}", "{%+", "{{+", "+%}")
_SYNTAX_MARKS = ("{{", "{%", "{#")


@dataclass
class _Shape:
    consts: list[str]  # string literals, by slot index
    data: list[str]  # prose chunks, by index
    offsets: list[int]  # where each tag of the shape starts in the (normalised) source
    source: str
    #: The shape piece by piece: ``("d", index)`` for prose, ``("{", code)`` for an
    #: output tag, ``("%", code)`` for a statement tag (literals lifted in both).
    parts: list[tuple[str, Any]] = field(default_factory=list)

    @functools.cached_property
    def key(self) -> str:
        """The shape as one template, prose as ``__dN``; every piece ends with a line
        break inside its closing tag. Built only for texts compiled as a whole."""
        out = []
        for kind, value in self.parts:
            if kind == "d":
                out.append(f"{{{{ __d{value}\n}}}}")
            elif kind == "%":
                out.append(f"{{% {value}\n%}}")
            else:
                out.append(f"{{{{ {value}\n}}}}")
        return "".join(out)


def _lift(text: str, start: int, end: str | None, consts: list[str]) -> tuple[str, int] | None:
    """Read template code from ``start`` as Jinja's lexer does, lifting string literals.

    The code ends at ``end`` (``}}`` or ``%}``) outside any string and any open
    bracket – Jinja ignores a closing delimiter while a bracket is open – or
    at the end of ``text`` when ``end`` is None. Returns the code with each
    literal replaced by ``__sN`` and the index after the delimiter; None where
    a backslash, a stray bracket or an unclosed string makes it uncertain.
    """
    out: list[str] = []
    depth = 0
    i = start
    n = len(text)
    while i < n:
        plain = _PLAIN_CODE.match(text, i)
        if plain:
            out.append(plain.group())
            i = plain.end()
            continue
        char = text[i]
        if char in "'\"":
            close = text.find(char, i + 1)
            if close < 0 or "\\" in text[i + 1 : close]:
                return None
            consts.append(text[i + 1 : close])
            out.append(f"__s{len(consts) - 1}")
            i = close + 1
            continue
        if char == "\\":
            return None
        if char in "([{":
            depth += 1
        elif char in ")]" or (char == "}" and depth):
            if depth == 0:
                return None
            depth -= 1
        elif char == "}":  # at depth 0: the end of a {{ }} tag, or a stray brace
            if end == "}}" and text.startswith("}}", i):
                return "".join(out), i + 2
            return None
        elif char == "%" and depth == 0 and end == "%}" and text.startswith("%}", i):
            return "".join(out), i + 2
        out.append(char)
        i += 1
    if end is None and depth == 0:
        return "".join(out), n
    return None


def _shape_of(source: str) -> _Shape | None:
    """Split a text into a reusable shape, or None where Jinja's lexer could disagree."""
    if (
        "__" in source
        or "{#" in source
        or (("-" in source or "+" in source) and any(mark in source for mark in _NO_SHAPE_MARKS))
    ):
        return None
    text = _jinja_text(source)
    consts: list[str] = []
    data: list[str] = []
    offsets: list[int] = []
    parts: list[tuple[str, Any]] = []
    pos = 0
    while True:
        opening = _OPEN.search(text, pos)
        if opening is None:
            break
        start = opening.start()
        if start > pos:
            parts.append(("d", len(data)))
            data.append(text[pos:start])
            offsets.append(pos)
        block = text[start + 1] == "%"
        lifted = _lift(text, start + 2, "%}" if block else "}}", consts)
        if lifted is None:
            return None
        code, pos = lifted
        # Spaces do not matter inside a tag, line breaks do (for the line numbers).
        if "  " in code or "\t" in code or "\f" in code or "\v" in code:
            code = _BLANKS.sub(" ", code)
        code = code.strip(" ")
        if block and code.split(" ", 1)[0] in ("raw", "endraw"):
            return None
        parts.append(("%" if block else "{", code))
        offsets.append(start)
    if pos < len(text):
        parts.append(("d", len(data)))
        data.append(text[pos:])
        offsets.append(pos)
    return _Shape(consts, data, offsets, text, parts)


@dataclass
class _ShapeEntry:
    template: Any
    refs: list[TemplateRef]
    slot_keys: list[int]
    starts: list[int] = field(default_factory=list)  # shape line where each piece starts


def _piece_starts(key: str) -> list[int]:
    """Each piece of a shape ends with a line break inside its closing tag."""
    starts = [1]
    for piece in re.findall(r"\{[{%].*?\n[}%]\}", key, re.S):
        starts.append(starts[-1] + piece.count("\n"))
    return starts[:-1]


_FAILED = object()


class TemplateCompiler(TextCompiler):
    """Compiles every text and condition of a pack now, sharing work between them.

    For ``kaufhaus check`` and the author's tools, which report every problem
    at once; a game compiles each text when first shown (``TextCompiler``).
    """

    # -- texts --------------------------------------------------------------------
    def _compile_text(self, source: str) -> Compiled:
        result: Compiled | None = None
        shape = _shape_of(source)
        if shape is not None:
            from kaufhaus.story.segments import segmented  # it builds on this module

            result = segmented(shape, self._shapes)
            if result is not None:
                self.stats["segmented"] += 1
            else:
                result = self._from_shape(shape)
        if result is None:
            self.stats["full"] += 1
            result = self._compile_text_full(source)
        return result

    def _from_shape(self, shape: _Shape) -> Compiled | None:
        entry = self._shapes.get(shape.key)
        if entry is None:
            entry = self._compile_shape(shape.key)
            self._shapes[shape.key] = entry
            self.stats["shapes"] += 1
        else:
            self.stats["shape_hits"] += 1
        if entry is _FAILED:
            return None
        assert isinstance(entry, _ShapeEntry)
        if any(shape.consts[i].startswith("_") for i in entry.slot_keys):
            return None  # let the full compile report it with its position
        consts = {f"__s{i}": c for i, c in enumerate(shape.consts)}
        consts.update({f"__d{i}": d for i, d in enumerate(shape.data)})
        refs = tuple(
            ref.bind(shape.consts, self._line_of(shape, entry.starts, ref.line))
            for ref in entry.refs
        )
        return Compiled(BoundTemplate(entry.template, consts), refs)

    @staticmethod
    def _line_of(shape: _Shape, starts: list[int], shape_line: int) -> int:
        """Find the piece a shape line belongs to, then that line in the text itself."""
        index = max(0, bisect.bisect_right(starts, shape_line) - 1)
        index = min(index, len(shape.offsets) - 1)
        first = shape.source.count("\n", 0, shape.offsets[index]) + 1
        return first + shape_line - starts[index]

    def _compile_shape(self, key: str) -> Any:
        try:
            ast = ENV.parse(key)
            analysis = _analyse(ast, condition=False)
            guarded = _Guarder().visit(ast)
            guarded.set_environment(ENV)
            template = ENV.from_string(guarded)
        except Exception:  # any trouble: compile the text itself instead
            return _FAILED
        return _ShapeEntry(template, analysis.refs, analysis.slot_keys, _piece_starts(key))

    def _compile_text_full(self, source: str) -> Compiled:
        ast = self._parse(source, "template")
        analysis = _analyse(ast, condition=False)
        template = self._generate(ast, source)
        return Compiled(template, tuple(analysis.refs))

    # -- conditions ---------------------------------------------------------------
    def _compile_condition(self, source: str) -> Compiled:
        result: Compiled | None = None
        consts: list[str] = []
        lifted = None if "__" in source else _lift(source, 0, None, consts)
        if lifted is not None:
            more = _lift_more(lifted[0])
            key = more.code
            entry = self._shapes.get("when:" + key)
            if entry is None:
                entry = self._compile_condition_shape(key)
                self._shapes["when:" + key] = entry
                self.stats["shapes"] += 1
            else:
                self.stats["shape_hits"] += 1
            if isinstance(entry, _ShapeEntry) and not any(
                consts[i].startswith("_") for i in entry.slot_keys
            ):
                values: dict[str, Any] = {f"__s{i}": c for i, c in enumerate(consts)}
                values.update(more.values)
                result = Compiled(
                    CompiledCondition(entry.template, values),
                    tuple(_unmark(ref, more.names).bind(consts, ref.line) for ref in entry.refs),
                )
        if result is None:
            self.stats["full"] += 1
            expr = self._parse_expression(source)
            analysis = _analyse(expr, condition=True)
            result = Compiled(
                CompiledCondition(self._expression_template(expr, source)), tuple(analysis.refs)
            )
        return result

    def _compile_condition_shape(self, key: str) -> Any:
        try:
            expr = self._parse_expression(key)
            analysis = _analyse(expr, condition=True)
            template = self._expression_template(_Unlift().visit(expr), key)
        except Exception:  # any trouble: compile the condition itself
            return _FAILED
        return _ShapeEntry(template, analysis.refs, analysis.slot_keys)

    # -- Jinja plumbing -----------------------------------------------------------
    @staticmethod
    def _parse(source: str, what: str) -> nodes.Template:
        try:
            return ENV.parse(source)
        except TemplateSyntaxError as exc:
            raise TemplateProblem(
                f"{what} syntax error: {exc.message}",
                exc.lineno or 1,
                needle=_quoted_word(exc.message or ""),
                hint=_syntax_hint(exc.message or ""),
            ) from None
        except RecursionError:
            raise TemplateProblem(f"{what} is nested too deeply", code="KH037") from None
        except Exception as exc:  # the lexer can fail in odd ways
            raise TemplateProblem(f"{what} cannot be read: {exc}") from None

    @staticmethod
    def _parse_expression(source: str) -> nodes.Expr:
        try:
            parser = Parser(ENV, source, state="variable")
            expr = parser.parse_expression()
            if not parser.stream.eos:
                raise TemplateSyntaxError(
                    "unexpected text after the condition", parser.stream.current.lineno, None, None
                )
            expr.set_environment(ENV)
            return expr
        except TemplateSyntaxError as exc:
            raise TemplateProblem(
                f"condition syntax error: {exc.message}",
                exc.lineno or 1,
                hint="A condition is one expression, e.g. "
                "shop.interest('tv') > 2 or visits.kasse > 1.",
            ) from None
        except RecursionError:
            raise TemplateProblem("condition is nested too deeply", code="KH037") from None
        except Exception as exc:
            raise TemplateProblem(f"condition cannot be read: {exc}") from None

    @staticmethod
    def _generate(ast: nodes.Template, source: str) -> Any:
        try:
            guarded = _Guarder().visit(ast)
            guarded.set_environment(ENV)
            return GuardedTemplate(ENV.from_string(guarded))
        except TemplateSyntaxError as exc:
            raise TemplateProblem(f"template error: {exc.message}", exc.lineno or 1) from None
        except (RecursionError, MemoryError, SyntaxError):
            raise TemplateProblem("template is nested too deeply", code="KH037") from None
        except Exception as exc:
            raise TemplateProblem(f"template cannot be compiled: {exc}") from None

    @classmethod
    def _expression_template(cls, expr: nodes.Expr, source: str) -> Any:
        body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
        template = nodes.Template(body, lineno=1)
        try:
            guarded = _Guarder().visit(template)
            guarded.set_environment(ENV)
            return ENV.from_string(guarded)
        except TemplateSyntaxError as exc:
            raise TemplateProblem(f"condition error: {exc.message}", exc.lineno or 1) from None
        except (RecursionError, MemoryError, SyntaxError):
            raise TemplateProblem("condition is nested too deeply", code="KH037") from None
        except Exception as exc:
            raise TemplateProblem(f"condition cannot be compiled: {exc}") from None


def _quoted_word(message: str) -> str | None:
    """``Encountered unknown tag 'endfi'.`` -> ``endfi``: something to find on the line."""
    match = re.search(r"'([A-Za-z_][A-Za-z0-9_]*)'", message)
    return match.group(1) if match else None


def _syntax_hint(message: str) -> str:
    if "endif" in message or "endfor" in message:
        return "Every {% if %} needs its {% endif %}, every {% for %} its {% endfor %}."
    if "end of print statement" in message or "'}'" in message:
        return "Close every {{ with }}, and quote texts inside it: {{ shop.price('tv') }}."
    return (
        "Templates use {{ name }} and {% if ... %}...{% endif %}; "
        "see docs/authoring.md for the names you can use."
    )


# -- the simple API, one compiler per call ------------------------------------------


def compile_text(source: str) -> Any:
    """Compile a text template; raise TemplateProblem with the template line."""
    return TemplateCompiler().text(source).template


def compile_condition(source: str) -> Any:
    """Compile a ``when:`` expression."""
    return TemplateCompiler().condition(source).template
