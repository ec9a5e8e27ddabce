"""Which values of the author's numbers a pack can tell apart (for ``story-test``).

The explorer merges two states that nothing in the pack can tell apart. A
counter the pack only compares with numbers (``state.unruhe >= 3``) cannot
tell 4 from 40 when 3 is the highest number it is compared with: past its
highest tested value a counter counts as "more", below its lowest as "less",
as visit counts do. So a counter that only goes up (or only down) keeps the
exploration finite. That holds only where it is sound:

- every mention of the variable in the pack's code compares it with a number,
  or prints it (``{{ state.unruhe }}``); any other use (arithmetic, a
  comparison with another value, a ``set:`` expression reading it) keeps every
  value apart;
- "more" only for a counter nothing lowers (no ``"-1"``), "less" only for one
  nothing raises: a value past the bounds must not come back into them.

A counter with a declared range (``state: {unruhe: {start: 0, min: 0, max: 5}}``)
is finite anyway: the game refuses a value outside it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kaufhaus.story.errors import Pos
from kaufhaus.story.model import Assign, Story

_NUMBER = r"-?\d+(?:\.\d+)?"
_COMPARE = r"(?:[<>]=?|==|!=)"


_WHOLE = re.compile(r"\bstate\b(?!\s*(?:\.\s*\w+\b(?!\s*\()|\[\s*['\"]))")


def _mentions(var: str) -> re.Pattern[str]:
    name = re.escape(var)
    return re.compile(rf"\bstate\s*(?:\.\s*{name}\b|\[\s*['\"]{name}['\"]\s*\])")


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


def told_apart(
    code: Iterable[str], state: Mapping[str, Any], steps: Mapping[str, set[int]]
) -> dict[str, Told | None]:
    """For each number in ``state``: how the pack tells its values apart.

    ``code`` is every piece of template code in the pack (tags, conditions,
    expressions; a printing tag as its inner code); ``steps`` the signs of the
    increments ``set:`` makes to each variable (+1, -1). ``None``: the pack
    never reads it, every value is the same to it.
    """
    pieces = list(code)
    # ``state`` as a whole (``state.values() | sum``, ``state | length``): any number
    # in it may matter, so every value is kept apart.
    whole = any(_WHOLE.search(piece) for piece in pieces)
    out: dict[str, Told | None] = {}
    for var, start in state.items():
        if isinstance(start, bool) or not isinstance(start, (int, float)):
            continue
        mention = _mentions(var)
        after = re.compile(rf"\s*{_COMPARE}\s*({_NUMBER})(?![\w.(\[])")
        before = re.compile(rf"({_NUMBER})\s*{_COMPARE}\s*$")
        numbers: list[float] = []
        safe = True
        read = False
        for piece in pieces:
            for match in mention.finditer(piece):
                read = True
                tail = after.match(piece, match.end())
                head = before.search(piece, 0, match.start())
                if tail is not None:
                    numbers.append(float(tail.group(1)))
                elif head is not None:
                    numbers.append(float(head.group(1)))
                elif piece.strip() != match.group(0):  # printed as it is: harmless
                    safe = False
        if whole:
            out[var] = Told(None, None)
        elif not read:
            out[var] = None
        elif not safe:
            out[var] = Told(None, None)
        else:
            signs = steps.get(var, set())
            high = max(numbers, default=float(start))
            low = min(numbers, default=float(start))
            # Nothing lowers it: past the highest it stays past; nothing raises it: below
            # the lowest it stays below.
            out[var] = Told(low if 1 not in signs else None, high if -1 not in signs else None)
    return out


def increments(story: Story) -> dict[str, set[int]]:
    """The signs (+1, -1) of the increments every ``set:`` in the pack makes, by variable.

    Walks the (frozen) model generically, as :func:`kaufhaus.storytest._code_of`
    does, so effects wherever the model keeps them are found.
    """
    out: dict[str, set[int]] = {}
    seen: set[int] = set()
    stack: list[Any] = [list(story.scenes.values()), getattr(story, "shared", None)]
    while stack:
        value = stack.pop()
        if id(value) in seen or value is None or isinstance(value, (str, int, float, Pos)):
            continue
        seen.add(id(value))
        if isinstance(value, Assign):
            if value.add:
                out.setdefault(value.var, set()).add(1 if value.add > 0 else -1)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            stack.extend(getattr(value, f.name) for f in dataclasses.fields(value))
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, frozenset, set)):
            stack.extend(value)
    return out
