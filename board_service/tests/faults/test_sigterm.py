"""SIGTERM to board's gunicorn (what Kubernetes sends PID 1) while requests are in flight.

Two requests are held inside the database by a table lock the test owns, so they are really in
flight when the signal arrives; the lock is released only after the test has seen new
connections refused. Both worker kinds: threaded (every service's default) and sync.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from kingdom.devstack import REPO_ROOT
from kingdom.testing.faults import TableLock, database_of, member, query
from kingdom.testing.live import free_port, service_log

from .conftest import GRACEFUL_TIMEOUT


@contextlib.contextmanager
def board_server(stack, worker: str) -> Iterator[tuple[subprocess.Popen, str]]:
    """(gunicorn master, base URL) of a board to stop: the stack's own (threaded workers, the
    default), or a second one on the same database with sync workers (GUNICORN_THREADS=1)."""
    if worker == "gthread":
        try:
            yield stack.processes["board"], stack.url("board")
        finally:
            stack.stop("board")  # still running only when the test failed before its end
            stack.start("board")
        return
    port = free_port()
    env = {**stack.env_for("board"), "GUNICORN_THREADS": "1", "PORT": str(port)}
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(
        [gunicorn, "--config", "python:board_service.gunicorn_conf"],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(url + "/readyz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or still importing Django
                pass
            assert process.poll() is None, "the sync board exited"
            assert time.monotonic() < deadline, "the sync board did not start"
            time.sleep(0.2)
        yield process, url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # master and workers
            process.wait()


@pytest.mark.parametrize("worker", ["gthread", "sync"])
def test_in_flight_requests_finish_new_ones_are_refused_and_board_exits_within_the_grace(stack, worker):
    alice = member(stack)
    post_id = alice.write_post("바뀌기 전 제목")
    path = f"/api/board/posts/{post_id}"
    with board_server(stack, worker) as (board, url):
        with TableLock(database_of(stack, "board"), "board_post") as lock, ThreadPoolExecutor(2) as pool:
            reading = pool.submit(alice.session.get, url + path, timeout=30)
            editing = pool.submit(
                alice.session.patch, url + path, json={"title": "종료 중에 고친 제목"}, timeout=30
            )
            lock.wait_for_waiters(2)  # both requests are inside board, waiting on the lock

            signalled = time.monotonic()
            os.kill(board.pid, signal.SIGTERM)
            time.sleep(1.0)  # every copy of the listener is closed by now
            with pytest.raises(requests.ConnectionError):
                requests.get(url + "/api/board/posts", timeout=5)
            refused_after = time.monotonic() - signalled
            assert board.poll() is None, "board quit before its in-flight requests finished"

            lock.release()
            read, edited = reading.result(timeout=30), editing.result(timeout=30)
        exit_code = board.wait(timeout=GRACEFUL_TIMEOUT + 5)
        exited_after = time.monotonic() - signalled

    log = service_log(stack, "board")[-3000:]
    assert read.status_code == 200, read.text + log
    assert read.json()["title"] == "바뀌기 전 제목"
    assert edited.status_code == 200, edited.text + log
    assert edited.json()["title"] == "종료 중에 고친 제목"
    assert query(database_of(stack, "board"), "SELECT title FROM board_post WHERE id = %s", (post_id,)) == [
        ("종료 중에 고친 제목",)
    ]
    assert refused_after < 3, f"a new connection took {refused_after:.1f}s to be refused"
    assert exit_code == 0, log
    assert exited_after < GRACEFUL_TIMEOUT, f"exited {exited_after:.1f}s after SIGTERM"


def test_a_request_still_running_at_the_end_of_the_grace_is_cut_and_leaves_nothing_half_written(stack):
    alice = member(stack)
    post_id = alice.write_post("그대로 남을 제목")
    board = stack.processes["board"]
    try:
        with TableLock(database_of(stack, "board"), "board_post") as lock, ThreadPoolExecutor(1) as pool:
            path = f"/api/board/posts/{post_id}"
            editing = pool.submit(alice.call, "PATCH", "board", path, json={"title": "끝나지 못한 수정"})
            lock.wait_for_waiters(1)
            signalled = time.monotonic()
            os.kill(board.pid, signal.SIGTERM)
            board.wait(timeout=GRACEFUL_TIMEOUT + 10)  # the lock is never released in time
            exited_after = time.monotonic() - signalled
            with pytest.raises(requests.ConnectionError):
                editing.result(timeout=30)  # the client sees the connection end, not a fake answer
    finally:
        stack.stop("board")  # still running only when the test failed before its end
        stack.start("board")

    assert GRACEFUL_TIMEOUT - 1 < exited_after < GRACEFUL_TIMEOUT + 5, f"exited after {exited_after:.1f}s"
    assert query(database_of(stack, "board"), "SELECT title FROM board_post WHERE id = %s", (post_id,)) == [
        ("그대로 남을 제목",)
    ]
