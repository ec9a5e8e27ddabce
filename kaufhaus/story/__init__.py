"""Scene packs: the YAML story format, its model, sandboxed templates and checks.

Knows nothing of tracking, the game or Textual.
"""

from kaufhaus.story.errors import Problem, StoryLoadError
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Choice, Item, Product, Scene, Story, Text, Variant

__all__ = [
    "Choice",
    "Item",
    "Problem",
    "Product",
    "Scene",
    "Story",
    "StoryLoadError",
    "Text",
    "Variant",
    "load_pack",
]
