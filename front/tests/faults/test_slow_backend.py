"""board hangs (its posts table locked): the front's pages stay bounded and nothing piles up.

Each page waits at most its API timeout (plus one retry of an idempotent call) for board, then
shows board's sections as unavailable. More concurrent page loads than the front has request
threads stay within the front's caps, read from its code: threads (gunicorn's request
threads plus the section pools, which grow lazily up to their size per worker) and connections
to board (at most one per section thread) — and timed-out calls give their connections up. Once
board answers, pages are whole again after board has worked through the calls the front gave up
on (they wait in board's listen queue; the test prints how long that took).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import psutil
import requests

from front import gunicorn_conf
from front.api import concurrent
from kingdom.testing.faults import TableLock, database_of
from kingdom.testing.live import eventually, service_log

from .conftest import API_TIMEOUT

BOARD_DOWN = "거지방: 지금은 불러올 수 없어요"
PAGE_ALONE = 2 * API_TIMEOUT + 2  # one retry, plus rendering on a busy machine
WORKERS = 2  # GUNICORN_WORKERS of live stacks
REQUEST_THREADS = gunicorn_conf.threads
# the pool of sections, and the thread that sends cached views (front.board.view_counts)
SECTION_THREADS = concurrent._executor._max_workers + 1
CONCURRENT = WORKERS * REQUEST_THREADS + 8  # more pages than request threads: some must wait


def front_processes(stack) -> list[psutil.Process]:
    master = psutil.Process(stack.processes["front"].pid)
    return [master, *master.children(recursive=True)]


def footprint(stack) -> tuple[int, int]:
    """(threads, TCP connections to board) of the front's processes right now."""
    board_port = stack.ports["board"]
    threads = connections = 0
    for process in front_processes(stack):
        threads += process.num_threads()
        connections += sum(
            1
            for c in process.net_connections(kind="tcp")
            if c.raddr and c.raddr.port == board_port and c.status == psutil.CONN_ESTABLISHED
        )
    return threads, connections


def load_home(stack) -> tuple[int, float, bool]:
    started = time.monotonic()
    answer = requests.get(stack.url("front") + "/", timeout=60)
    return answer.status_code, time.monotonic() - started, BOARD_DOWN in answer.text


def wave(stack) -> tuple[list[tuple[int, float, bool]], tuple[int, int]]:
    """Load the home page CONCURRENT times at once; return the answers and the peak footprint."""
    peak = (0, 0)
    with ThreadPoolExecutor(CONCURRENT) as pool:
        loads = [pool.submit(load_home, stack) for _ in range(CONCURRENT)]
        while not all(load.done() for load in loads):
            now = footprint(stack)
            peak = (max(peak[0], now[0]), max(peak[1], now[1]))
            time.sleep(0.1)
    return [load.result() for load in loads], peak


def test_a_hung_board_costs_each_page_its_timeout_and_the_front_a_bounded_footprint(stack):
    baseline = footprint(stack)
    with TableLock(database_of(stack, "board"), "board_post"):
        alone = load_home(stack)
        loads, peak = wave(stack)
        board_connections = footprint(stack)[1]
    released = time.monotonic()
    # board first works through the calls the front gave up on (they wait in its listen queue)
    recovered = eventually(
        lambda: (answer := load_home(stack))[0] == 200 and not answer[2] and answer, timeout=60
    )
    recovered_after = time.monotonic() - released

    log = service_log(stack, "front")[-2000:]
    status, seconds, degraded = alone
    assert status == 200, log
    assert degraded
    assert seconds < PAGE_ALONE, f"one page took {seconds:.1f}s with board hung"
    for status, seconds, degraded in loads:
        assert status == 200, log
        assert degraded
        # a page may wait for a free thread behind one round of others
        assert seconds < 2 * PAGE_ALONE + 2, f"{seconds:.1f}s"
    print(f"front (threads, connections to board): before {baseline}, peak {peak}")
    threads, connections = peak
    assert threads <= baseline[0] + WORKERS * (REQUEST_THREADS + SECTION_THREADS), peak
    assert connections <= WORKERS * SECTION_THREADS, peak
    # timed-out calls do not keep their connections to the hung board
    assert board_connections <= CONCURRENT

    print(f"pages whole again {recovered_after:.1f}s after board answered")
    assert recovered, "board answers again, but the page never became whole"
