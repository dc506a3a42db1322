"""notification_service with the real services: auth, sharing and notifications under gunicorn on
PostgreSQL, the worker running as in the chart, and a real SMTP server (aiosmtpd) on loopback.

Members sign up through auth; a watch's product is checked against the real sharing; events are
delivered as an outbox delivers them (POST with a service token from auth). The producers' own
outboxes (sharing, comments, board) are tested in their suites.
"""

from __future__ import annotations

import time
import uuid

import pytest
import requests
from aiosmtpd.controller import Controller

from kingdom.devstack import free_port
from kingdom.search import fold_text
from kingdom.testing.live import eventually, live_stack, service_log
from notification_service.tests.mailbox import Mailbox

pytestmark = pytest.mark.integration

PASSWORD = "Thrift-Kingdom-2026!"  # a throwaway account in a throwaway database


@pytest.fixture(scope="module")
def smtp():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def stack(smtp):
    _, port = smtp
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port), "FRONT_PUBLIC_URL": "http://front.test"}
    with live_stack(["auth", "sharing", "notifications"], extra_env=env) as running:
        running.start_worker("notifications")
        yield running


def member(stack) -> requests.Session:
    name = f"n{uuid.uuid4().hex[:10]}"
    response = requests.post(
        stack.url("auth") + "/api/auth/signup",
        json={"username": name, "password": PASSWORD, "nickname": f"알뜰{name[-4:]}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {response.json()['access']}"
    session.user_id = response.json()["user"]["id"]
    return session


def service_session(stack) -> requests.Session:
    """What sharing's outbox holds: a service token from auth by client credentials."""
    response = requests.post(
        stack.url("auth") + "/api/auth/service-token",
        json={"client_id": "sharing", "client_secret": stack.secrets["service_clients"]["sharing"]},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {response.json()['access']}"
    return session


def share_deal(stack, session, **overrides) -> dict:
    body = {
        "title": "농심 신라면 120g 40봉 역대가",
        "product_name": "농심 신라면 120g 40봉",
        "price": 23_900,
        "shipping_fee": 0,
        "url": f"https://www.coupang.com/vp/products/{uuid.uuid4().int % 10**9}",
        "category": "food",
        **overrides,
    }
    response = session.post(stack.url("sharing") + "/api/sharing/deals", json=body, timeout=30)
    assert response.status_code == 201, response.text + service_log(stack, "sharing")[-2000:]
    return response.json()


def deal_changed(deal: dict, reason: str = "created") -> dict:
    """The ``deal.changed`` event for a deal as sharing shows it (docs/contracts.md, events)."""
    return {
        "event_id": str(uuid.uuid4()),
        "kind": "deal.changed",
        "payload": {
            "reason": reason,
            "deal": {
                "id": deal["id"],
                "title": deal["title"],
                "author_id": deal["author"]["id"],
                "product": deal["product"],
                "category": deal["category"]["slug"],
                "store": deal["store"],
                "price": deal["price"],
                "shipping_fee": deal["shipping_fee"],
                "effective_price": deal["effective_price"],
                "free_shipping": deal["is_free_shipping"],
                "score": deal["score"],
                "hot": False,
                "status": deal["status"],
                "search_text": fold_text(f"{deal['title']} {deal['product']['name']} {deal['store']}"),
                "created_at": deal["created_at"],
            },
        },
    }


def inbox(stack, session) -> list[dict]:
    response = session.get(stack.url("notifications") + "/api/notifications/inbox", timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_an_alert_fires_once_in_the_inbox_and_by_mail_whatever_is_retried(stack, smtp):
    mailbox, _ = smtp
    watcher, sharer, outbox = member(stack), member(stack), service_session(stack)
    api = stack.url("notifications") + "/api/notifications"
    alert = watcher.post(f"{api}/alerts", json={"keywords": "신라면 40봉", "max_price": 30_000}, timeout=30)
    assert alert.status_code == 201, alert.text
    prefs = {"channels": {"alert": "email"}, "email_mode": "immediate", "email": "watcher@example.kr"}
    assert watcher.put(f"{api}/preferences", json=prefs, timeout=30).status_code == 200

    event = deal_changed(share_deal(stack, sharer))
    assert outbox.post(f"{api}/internal/events", json=event, timeout=30).status_code == 202
    assert outbox.post(f"{api}/internal/events", json=event, timeout=30).status_code == 200  # a retry

    told = eventually(lambda: inbox(stack, watcher), timeout=30)
    assert told, service_log(stack, "notifications-worker")[-3000:]
    assert [n["kind"] for n in told] == ["alert"]
    assert told[0]["link"] == f"/deals/{event['payload']['deal']['id']}"
    assert watcher.get(f"{api}/inbox/unread-count", timeout=30).json() == {"unread": 1}
    assert eventually(lambda: mailbox.messages, timeout=30), service_log(stack, "notifications-worker")[
        -3000:
    ]
    (mail,) = [m for m in mailbox.messages if m["To"] == "watcher@example.kr"]
    assert "신라면" in mail["Subject"]
    assert mail["List-Unsubscribe"].strip().startswith("<http://front.test/notifications/unsubscribe/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert inbox(stack, sharer) == []  # the sharer is not alerted about their own deal

    # the same deal voted up later is not news to the alert
    voted = {"deal": {**event["payload"]["deal"], "score": 5}, "reason": "voted"}
    again = {"event_id": str(uuid.uuid4()), "kind": "deal.changed", "payload": voted}
    assert outbox.post(f"{api}/internal/events", json=again, timeout=30).status_code == 202
    time.sleep(3)  # the worker's passes are a second apart
    assert len(inbox(stack, watcher)) == 1


def test_a_price_watch_on_a_real_product_fires_when_a_cheaper_deal_appears(stack):
    watcher, sharer, outbox = member(stack), member(stack), service_session(stack)
    api = stack.url("notifications") + "/api/notifications"
    first = share_deal(stack, sharer, product_name="햇반 210g 24개", title="햇반 24개", price=28_000)
    missing = watcher.post(f"{api}/watches", json={"product": 999_999, "target_price": 25_000}, timeout=30)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "999999번 상품이 없습니다."
    created = watcher.post(
        f"{api}/watches", json={"product": first["product"]["id"], "target_price": 25_000}, timeout=30
    )
    assert created.status_code == 201, created.text
    assert created.json()["product"]["name"] == "햇반 210g 24개"
    outbox.post(f"{api}/internal/events", json=deal_changed(first), timeout=30)
    cheaper = share_deal(stack, sharer, product_name="햇반 210g 24개", title="햇반 24개 특가", price=22_900)
    assert cheaper["product"]["id"] == first["product"]["id"]
    outbox.post(f"{api}/internal/events", json=deal_changed(cheaper), timeout=30)
    told = eventually(lambda: inbox(stack, watcher), timeout=30)
    assert [(n["kind"], n["link"]) for n in told] == [("price_watch", f"/deals/{cheaper['id']}")]
    assert "22,900원" in told[0]["message"]


def test_events_received_while_the_worker_is_down_are_processed_when_it_returns(stack):
    king, outbox = member(stack), service_session(stack)
    api = stack.url("notifications") + "/api/notifications"
    stack.stop("notifications-worker")
    try:
        event = {
            "event_id": str(uuid.uuid4()),
            "kind": "ranking.king",
            "payload": {"month": "2026-11", "user_id": king.user_id, "nickname": "짠돌이"},
        }
        assert outbox.post(f"{api}/internal/events", json=event, timeout=30).status_code == 202
        time.sleep(2)
        assert inbox(stack, king) == []  # stored, not yet processed: nothing in the request
    finally:
        stack.start_worker("notifications")
    told = eventually(lambda: inbox(stack, king), timeout=30)
    assert [n["kind"] for n in told] == ["monthly_king"]


def test_bad_input_gets_clear_problems(stack):
    someone = member(stack)
    api = stack.url("notifications") + "/api/notifications"
    cases = [
        ("post", "alerts", {"keywords": "  "}, 400),
        ("post", "alerts", {"keywords": "라면", "max_price": -1}, 400),
        ("post", "watches", {"product": 1, "target_price": 0}, 400),
    ]
    for method, path, body, status in cases:
        response = someone.request(method, f"{api}/{path}", json=body, timeout=30)
        assert response.status_code == status, (path, body, response.text)
        assert response.headers["Content-Type"] == "application/problem+json"
    for i in range(20):
        assert someone.post(f"{api}/alerts", json={"keywords": f"라면 {i}"}, timeout=30).status_code == 201
    assert someone.post(f"{api}/alerts", json={"keywords": "스물한째"}, timeout=30).status_code == 409
