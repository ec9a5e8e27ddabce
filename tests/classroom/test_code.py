"""The class code on the projector: every allowed character drawn, a QR code for any terminal,
and the control room's address never on the projected screen (issue 21)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from kaufhaus.classroom.code import GLYPHS, big_text, qr_from_lines, qr_lines, qr_matrix
from kaufhaus.classroom.server import CODE_ALPHABET, ServeConfig, banner
from kaufhaus.cli import main


def test_every_character_a_code_may_hold_has_its_own_glyph() -> None:
    allowed = set(CODE_ALPHABET) | set(string.ascii_uppercase + string.digits)
    assert allowed <= set(GLYPHS)
    shapes = {ch: "\n".join(rows) for ch, rows in GLYPHS.items()}
    assert len(set(shapes.values())) == len(shapes)  # 0 and O, 1, I and L told apart
    for ch, rows in GLYPHS.items():
        assert len(rows) == 5 and all(len(r) == 5 for r in rows) and "#" in "".join(rows), ch


def test_the_docs_own_code_is_drawn_whole() -> None:
    """``8B2024`` once showed as "8B2 24": no glyph for 0."""
    rows = big_text("8B2024")
    for i, row in enumerate(rows):
        expected = "  ".join(GLYPHS[ch][i] for ch in "8B2024").replace("#", "█").rstrip()
        assert row == expected
    zero_column = slice(4 * 7, 4 * 7 + 5)  # the fourth glyph, each 5 wide plus 2 apart
    assert any("█" in row[zero_column] for row in rows)


def test_code_refuses_what_it_cannot_draw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "klasse"
    for code in ("ÄBCDE", "AB٣CD", "ΑΒΓΔΕ"):
        assert main(["serve", "--folder", str(folder), "--code", code]) == 2
        err = capsys.readouterr().err
        assert "--code may hold only the letters A–Z and the digits 0–9" in err
    assert not folder.exists()  # nothing was made for a refused code
    argv = ["serve", "--folder", str(folder), "--code", "8b-2024", "--control-room-url"]
    assert main(argv) == 0
    assert "/lehrkraft/" in capsys.readouterr().out


def test_the_qr_code_is_black_on_white_in_any_terminal() -> None:
    url = "http://192.168.1.20:8000/?code=K7M4P"
    lines = qr_lines(url, color=True)
    expected = qr_matrix(url)
    assert qr_from_lines(lines)[: len(expected)] == expected
    for line in lines:
        # Colours set before the first block and reset at the end: the terminal's own
        # (dark or light) never shows through.
        assert line.startswith("\x1b[") and line.endswith("\x1b[0m")
    plain = qr_lines(url, color=False)
    assert len(plain) == len(lines) and "\x1b" not in "".join(plain)


def test_the_projected_screen_shows_the_code_but_not_the_control_room(tmp_path: Path) -> None:
    config = ServeConfig(folder=tmp_path, code="8B2024", teacher_token="geheim-token-42")
    text = banner(config, "http://192.168.1.20:8000")
    assert "Klassencode / class code: 8B2024" in text
    assert "geheim-token-42" not in text and "/lehrkraft/" not in text
    assert f"serve --folder {tmp_path} --control-room-url" in text
    lan = ServeConfig(folder=tmp_path, host="0.0.0.0", port=8080, code="K7M4P")
    assert f"serve --folder {tmp_path} --lan --port 8080 --control-room-url" in banner(
        lan, "http://192.168.1.20:8080"
    )
    assert max(len(line) for line in text.splitlines() if "folder" not in line) <= 92
