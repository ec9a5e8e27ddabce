"""The class code as the projector shows it: big letters, and a QR code that scans anywhere.

Every character a code may hold has a glyph here: the random codes use an
alphabet without look-alikes (``server.CODE_ALPHABET``), and ``--code``
takes only A–Z and 0–9 (``undrawable`` names the rest), so ``8B2024`` is
drawn with its zeros.

The QR code is drawn with explicit colours, black modules on white, so it
reads the same in a dark terminal and a light one; without colours (a file,
``NO_COLOR``) half blocks stand for the light modules, as on a dark terminal.
"""

from __future__ import annotations

#: Five lines high, five columns wide; ``#`` is ink.
GLYPHS: dict[str, list[str]] = {
    "A": [" ### ", "#   #", "#####", "#   #", "#   #"],
    "B": ["#### ", "#   #", "#### ", "#   #", "#### "],
    "C": [" ####", "#    ", "#    ", "#    ", " ####"],
    "D": ["#### ", "#   #", "#   #", "#   #", "#### "],
    "E": ["#####", "#    ", "#### ", "#    ", "#####"],
    "F": ["#####", "#    ", "#### ", "#    ", "#    "],
    "G": [" ####", "#    ", "#  ##", "#   #", " ### "],
    "H": ["#   #", "#   #", "#####", "#   #", "#   #"],
    "I": ["#####", "  #  ", "  #  ", "  #  ", "#####"],
    "J": ["  ###", "    #", "    #", "#   #", " ### "],
    "K": ["#   #", "#  # ", "###  ", "#  # ", "#   #"],
    "L": ["#    ", "#    ", "#    ", "#    ", "#####"],
    "M": ["#   #", "## ##", "# # #", "#   #", "#   #"],
    "N": ["#   #", "##  #", "# # #", "#  ##", "#   #"],
    "O": [" ### ", "#   #", "#   #", "#   #", " ### "],
    "P": ["#### ", "#   #", "#### ", "#    ", "#    "],
    "Q": [" ### ", "#   #", "# # #", "#  # ", " ## #"],
    "R": ["#### ", "#   #", "#### ", "#  # ", "#   #"],
    "S": [" ####", "#    ", " ### ", "    #", "#### "],
    "T": ["#####", "  #  ", "  #  ", "  #  ", "  #  "],
    "U": ["#   #", "#   #", "#   #", "#   #", " ### "],
    "V": ["#   #", "#   #", "#   #", " # # ", "  #  "],
    "W": ["#   #", "#   #", "# # #", "## ##", "#   #"],
    "X": ["#   #", " # # ", "  #  ", " # # ", "#   #"],
    "Y": ["#   #", " # # ", "  #  ", "  #  ", "  #  "],
    "Z": ["#####", "   # ", "  #  ", " #   ", "#####"],
    # The zero is slashed: told apart from O across the room.
    "0": [" ### ", "#  ##", "# # #", "##  #", " ### "],
    "1": ["  #  ", " ##  ", "  #  ", "  #  ", " ### "],
    "2": [" ### ", "#   #", "  ## ", " #   ", "#####"],
    "3": ["#### ", "    #", " ### ", "    #", "#### "],
    "4": ["#   #", "#   #", "#####", "    #", "    #"],
    "5": ["#####", "#    ", "#### ", "    #", "#### "],
    "6": [" ### ", "#    ", "#### ", "#   #", " ### "],
    "7": ["#####", "    #", "   # ", "  #  ", "  #  "],
    "8": [" ### ", "#   #", " ### ", "#   #", " ### "],
    "9": [" ### ", "#   #", " ####", "    #", " ### "],
}


def undrawable(code: str) -> list[str]:
    """The characters of a code the projector cannot show (each once, in order)."""
    return list(dict.fromkeys(ch for ch in code if ch not in GLYPHS))


def big_text(code: str) -> list[str]:
    """The code in letters five lines high, readable from the back of the room."""
    if undrawable(code):
        raise ValueError(f"no glyph for {', '.join(undrawable(code))}")
    return [
        "  ".join(GLYPHS[ch][line] for ch in code).replace("#", "█").rstrip() for line in range(5)
    ]


#: SGR colours: ink (dark module) black, paper (light module) bright white.
_FG = {True: "30", False: "97"}
_BG = {True: "40", False: "107"}
_RESET = "\x1b[0m"


def qr_matrix(data: str, border: int = 2) -> list[list[bool]]:
    """The QR code's modules with a quiet zone; True is dark."""
    import segno

    qr = segno.make(data, error="m")
    return [[bool(m) for m in row] for row in qr.matrix_iter(scale=1, border=border)]


def qr_lines(data: str, *, color: bool, border: int = 2) -> list[str]:
    """The QR code in half blocks, two modules a character.

    With ``color``, each ``▀`` gets its upper module as foreground and its
    lower one as background, both explicit: the terminal's own colours never
    show through, so dark and light themes print the same black-on-white
    code. Without colours, light modules are ``█``: right on a dark
    terminal, the common case for a teacher's terminal.
    """
    rows = qr_matrix(data, border)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        if color:
            cells = []
            last = ""
            for up, down in zip(top, bottom, strict=True):
                sgr = f"\x1b[{_FG[up]};{_BG[down]}m"
                cells.append(("" if sgr == last else sgr) + "▀")
                last = sgr
            lines.append("".join(cells) + _RESET)
        else:
            blocks = {(True, True): " ", (False, True): "▀", (True, False): "▄"}
            lines.append("".join(blocks.get(pair, "█") for pair in zip(top, bottom, strict=True)))
    return lines


def qr_from_lines(lines: list[str]) -> list[list[bool]]:
    """Read coloured ``qr_lines`` back into modules (True is dark): what a scanner sees."""
    import re

    rows: list[list[bool]] = []
    for line in lines:
        up_row: list[bool] = []
        down_row: list[bool] = []
        fg = bg = ""
        for sgr, char in re.findall(r"(\x1b\[[0-9;]*m)?(▀|$)", line):
            if sgr and sgr != _RESET:
                fg, bg = sgr[2:-1].split(";")
            if char:
                up_row.append(fg == _FG[True])
                down_row.append(bg == _BG[True])
        rows += [up_row, down_row]
    return rows
