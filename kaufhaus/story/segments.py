"""Scene texts compiled tag by tag instead of as one Jinja template each.

Why: Jinja turns every template into Python source and compiles that. In a
large pack nearly every text has its own mix of tags, so even with shapes
shared (``templates.py``) that code generation was most of what ``kaufhaus
check`` and the first look at a scene cost – twenty times the time of reading
the YAML. Yet the *tags* repeat: ``{% if shop.knows('tv') %}``, ``{% else %}``
and ``{{ shop.price('tv') }}`` recur with other literals across thousands of
texts. So a text made of prose, ``{{ expression }}``, ``{% if %}/{% elif %}/
{% else %}``, ``{% for name in expression %}`` and ``{% set name = expression %}``
is split at its tags; each distinct expression (literals lifted out) is parsed,
checked and compiled by Jinja once per pack, in the same guarded sandbox; and
the text keeps only a small tree of those pieces, which ``SegmentedTemplate``
walks to render.

What a text does is unchanged: every expression runs in the same sandbox with
the same guards (output weighed by ``_finalize``, loops by ``_loop_guard``,
``set`` values by ``_value_guard``, one step budget per rendering), loops scope
as Jinja's do (a ``set`` inside a loop lasts one pass), and the references the
pack-wide checks need are the same. Anything else – other tags, whitespace
control, comments, a ``for`` with a filter or ``else``, names the text does not
define, a syntax error – returns None here and the text is compiled whole by
Jinja as before, which also gives every error its usual message. A test renders
every text of the shipped story and of a generated pack both ways and compares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from jinja2 import nodes
from jinja2.runtime import LoopContext

from kaufhaus.story.errors import neutralise
from kaufhaus.story.templates import (
    _FAILED,
    _NOT_TEXT,
    ENV,
    MAX_OUTPUT_CHARS,
    TEMPLATE_NAMES,
    Compiled,
    TemplateRef,
    _analyse,
    _bounded,
    _finalize,
    _Guarder,
    _lift_more,
    _loop_guard,
    _Shape,
    _too_big,
    _Unlift,
    _unmark,
    _value_guard,
)

if TYPE_CHECKING:
    from collections.abc import MutableMapping

_KEYWORD = re.compile(r"\s*([a-z]+)\b")
_SLOT = re.compile(r"__[sdna]\d+")

_PIECE_KIND = {"{{": "out", "if": "test", "elif": "test", "for": "for", "set": "set"}

# What a body holds, step by step: prose as a string, tags as tuples (cheap to
# build and to walk).
_OUT, _IF, _FOR, _SET = range(4)


@dataclass(frozen=True, slots=True)
class _Piece:
    """One expression of a tag, compiled once per pack and shared by every text."""

    template: Any  # a Jinja template that stores the expression's value in ``result``
    refs: tuple[TemplateRef, ...]
    slot_keys: tuple[int, ...]
    free: frozenset[str]  # names read that only the text itself can define
    bare: str | None  # the name, when the expression is nothing but a name
    target: str | None  # the name a ``for`` or ``set`` assigns
    size: int  # its nodes: what it costs in a loop body, as ``_Guarder`` counts

    def value(self, values: dict[str, Any], extra: dict[str, Any], context: Any) -> Any:
        """The expression's value; ``context`` is the rendering's one Jinja context,
        pointed at the names of this moment (a loop pass has its own)."""
        context.parent = values
        context.vars.clear()
        if extra:  # the tag's own numbers and scene names: looked up before ``values``
            context.vars.update(extra)
        for _ in self.template.root_render_func(context):
            pass
        return context.vars["result"]


def _expression(kind: str, code: str) -> tuple[nodes.Node, str | None] | None:
    """Parse a tag's code with Jinja's own grammar for that tag."""
    if kind == "out":
        ast = ENV.parse("{{ " + code + " }}")
        if len(ast.body) != 1 or not isinstance(ast.body[0], nodes.Output):
            return None
        children = ast.body[0].nodes
        if len(children) != 1 or isinstance(children[0], nodes.TemplateData):
            return None
        return children[0], None
    if kind == "test":
        ast = ENV.parse("{% if " + code + " %}{% endif %}")
        node = ast.body[0] if len(ast.body) == 1 else None
        if not isinstance(node, nodes.If) or node.elif_ or node.else_ or node.body:
            return None
        return node.test, None
    if kind == "for":
        ast = ENV.parse("{% for " + code + " %}{% endfor %}")
        node = ast.body[0] if len(ast.body) == 1 else None
        if (
            not isinstance(node, nodes.For)
            or not isinstance(node.target, nodes.Name)
            or node.test is not None
            or node.recursive
            or node.else_
            or node.body
        ):
            return None
        return node.iter, node.target.name
    ast = ENV.parse("{% set " + code + " %}")
    node = ast.body[0] if len(ast.body) == 1 else None
    if not isinstance(node, nodes.Assign) or not isinstance(node.target, nodes.Name):
        return None
    return node.node, node.target.name


def _build(kind: str, code: str) -> _Piece | None:
    parsed = _expression(kind, code)
    if parsed is None:
        return None
    expr, target = parsed
    if target is not None and target.startswith("_"):
        return None
    every = [expr, *expr.find_all(nodes.Node)]
    free = frozenset(
        n.name
        for n in every
        if isinstance(n, nodes.Name)
        and n.ctx == "load"
        and n.name not in TEMPLATE_NAMES
        and not _SLOT.fullmatch(n.name)
    )
    analysis = _analyse(expr, condition=False, known=free)
    guarded = _Guarder().visit(_Unlift().visit(expr))
    body = [nodes.Assign(nodes.Name("result", "store"), guarded, lineno=1)]
    template = nodes.Template(body, lineno=1)
    template.set_environment(ENV)
    return _Piece(
        ENV.from_string(template),
        tuple(analysis.refs),
        tuple(analysis.slot_keys),
        free,
        expr.name if isinstance(expr, nodes.Name) else None,
        target,
        len(every),
    )


def _piece(cache: MutableMapping[Any, Any], kind: str, code: str) -> _Piece | None:
    key = f"piece:{kind}:{code}"
    entry = cache.get(key)
    if entry is None:
        try:
            entry = _build(kind, code) or _FAILED
        except Exception:  # any trouble: the text is compiled whole, which says why
            entry = _FAILED
        cache[key] = entry
    return None if entry is _FAILED else cast(_Piece, entry)


#: A tag read once per pack: (keyword, line breaks before the expression, its piece,
#: the numbers and scene names lifted out of it, those scene names).
_Tag = tuple[str, int, "_Piece | None", dict[str, Any], tuple[str, ...]]


def _tag(cache: MutableMapping[Any, Any], kind: str, code: str) -> _Tag | None:
    """What a tag is, from its code with literals lifted: the same code recurs in
    thousands of texts (``{% endif %}``, ``{{ shop.price(__s0) }}``)."""
    key = (kind, code)
    tag = cache.get(key)
    if tag is None:
        tag = _read_tag(cache, kind, code) or _FAILED
        cache[key] = tag
    return None if tag is _FAILED else cast(_Tag, tag)


def _read_tag(cache: MutableMapping[Any, Any], kind: str, code: str) -> _Tag | None:
    if kind == "{":
        word, rest, skipped = "{{", code, 0
    else:
        match = _KEYWORD.match(code)
        if match is None:
            return None
        word, rest = match.group(1), code[match.end() :]
        skipped = code.count("\n", 0, match.end())
    if word not in _PIECE_KIND:
        return None if rest.strip() else (word, skipped, None, {}, ())
    lifted = _lift_more(rest)
    piece = _piece(cache, _PIECE_KIND[word], lifted.code)
    if piece is None or (word == "{{" and piece.bare in _NOT_TEXT):
        return None
    return (word, skipped, piece, lifted.values, lifted.names)


def _cost(body: list[Any]) -> int:
    total = 0
    for op in body:
        total += 1
        if type(op) is str:
            continue
        if op[0] == _OUT or op[0] == _SET:
            total += op[1].size
        elif op[0] == _IF:
            for piece, _, block in op[1]:
                total += piece.size + _cost(block)
            total += _cost(op[2] or [])
        elif op[0] == _FOR:
            total += op[1].size + _cost(op[3])
    return total


def segmented(shape: _Shape, cache: MutableMapping[Any, Any]) -> Compiled | None:
    """The text of ``shape`` as a tree of shared pieces, or None to compile it whole."""
    body: list[Any] = []
    current = body
    # Open blocks: (keyword, the op being built, the body it sits in).
    stack: list[tuple[str, Any, list[Any]]] = []
    refs: list[TemplateRef] = []
    free: set[str] = set()
    assigned: set[str] = set()
    line, seen = 1, 0
    for (kind, value), offset in zip(shape.parts, shape.offsets, strict=True):
        if kind == "d":
            current.append(shape.data[value])  # prose: kept as the string itself
            continue
        line += shape.source.count("\n", seen, offset)
        seen = offset
        tag = _tag(cache, kind, value)
        if tag is None:
            return None
        word, skipped, piece, extra, names = tag
        if piece is not None:
            if piece.slot_keys and any(shape.consts[i].startswith("_") for i in piece.slot_keys):
                return None
            if piece.refs:
                at = line + skipped - 1
                refs.extend(
                    (_unmark(ref, names) if names else ref).bind(shape.consts, at + ref.line)
                    for ref in piece.refs
                )
            if piece.free:
                free |= piece.free
        top = stack[-1] if stack else None
        if word == "{{":
            current.append((_OUT, piece, extra))
        elif word == "if":
            block: list[Any] = []
            op: list[Any] = [_IF, [(piece, extra, block)], None]
            current.append(op)  # closed into a tuple at endif
            stack.append(("if", op, current))
            current = block
        elif word in ("elif", "else"):
            if top is None or top[0] != "if" or top[1][2] is not None:
                return None
            block = []
            if word == "elif":
                top[1][1].append((piece, extra, block))
            else:
                top[1][2] = block
            current = block
        elif word == "endif":
            if top is None or top[0] != "if":
                return None
            stack.pop()
            current = top[2]
            current[-1] = tuple(top[1])
        elif word == "for":
            assert piece is not None and piece.target is not None
            assigned.update((piece.target, "loop"))
            block = []
            current.append((_FOR, piece, extra, block, 0))
            stack.append(("for", None, current))
            current = block
        elif word == "endfor":
            if top is None or top[0] != "for":
                return None
            stack.pop()
            current = top[2]
            _, piece, extra, block, _ = current[-1]
            current[-1] = (_FOR, piece, extra, block, max(1, _cost(block)))
        elif word == "set":
            assert piece is not None and piece.target is not None
            assigned.add(piece.target)
            current.append((_SET, piece, extra))
        else:
            return None
    if stack or free - assigned:
        return None
    consts = {f"__s{i}": c for i, c in enumerate(shape.consts)}
    return Compiled(SegmentedTemplate(body, consts), tuple(refs))


class _Counts:
    """What Jinja's context carries for the guards: output and loop passes so far."""

    __slots__ = ("kh_loops", "kh_output")

    def __init__(self) -> None:
        self.kh_output = 0
        self.kh_loops = 0


def _run(body: list[Any], values: dict[str, Any], counts: Any, out: list[str], ctx: Any) -> None:
    for op in body:
        if type(op) is str:
            out.append(_finalize(counts, op))
            continue
        kind = op[0]
        if kind == _OUT:
            out.append(str(_finalize(counts, op[1].value(values, op[2], ctx))))
        elif kind == _IF:
            for piece, extra, block in op[1]:
                if piece.value(values, extra, ctx):
                    _run(block, values, counts, out, ctx)
                    break
            else:
                if op[2] is not None:
                    _run(op[2], values, counts, out, ctx)
        elif kind == _FOR:
            piece, block = op[1], op[3]
            items = _loop_guard(counts, piece.value(values, op[2], ctx), op[4])
            for item, loop in LoopContext(items, ENV.undefined):
                # Like Jinja: what a pass sets lasts that pass, the target and
                # ``loop`` only the loop.
                inner = dict(values)
                inner[piece.target] = item
                inner["loop"] = loop
                _run(block, inner, counts, out, ctx)
        else:
            values[op[1].target] = _value_guard(op[1].value(values, op[2], ctx))


def _render(body: list[Any], values: dict[str, Any]) -> str:
    out: list[str] = []
    context = ENV.context_class(ENV, values, None, {})
    _run(body, values, _Counts(), out, context)
    text = "".join(out)
    if len(text) > MAX_OUTPUT_CHARS:
        raise _too_big("this text")
    return text


class SegmentedTemplate:
    """A text as a tree of shared pieces plus its own literals (see the module)."""

    __slots__ = ("body", "consts")

    def __init__(self, body: list[Any], consts: dict[str, str]) -> None:
        self.body = body
        self.consts = consts

    def render(self, *args: Any, **kwargs: Any) -> str:
        values = dict(*args, **kwargs)
        values.update(self.consts)
        return neutralise(_bounded(_render, self.body, values))
