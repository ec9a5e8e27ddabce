"""The shop's tracking engine: events, the append-only log, the profile and pricing.

Knows nothing of stories, the game or Textual: the game translates what the
player did into ``Event`` facts and reads back ``Inference`` objects.
"""

from kaufhaus.tracking.events import Event, Kind
from kaufhaus.tracking.log import EventLog
from kaufhaus.tracking.profile import Inference, ProductInfo, Profile

__all__ = ["Event", "EventLog", "Inference", "Kind", "ProductInfo", "Profile"]
