"""YAML with positions: parse with PyYAML's safe composer, keep every node's mark.

Why not ``yaml.safe_load``: it forgets where a value came from and silently
lets a later duplicate key win. Authors need both: ``file:line:column`` in every
message and duplicate keys reported as the mistakes they usually are.
Aliases are refused outright, which also disarms "billion laughs" bombs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kaufhaus.story.errors import Pos, Problem

try:  # libyaml is much faster; fall back to pure Python where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class Node:
    """A YAML value with the position where it starts.

    ``value`` is a plain scalar, a ``list[Node]`` or a ``dict[str, Node]``;
    ``key_pos`` holds the position of each mapping key.
    """

    value: Any
    pos: Pos
    key_pos: dict[str, Pos] = field(default_factory=dict)

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


_constructor = yaml.constructor.SafeConstructor()


def _pos(file: str, mark: Any) -> Pos:
    return Pos(file, mark.line + 1, mark.column + 1)


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG, _NULL_TAG):
        return _constructor.construct_object(node, deep=True)
    return str(node.value)


def parse_yaml(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document; return its tree or the problems that stop it."""
    problems: list[Problem] = []
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), start=1):
            indent = line[: len(line) - len(line.lstrip())]
            if "\t" in indent:
                problems.append(
                    Problem(
                        Pos(file, number, indent.index("\t") + 1),
                        "KH002",
                        "a tab is used for indentation",
                        "YAML indents with spaces only; replace the tab with spaces.",
                    )
                )
                return None, problems
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(file, mark) if mark else Pos(file)
        message = str(exc.problem or exc.context or "invalid YAML").strip()
        problems.append(
            Problem(
                pos,
                "KH001",
                f"YAML syntax error: {message}",
                "Check indentation, colons and quotes around this place; "
                "text with ': ' or a leading '{', '[', '*', '&' or '!' needs quotes.",
            )
        )
        return None, problems
    except yaml.YAMLError as exc:
        problems.append(Problem(Pos(file), "KH001", f"YAML error: {exc}", "Fix the YAML syntax."))
        return None, problems
    if root is None:
        return None, problems
    anchors: set[int] = set()
    tree = _convert(root, file, problems, anchors, 0)
    return tree, problems


def _convert(
    node: yaml.Node, file: str, problems: list[Problem], seen: set[int], depth: int
) -> Node:
    pos = _pos(file, node.start_mark)
    if id(node) in seen:
        problems.append(
            Problem(
                pos,
                "KH003",
                "YAML anchors and aliases (&name / *name) are not supported",
                "Write the value out in full where it is needed.",
            )
        )
        return Node(None, pos)
    seen.add(id(node))
    if depth > MAX_DEPTH:
        problems.append(
            Problem(
                pos,
                "KH004",
                f"nesting deeper than {MAX_DEPTH} levels",
                "Scene files are shallow; flatten the structure.",
            )
        )
        return Node(None, pos)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG, _NULL_TAG, _STR_TAG):
            problems.append(
                Problem(
                    pos,
                    "KH005",
                    f"unsupported YAML tag {node.tag!r}",
                    "Remove the '!tag'; scene files use plain values only.",
                )
            )
            return Node(None, pos)
        try:
            return Node(_scalar(node), pos)
        except (ValueError, yaml.YAMLError) as exc:
            problems.append(Problem(pos, "KH005", f"unreadable value: {exc}", "Quote it."))
            return Node(None, pos)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(child, file, problems, seen, depth + 1) for child in node.value], pos)
    assert isinstance(node, yaml.MappingNode)
    result: dict[str, Node] = {}
    key_pos: dict[str, Pos] = {}
    for key_node, value_node in node.value:
        kpos = _pos(file, key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            problems.append(
                Problem(kpos, "KH006", "keys must be plain words", "Use a simple name as the key.")
            )
            continue
        key = str(key_node.value)
        if key in result:
            first = key_pos[key]
            problems.append(
                Problem(
                    kpos,
                    "KH007",
                    f"duplicate key {key!r} (first at line {first.line})",
                    "A later key would silently replace the earlier one; keep one of them.",
                )
            )
            continue
        key_pos[key] = kpos
        result[key] = _convert(value_node, file, problems, seen, depth + 1)
    return Node(result, pos, key_pos)
