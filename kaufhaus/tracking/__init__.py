"""The shop's tracking engine: events, the append-only log, the profile and pricing.

Knows nothing of stories, the game or Textual: the game translates what the
player did into ``Event`` facts and reads back ``Inference`` objects.

The profile is imported on first use: the title screen needs ``Event`` for
the save list, not the inference rules, and should paint without them.
"""

from typing import Any

from kaufhaus.tracking.events import Event, Kind
from kaufhaus.tracking.log import EventLog

__all__ = ["Event", "EventLog", "Inference", "Kind", "ProductInfo", "Profile"]


def __getattr__(name: str) -> Any:
    if name in ("Inference", "Profile", "ProductInfo"):
        from kaufhaus.tracking import profile

        return getattr(profile, name)
    raise AttributeError(f"module 'kaufhaus.tracking' has no attribute {name!r}")
