"""YAML with positions: a small composer over PyYAML's safe event stream.

Why not ``yaml.safe_load``: it forgets where a value came from and silently
lets a later duplicate key win. Authors need both: ``file:line:column`` in every
message and duplicate keys reported as the mistakes they usually are.

Why not ``yaml.compose`` either: libyaml's composer recurses once per nesting
level and crashes the interpreter (a segfault, not an exception) on a file of
100,000 ``[``. Reading *events* is iterative, so we build the tree ourselves
with an explicit stack and stop at :data:`MAX_DEPTH`. Aliases are refused at
the event, before anything is expanded, which also disarms "billion laughs".
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from kaufhaus.story.errors import UNSAFE_CHARS, Pos, Problem, describe_char

try:  # libyaml is much faster; fall back to pure Python where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Scene files are shallow (a scene is about six levels deep); anything far
#: deeper is a mistake or an attack on the parser.
MAX_DEPTH = 64
#: After this many problems in one file we stop reading it: the rest is noise.
MAX_PROBLEMS_PER_FILE = 100
#: Values (scalars, lists, mappings) in one file. A generous scene file has a
#: few tens of thousands; five megabytes of ``[a,a,a,…]`` would be millions,
#: and a few hundred bytes of memory each.
MAX_VALUES_PER_FILE = 250_000

#: One report for a file nested too deep, whichever layer notices first: our
#: composer at MAX_DEPTH, or libyaml's scanner at its own limit (1,000 levels,
#: and it reads about a kilobyte ahead on one line, so on a long line of
#: brackets it may stop before we do).
_TOO_DEEP = (
    "KH004",
    f"nesting deeper than {MAX_DEPTH} levels",
    "Scene files are shallow; check for unclosed '[' or '{' and flatten the structure.",
)

_STR_TAG = "tag:yaml.org,2002:str"
_VALUE_TAGS = frozenset(
    {
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:null",
    }
)
_EXPLICIT_OK = _VALUE_TAGS | {_STR_TAG}
_MERGE_TAG = "tag:yaml.org,2002:merge"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
#: Plain scalars that YAML would turn into dates or '=' values stay text.
_AS_TEXT_TAGS = frozenset({"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"})

_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


class Node:
    """A YAML value with the position where it starts.

    ``value`` is a plain scalar, a ``list[Node]`` or a ``dict[str, Node]``.
    Positions are kept as plain numbers and turned into :class:`Pos` objects
    only when asked for: a 10,000-scene pack has a million nodes, and most of
    them never appear in a message.
    """

    __slots__ = (
        "_keys",
        "_pos",
        "broken",
        "col",
        "end_line",
        "file",
        "line",
        "raw",
        "style",
        "value",
    )

    def __init__(
        self,
        value: Any,
        file: str,
        line: int,
        col: int,
        style: str | None = None,
        end_line: int | None = None,
    ) -> None:
        self.value = value
        self.file = file
        self.line = line  # 1-based
        self.col = col  # 1-based
        self.style = style  # scalar style: None (plain), "'", '"', "|" or ">"
        self.end_line = line if end_line is None else end_line
        self._pos: Pos | None = None
        self._keys: dict[str, tuple[int, int]] | None = None
        self.broken = False  # already reported (a refused tag or alias): no follow-up errors
        self.raw: str | None = None  # as written, for plain scalars YAML made into non-text

    @classmethod
    def at(cls, value: Any, pos: Pos) -> Node:
        """A node for a value that did not come from a file position of its own."""
        node = cls(value, pos.file, pos.line, pos.column)
        node._pos = pos
        return node

    @property
    def pos(self) -> Pos:
        if self._pos is None:
            self._pos = Pos(self.file, self.line, self.col)
        return self._pos

    @property
    def key_pos(self) -> dict[str, Pos]:
        """Where each key of a mapping starts."""
        return {k: Pos(self.file, line, col) for k, (line, col) in (self._keys or {}).items()}

    def key_at(self, key: str) -> Pos:
        line, col = (self._keys or {}).get(key, (self.line, self.col))
        return Pos(self.file, line, col)

    @property
    def kind(self) -> str:
        if isinstance(self.value, dict):
            return "mapping"
        if isinstance(self.value, list):
            return "list"
        if self.value is None:
            return "nothing"
        if isinstance(self.value, bool):
            return "true/false"
        if isinstance(self.value, (int, float)):
            return "number"
        return "text"

    def plain(self) -> Any:
        """The value with positions stripped, for data the model keeps as-is."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value

    def __repr__(self) -> str:
        return f"Node({self.value!r} @ {self.file}:{self.line}:{self.col})"


def _problem(file: str, line: int, col: int, code: str, message: str, hint: str) -> Problem:
    return Problem(Pos(file, line, col), code, message, hint)


def _tab_problem(text: str, file: str) -> Problem | None:
    """YAML forbids tabs in indentation; libyaml's message for it is cryptic."""
    if "\t" not in text:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip())]
        if "\t" in indent:
            return _problem(
                file,
                number,
                indent.index("\t") + 1,
                "KH002",
                "a tab is used for indentation",
                "YAML indents with spaces only; replace the tab with spaces.",
            )
    return None


#: Unsafe characters libyaml lets through when written as they are (it refuses the
#: other control characters itself, KH001); everything else arrives through the
#: escapes of double-quoted text (``"\\e"``, ``"\\x1b"``), checked per value.
_RAW_UNSAFE = re.compile("[\\x85\\u202a-\\u202e\\u2066-\\u2069]")
_ESCAPE = re.compile(r"\\(?:([eabvfr0N])|x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_SIMPLE_ESCAPES = {
    "e": 0x1B,
    "a": 0x07,
    "b": 0x08,
    "v": 0x0B,
    "f": 0x0C,
    "r": 0x0D,
    "0": 0,
    "N": 0x85,
}
_UNSAFE_HINT = (
    "Scene texts are plain text: remove it (escape sequences such as \\e or \\x1b "
    "could take over the player's terminal; bidirectional overrides make a line "
    "read differently from what it holds). Line breaks and tabs are fine."
)


def _unsafe_raw(text: str, file: str) -> Problem | None:
    """The first unsafe character written into the file as it is, located."""
    found = _RAW_UNSAFE.search(text)
    if found is None:
        return None
    before = text[: found.start()]
    line = before.count("\n") + 1
    col = found.start() - (before.rfind("\n") + 1) + 1
    return _problem(
        file,
        line,
        col,
        "KH018",
        f"the file contains the invisible character {describe_char(found.group())}",
        _UNSAFE_HINT,
    )


def _unsafe_escape(text: str, line: int, col: int, end_line: int) -> tuple[int, int]:
    """Where, in a double-quoted scalar starting at line:col, the unsafe escape is."""
    lines = text.split("\n")
    for index in range(line - 1, min(end_line, len(lines))):
        start = col - 1 if index == line - 1 else 0
        for match in _ESCAPE.finditer(lines[index], start):
            simple, *hexes = match.groups()
            number = next((int(h, 16) for h in hexes if h), None)
            code = _SIMPLE_ESCAPES[simple] if simple else number
            if code is not None and code < 0x110000 and UNSAFE_CHARS.match(chr(code)):
                return index + 1, match.start() + 1
    return line, col


def _scalar_value(ev: ScalarEvent) -> tuple[Any, str | None]:
    """The Python value of a scalar event, or an error message."""
    value = ev.value
    if ev.style in ("", None) and ev.tag is None:  # plain: may be a number, bool or null
        # types-PyYAML leaves Resolver.resolve unannotated; it returns the tag.
        tag: str = _resolver.resolve(yaml.ScalarNode, value, ev.implicit)  # type: ignore[no-untyped-call]
        if tag == _STR_TAG or tag in _AS_TEXT_TAGS:
            return value, None
        if tag == _MERGE_TAG:
            return value, None  # only meaningful as a key; reported there
    elif ev.tag is None or ev.tag == "!":
        return value, None
    else:
        tag = ev.tag
        if tag not in _EXPLICIT_OK:
            return None, f"unsupported YAML tag {tag!r}"
        if tag == _STR_TAG:
            return value, None
    try:
        # The tag's constructor itself: ``construct_object`` would cache every node
        # for good in the shared constructor (and is not meant for threads).
        construct = _constructor.yaml_constructors[tag]
        return construct(_constructor, yaml.ScalarNode(tag, value)), None
    except (ValueError, yaml.YAMLError) as exc:
        return None, f"unreadable value {value!r}: {exc}"


def _error_position(exc: yaml.YAMLError, text: str) -> tuple[int, int]:
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    # "found unexpected end of stream" is reported at the very end of the file;
    # where the unclosed quote or bracket began is what the author needs.
    if context is not None and "end of stream" in str(getattr(exc, "problem", "")):
        problem = context
    mark = problem or context
    if mark is not None:
        return mark.line + 1, mark.column + 1
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        # libyaml's reader reports a byte offset into the UTF-8 text.
        before = text.encode("utf-8")[:position].decode("utf-8", errors="ignore")
        return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
    return 1, 1


def _yaml_message(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        problem = (exc.problem or "invalid YAML").strip()
        context = (exc.context or "").strip()
        mark = exc.context_mark
        if context and mark is not None and "end of stream" not in problem:
            where = f"line {mark.line + 1}, column {mark.column + 1}"
            return f"{problem} ({context}, which starts at {where})"
        return f"{problem} ({context})" if context else problem
    reason = getattr(exc, "reason", None)
    character = getattr(exc, "character", None)
    if reason and isinstance(character, int):
        return f"character U+{character:04X} is not allowed ({reason})"
    return str(exc).splitlines()[0] if str(exc) else "invalid YAML"


def parse_yaml(
    text: str, file: str, *, refuse_controls: bool = False
) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document; return its tree (or None) and the problems found.

    Never raises for bad input: every way a file can be broken ends up as a
    located :class:`Problem`. ``refuse_controls`` (scene packs) also refuses
    control and direction characters (KH018); a walkthrough may type them, as
    a player may (they are shown escaped).
    """
    tab = _tab_problem(text, file)
    if tab is not None:
        return None, [tab]
    unsafe = _unsafe_raw(text, file) if refuse_controls else None
    if unsafe is not None:
        return None, [unsafe]
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        root = _compose(loader, file, problems, text if refuse_controls else None)
    except yaml.YAMLError as exc:
        line, col = _error_position(exc, text)
        if "nesting depth" in str(getattr(exc, "problem", "")):
            problems.append(_problem(file, line, col, *_TOO_DEEP))
            return None, problems
        problems.append(
            _problem(
                file,
                line,
                col,
                "KH001",
                f"YAML syntax error: {_yaml_message(exc)}",
                "Check indentation, colons and quotes around this place; text with ': ', "
                "' #', or a leading '{', '[', '*', '&', '!', '?' or '%' needs quotes.",
            )
        )
        return None, problems
    except _Abort:
        return None, problems
    finally:
        loader.dispose()
    return root, problems


class _Abort(Exception):
    """Stop reading a file; the reason is already in the problem list."""


class _Frame:
    """A mapping or list being filled, with the key that waits for its value."""

    __slots__ = ("bad_key", "key", "node")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.key: Node | None = None
        self.bad_key = False  # the pending key was unusable; drop its value


def _compose(
    loader: Any, file: str, problems: list[Problem], text: str | None = None
) -> Node | None:
    """Build the tree; ``text`` given: refuse control characters in quoted scalars."""
    get = loader.get_event
    stack: list[_Frame] = []
    root: Node | None = None
    documents = 0

    def report(line: int, col: int, code: str, message: str, hint: str) -> None:
        problems.append(_problem(file, line, col, code, message, hint))
        if len(problems) >= MAX_PROBLEMS_PER_FILE:
            problems.append(
                _problem(
                    file,
                    line,
                    col,
                    "KH009",
                    f"more than {MAX_PROBLEMS_PER_FILE} problems in this file; "
                    "stopped reading it here",
                    "Fix the problems above and check again.",
                )
            )
            raise _Abort

    values = 0
    while True:
        ev = get()
        if ev is None:
            break
        cls = type(ev)
        if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent:
            values += 1
            if values > MAX_VALUES_PER_FILE:
                mark = ev.start_mark
                report(
                    mark.line + 1,
                    mark.column + 1,
                    "KH014",
                    f"more than {MAX_VALUES_PER_FILE:,} values in one file",
                    "Split the scenes over several files; a scene file this big is "
                    "probably generated by mistake.",
                )
                raise _Abort
        frame = stack[-1] if stack else None
        # Is the value that starts here a mapping key?
        is_key = (
            frame is not None
            and frame.node._keys is not None
            and frame.key is None
            and not frame.bad_key
        )
        node: Node
        if cls is ScalarEvent:
            mark = ev.start_mark
            if text is not None and ev.style == '"' and UNSAFE_CHARS.search(ev.value):
                found = UNSAFE_CHARS.search(ev.value)
                assert found is not None
                line, col = _unsafe_escape(
                    text, mark.line + 1, mark.column + 1, ev.end_mark.line + 1
                )
                report(
                    line,
                    col,
                    "KH018",
                    f"the text contains {describe_char(found.group())}, a control or "
                    "direction character",
                    _UNSAFE_HINT,
                )
                if is_key:
                    assert frame is not None
                    frame.bad_key = True
                    continue
                unsafe = True
            else:
                unsafe = False
            if is_key:
                assert frame is not None
                if (ev.style or None) is None and ev.value == "<<":
                    report(
                        mark.line + 1,
                        mark.column + 1,
                        "KH006",
                        "'<<' merge keys are not supported",
                        "Write the fields out in full.",
                    )
                    frame.bad_key = True
                    continue
                frame.key = Node(ev.value, file, mark.line + 1, mark.column + 1)
                continue
            value, error = _scalar_value(ev)
            if error is not None:
                report(
                    mark.line + 1,
                    mark.column + 1,
                    "KH005",
                    error,
                    "Remove the '!tag' or quote the value; scene files use plain text, "
                    "numbers and true/false only.",
                )
            node = Node(
                value, file, mark.line + 1, mark.column + 1, ev.style or None, ev.end_mark.line + 1
            )
            node.broken = error is not None
            if unsafe:  # reported above; the text is not used
                node.value = None
                node.broken = True
            if not isinstance(value, str):
                node.raw = ev.value
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            mark = ev.start_mark
            if len(stack) >= MAX_DEPTH:
                report(mark.line + 1, mark.column + 1, *_TOO_DEEP)
                raise _Abort
            container = Node(
                {} if cls is MappingStartEvent else [], file, mark.line + 1, mark.column + 1
            )
            if cls is MappingStartEvent:
                container._keys = {}
            if ev.tag not in (None, "!", _SEQ_TAG, _MAP_TAG):
                # ``!!python/object/apply:os.system [...]`` and friends.
                report(
                    mark.line + 1,
                    mark.column + 1,
                    "KH005",
                    f"unsupported YAML tag {ev.tag!r}",
                    "Remove the '!tag'; scene files use plain lists and mappings only.",
                )
                container.broken = True
            stack.append(_Frame(container))
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            node = stack.pop().node
            frame = stack[-1] if stack else None
            is_key = (
                frame is not None
                and frame.node._keys is not None
                and frame.key is None
                and not frame.bad_key
            )
            if is_key:
                assert frame is not None
                report(
                    node.line,
                    node.col,
                    "KH006",
                    "keys must be plain words",
                    "Use a simple name as the key, not a list or a mapping.",
                )
                frame.bad_key = True
                continue
        elif cls is AliasEvent:
            mark = ev.start_mark
            report(
                mark.line + 1,
                mark.column + 1,
                "KH003",
                "YAML anchors and aliases (&name / *name) are not supported",
                "Write the value out in full where it is needed.",
            )
            if is_key:
                assert frame is not None
                frame.bad_key = True
                continue
            node = Node(None, file, mark.line + 1, mark.column + 1)
            node.broken = True
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = ev.start_mark
                report(
                    mark.line + 1,
                    mark.column + 1,
                    "KH008",
                    "a second YAML document ('---') in the same file",
                    "One file is one document; remove the '---' line or move what follows "
                    "into its own file.",
                )
                raise _Abort
            continue
        else:  # stream start/end, document end
            continue

        if frame is None:
            root = node
            continue
        parent = frame.node
        keys = parent._keys
        if keys is None:
            parent.value.append(node)
            continue
        if frame.bad_key:  # the value of a key we could not use
            frame.bad_key = False
            continue
        key_node = frame.key
        assert key_node is not None
        frame.key = None
        key = key_node.value
        if key in keys:
            report(
                key_node.line,
                key_node.col,
                "KH007",
                f"duplicate key {key!r} (first at line {keys[key][0]})",
                "A later key would silently replace the earlier one; keep one of them.",
            )
            continue
        keys[key] = (key_node.line, key_node.col)
        parent.value[key] = node
    return root


# -- where a line of a text template sits in the file --------------------------

_WORD_CHARS = re.compile(r"\w")


def locate_in_scalar(
    node: Node, template_line: int, needle: str | None, lines: list[str] | None
) -> Pos:
    """The file position of ``template_line`` of the text in ``node``.

    The node knows where its scalar starts; inside it, a literal block (``|``)
    keeps lines one to one, while folded blocks (``>``), plain and quoted
    scalars join lines and turn each blank line into one line break. We
    reproduce that counting, then look for ``needle`` (a name, an id) on the
    candidate lines to give the exact column.
    """
    if lines is None or template_line < 1:
        return node.pos
    first = node.line - 1  # 0-based index of the scalar's first line
    if node.style in ("|", ">"):
        first += 1  # the content starts on the line after the indicator
    last = min(len(lines) - 1, max(first, node.end_line - 1))
    candidates: list[int] = []
    if node.style == "|":
        index = first + template_line - 1
        if index <= last:
            candidates = [index]
    else:
        current = 1
        for index in range(first, last + 1):
            if not lines[index].strip():
                current += 1
                continue
            if current == template_line:
                candidates.append(index)
            elif current > template_line:
                break
    if needle:
        for index in candidates + list(range(first, last + 1)):
            found = _find_word(lines[index], needle, node.col - 1 if index == node.line - 1 else 0)
            if found >= 0:
                return Pos(node.file, index + 1, found + 1)
    if candidates:
        index = candidates[0]
        text = lines[index]
        start = node.col - 1 if index == node.line - 1 else len(text) - len(text.lstrip())
        return Pos(node.file, index + 1, start + 1)
    return node.pos


def _find_word(line: str, needle: str, start: int) -> int:
    """Index of ``needle`` in ``line`` as a whole word, or -1."""
    at = line.find(needle, start)
    while at >= 0:
        before = line[at - 1] if at > 0 else " "
        after_index = at + len(needle)
        after = line[after_index] if after_index < len(line) else " "
        word_like = _WORD_CHARS.match(needle[0]) is not None
        if not word_like or (not _WORD_CHARS.match(before) and not _WORD_CHARS.match(after)):
            return at
        at = line.find(needle, at + 1)
    return -1
