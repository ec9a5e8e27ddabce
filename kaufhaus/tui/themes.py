"""The shop's colours, and a high-contrast theme for low vision.

Colour never carries meaning on its own in this UI (selected rows get a ▶,
the big consent button is big, not just bright); the themes only make
things easier to see. NO_COLOR is honoured by Textual itself (monochrome).
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT = "kaufhaus"
HIGH_CONTRAST = "kaufhaus-kontrast"

KAUFHAUS_THEME = Theme(
    name=DEFAULT,
    primary="#D7263D",  # the red of a sale sign
    secondary="#1B998B",
    accent="#F4C95D",  # brass of the revolving door
    warning="#F4C95D",
    error="#FF5C5C",
    success="#5FBF77",
    foreground="#EDEDED",
    background="#16161D",
    surface="#202029",
    panel="#2B2B36",
    dark=True,
)

CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#333333",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
        "block-hover-background": "#444444",
        "footer-key-foreground": "#FFFF00",
        "input-selection-background": "#FFFF00 40%",
        "border": "#FFFFFF",
        "border-blurred": "#AAAAAA",
    },
)

THEMES: tuple[Theme, ...] = (KAUFHAUS_THEME, CONTRAST_THEME)
