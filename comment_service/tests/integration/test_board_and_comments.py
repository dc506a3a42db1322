"""board ↔ comments with the real services: auth, board and comments under gunicorn on PostgreSQL.

Nothing is stubbed: users sign up through auth's API as a browser would, comments ask the real
board whether a post exists (with a service token from auth), and a post deleted while the
comment service is down loses its comments once board's outbox delivers the event.
"""

from __future__ import annotations

import time
import uuid

import psycopg2
import pytest
import requests

from kingdom.devstack import SERVICES_BY_NAME
from kingdom.testing.live import eventually, live_stack, run_management_command, service_log

pytestmark = pytest.mark.integration

PASSWORD = "Thrift-Kingdom-2026!"  # a throwaway test account in a throwaway database


@pytest.fixture(scope="module")
def stack():
    # One report hides a post here, so the hidden-post test needs no crowd of reporters.
    env = {"UPSTREAM_TIMEOUT_SECONDS": "2", "BOARD_REPORTS_TO_HIDE": "1"}
    with live_stack(["auth", "board", "comments"], extra_env=env) as running:
        yield running


class Browser:
    """Someone using the APIs with the tokens auth gave them."""

    def __init__(self, stack, signed_in: dict):
        self.stack = stack
        self.user = signed_in["user"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {signed_in['access']}"

    def call(self, method: str, service: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, self.stack.url(service) + path, timeout=30, **kwargs)

    def write_post(self, *, anonymous: bool = False) -> int:
        response = self.call(
            "POST",
            "board",
            "/api/board/posts",
            json={
                "category": "free",
                "kind": "talk",
                "title": "오늘 무지출 성공",
                "body": "도시락 싸왔어요",
                "anonymous": anonymous,
            },
        )
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def comment(self, post_id: int, body: str = "대단해요", **fields) -> requests.Response:
        return self.call(
            "POST",
            "comments",
            "/api/comments",
            json={"target_type": "post", "target_id": post_id, "body": body, **fields},
        )


def member(stack) -> Browser:
    name = f"m{uuid.uuid4().hex[:10]}"
    response = requests.post(
        stack.url("auth") + "/api/auth/signup",
        json={"username": name, "password": PASSWORD, "nickname": f"절약{name[-4:]}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return Browser(stack, response.json())


def guest(stack) -> Browser:
    response = requests.post(
        stack.url("auth") + "/api/auth/guest", json={"nickname": f"손님{uuid.uuid4().hex[:4]}"}, timeout=30
    )
    assert response.status_code == 201, response.text
    return Browser(stack, response.json())


def thread(stack, post_id: int) -> dict:
    response = requests.get(
        stack.url("comments") + "/api/comments",
        params={"target_type": "post", "target_id": post_id},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.json()


def stored_comment_count(stack, post_id: int) -> int:
    """Rows in the comment service's own database, to prove a hard delete."""
    with psycopg2.connect(stack.database_url_for(SERVICES_BY_NAME["comments"])) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM comments_comment WHERE target_type = 'post' AND target_id = %s", [post_id]
        )
        return cur.fetchone()[0]


def test_members_and_guests_comment_on_an_existing_post(stack):
    alice, bob = member(stack), guest(stack)
    post_id = alice.write_post()

    top = bob.comment(post_id, "저도 도시락파")
    assert top.status_code == 201, top.text + service_log(stack, "comments")[-3000:]
    reply = alice.comment(post_id, "같이 아껴요", parent_id=top.json()["id"])
    assert reply.status_code == 201, reply.text

    listed = thread(stack, post_id)
    assert [c["body"] for c in listed["results"]] == ["저도 도시락파"]
    assert [r["body"] for r in listed["results"][0]["replies"]] == ["같이 아껴요"]
    assert listed["results"][0]["author"]["id"] == bob.user["id"]
    assert listed["results"][0]["replies"][0]["is_target_author"] is True  # alice wrote the post

    # the count reaches board through comments' outbox right after commit
    def board_count():
        post = requests.get(stack.url("board") + f"/api/board/posts/{post_id}", timeout=30).json()
        return post["comment_count"] == 2

    assert eventually(board_count, timeout=20), service_log(stack, "comments")[-3000:]


def test_the_anonymous_posts_author_is_글쓴이_from_boards_answer(stack):
    alice, bob = member(stack), member(stack)
    post_id = alice.write_post(anonymous=True)

    assert bob.comment(post_id, "익명 댓글", anonymous=True).status_code == 201
    assert alice.comment(post_id, "작성자 답", anonymous=True).status_code == 201

    labels = [c["anonymous_label"] for c in thread(stack, post_id)["results"]]
    assert labels == ["익명1", "글쓴이"]


def test_comment_on_a_missing_post_is_404(stack):
    bob = guest(stack)

    response = bob.comment(987654)

    assert response.status_code == 404, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert thread(stack, 987654)["count"] == 0


def test_comment_on_a_deleted_post_is_404(stack):
    alice = member(stack)
    post_id = alice.write_post()
    assert alice.call("DELETE", "board", f"/api/board/posts/{post_id}").status_code == 204

    assert alice.comment(post_id).status_code == 404


def test_board_stopped_means_503_with_a_clear_message(stack):
    alice = member(stack)
    post_id = alice.write_post()

    stack.stop("board")
    try:
        started = time.monotonic()
        response = alice.comment(post_id)
        elapsed = time.monotonic() - started
    finally:
        stack.start("board")

    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == (
        "게시판 서비스가 응답하지 않아 댓글을 등록할 수 없습니다. 잠시 후 다시 시도해 주세요."
    )
    assert elapsed < 10
    assert thread(stack, post_id)["count"] == 0
    # and once board is back, commenting works again
    assert alice.comment(post_id).status_code == 201


def test_post_deleted_while_comments_is_down_loses_its_comments_after_delivery(stack):
    alice, bob = member(stack), guest(stack)
    post_id = alice.write_post()
    kept_post_id = alice.write_post()
    top = bob.comment(post_id, "곧 사라질 댓글")
    assert top.status_code == 201, top.text
    assert alice.comment(post_id, "답글도", parent_id=top.json()["id"]).status_code == 201
    assert bob.comment(kept_post_id, "남을 댓글").status_code == 201
    assert stored_comment_count(stack, post_id) == 2

    stack.stop("comments")
    try:
        deleted = alice.call("DELETE", "board", f"/api/board/posts/{post_id}")
        assert deleted.status_code == 204, deleted.text
    finally:
        stack.start("comments")

    def delivered():
        run_management_command(stack, "board", "deliver_outbox")
        return stored_comment_count(stack, post_id) == 0

    # the first attempt failed while comments was down; the retry is due within seconds
    assert eventually(delivered, timeout=40, interval=1.0), service_log(stack, "board")[-3000:]
    assert thread(stack, post_id)["count"] == 0
    assert [c["body"] for c in thread(stack, kept_post_id)["results"]] == ["남을 댓글"]


def test_a_post_hidden_by_reports_takes_its_comments_out_of_the_thread(stack):
    alice, bob, carol = member(stack), member(stack), guest(stack)
    post_id = alice.write_post()
    assert carol.comment(post_id, "신고될 글의 댓글").status_code == 201

    reported = bob.call("POST", "board", f"/api/board/posts/{post_id}/report", json={"reason": "광고"})
    assert reported.status_code == 201, reported.text

    # board's outbox tells comments right after commit
    assert eventually(lambda: thread(stack, post_id)["count"] == 0, timeout=20), service_log(stack, "board")[
        -3000:
    ]
    mine = alice.call(
        "GET", "comments", "/api/comments", params={"target_type": "post", "target_id": post_id}
    )
    assert [c["body"] for c in mine.json()["results"]] == ["신고될 글의 댓글"]  # the author still sees them
    assert carol.comment(post_id, "숨겨진 글에 댓글").status_code == 404
