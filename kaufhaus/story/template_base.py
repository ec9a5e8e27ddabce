"""What loading a pack needs of its templates, without Jinja.

Starting a game compiles each text when it is first shown (``kaufhaus.play.
pack``), so loading needs only what every compile begins with: the limits,
the problems, the references the pack-wide checks read, plain texts, and a
compiler that keeps the rest for later. Jinja and the sandbox
(``templates.py``, which builds on this module) are imported with the first
text that needs them: a terminal game's title is ready without them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kaufhaus.story.errors import neutralise

#: The grammatical cases ``shop.the(pid, case)`` knows.
CASES = ("nom", "acc", "dat")

#: Longest text (template source) a pack may contain, in characters.
MAX_TEMPLATE_CHARS = 20_000


class TemplateProblem(Exception):
    """A template that cannot be compiled; ``line`` is 1-based within the template."""

    def __init__(
        self,
        message: str,
        line: int = 1,
        *,
        code: str = "",
        needle: str | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.code = code  # "" = the caller's default (KH030 for texts, KH031 for conditions)
        self.needle = needle  # a word to look for on the line, for the column
        self.hint = hint


def did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"Did you mean {close[0]!r}?" if close else ""


# -- what a template refers to ------------------------------------------------------


class _Slot:
    """A string literal lifted out of a shared template shape; bound per text."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


class TemplateRef(NamedTuple):
    """One thing a template looks up, for the pack-wide checks at load time.

    ``base`` is the top-level name (``shop``, ``player``, ``visits``, ``seen``,
    ``basket``, ``scene``, ``lang``); ``attr`` the attribute after the dot
    (``""`` for none); ``args``/``kwargs`` the literal call arguments, with
    ``None`` standing for anything that is not a literal text; ``call`` says
    whether it was called at all.
    """

    base: str
    attr: str
    line: int
    call: bool = False
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()
    dynamic: bool = False  # called with *args or **kwargs

    def bind(self, consts: list[str], line: int) -> TemplateRef:
        """This reference in one text: literals filled in, line in that text."""
        base, attr, _, call, args, kwargs, dynamic = self
        if not args and not kwargs:
            return TemplateRef(base, attr, line, call, args, kwargs, dynamic)

        def value(v: Any) -> Any:
            return consts[v.index] if isinstance(v, _Slot) else v

        return TemplateRef(
            base,
            attr,
            line,
            call,
            tuple(value(a) for a in args),
            tuple((k, value(v)) for k, v in kwargs),
            dynamic,
        )


_NEWLINES = re.compile(r"\r\n|\r|\n")


def _jinja_text(source: str) -> str:
    """What Jinja makes of a text without template code: normalised line breaks and
    one trailing newline dropped (``keep_trailing_newline=False``)."""
    text = _NEWLINES.sub("\n", source) if "\r" in source else source
    return text[:-1] if text.endswith("\n") else text


class StaticTemplate:
    """A text without template code: rendering it is returning it."""

    __slots__ = ("text",)

    def __init__(self, source: str) -> None:
        self.text = neutralise(_jinja_text(source))

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.text


@dataclass(frozen=True)
class Compiled:
    """A compiled text or condition with what it refers to."""

    template: Any
    refs: tuple[TemplateRef, ...] = ()


def has_template_code(source: str) -> bool:
    return "{{" in source or "{%" in source or "{#" in source


# -- compiling -----------------------------------------------------------------------


class LazyTemplate:
    """A text compiled on its first rendering, by the sandbox in ``templates.py``."""

    __slots__ = ("compiled", "shapes", "source")
    _condition = False

    def __init__(self, source: str, shapes: dict[str, Any]) -> None:
        self.source = source
        self.shapes: dict[str, Any] | None = shapes
        self.compiled: Any = None

    def _compiled(self) -> Any:
        if self.compiled is None:
            from kaufhaus.story.templates import compile_late

            self.compiled = compile_late(self.shapes, self.source, condition=self._condition)
            self.shapes = None
        return self.compiled

    def render(self, *args: Any, **kwargs: Any) -> str:
        return str(self._compiled().render(*args, **kwargs))


class LazyCondition(LazyTemplate):
    """A ``when:`` compiled on its first evaluation."""

    __slots__ = ()
    _condition = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._compiled()(*args, **kwargs)


class TextCompiler:
    """The texts and conditions of one pack, each compiled when first shown.

    Here is what every compile checks first (the size limit, no ``{{ }}`` in
    a condition) and what needs no compiling at all (a text without template
    code). The rest waits for its first rendering: starting a game then costs
    little more than reading the files, and a template error shows where the
    text is used. ``TemplateCompiler`` (``templates.py``) compiles everything
    at once instead, for ``kaufhaus check`` and the author's tools.

    A compiler lives as long as one load: nothing is shared between packs, so a
    benchmark or a test always sees a cold start.
    """

    def __init__(self) -> None:
        self._texts: dict[str, Compiled] = {}
        self._conditions: dict[str, Compiled] = {}
        #: Shared by every text of the pack (and those compiled later): the tags and
        #: shapes compiled so far.
        self._shapes: dict[str, Any] = {}
        self.stats = {
            "static": 0,
            "exact": 0,
            "segmented": 0,
            "shape_hits": 0,
            "shapes": 0,
            "full": 0,
        }

    def text(self, source: str) -> Compiled:
        """Compile a text template; raise TemplateProblem with the template line."""
        cached = self._texts.get(source)
        if cached is not None:
            self.stats["exact"] += 1
            return cached
        if len(source) > MAX_TEMPLATE_CHARS:
            raise TemplateProblem(
                f"text is {len(source):,} characters long; the limit is {MAX_TEMPLATE_CHARS:,}",
                code="KH038",
                hint="Split it over several scenes or items.",
            )
        if not has_template_code(source):
            self.stats["static"] += 1
            result = Compiled(StaticTemplate(source))
        else:
            result = self._compile_text(source)
        self._texts[source] = result
        return result

    def condition(self, source: str) -> Compiled:
        """Compile a ``when:`` expression."""
        cached = self._conditions.get(source)
        if cached is not None:
            self.stats["exact"] += 1
            return cached
        if len(source) > MAX_TEMPLATE_CHARS:
            raise TemplateProblem(
                f"condition is {len(source):,} characters long; "
                f"the limit is {MAX_TEMPLATE_CHARS:,}",
                code="KH038",
            )
        if "{{" in source or "{%" in source:
            raise TemplateProblem(
                "a condition is written without {{ }} or {% %}",
                needle="{",
                hint="For example: when: shop.knows('tv') (quotes only around ids and texts).",
            )
        result = self._compile_condition(source)
        self._conditions[source] = result
        return result

    def _compile_text(self, source: str) -> Compiled:
        return Compiled(LazyTemplate(source, self._shapes))

    def _compile_condition(self, source: str) -> Compiled:
        return Compiled(LazyCondition(source, self._shapes))


# -- what the game offers templates ---------------------------------------------------


@dataclass(frozen=True)
class TemplateApi:
    """The attributes of the template facades, supplied by the game layer.

    The story layer does not import the game; whoever loads a pack for play or
    for ``kaufhaus check`` passes this in, so ``shop.pirce`` is caught at load
    with a "did you mean 'price'?" instead of failing in the middle of a game.
    ``attributes`` maps a facade (``shop``) to its attributes and, for methods,
    the names of their parameters; ``values`` lists the allowed literal values
    for parameters that take one of a fixed set (``purpose``).
    """

    attributes: dict[str, dict[str, tuple[str, ...] | None]]
    values: dict[str, frozenset[str]] = field(default_factory=dict)
