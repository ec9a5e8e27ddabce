"""The ledger of framework internals: every private name of Textual and
textual-serve the game relies on, and the behaviour it assumes of them.

Private names change without notice in a minor release. Each test below names
the place in our code that depends on the internal, so an upgrade that breaks
one fails here with a pointer instead of somewhere deep in a UI test (or not at
all). ``pyproject.toml`` bounds both packages to the versions checked here;
raising a bound means running this file first.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _requirement(name: str) -> str:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    found = [d for d in deps if re.match(rf"{re.escape(name)}\s*[<>=!~]", d)]
    assert found, f"{name} is not a dependency"
    return found[0]


@pytest.mark.parametrize(
    ("name", "upper"),
    [("textual", "<9"), ("textual-serve", "<1.2")],
)
def test_the_frameworks_whose_internals_we_use_are_bounded_above(name: str, upper: str) -> None:
    """An upgrade past the bound is a decision taken with this file, not a surprise."""
    assert upper in _requirement(name).replace(" ", "")


def test_the_installed_versions_are_the_ones_this_ledger_was_checked_against() -> None:
    assert version("textual").split(".")[0] == "8"
    assert version("textual-serve").startswith("1.1.")


# ------------------------------------------------------------------ Textual


def test_screen_focused_is_a_reactive_whose_repaint_flag_we_turn_off() -> None:
    """``kaufhaus/tui/app.py: _focus_moves_repaint_only_what_changed`` sets
    ``Screen.focused._repaint = False``; Textual must still read that flag when
    a reactive changes, or the saving is silently gone."""
    from textual.reactive import Reactive
    from textual.screen import Screen

    import kaufhaus.tui.app  # noqa: F401  (applies the change at import)

    focused = Screen.__dict__.get("focused")
    assert isinstance(focused, Reactive)
    assert focused._repaint is False
    source = inspect.getsource(Reactive)
    assert "self._repaint" in source and "repaint=self._repaint" in source


def test_the_theme_watcher_still_does_what_our_first_theme_copies() -> None:
    """``KaufhausApp._start_with_theme`` repeats the first steps of Textual's
    private ``App._watch_theme`` (classes, truecolour filter) without its CSS
    refresh. If the watcher gains a step, the copy must gain it too."""
    from textual.app import App

    source = inspect.getsource(App._watch_theme)
    for step in (
        'name.startswith("-theme-")',
        'classes["-dark-mode"] = dark',
        'classes["-light-mode"] = not dark',
        "self.update_classes(classes, update=False)",
        "self._refresh_truecolor_filter(self.ansi_theme)",
        "self._invalidate_css()",
        "self.refresh_css",
    ):
        assert step in source, f"Textual's theme watcher changed: {step!r} is gone"
    known = {
        "theme = self.current_theme",
        "dark = theme.dark",
        'classes[f"-theme-{self.current_theme.name}"] = True',
        "self.call_next(partial(self.refresh_css, animate=False))",
        "self.call_next(self.theme_changed_signal.publish, theme)",
    }
    body = [
        line.strip()
        for line in source.split('"""')[-1].splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    new = [
        line
        for line in body
        if line not in known
        and not any(
            step in line
            for step in (
                "classes = {",
                '"-dark-mode"',
                '"-light-mode"',
                "update_classes",
                "_refresh_truecolor_filter",
                "_invalidate_css",
            )
        )
    ]
    assert new == [], f"new steps in Textual's theme watcher: {new}"


def test_a_node_keeps_its_bindings_in_a_private_map_we_replace() -> None:
    """``kaufhaus/tui/keys.py: relabel`` and ``kaufhaus/tui/widgets/choice_field.py:
    ChoiceField.offer`` copy ``node._bindings`` (a ``BindingsMap`` with
    ``key_to_bindings``) and assign it back."""
    from textual.binding import Binding, BindingsMap
    from textual.widget import Widget

    node = Widget()
    assert isinstance(node._bindings, BindingsMap)
    fresh = node._bindings.copy()
    fresh.key_to_bindings["x"] = [Binding("x", "noop", "Probe")]
    node._bindings = fresh
    assert node._bindings.key_to_bindings["x"][0].description == "Probe"
    assert callable(node.refresh_bindings)


def test_the_select_overlay_is_still_where_the_filter_imports_it() -> None:
    """``kaufhaus/tui/widgets/filter_select.py`` imports ``SelectOverlay`` from
    the private ``textual.widgets._select``."""
    from textual.widgets import OptionList
    from textual.widgets._select import SelectOverlay

    assert issubclass(SelectOverlay, OptionList)


def test_option_lists_have_the_focus_handlers_the_tracked_list_extends() -> None:
    """``TrackedList._on_focus`` / ``_on_blur`` call the private handlers of
    ``OptionList`` through ``super()``."""
    from textual.widgets import OptionList

    assert callable(getattr(OptionList, "_on_focus", None))
    assert callable(getattr(OptionList, "_on_blur", None))


def test_an_input_types_in_a_private_key_handler_a_subclass_can_prevent() -> None:
    """``ChoiceField._on_key`` keeps a choosing digit from ``Input._on_key`` with
    ``prevent_default``: Textual calls each class's ``_on_key`` down the MRO,
    the subclass's first, and stops once the default is prevented."""
    from textual.message_pump import MessagePump
    from textual.widgets import Input

    typed = inspect.getsource(Input._on_key)
    assert "event.is_printable" in typed and "insert_text_at_cursor" in typed
    dispatch = inspect.getsource(MessagePump._get_dispatch_methods)
    assert "for cls in self.__class__.__mro__:" in dispatch
    assert "if message._no_default_action:" in dispatch


def test_wrapping_reads_the_word_pattern_we_replace() -> None:
    """``kaufhaus/tui/app.py: _lines_never_break_at_a_non_breaking_space`` replaces
    ``rich._wrap.re_word``; Textual's ``Content`` and a table cell's ``rich.Text``
    must still wrap through ``divide_line``, whose ``words`` reads that global."""
    import rich._wrap
    import textual.content

    import kaufhaus.tui.app  # noqa: F401  (applies the change at import)

    assert "re_word.match" in inspect.getsource(rich._wrap.words)
    assert textual.content.divide_line is rich._wrap.divide_line
    assert rich._wrap.divide_line("aaaa 49,95\u00a0€", 8) == [5]  # not [11]: "€" alone


# ------------------------------------------------------------- textual-serve


def test_app_service_opens_its_process_where_the_game_service_overrides_it() -> None:
    """``kaufhaus/classroom/server.py: GameService._open_app_process`` replaces
    textual-serve's private method (no shell, our environment, stderr read by
    us) and sets the attributes the rest of ``AppService`` reads."""
    from textual_serve.app_service import AppService

    opened = inspect.signature(AppService._open_app_process)
    assert list(opened.parameters) == ["self", "width", "height"]
    assert inspect.iscoroutinefunction(AppService._open_app_process)
    assert list(inspect.signature(AppService._build_environment).parameters) == [
        "self",
        "width",
        "height",
    ]
    source = inspect.getsource(AppService)
    for attribute in ("self._process", "self._stdin", "self._task"):
        assert attribute in source, f"AppService no longer uses {attribute}"
    assert "await self._open_app_process(" in source


def test_the_download_manager_answers_what_our_download_route_asks() -> None:
    """``handle_download`` asks textual-serve's ``DownloadManager`` for a key's
    metadata and content, as textual-serve's own route does."""
    from textual_serve.download_manager import DownloadManager

    assert inspect.iscoroutinefunction(DownloadManager.get_download_metadata)
    assert callable(getattr(DownloadManager, "download", None))


def test_the_web_driver_writes_through_a_private_writer_we_replace() -> None:
    """``kaufhaus/tui/webwrite.py: whole_packets`` replaces the web driver's
    ``_write`` (a bare ``os.write`` on ``fileno``) so each packet goes out whole
    and alone; every packet writer must still go through it."""
    from textual.drivers.web_driver import WebDriver

    source = inspect.getsource(WebDriver)
    assert "self._write = partial(os.write, self.fileno)" in source
    for writer in (WebDriver.write, WebDriver.write_meta, WebDriver.write_binary_encoded):
        assert "self._write(" in inspect.getsource(writer), writer.__name__
    assert [line for line in source.splitlines() if "os.write" in line] == [
        "        self._write = partial(os.write, self.fileno)"
    ]
