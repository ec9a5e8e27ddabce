"""Text safe to show anywhere a person reads it: a page, a printout, a terminal.

Player-typed text reaches every view of the dossier. Control characters
(other than tab and newline) become U+FFFD: they are invisible, break
terminals and have no business in a printout. Bidirectional controls are
shown as what they are (U+202E → ``⟨U+202E⟩``): an RTL override typed as a
name would otherwise reverse the rest of the line it is shown on, and a
reader could not tell. The JSON export keeps the data exactly as typed; these
functions are for what people see (the exports and the reveal screen).
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: Bidirectional controls: embeddings, overrides, isolates and the invisible marks.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_controls(text: str) -> str:
    """Bidi controls as visible tokens (U+202E → ``⟨U+202E⟩``)."""
    return _BIDI.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def clean(value: Any) -> str:
    """Line breaks unified, control characters → U+FFFD, bidi controls shown."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return visible_controls(_CONTROL.sub("\ufffd", text))
