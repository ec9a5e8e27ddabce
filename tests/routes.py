"""Named ways into the shipped story, one table for the tests of its words.

tests/test_truth_prose.py and tests/test_story_text.py both walk from the tram
to the shop's foyer and on to the sales floor before the step they are about;
the way is written here once, so a renamed choice is mended in one place.
"""

from __future__ import annotations

Step = tuple[str, str]


def into_the_shop(errand: str = "geschenk", consent: str = "alle") -> list[Step]:
    """From the tram into the foyer: name an errand, get off, answer the banner, go in."""
    return [("choose", errand), ("choose", "aussteigen"), ("choose", consent), ("choose", "hinein")]


def to_the_floor(errand: str = "geschenk", consent: str = "alle") -> list[Step]:
    """On to the sales floor: past the loyalty desk, a basket taken."""
    return [*into_the_shop(errand, consent), ("choose", "vorbei"), ("choose", "korb")]


def as_lines(steps: list[Step]) -> list[str]:
    """The steps as walkthrough lines (``choose: korb``)."""
    return [f"{kind}: {ref}" for kind, ref in steps]
