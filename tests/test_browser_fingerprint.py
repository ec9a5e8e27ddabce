"""The pupil's browser as the shop's device (browser play): what is taken, what is not."""

from __future__ import annotations

import base64
import json

import pytest

from kaufhaus.dossier.card import fingerprint_sentence, from_browser
from kaufhaus.play.fingerprint import (
    ENV_DEVICE,
    MAX_REPORT,
    browser_fingerprint,
    decode_report,
    reported_fingerprint,
)

REPORT = {
    "screen": "390x844",
    "window": "390x664",
    "pixel_ratio": 3,
    "languages": ["de-DE", "de", "en"],
    "timezone": "Europe/Berlin",
    "touch": 5,
    "platform": "iPhone",
    "hour": 9,
}


def encoded(report: object) -> str:
    raw = json.dumps(report).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_a_browsers_report_becomes_its_fingerprint() -> None:
    found = decode_report(encoded(REPORT))
    assert found == {
        "screen": "390x844",
        "window": "390x664",
        "pixel_ratio": "3",
        "languages": "de-DE, de, en",
        "timezone": "Europe/Berlin",
        "touch": "5",
        "platform": "iPhone",
        "time_of_day": "morning",
    }
    # The game takes exactly that from the server, and nothing of the laptop.
    assert reported_fingerprint({ENV_DEVICE: json.dumps(found)}) == found
    assert reported_fingerprint({}) == {}
    assert from_browser(found)
    words = fingerprint_sentence(sorted(found.items()), "de")
    assert "Bildschirm 390 × 844 Pixel" in words
    assert "Touchscreen ja, 5 Berührungspunkte" in words
    assert "Zeitzone Europe/Berlin" in words
    assert "keiner" in fingerprint_sentence([("touch", "0")], "de")


@pytest.mark.parametrize(
    "report",
    [
        {"screen": "<script>", "window": "1x1; rm", "pixel_ratio": "9e999"},
        {"languages": ["de\x1b[31m", "x" * 200], "timezone": "Europe/Berlin\n"},
        {"touch": True, "hour": 24, "platform": "{{ 7*7 }}"},
        {"touch": -1, "hour": "9", "pixel_ratio": float("inf")},
    ],
)
def test_what_a_changed_page_sends_is_dropped_not_guessed(report: dict[str, object]) -> None:
    assert browser_fingerprint(report) == {}


@pytest.mark.parametrize(
    "text", ["", "not base64!", encoded([1, 2]), encoded("x"), "A" * (MAX_REPORT + 1)]
)
def test_a_broken_report_is_no_report(text: str) -> None:
    assert decode_report(text) == {}


def test_the_game_takes_only_browser_features_from_the_server() -> None:
    passed = {"window": "800x600", "term": "tmux", "os": "Linux", "platform": "x" * 500}
    assert reported_fingerprint({ENV_DEVICE: json.dumps(passed)}) == {"window": "800x600"}
    assert reported_fingerprint({ENV_DEVICE: "[not json"}) == {}
