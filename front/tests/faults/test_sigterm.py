"""SIGTERM to the front's gunicorn (threaded workers) while pages are in flight.

The pages are held in flight by a hung board (its posts table locked by the test): each waits
for its API timeout and one retry. The front must let them finish, refuse new connections at
once instead of leaving them hanging in the listen queue, and exit within its grace period.
"""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from kingdom.testing.faults import TableLock, database_of
from kingdom.testing.live import service_log

from .conftest import GRACEFUL_TIMEOUT


def test_pages_in_flight_finish_new_connections_are_refused_and_the_front_exits_in_time(stack):
    front = stack.processes["front"]
    try:
        with (
            TableLock(database_of(stack, "board"), "board_post") as hung_board,
            ThreadPoolExecutor(3) as pool,
        ):
            pages = [pool.submit(requests.get, stack.url("front") + "/", timeout=30) for _ in range(3)]
            hung_board.wait_for_waiters(1)  # the pages are waiting on board
            signalled = time.monotonic()
            os.kill(front.pid, signal.SIGTERM)
            time.sleep(0.3)
            with pytest.raises(requests.ConnectionError):
                requests.get(stack.url("front") + "/healthz", timeout=5)
            refused_after = time.monotonic() - signalled
            answers = [page.result(timeout=30) for page in pages]
        exit_code = front.wait(timeout=GRACEFUL_TIMEOUT + 5)
        exited_after = time.monotonic() - signalled
    finally:
        stack.stop("front")  # still running only when the test failed before its end
        stack.start("front")

    log = service_log(stack, "front")[-3000:]
    assert refused_after < 2, f"a new connection took {refused_after:.1f}s to be refused"
    for answer in answers:
        assert answer.status_code == 200, log
        assert "거지방: 지금은 불러올 수 없어요" in answer.text
    assert exit_code == 0, log
    assert exited_after < GRACEFUL_TIMEOUT, f"exited {exited_after:.1f}s after SIGTERM"
