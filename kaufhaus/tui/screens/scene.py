"""The scene screen: the text, the shelf, the choices, the till's question.

Everything shown is re-read from ``game.view()`` after every action, because
the shop rewrites scenes from what it believes (even a mouse resting on a row
can change the next sentence). The screen reports what the player did through
``app.track``; it never decides what that means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input

from kaufhaus.play.describe import xray_lines
from kaufhaus.play.strings import tr
from kaufhaus.play.words import (
    basket_line,
    choice_for_number,
    choice_numbers,
    header_line,
    locked_lines,
    receipt_line,
    reveals,
    shelf_label,
)
from kaufhaus.saves import MAX_INPUT_CHARS
from kaufhaus.tui.keys import KeySpec, bindings, relabel
from kaufhaus.tui.widgets.choice_field import ChoiceField
from kaufhaus.tui.widgets.footer import Footer
from kaufhaus.tui.widgets.literal import Literal
from kaufhaus.tui.widgets.tracked_list import MARKER, NO_MARKER, TrackedList
from kaufhaus.tui.widgets.xray import XRayPanel

if TYPE_CHECKING:
    from kaufhaus.game import SceneView
    from kaufhaus.tui.app import KaufhausApp

#: How many of the newest events and beliefs the x-ray shows.
XRAY_EVENTS = 8
XRAY_BELIEFS = 8


class SceneScreen(Screen[None]):
    """One scene of the store, kept in step with the game's current view."""

    CSS_PATH = "scene.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("b,backspace", "back", "key_back", key_display="b"),
        KeySpec("s", "app.save", "key_save"),
        KeySpec("l", "app.load", "key_load"),
        KeySpec("n", "app.restart", "key_restart", show=False),
        KeySpec("t", "app.to_title", "key_to_title", show=False),
        *(KeySpec(str(n), f"choose_number({n})", "key_choose", show=False) for n in range(1, 10)),
        KeySpec("escape", "focus_choices", "key_choose", show=False),
        KeySpec("pageup", "scroll_text(-1)", "key_next", show=False, priority=True),
        KeySpec("pagedown", "scroll_text(1)", "key_next", show=False, priority=True),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def __init__(self) -> None:
        super().__init__()
        self._serial = -1
        #: (scene serial, item label, item text) of the item being looked at.
        self._examined: tuple[int, str, str] | None = None
        #: The question over the text field, as the scene asks it.
        self._prompt_text = ""
        #: An item was just examined: keep it in view while the pane is laid out anew.
        self._follow_item = False

    @property
    def kapp(self) -> KaufhausApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="main"):
                with Horizontal(id="status"):
                    yield Literal(id="place")
                    yield Literal(id="carrying")
                    yield Literal(id="basket")
                yield Literal(id="receipt")
                yield Literal(id="message", classes="message")
                # Not a Tab stop: Bild ↑↓ scroll it from anywhere, so Tab goes list to list.
                with VerticalScroll(id="text-pane", can_focus=False):
                    yield Literal(id="reply")
                    yield Literal(id="scene-text")
                    yield Literal(id="item-title")
                    yield Literal(id="item-text")
                yield Literal(id="shelf-head", classes="list-head")
                yield TrackedList(id="shelf")
                yield Literal(id="choices-head", classes="list-head")
                yield TrackedList(id="choices", numbered=True)
                yield Literal(id="locked", classes="muted")
                with Vertical(id="prompt-box"):
                    yield Literal(id="prompt")
                    # No max_length: Textual would drop a too-long paste without a word.
                    yield ChoiceField(id="input")
                    yield Literal(id="input-count", classes="muted")
            yield XRayPanel(id="xray")
        yield Footer()

    def on_mount(self) -> None:
        relabel(self, self.KEYS, self.kapp.lang)
        self.watch(self.app, "revision", self._on_revision, init=False)
        self.watch(self.app, "lang", self._on_lang, init=False)
        self.watch(self.app, "xray", self._on_xray, init=False)
        self.watch(self.app, "message", self._show_message)
        pane = self.query_one("#text-pane")
        self.watch(pane, "virtual_size", self._pane_grew, init=False)
        self.watch(pane, "scroll_y", self._pane_scrolled, init=False)
        self.refresh_view()

    # --------------------------------------------------------------- watch
    def _on_revision(self, _revision: int) -> None:
        self.refresh_view()

    def _on_lang(self, lang: str) -> None:
        relabel(self, self.KEYS, lang)
        self.refresh_view()

    def _on_xray(self, _on: bool) -> None:
        self.refresh_view()

    def _show_message(self, message: str) -> None:
        widget = self.query_one("#message", Literal)
        widget.show(message)
        widget.display = bool(message)

    # ------------------------------------------------------------- render
    def refresh_view(self) -> None:
        """Re-read the game's view and show it; reset scroll and focus on a new scene."""
        game = self.kapp.game
        if game is None:
            return
        view: SceneView = game.view()
        lang = self.kapp.lang
        new_scene = self._serial != self.kapp.scene_serial
        if new_scene:
            self._serial = self.kapp.scene_serial
            self._examined = None
            self._follow_item = False
        self.query_one("#place", Literal).show(header_line(view.title, view.place))
        story = self.kapp.loaded_story
        basket = basket_line(story, view, lang)
        basket_widget = self.query_one("#basket", Literal)
        basket_widget.show(basket or "")
        basket_widget.display = basket is not None
        receipt = receipt_line(story, view, lang)
        receipt_widget = self.query_one("#receipt", Literal)
        receipt_widget.show(receipt or "")
        receipt_widget.display = receipt is not None
        carrying = self.query_one("#carrying", Literal)
        carrying.show(tr("carrying", lang, things=", ".join(view.inventory)))
        carrying.display = bool(view.inventory)
        reply = self.query_one("#reply", Literal)
        new_reply = bool(view.reply) and (view.reply != reply.text or not reply.display)
        reply.show(view.reply or "")
        reply.display = bool(view.reply) and not view.is_consent
        if new_reply and reply.display and not new_scene:
            # The answer stands above the text: bring it into view, wherever the player was.
            self._follow_item = False
            self.query_one("#text-pane", VerticalScroll).scroll_home(animate=False)
        consent = view.is_consent
        self.query_one("#scene-text", Literal).show(
            tr("behind_banner", lang) if consent else view.text
        )
        self._show_examined()
        shelf = self.query_one("#shelf", TrackedList)
        choices = self.query_one("#choices", TrackedList)
        shelf.show_entries([] if consent else [(i.id, i.label) for i in view.items])
        numbers = [] if consent else choice_numbers(view)
        choices.show_entries([] if consent else [(c.id, c.label) for c in view.choices], numbers)
        self.query_one("#input", ChoiceField).offer(numbers, tr("key_choose", lang))
        has_items = bool(shelf.entries)
        for widget in (shelf, self.query_one("#shelf-head")):
            widget.display = has_items
        for widget in (choices, self.query_one("#choices-head")):
            widget.display = bool(choices.entries)
        locked = self.query_one("#locked", Literal)
        locked.show("" if consent else "\n".join(locked_lines(view, lang)))
        locked.display = bool(view.locked) and not consent
        self._show_prompt(view, new_scene)
        self._show_xray(lang)
        if new_scene:
            self.query_one("#text-pane", VerticalScroll).scroll_home(animate=False)
            field = self.query_one("#input", Input)
            if view.prompt is not None and not consent and not field.value:
                # The scene asks for something: typing goes there straight away, so an
                # address that starts with s or q is an address, not a key.
                field.focus(scroll_visible=False)
            elif choices.entries:
                choices.focus(scroll_visible=False)
        self._show_heads()
        self.refresh_bindings()  # the undo key: shown only when there is something to undo

    def _show_heads(self, focused: object = None) -> None:
        """Say over each list what Enter does there, only over the one that has the focus.

        Enter acts on the focused widget; the other list's heading says how to
        get there instead, so "Enter: ansehen" never stands over a list that
        Enter does not reach.
        """
        focused = focused if focused is not None else self.focused
        lang = self.kapp.lang
        label = shelf_label(self.kapp.loaded_story, lang)
        shelf = self.query_one("#shelf", TrackedList)
        choices = self.query_one("#choices", TrackedList)
        if focused is shelf:
            head = tr("shelf", lang, label=label)
        elif self.has_class("-tall") and not self.has_class("-narrow", "-xray"):
            head = tr("shelf_away", lang, label=label)
        else:  # closed (see scene.tcss): the heading names what lies on the shelf
            things = [thing for _, thing in shelf.entries]
            head = tr("shelf_closed", lang, label=label, n=len(things), items=" · ".join(things))
        self.query_one("#shelf-head", Literal).show(head)
        head = tr("choices" if focused is choices else "choices_away", lang)
        if self._text_goes_on():
            # First: a narrow pane cuts the end. A phone has no Bild↓ key.
            more = tr("text_goes_on_web" if self.app.is_web else "text_goes_on", lang)
            head = f"{more} {head}"
        self.query_one("#choices-head", Literal).show(head)
        # The field: marked like a list row while it has the focus (typing goes there),
        # otherwise its hint says how to get there (until then letters are keys).
        field = self.query_one("#input", Input)
        typing = focused is field
        self.query_one("#prompt", Literal).show(
            f"{MARKER}{self._prompt_text}" if typing else f"{NO_MARKER}{self._prompt_text}"
        )
        field.placeholder = tr("input_hint" if typing else "input_away", lang)

    def on_resize(self, event: events.Resize) -> None:
        """The window's height decides whether the shelf is open (see the breakpoints)."""
        self.call_after_refresh(self._show_heads)

    @on(events.Click, "#shelf-head")
    def _open_shelf(self) -> None:
        """A tap on the closed shelf's heading opens it, as Tab does."""
        shelf = self.query_one("#shelf", TrackedList)
        if shelf.entries:
            shelf.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_heads(event.widget)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._show_heads()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo is hidden in packs without it (``back: false``), dimmed when nothing is undoable."""
        if action == "back":
            game = self.kapp.game
            if game is None or game.story.back == "off":
                return False
            return True if game.can_undo else None
        return True

    def _show_examined(self) -> None:
        title = self.query_one("#item-title", Literal)
        text = self.query_one("#item-text", Literal)
        examined = self._examined
        if examined is None:
            title.display = text.display = False
            return
        _, label, body = examined
        title.show(tr("examined", self.kapp.lang, label=label))
        text.show(body)
        title.display = text.display = True

    def _show_prompt(self, view: SceneView, new_scene: bool) -> None:
        box = self.query_one("#prompt-box")
        box.display = view.prompt is not None and not view.is_consent
        if view.prompt is None:
            return
        self._prompt_text = view.prompt
        field = self.query_one("#input", Input)
        if new_scene:
            field.value = self.kapp.game.inputs.get(view.prompt_key or "", "")

    def _show_xray(self, lang: str) -> None:
        panel = self.query_one("#xray", XRayPanel)
        panel.display = self.kapp.xray
        self.set_class(self.kapp.xray, "-xray")
        if not self.kapp.xray:
            return
        game: Any = self.kapp.game
        logged, beliefs = xray_lines(game, lang, XRAY_EVENTS, XRAY_BELIEFS)
        panel.show(
            lang,
            len(game.log) - game.profile.unfiled,
            logged,
            beliefs,
            shop=reveals(game.story),
        )

    # ------------------------------------------------------------- actions
    @on(TrackedList.OptionSelected, "#choices")
    def _choose(self, event: TrackedList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.kapp.track("choose", choice=event.option.id)

    @on(TrackedList.OptionSelected, "#shelf")
    def _examine(self, event: TrackedList.OptionSelected) -> None:
        event.stop()
        item_id = event.option.id
        if not item_id:
            return
        label = next(
            (lbl for i, lbl in self.query_one("#shelf", TrackedList).entries if i == item_id),
            item_id,
        )
        outcome = self.kapp.track("examine", item=item_id)
        if outcome is not None and outcome.text is not None:
            self._examined = (self.kapp.scene_serial, label, outcome.text)
            self._show_examined()
            self._follow_item = True  # until the player scrolls or leaves the scene
            self.call_after_refresh(self._reveal_item)

    def _pane_grew(self, _size: object) -> None:
        """The pane's content was laid out anew: an item just shown has its size now."""
        if self._follow_item:
            self._reveal_item()
        self.call_after_refresh(self._show_heads)

    def _pane_scrolled(self, _y: float) -> None:
        self._show_heads()

    def _text_goes_on(self) -> bool:
        """Whether the scene's text has lines below the visible part.

        At 100 × 30 the rival's text message at the kiosk sat below the fold
        while the choice that follows it was already on screen, with only a thin
        scrollbar to say so (playtest 4): the heading over the choices says it.
        """
        pane = self.query_one("#text-pane", VerticalScroll)
        return pane.max_scroll_y - pane.scroll_y >= 1

    def _reveal_item(self) -> None:
        """The item down to its last line (the punchline), and its heading if both fit.

        The item is the last thing in the pane. Shown for the first time it has
        no size until the next layout (``scroll_visible`` then does nothing at
        all, and the punchline stayed below the fold): then the pane's watcher
        calls again once the layout is done.
        """
        pane = self.query_one("#text-pane", VerticalScroll)
        title = self.query_one("#item-title", Literal)
        if not (title.size and self.query_one("#item-text", Literal).size):
            return
        end = max(0, pane.virtual_size.height - pane.scrollable_content_region.height)
        pane.scroll_to(y=min(title.virtual_region.y - 1, end), animate=False)

    @on(TrackedList.PlayerHighlighted, "#choices")
    def _highlight(self, event: TrackedList.PlayerHighlighted) -> None:
        event.stop()
        self.kapp.track("highlight", choice=event.option_id, source="keyboard")

    @on(TrackedList.PlayerHighlighted, "#shelf")
    def _shelf_moved(self, event: TrackedList.PlayerHighlighted) -> None:
        # Moving along the shelf is not a choice the shop can log as a twitch.
        event.stop()

    @on(TrackedList.Hovered)
    def _hover(self, event: TrackedList.Hovered) -> None:
        event.stop()
        self.kapp.track("hover", target=event.option_id)

    @on(Input.Changed, "#input")
    def _count(self, event: Input.Changed) -> None:
        """Show how much fits: the form takes MAX_INPUT_CHARS, and says so when full."""
        lang = self.kapp.lang
        if len(event.value) > MAX_INPUT_CHARS:  # typed or pasted past the limit: keep what fits
            event.input.value = event.value[:MAX_INPUT_CHARS]
            self.app.bell()
            return
        n = len(event.value)
        key = "input_too_long" if n >= MAX_INPUT_CHARS else "input_count"
        count = self.query_one("#input-count", Literal)
        count.show(tr(key, lang, n=n, max=MAX_INPUT_CHARS) if n else "")
        count.set_class(n >= MAX_INPUT_CHARS, "-full")

    @on(Input.Submitted, "#input")
    def _typed(self, event: Input.Submitted) -> None:
        """Send the typed text, then stand on what it opened.

        A choice that appears only once something is typed ("Unterschreiben",
        "Coupon nehmen") is what the player typed for; left on the old row
        ("Nein, danke"), a second Enter would decline what was just typed.
        """
        event.stop()
        choices = self.query_one("#choices", TrackedList)
        before = {option_id for option_id, _ in choices.entries}
        if self.kapp.track("type", value=event.value[:MAX_INPUT_CHARS]) is not None:
            game = self.kapp.game
            if game is not None and game.refused is not None:
                # Refused ("Das Feld bleibt offen"): the field keeps the focus, so
                # the next letters are text, not keys (x toggled the x-ray, round 7).
                self.query_one("#input", ChoiceField).focus(scroll_visible=False)
                return
            if choices.entries:
                choices.focus(scroll_visible=False)
            self.call_after_refresh(self._stand_on_new_choice, before)

    def _stand_on_new_choice(self, before: set[str]) -> None:
        choices = self.query_one("#choices", TrackedList)
        for index, (option_id, _label) in enumerate(choices.entries):
            if option_id not in before:
                choices.highlighted = index
                return

    @on(ChoiceField.Chosen, "#input")
    def _chosen_from_field(self, event: ChoiceField.Chosen) -> None:
        event.stop()
        self.action_choose_number(event.number)

    def action_back(self) -> None:
        self.kapp.track("back")

    def action_choose_number(self, number: int) -> None:
        """The choice with this number on screen (its place in the scene as written)."""
        game = self.kapp.game
        view = game.view() if game is not None and not game.ended else None
        choice = None
        if view is not None and not view.is_consent:
            choice = choice_for_number(view, number)
        if choice is not None:
            self.kapp.track("choose", choice=choice)
        else:
            self.app.bell()

    def action_focus_choices(self) -> None:
        choices = self.query_one("#choices", TrackedList)
        if choices.entries:
            choices.focus(scroll_visible=False)

    def action_scroll_text(self, direction: int) -> None:
        self._follow_item = False  # the player scrolls: the view is theirs again
        pane = self.query_one("#text-pane", VerticalScroll)
        if direction < 0:
            pane.scroll_page_up(animate=False)
        else:
            pane.scroll_page_down(animate=False)
