"""Text shown exactly as written: story text and player input are never markup.

``textual.markup.escape`` is not enough (it misses some constructs and is easy
to forget); building a ``Content`` from the plain string means no character
in it can ever become a style, a link or an action.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class Literal(Static):
    """A Static that never interprets markup in what it shows."""

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(Content(text), markup=False, id=id, classes=classes)
        self.text = text

    def show(self, text: str) -> None:
        """Replace the text (a no-op when unchanged, so scroll positions stay put)."""
        if text != self.text:
            self.text = text
            self.update(Content(text))
