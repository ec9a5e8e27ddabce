"""The append-only event log: the shop's memory and the game's only state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kaufhaus.tracking.events import Event, Kind


class EventLog:
    """Events in order; ids are positions, so evidence ids always resolve."""

    def __init__(self) -> None:
        self._events: list[Event] = []

    def append(
        self,
        kind: Kind,
        t: float,
        scene: str,
        target: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> Event:
        # The time as the save keeps it (milliseconds): a game replayed from its
        # save draws the same conclusions as the game that was played.
        t = round(t, 3)
        if self._events and t < self._events[-1].t:
            t = self._events[-1].t  # time never runs backwards in the log
        event = Event(len(self._events), kind, t, scene, target, dict(data or {}))
        self._events.append(event)
        return event

    def adopt(self, event: Event) -> Event:
        """Append an event already built and checked (replaying a save): no copy.

        Its id must be the next position and its time not before the last."""
        if event.id != len(self._events) or (self._events and event.t < self._events[-1].t):
            return self.append(event.kind, event.t, event.scene, event.target, event.data)
        self._events.append(event)
        return event

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def __getitem__(self, index: int) -> Event:
        return self._events[index]

    @property
    def last(self) -> Event | None:
        return self._events[-1] if self._events else None

    def events(self) -> list[Event]:
        return list(self._events)

    def shared(self) -> list[Event]:
        """The list itself, not a copy: for snapshots that share the (frozen) events
        with their copies instead of copying them (``story-test``). Not to be changed."""
        return self._events
