"""Sandboxed Jinja2 for scene texts and ``when:`` conditions.

Scene packs are written by teachers and pupils and shared around; a template
must never reach Python internals or files. Jinja's immutable sandbox blocks
``__class__``-style escapes and mutation, ``StrictUndefined`` turns typos into
errors instead of empty text, and everything is compiled once at load time.
"""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: The names a template may use; the game supplies read-only facades for them.
TEMPLATE_NAMES = frozenset({"shop", "player", "visits", "seen", "basket", "lang", "scene"})


def _make_env() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,  # output is plain text; the UI never interprets it as markup
        keep_trailing_newline=False,
    )
    # No range(), lipsum(), cycler(), joiner() or namespace(): nothing a story needs.
    env.globals.clear()
    return env


ENV = _make_env()


class TemplateProblem(Exception):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _unknown_names(ast: nodes.Template) -> list[str]:
    assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    loaded = [n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"]
    seen: list[str] = []
    for name in loaded:
        if name not in TEMPLATE_NAMES and name not in assigned and name not in seen:
            seen.append(name)
    return seen


def compile_text(source: str) -> Any:
    """Compile a text template; raise TemplateProblem with the template line."""
    try:
        ast = ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"template syntax error: {exc.message}", exc.lineno or 1) from None
    unknown = _unknown_names(ast)
    if unknown:
        raise TemplateProblem(
            f"unknown name {unknown[0]!r} in template (known: {', '.join(sorted(TEMPLATE_NAMES))})"
        )
    return ENV.from_string(source)


def compile_condition(source: str) -> Any:
    """Compile a ``when:`` expression."""
    try:
        ast = ENV.parse("{{ (" + source + ") }}")
        expr = ENV.compile_expression(source, undefined_to_none=False)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"condition syntax error: {exc.message}", 1) from None
    unknown = _unknown_names(ast)
    if unknown:
        raise TemplateProblem(
            f"unknown name {unknown[0]!r} in condition "
            f"(known: {', '.join(sorted(TEMPLATE_NAMES))})"
        )
    return expr
