"""Who may talk to ``kaufhaus serve``: the page's own origin, and guessers slowed down.

Two doors a web page or a pupil could push:

- **Foreign pages.** Any page the teacher opens may try to open a websocket to
  ``ws://127.0.0.1:8000`` and play (or start forty games) there; browsers
  send such requests with the page's ``Origin``. A websocket is accepted
  only from the server's own origin: the ``Origin`` must name the
  host the request was sent to (``Host``, or ``X-Forwarded-Host`` from a proxy
  in front), or an address the teacher gave with ``--public-url``. Requests
  without an ``Origin`` do not come from a web page and pass. On
  ``127.0.0.1`` without a class code, the ``Host`` itself must be one of this
  computer's names: otherwise a page could rename itself to ``127.0.0.1``
  through its own DNS ("DNS rebinding") and be its own origin.
- **Guessing the class code.** Each client (its address; behind a proxy on
  this computer, the address the proxy reports last in ``X-Forwarded-For``)
  may get a few codes wrong at once, then one more every few seconds. A
  client over that budget is answered at once ("wait N seconds") without
  its code being tried: nothing waits, no connection is held, and one
  guesser never slows another pupil down.
"""

from __future__ import annotations

import ipaddress
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_DEFAULT_PORT = {"http": "80", "https": "443"}


def _hostport(scheme: str, netloc: str) -> str | None:
    """``host[:port]`` in lower case, without the scheme's default port; None if unusable."""
    try:
        parts = urlsplit(f"{scheme}://{netloc.strip()}")
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not host or parts.username is not None or parts.password is not None:
        return None
    shown = f"[{host}]" if ":" in host else host
    if port is None or str(port) == _DEFAULT_PORT.get(scheme):
        return shown
    return f"{shown}:{port}"


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL or ``Origin`` header; None if it is not http(s)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORT or not parts.netloc:
        return None
    hostport = _hostport(parts.scheme, parts.netloc)
    return None if hostport is None else f"{parts.scheme}://{hostport}"


def hostname_of(host_header: str) -> str | None:
    try:
        return urlsplit("//" + host_header.strip()).hostname
    except ValueError:
        return None


@dataclass(frozen=True)
class Gate:
    """The origins and host names this server answers to."""

    #: Addresses the class opens (``--public-url``): allowed whatever ``Host`` a proxy sends.
    public_urls: tuple[str, ...] = ()
    #: The address the server listens on.
    bind_host: str = "127.0.0.1"
    #: A class code guards every game: then any host name may reach the join page.
    coded: bool = False
    _origins: frozenset[str] = field(init=False, repr=False)
    _hosts: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        origins = {o for o in (origin_of(u) for u in self.public_urls) if o}
        hosts = set(LOOPBACK_NAMES) | {self.bind_host.strip("[]").lower()}
        hosts |= {h for h in (hostname_of(o.split("://", 1)[1]) for o in origins) if h}
        object.__setattr__(self, "_origins", frozenset(origins))
        object.__setattr__(self, "_hosts", frozenset(hosts))

    def host_allowed(self, headers: Mapping[str, str]) -> bool:
        """Is ``Host`` one of ours? (Only asked without a class code; see the module.)"""
        if self.coded:
            return True
        host = headers.get("Host")
        if host is None:
            return True  # not a browser: browsers always send Host
        name = hostname_of(host)
        return name is not None and name in self._hosts

    def origin_allowed(self, headers: Mapping[str, str]) -> bool:
        """Does this request come from our own page (or from no page at all)?"""
        origin_header = headers.get("Origin")
        if origin_header is None:
            return True
        origin = origin_of(origin_header)
        if origin is None:  # "null" (a file, a sandboxed frame) or not http(s)
            return False
        if origin in self._origins:
            return True
        scheme, _, hostport = origin.partition("://")
        return any(_hostport(scheme, sent) == hostport for sent in _sent_hosts(headers))


def _sent_hosts(headers: Mapping[str, str]) -> Iterable[str]:
    host = headers.get("Host")
    if host:
        yield host
    forwarded = headers.get("X-Forwarded-Host")
    if forwarded:
        yield from (part for part in forwarded.split(",") if part.strip())


def client_of(peer: str | None, headers: Mapping[str, str]) -> str:
    """Whom a guess is counted against: the peer, or the client a local proxy names."""
    address = peer or "?"
    try:
        loopback = ipaddress.ip_address(address).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        forwarded = headers.get("X-Forwarded-For", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last[:64]
    return address


class Throttle:
    """A token bucket per client: ``burst`` wrong codes at once, then one per ``every`` s."""

    def __init__(
        self,
        burst: int = 10,
        every: float = 3.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 4096,
    ) -> None:
        self.burst = burst
        self.every = every
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def _tokens(self, client: str, now: float) -> float:
        tokens, stamp = self._buckets.get(client, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - stamp) / self.every)

    def wait(self, client: str) -> float:
        """Seconds until this client may try a code again (0: now)."""
        tokens = self._tokens(client, self.clock())
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) * self.every

    def wrong(self, client: str) -> None:
        """Count one wrong code against the client."""
        now = self.clock()
        tokens = self._tokens(client, now) - 1.0
        self._buckets[client] = (max(tokens, 0.0), now)
        self._buckets.move_to_end(client)
        if len(self._buckets) > self.max_clients:
            self._forget_some(now)

    def _forget_some(self, now: float) -> None:
        for client in [c for c in self._buckets if self._tokens(c, now) >= self.burst]:
            del self._buckets[client]
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)  # the longest quiet first
