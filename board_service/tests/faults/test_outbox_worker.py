"""The outbox worker killed (SIGKILL) in the middle of a delivery to a slow receiver.

A post is deleted while comments is down, so its event waits in board's outbox. The worker
picks it up while comments is held up by a table lock; its heartbeat goes stale (the liveness
probe would restart it) and it is killed mid-request. The event is still pending — the kill
rolled back the worker's transaction — and a new worker delivers it. The receiver may see the
event twice (the killed worker's request still completes); it is applied once: the post's
comments are gone, every other comment stays, nothing is counted twice.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import requests

from kingdom.devstack import REPO_ROOT
from kingdom.testing.faults import TableLock, database_of, member, query
from kingdom.testing.live import eventually, service_log


def start_worker(stack, heartbeat, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "django", "deliver_outbox", "--loop", "--interval", "0.5"],
        env={**stack.env_for("board"), "OUTBOX_HEARTBEAT_FILE": str(heartbeat), **env},
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def heartbeat_check(stack, heartbeat, max_age: float) -> int:
    return subprocess.run(
        [sys.executable, "-m", "django", "check_outbox_heartbeat", "--max-age", str(max_age)],
        env={**stack.env_for("board"), "OUTBOX_HEARTBEAT_FILE": str(heartbeat)},
        cwd=REPO_ROOT,
        capture_output=True,
        check=False,
    ).returncode


def stored_comments(stack, post_id: int) -> list[str]:
    rows = query(
        database_of(stack, "comments"),
        "SELECT body FROM comments_comment WHERE target_type = 'post' AND target_id = %s ORDER BY id",
        (post_id,),
    )
    return [body for (body,) in rows]


def board_events(stack) -> list[tuple]:
    return query(
        database_of(stack, "board"),
        "SELECT topic, payload->>'target_id', delivered_at IS NOT NULL, attempts FROM board_outboxevent",
    )


def test_a_worker_killed_mid_delivery_loses_and_duplicates_nothing(stack, tmp_path):
    alice, bob = member(stack), member(stack)
    doomed, kept = alice.write_post("지워질 글"), alice.write_post("남을 글")
    for post_id, body in ((doomed, "사라질 댓글 1"), (doomed, "사라질 댓글 2"), (kept, "남을 댓글")):
        assert bob.comment(post_id, body).status_code == 201

    def kept_comment_count() -> int:
        post = requests.get(stack.url("board") + f"/api/board/posts/{kept}", timeout=10).json()
        return post["comment_count"]

    assert eventually(lambda: kept_comment_count() == 1)
    query(database_of(stack, "board"), "DELETE FROM board_outboxevent RETURNING id")  # earlier tests' events

    stack.stop("comments")
    try:
        assert alice.call("DELETE", "board", f"/api/board/posts/{doomed}").status_code == 204
    finally:
        stack.start("comments")
    assert board_events(stack) == [("comments.target_deleted", str(doomed), False, 1)]  # first try failed

    heartbeat = tmp_path / "outbox-heartbeat"
    with TableLock(database_of(stack, "comments"), "comments_thread") as slow_receiver:
        first = start_worker(stack, heartbeat, UPSTREAM_TIMEOUT_SECONDS="120")
        try:
            slow_receiver.wait_for_waiters(1, timeout=30)  # the worker's request is inside comments
            assert heartbeat_check(stack, heartbeat, max_age=60) == 0
            time.sleep(3)
            # stuck in one delivery: the heartbeat stops, the liveness probe would restart it
            assert heartbeat_check(stack, heartbeat, max_age=2) != 0
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        # nothing lost: the killed worker's transaction is rolled back, the event still pending
        assert eventually(lambda: board_events(stack)[0][2:] == (False, 1), timeout=10), board_events(stack)
    # the lock is gone: the request the killed worker sent still completes inside comments

    second = start_worker(stack, heartbeat)
    try:
        delivered = eventually(lambda: board_events(stack)[0][2], timeout=30)
        assert heartbeat_check(stack, heartbeat, max_age=10) == 0
    finally:
        second.send_signal(signal.SIGTERM)  # the loop ends its pass and exits cleanly
        output, _ = second.communicate(timeout=20)
    assert delivered, output + service_log(stack, "comments")[-3000:]
    assert second.returncode == 0, output

    # applied once, nothing duplicated: one event, the doomed post's comments gone, the rest intact
    (event,) = board_events(stack)
    assert event[:3] == ("comments.target_deleted", str(doomed), True)
    assert event[3] == 2  # the failed try and the new worker's; the killed attempt left no trace
    assert stored_comments(stack, doomed) == []
    assert stored_comments(stack, kept) == ["남을 댓글"]
    threads = query(
        database_of(stack, "comments"),
        "SELECT count(*), count(target_deleted_at) FROM comments_thread"
        " WHERE target_type = 'post' AND target_id = %s",
        (doomed,),
    )
    assert threads == [(1, 1)]
    assert kept_comment_count() == 1
    assert bob.comment(doomed, "지운 글에 댓글").status_code == 404
