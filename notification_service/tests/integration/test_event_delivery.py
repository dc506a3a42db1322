"""No notification lost, none doubled: the producers' outbox against the real notification_service.

Real services under gunicorn on PostgreSQL (auth, board, comments, notifications and its worker):
comments are written while notification_service is down, and arrive once it is back; every
event is then delivered a second time, as a worker that died before recording a delivery would,
and nobody is notified twice.
"""

from __future__ import annotations

import uuid

import psycopg2
import pytest
import requests

from kingdom.devstack import SERVICES_BY_NAME
from kingdom.outbox import NOTIFICATION_EVENT
from kingdom.testing.live import eventually, live_stack, run_management_command, service_log

pytestmark = pytest.mark.integration

PASSWORD = "Thrift-Kingdom-2026!"  # a throwaway test account in a throwaway database


@pytest.fixture(scope="module")
def stack():
    with live_stack(
        ["auth", "board", "comments", "notifications"],
        extra_env={"UPSTREAM_TIMEOUT_SECONDS": "2"},
        workers=("notifications",),
    ) as running:
        yield running


class Member:
    def __init__(self, stack):
        name = f"m{uuid.uuid4().hex[:10]}"
        response = requests.post(
            stack.url("auth") + "/api/auth/signup",
            json={"username": name, "password": PASSWORD, "nickname": f"절약{name[-4:]}"},
            timeout=30,
        )
        assert response.status_code == 201, response.text
        self.stack = stack
        self.id = response.json()["user"]["id"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {response.json()['access']}"

    def call(self, method: str, service: str, path: str, **kwargs) -> requests.Response:
        return self.session.request(method, self.stack.url(service) + path, timeout=30, **kwargs)

    def write_post(self) -> int:
        body = {"category": "free", "kind": "talk", "title": "오늘 무지출 성공", "body": "도시락 싸왔어요"}
        response = self.call("POST", "board", "/api/board/posts", json=body)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def comment(self, post_id: int, body: str, **fields) -> dict:
        payload = {"target_type": "post", "target_id": post_id, "body": body, **fields}
        response = self.call("POST", "comments", "/api/comments", json=payload)
        assert response.status_code == 201, response.text
        return response.json()

    def inbox(self) -> list[dict]:
        response = self.call("GET", "notifications", "/api/notifications/inbox", params={"page_size": 50})
        assert response.status_code == 200, response.text
        return response.json()["results"]


def kinds(member: Member) -> list[str]:
    return sorted(item["kind"] for item in member.inbox())


def comments_outbox(stack, sql: str) -> list[tuple]:
    with psycopg2.connect(stack.database_url_for(SERVICES_BY_NAME["comments"])) as conn, conn.cursor() as cur:
        cur.execute(sql, [NOTIFICATION_EVENT])
        return cur.fetchall() if cur.description else []


def deliver_comments_outbox(stack) -> None:
    run_management_command(stack, "comments", "deliver_outbox")


def test_events_written_while_the_service_is_down_arrive_once_it_is_back(stack):
    author, first, second = Member(stack), Member(stack), Member(stack)
    post = author.write_post()
    top = first.comment(post, "저도 도시락 싸요")
    assert eventually(lambda: kinds(author) == ["comment"], timeout=30), service_log(stack, "notifications")

    stack.stop("notifications")
    stack.stop("notifications-worker")
    try:
        second.comment(post, "대단해요")  # to the post's author
        second.comment(post, "어떤 반찬이요?", parent_id=top["id"])  # to the author and the first commenter

        def tried_and_kept() -> list[tuple]:
            # tried right after commit (by comments' relay thread, just after the answer), refused, kept
            pending = comments_outbox(
                stack, "SELECT attempts FROM comments_outboxevent WHERE topic = %s AND delivered_at IS NULL"
            )
            return pending if len(pending) == 2 and all(attempts >= 1 for (attempts,) in pending) else []

        assert eventually(tried_and_kept, timeout=10, interval=0.2), comments_outbox(
            stack, "SELECT attempts, delivered_at FROM comments_outboxevent WHERE topic = %s"
        )
    finally:
        stack.start("notifications")
        stack.start_worker("notifications")

    def delivered() -> bool:
        deliver_comments_outbox(stack)  # what comments' worker loop does every pass
        return kinds(author) == ["comment", "comment", "comment"] and kinds(first) == ["reply"]

    # the failed attempts back off for a few seconds before they are due again
    assert eventually(delivered, timeout=60, interval=2), (kinds(author), kinds(first))
    assert kinds(second) == []  # never told of one's own comments


def test_an_event_delivered_twice_notifies_nobody_twice(stack):
    author, commenter = Member(stack), Member(stack)
    post = author.write_post()
    commenter.comment(post, "좋은 습관이네요")
    assert eventually(lambda: kinds(author) == ["comment"], timeout=30)

    # as if the worker had died after notification_service answered, before it recorded that
    again = comments_outbox(
        stack,
        "UPDATE comments_outboxevent SET delivered_at = NULL, next_attempt_at = now() "
        "WHERE topic = %s RETURNING id",
    )
    assert again
    deliver_comments_outbox(stack)
    assert not comments_outbox(
        stack, "SELECT id FROM comments_outboxevent WHERE topic = %s AND delivered_at IS NULL"
    )
    # give the worker its passes: still exactly one notification per (event, recipient, kind)
    assert not eventually(lambda: kinds(author) != ["comment"], timeout=5)
    assert kinds(author) == ["comment"]
