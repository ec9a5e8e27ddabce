"""Located problems in a scene pack.

Authors are not programmers: every problem names the file, line and column, a
stable code they can look up in docs/authoring.md, and a hint saying what to do.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Characters no text of a pack may hold, and that are shown escaped wherever text
#: from elsewhere (what a player typed, what a save or cookie holds) enters the
#: game: control characters (ESC starts the escape sequences that retitle, recolour
#: or wipe a terminal; only tab and newline are text), DEL, the C1 controls, the
#: bidirectional overrides and isolates that make a line read differently from what
#: it holds, and lone surrogates (no terminal or file can take them: writing one
#: raises UnicodeEncodeError).
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

_NAMES = {0x1B: "ESC", 0x07: "BEL", 0x08: "BS", 0x0D: "CR", 0x7F: "DEL", 0x85: "NEL", 0x9B: "CSI"}


def describe_char(char: str) -> str:
    """``U+001B (ESC)``, ``U+202E (RIGHT-TO-LEFT OVERRIDE)``: a character an author can find."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} (lone surrogate)"
    name = _NAMES.get(code) or unicodedata.name(char, "control character")
    return f"U+{code:04X} ({name})"


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␛, ␇, ␍ …
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def neutralise(text: str) -> str:
    """``text`` with every unsafe character replaced by a visible stand-in."""
    if UNSAFE_CHARS.search(text) is None:
        return text
    return UNSAFE_CHARS.sub(_shown, text)


def neutralise_data(value: Any) -> Any:
    """``neutralise`` applied to every text in JSON-like data (mapping keys too).

    The gate for everything that enters the game from outside its pack: what a
    player types, the fingerprint, the cookie, and every text a save holds. What
    passes it can be drawn anywhere (terminal, page, export) as it is, so no
    front end has to remember to escape it. Unchanged data comes back as the
    same object (no copy); callers bound the nesting before they call this.
    """
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, list):
        items = [neutralise_data(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        pairs = [(neutralise_data(k), neutralise_data(v)) for k, v in value.items()]
        same = all(
            k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, value.items(), strict=True)
        )
        return value if same else dict(pairs)
    return value


@dataclass(frozen=True, slots=True)
class Pos:
    """A 1-based position in a source file."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    pos: Pos
    code: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" | "warning"

    def format(self) -> str:
        text = f"{self.pos}: {self.code} {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return neutralise(text)  # a message may quote what the file holds

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.pos.file,
            "line": self.pos.line,
            "column": self.pos.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


class StoryLoadError(Exception):
    """Raised when a pack cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


def display_path(path: Path) -> str:
    """A path as the author would type it: relative to the cwd when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
