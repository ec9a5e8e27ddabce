"""How every front end opens a scene pack: one policy for all of them.

The terminal game, plain mode and ``kaufhaus serve`` (which starts the
terminal game once per pupil) load a pack the same way: the files are read,
checked and cross-referenced as always, but each text and condition is
compiled when it is first shown, not all at once. Compiling every template
of a large pack took longer than reading it (6.7 s at 10,000 scenes before
the title was ready); a player sees a few dozen texts a minute.

Nothing else changes: the same sandbox renders every text, a template error
is reported with its file, line and column when the text is first shown,
and ``kaufhaus check`` (with ``story-test`` and ``autoplay``, the author's
tools) still compiles everything up front and reports every problem at once.

The loaded story lives as long as the game and never changes, so its objects
are moved out of the cycle collector's sight (``gc.freeze``): at 10,000
scenes each full collection walked them all again, 1.3 s, and one struck
between the title and the first scene.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kaufhaus.story.model import Story


def open_pack(pack: Path) -> Story:
    """Load a pack to play it; raise ``StoryLoadError`` with every problem found."""
    import gc

    from kaufhaus.story.loader import load_pack

    # No facade API to check the texts against: that check reads what a compiled
    # text refers to, and a text is compiled (and checked by the sandbox) when shown.
    story = load_pack(pack, lazy=True)
    gc.freeze()  # what exists now stays: the story, the imports, the title on screen
    return story
