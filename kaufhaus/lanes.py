"""Lanes: independent parts of one computation, run in step on several cores.

``story-test`` explores a pack in one search per player behaviour (and seed).
The searches need each other only to know what is still uncovered, so they
can run side by side: each is a *lane*, the lanes take a round of steps at the
same time, and between rounds the caller merges what they found and hands the
merged result to the next round. What a lane does in a round depends only on
what it is given and on itself, never on which process runs it or how fast,
so the outcome is the same on one core as on many (:func:`open_lanes` with
``jobs=1`` runs them all here, in order).

Worker processes are forked (they inherit the loaded pack with its compiled
templates, which cannot be pickled); where forking is not available the lanes
run here. Only the orders and the results of a round travel between processes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any, Protocol


class Lane(Protocol):
    def run(self, order: Any) -> Any:
        """Take one round of steps as ``order`` says; return what was found."""


class LaneError(RuntimeError):
    """A worker process failed or went away (a bug, not a finding: findings are results)."""


def usable_cores() -> int:
    """The cores this process may run on (fewer than the machine has under a limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def idle_cores() -> int:
    """The usable cores nobody else keeps busy (by the load average): on a busy
    machine a second process only waits for its share at every round's end."""
    cores = usable_cores()
    try:
        load = os.getloadavg()[0]
    except OSError:  # pragma: no cover - no load average here
        return cores
    return max(1, min(cores, round(cores - load)))


class LocalLanes:
    """Every lane in this process, one after the other."""

    def __init__(self, make: Callable[[int], Lane], count: int) -> None:
        self.lanes = [make(index) for index in range(count)]
        #: Computing time spent outside this process (none: it is all in ours).
        self.cpu_elsewhere = 0.0

    def run(self, orders: dict[int, Any]) -> dict[int, Any]:
        return {index: self.lanes[index].run(order) for index, order in sorted(orders.items())}

    def close(self) -> None:
        pass


def _work(conn: Connection, make: Callable[[int], Lane], indices: Sequence[int]) -> None:
    """A worker: build its lanes, then run rounds until told to stop."""
    try:
        lanes = {index: make(index) for index in indices}
        while True:
            orders = conn.recv()
            if orders is None:
                return
            started = time.process_time()
            results = {index: lanes[index].run(order) for index, order in sorted(orders.items())}
            conn.send(("ok", results, time.process_time() - started))
    except (EOFError, KeyboardInterrupt):
        return
    except BaseException:
        with contextlib.suppress(OSError):
            conn.send(("error", traceback.format_exc(), 0.0))


class ForkedLanes:
    """The lanes spread over forked worker processes, ``jobs`` of them."""

    def __init__(
        self, make: Callable[[int], Lane], count: int, jobs: int, weights: Sequence[float]
    ) -> None:
        context = multiprocessing.get_context("fork")
        self.cpu_elsewhere = 0.0
        self.owner: dict[int, int] = {}
        # The heaviest lanes first, each to the worker with the least work so far.
        load = [0.0] * jobs
        for index in sorted(range(count), key=lambda i: (-weights[i], i)):
            worker = min(range(jobs), key=lambda w: (load[w], w))
            load[worker] += weights[index]
            self.owner[index] = worker
        self.conns: list[Connection] = []
        self.procs: list[Any] = []
        for worker in range(jobs):
            ours, theirs = context.Pipe()
            indices = [i for i in range(count) if self.owner[i] == worker]
            proc = context.Process(target=_work, args=(theirs, make, indices), daemon=True)
            proc.start()
            theirs.close()
            self.conns.append(ours)
            self.procs.append(proc)

    def run(self, orders: dict[int, Any]) -> dict[int, Any]:
        busy: list[int] = []
        for worker, conn in enumerate(self.conns):
            mine = {i: o for i, o in orders.items() if self.owner[i] == worker}
            if mine:
                conn.send(mine)
                busy.append(worker)
        results: dict[int, Any] = {}
        for worker in busy:
            try:
                status, payload, cpu = self.conns[worker].recv()
            except EOFError:
                raise LaneError(f"story-test worker {worker} stopped unexpectedly") from None
            if status != "ok":
                raise LaneError(f"story-test worker {worker} failed:\n{payload}")
            self.cpu_elsewhere += cpu
            results.update(payload)
        return results

    def close(self) -> None:
        for conn in self.conns:
            with contextlib.suppress(OSError):
                conn.send(None)
        for proc in self.procs:
            proc.join(timeout=5)
            if proc.is_alive():  # pragma: no cover - a worker stuck in a round
                proc.terminate()
                proc.join()
        for conn in self.conns:
            conn.close()


@contextlib.contextmanager
def open_lanes(
    make: Callable[[int], Lane],
    count: int,
    *,
    jobs: int = 1,
    weights: Sequence[float] | None = None,
) -> Iterator[LocalLanes | ForkedLanes]:
    """``count`` lanes made by ``make(index)``, on up to ``jobs`` processes.

    ``weights`` (how much work each lane is expected to be) spread the lanes
    evenly; the results never depend on it.
    """
    jobs = max(1, min(jobs, count))
    pool: LocalLanes | ForkedLanes
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        pool = ForkedLanes(make, count, jobs, weights or [1.0] * count)
    else:
        pool = LocalLanes(make, count)
    try:
        yield pool
    finally:
        pool.close()
