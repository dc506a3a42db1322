"""board stopped while people use the site, then started again; nothing else is restarted.

Meanwhile the home page still answers with board's sections marked unavailable and sharing's
shown, board's list page says its posts cannot be loaded, a comment on a post (comments must ask board) is a
503 problem from the API and a page that keeps the typed text in the front. A comment deleted
meanwhile sends board its new count through comments' outbox; the event waits and arrives
after board is back. Background traffic never sees a 500 or a dropped connection.
"""

from __future__ import annotations

import threading
import time

import requests

from kingdom.testing.faults import database_of, member, query
from kingdom.testing.live import eventually, run_management_command, service_log

from .conftest import API_TIMEOUT, Visitor

BOARD_DOWN = "거지방: 지금은 불러올 수 없어요"
PAGE_BOUND = 2 * API_TIMEOUT + 3  # one retry of an idempotent call, plus rendering on a busy machine


class Traffic(threading.Thread):
    """Anonymous visitors loading the home page and board's list, over and over."""

    def __init__(self, stack):
        super().__init__(daemon=True)
        self.base = stack.url("front")
        self.answers: list[tuple[str, int | str, float, bool]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            for path in ("/", "/board/"):
                started = time.monotonic()
                degraded = False
                try:
                    answer = requests.get(self.base + path, timeout=30)
                    status: int | str = answer.status_code
                    degraded = "지금은 불러올 수 없어요" in answer.text
                except requests.RequestException as exc:
                    status = type(exc).__name__
                self.answers.append((path, status, time.monotonic() - started, degraded))
            time.sleep(0.1)

    def stop(self) -> list[tuple[str, int | str, float, bool]]:
        self.stopping.set()
        self.join(timeout=60)
        return self.answers


def board_comment_count(stack, post_id: int) -> int:
    return requests.get(stack.url("board") + f"/api/board/posts/{post_id}", timeout=10).json()[
        "comment_count"
    ]


def test_board_down_during_traffic_degrades_then_recovers_without_restarts(stack):
    alice = member(stack)
    post_id, later_post_id = alice.write_post("댓글이 줄어들 글"), alice.write_post("돌아온 뒤의 글")
    kept = alice.comment(post_id, "남을 댓글")
    doomed = alice.comment(post_id, "board가 멈춘 동안 지울 댓글")
    assert kept.status_code == doomed.status_code == 201
    assert eventually(lambda: board_comment_count(stack, post_id) == 2)
    visitor = Visitor(stack)
    visitor.join_as_guest()
    token = visitor.open_form(f"/board/{post_id}")  # the post page is open, the comment being typed
    typed = "board가 멈춘 사이에 쓴 댓글, 사라지면 안 돼요"
    traffic = Traffic(stack)
    traffic.start()
    time.sleep(1)

    stack.stop("board")
    try:
        time.sleep(1)
        started = time.monotonic()
        home = visitor.get("/")
        home_seconds = time.monotonic() - started
        board_list = visitor.get("/board/")
        by_api = alice.comment(post_id, "API로 쓴 댓글")
        by_page = visitor.post(
            "/comments/new", {"target_type": "post", "target_id": post_id, "body": typed}, token
        )
        deleted = alice.call("DELETE", "comments", f"/api/comments/{doomed.json()['id']}")
        time.sleep(1)
    finally:
        stack.start("board")
    time.sleep(1)
    answers = traffic.stop()

    log = service_log(stack, "front")[-3000:]
    assert home.status_code == 200, log
    assert BOARD_DOWN in home.text  # board's sections say so...
    assert "핫딜: 지금은 불러올 수 없어요" not in home.text  # ...sharing's are shown
    assert home_seconds < PAGE_BOUND
    assert board_list.status_code == 200
    assert "지금은 불러올 수 없어요" in board_list.text
    assert by_api.status_code == 503, by_api.text
    assert by_api.headers["Content-Type"] == "application/problem+json"
    assert by_page.status_code == 503
    assert "지금은 저장할 수 없어요" in by_page.text
    assert typed in by_page.text  # the textarea still holds what was typed
    assert deleted.status_code == 204, deleted.text

    # board is back; nothing else was restarted
    home = visitor.get("/")
    assert home.status_code == 200
    assert BOARD_DOWN not in home.text
    token = visitor.open_form(f"/board/{later_post_id}")
    posted = visitor.post(
        "/comments/new", {"target_type": "post", "target_id": later_post_id, "body": typed}, token
    )
    assert posted.status_code == 302, posted.text[:1000]
    assert typed in visitor.get(f"/board/{later_post_id}").text

    # the count event queued while board was down arrives (the worker's next pass)
    def delivered() -> bool:
        run_management_command(stack, "comments", "deliver_outbox")
        return board_comment_count(stack, post_id) == 1

    assert eventually(delivered, timeout=40, interval=1.0), service_log(stack, "comments")[-3000:]
    pending = query(
        database_of(stack, "comments"), "SELECT count(*) FROM comments_outboxevent WHERE delivered_at IS NULL"
    )
    assert pending == [(0,)]

    # the traffic all along: answers only, never a 500 or a dropped connection, each one bounded
    assert len(answers) > 10
    assert {a[1] for a in answers} == {200}, [a for a in answers if a[1] != 200]
    assert any(degraded for *_, degraded in answers)  # it did see board down
    assert not answers[-1][3]  # and back
    slowest = max(a[2] for a in answers)
    assert slowest < PAGE_BOUND, f"a page took {slowest:.1f}s"
