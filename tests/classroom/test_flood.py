"""300 wrong class codes at once do not lock the class out (issue 19).

Before, each wrong code waited half a second in one server-wide line while
holding its connection: 300 of them held 300 file descriptors, the right
code timed out and the teacher's terminal filled with "Too many open files"
tracebacks. The server here runs as the teacher starts it, in its own
process, with only 128 file descriptors (a small machine's limit, lower
than the flood), and 300 wrong codes arrive at once.
"""

from __future__ import annotations

import asyncio
import resource
from pathlib import Path

import aiohttp

from tests.classroom.serving import free_port, start_server, stop_server, wait_port

CODE = "K7QMX"


def few_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (128, 128))


async def flood(port: int) -> tuple[list[int], int]:
    base = f"http://127.0.0.1:{port}/"
    guard = aiohttp.ClientTimeout(total=120)  # against a hang, not a speed target
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector, timeout=guard) as session:

        async def guess(i: int) -> int:
            async with session.post(base, data={"code": f"WRNG{i}"}) as answer:
                await answer.read()
                return answer.status

        statuses = await asyncio.gather(*(guess(i) for i in range(300)))
    # Another pupil, from another address on this computer.
    other = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0), force_close=True)
    async with (
        aiohttp.ClientSession(connector=other, timeout=guard) as session,
        session.post(base, data={"code": CODE}, allow_redirects=False) as right,
    ):
        return list(statuses), right.status


def test_a_flood_of_wrong_codes_leaves_the_door_open(tmp_path: Path) -> None:
    port = free_port()
    process = start_server(port, tmp_path / "klasse", "--code", CODE, preexec_fn=few_files)
    try:
        wait_port(port, process)
        statuses, right = asyncio.run(flood(port))
    finally:
        output = stop_server(process)
    assert right == 303
    assert set(statuses) <= {403, 429} and statuses.count(403) <= 10
    assert "Traceback" not in output, output[-3000:]
    assert all(len(line) < 400 for line in output.splitlines())
