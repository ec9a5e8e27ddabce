"""The cookie banner: a modal with a door-sized "Accept all" and ant-sized links.

Real banners steer with size, colour and focus; so does this one, on purpose:
the accept button is huge and focused from the start, the alternatives are
one-line links. Every option is still reachable with Tab or its number, and
the shop logs where the keyboard focus and the mouse went (not Textual's own
initial focus, which is not the player's doing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button

from kaufhaus.play.strings import tr
from kaufhaus.play.words import choice_for_number, choice_numbers
from kaufhaus.tui.fit import fit_text
from kaufhaus.tui.keys import GLOBAL_KEYS, KeySpec, bindings, relabel
from kaufhaus.tui.widgets.footer import Footer
from kaufhaus.tui.widgets.literal import Literal

if TYPE_CHECKING:
    from kaufhaus.game import SceneView
    from kaufhaus.tui.app import KaufhausApp


class ChoiceButton(Button):
    """A banner button that knows its choice and reports a resting mouse."""

    HOVER_DELAY: ClassVar[float] = 0.35

    class Hovered(Message):
        def __init__(self, choice_id: str) -> None:
            super().__init__()
            self.choice_id = choice_id

    def __init__(self, choice_id: str, label: str, *, big: bool) -> None:
        super().__init__(
            Content(label),
            id=f"choice-{choice_id}",
            classes="accept" if big else "link",
            compact=not big,
        )
        self.choice_id = choice_id
        self._timer: Timer | None = None

    def on_enter(self, event: events.Enter) -> None:
        if self._timer is None:
            self._timer = self.set_timer(max(0.001, self.HOVER_DELAY), self._settled)

    def on_leave(self, event: events.Leave) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _settled(self) -> None:
        self.post_message(self.Hovered(self.choice_id))


#: Below this many columns the banner takes the whole width (its own is 76).
TIGHT_WIDTH = 90


class ConsentScreen(ModalScreen[None]):
    """The banner for the current consent scene; rebuilt if the scene changes."""

    CSS_PATH = "consent.tcss"
    KEYS: ClassVar[tuple[KeySpec, ...]] = (
        KeySpec("tab,right,down", "move(1)", "key_next", key_display="Tab", priority=True),
        KeySpec("shift+tab,left,up", "move(-1)", "key_next", show=False, priority=True),
        *(KeySpec(str(n), f"choose_number({n})", "key_choose", show=False) for n in range(1, 10)),
        KeySpec("pageup", "scroll_text(-1)", "key_next", show=False),
        KeySpec("pagedown", "scroll_text(1)", "key_next", show=False),
        *GLOBAL_KEYS,
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS)

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[str, tuple[tuple[str, str], ...]] | None = None

    @property
    def kapp(self) -> KaufhausApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="banner"):
            yield Literal(id="banner-title")
            with VerticalScroll(id="banner-text"):
                yield Literal(id="banner-body")
            yield Vertical(id="banner-big")
            yield Horizontal(id="banner-links")
            yield Literal(id="banner-hint")
        yield Footer()

    async def on_mount(self) -> None:
        relabel(self, self.KEYS, self.kapp.lang)
        self.watch(self.app, "revision", self._on_revision, init=False)
        self.watch(self.app, "lang", self._on_lang, init=False)
        await self.refresh_view()

    async def _on_revision(self, _revision: int) -> None:
        await self.refresh_view()

    async def _on_lang(self, lang: str) -> None:
        relabel(self, self.KEYS, lang)
        await self.refresh_view()

    # ------------------------------------------------------------- render
    async def refresh_view(self) -> None:
        game = self.kapp.game
        if game is None or game.ended:
            return
        view: SceneView = game.view()
        if not view.is_consent:
            return
        self.query_one("#banner-title", Literal).show(view.title)
        self.query_one("#banner-body", Literal).show(view.text)
        self.query_one("#banner-hint", Literal).show(tr("banner_hint", self.kapp.lang))
        numbers = choice_numbers(view)
        choices = tuple(
            (c.id, f"{n}. {c.label}" if n is not None else c.label)
            for c, n in zip(view.choices, numbers, strict=True)
        )
        shown = (view.scene_id, choices)
        if shown == self._shown:
            return
        self._shown = shown
        big_id = next((c.id for c in view.choices if c.consent == "all"), None)
        big_box = self.query_one("#banner-big", Vertical)
        links = self.query_one("#banner-links", Horizontal)
        await big_box.remove_children()
        await links.remove_children()
        buttons: list[ChoiceButton] = []
        for choice_id, label in choices:
            big = choice_id == big_id or big_id is None
            button = ChoiceButton(choice_id, label, big=big)
            buttons.append(button)
            await (big_box if big else links).mount(button)
        self.query_one("#banner-text", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(self._fit)
        if buttons:
            # The door-sized button has the focus from the start: Enter means "yes".
            next((b for b in buttons if b.choice_id == big_id), buttons[0]).focus()

    def _buttons(self) -> list[ChoiceButton]:
        """The buttons in the order of the scene's choices (the order numbers use)."""
        order = [choice_id for choice_id, _ in (self._shown[1] if self._shown else ())]
        found = {b.choice_id: b for b in self.query(ChoiceButton)}
        return [found[c] for c in order if c in found]

    # ------------------------------------------------------------- actions
    def action_move(self, step: int) -> None:
        """Move the focus among the banner's buttons; the shop logs where it landed."""
        buttons = self._buttons()
        if not buttons:
            return
        focused = self.focused
        index = buttons.index(focused) if focused in buttons else -1
        target = buttons[(index + step) % len(buttons)]
        target.focus()
        self.kapp.track("highlight", choice=target.choice_id, source="keyboard")

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The buttons are never pushed out of sight, the text gets every row left.

        Where the banner's 76 columns nearly fill the window (80 × 24), it takes the
        whole width: two dimmed columns each side showed stray letters of the scene
        behind ("V┏━…━┓r").
        """
        self.set_class(self.size.width < TIGHT_WIDTH, "-tight")
        fit_text(
            self,
            self.query_one("#banner", Vertical),
            self.query_one("#banner-text", VerticalScroll),
            self.query(Footer),
        )

    def action_scroll_text(self, direction: int) -> None:
        text = self.query_one("#banner-text", VerticalScroll)
        if direction < 0:
            text.scroll_page_up(animate=False)
        else:
            text.scroll_page_down(animate=False)

    def action_choose_number(self, number: int) -> None:
        # The number on the button: the choice's place in the scene as written
        # (also before the buttons are mounted).
        game = self.kapp.game
        choice = None
        if game is not None and not game.ended:
            choice = choice_for_number(game.view(), number)
        if choice is not None:
            self.kapp.track("choose", choice=choice)
        else:
            self.app.bell()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, ChoiceButton):
            self.kapp.track("choose", choice=event.button.choice_id)

    @on(ChoiceButton.Hovered)
    def _hovered(self, event: ChoiceButton.Hovered) -> None:
        event.stop()
        self.kapp.track("hover", target=event.choice_id)
