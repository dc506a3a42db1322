"""sharing ↔ comments with the real services: auth, sharing and comments under gunicorn on PostgreSQL.

Nothing is stubbed: members sign up through auth, comments asks sharing's internal endpoint
whether a deal exists, comment counts come back through comments' outbox, and a deal deleted
while comments is down loses its comments once sharing's outbox delivers the event.
"""

from __future__ import annotations

import uuid

import psycopg2
import pytest
import requests

from kingdom.devstack import SERVICES_BY_NAME
from kingdom.testing.live import eventually, live_stack, run_management_command, service_log

pytestmark = pytest.mark.integration

PASSWORD = "Thrift-Kingdom-2026!"  # a throwaway account in a throwaway database


@pytest.fixture(scope="module")
def stack():
    with live_stack(["auth", "sharing", "comments"], extra_env={"UPSTREAM_TIMEOUT_SECONDS": "2"}) as running:
        yield running


def signed_up_member(stack) -> requests.Session:
    name = f"s{uuid.uuid4().hex[:10]}"
    response = requests.post(
        stack.url("auth") + "/api/auth/signup",
        json={"username": name, "password": PASSWORD, "nickname": f"알뜰{name[-4:]}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {response.json()['access']}"
    return session


def deal_json(**overrides) -> dict:
    """A valid deal to post; each call links a different page unless ``url`` is given."""
    return {
        "title": "신라면 40봉 역대가",
        "product_name": "농심 신라면 40봉",
        "price": 23_900,
        "shipping_fee": 0,
        "url": f"https://www.coupang.com/vp/products/{uuid.uuid4().int % 10**9}",
        "category": "food",
        **overrides,
    }


def share_deal(stack, session, **overrides) -> dict:
    response = session.post(
        stack.url("sharing") + "/api/sharing/deals", json=deal_json(**overrides), timeout=30
    )
    assert response.status_code == 201, response.text + service_log(stack, "sharing")[-2000:]
    return response.json()


def comment(stack, session, deal_id: int, body: str = "저도 샀어요") -> requests.Response:
    return session.post(
        stack.url("comments") + "/api/comments",
        json={"target_type": "deal", "target_id": deal_id, "body": body},
        timeout=30,
    )


def stored_comments(stack, deal_id: int) -> int:
    with psycopg2.connect(stack.database_url_for(SERVICES_BY_NAME["comments"])) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM comments_comment WHERE target_type = 'deal' AND target_id = %s", [deal_id]
        )
        return cur.fetchone()[0]


def test_comments_on_a_deal_reach_its_comment_count(stack):
    author, reader = signed_up_member(stack), signed_up_member(stack)
    deal = share_deal(stack, author)

    response = comment(stack, reader, deal["id"])
    assert response.status_code == 201, response.text + service_log(stack, "comments")[-2000:]

    def counted():
        shown = requests.get(stack.url("sharing") + f"/api/sharing/deals/{deal['id']}", timeout=30).json()
        return shown["comment_count"] == 1

    assert eventually(counted, timeout=20), service_log(stack, "comments")[-2000:]


def test_a_comment_on_an_unknown_deal_is_a_404(stack):
    reader = signed_up_member(stack)
    assert comment(stack, reader, 987654).status_code == 404


def test_a_deal_deleted_while_comments_is_down_loses_its_comments_after_delivery(stack):
    author, reader = signed_up_member(stack), signed_up_member(stack)
    deal = share_deal(stack, author)
    assert comment(stack, reader, deal["id"], "곧 사라질 댓글").status_code == 201
    assert stored_comments(stack, deal["id"]) == 1

    stack.stop("comments")
    try:
        deleted = author.delete(stack.url("sharing") + f"/api/sharing/deals/{deal['id']}", timeout=30)
        assert deleted.status_code == 204, deleted.text
    finally:
        stack.start("comments")

    def delivered():
        run_management_command(stack, "sharing", "deliver_outbox")
        return stored_comments(stack, deal["id"]) == 0

    # the attempt right after commit failed while comments was down; the retry is due within seconds
    assert eventually(delivered, timeout=40, interval=1.0), service_log(stack, "sharing")[-3000:]
    assert comment(stack, reader, deal["id"]).status_code == 404
