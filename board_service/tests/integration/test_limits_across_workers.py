"""The board under gunicorn (several workers) on real PostgreSQL, with tokens from the real auth.

Views and rate limits must hold across processes: each request may land on another worker.
"""

from __future__ import annotations

import uuid

import pytest
import requests

from kingdom.testing.live import live_stack, service_log

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack():
    with live_stack(["auth", "board"], extra_env={"GUNICORN_WORKERS": "3"}) as running:
        yield running


def guest_session(stack) -> requests.Session:
    response = requests.post(
        stack.url("auth") + "/api/auth/guest", json={"nickname": f"손님{uuid.uuid4().hex[:4]}"}, timeout=30
    )
    assert response.status_code == 201, response.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {response.json()['access']}"
    return session


def new_post(stack, session) -> requests.Response:
    return session.post(
        stack.url("board") + "/api/board/posts",
        json={"category": "no-spend", "kind": "saving", "title": "무지출 3일차", "body": "도시락"},
        timeout=30,
    )


def test_a_guests_post_limit_holds_across_workers(stack):
    guest = guest_session(stack)

    answers = [new_post(stack, guest).status_code for _ in range(6)]

    assert answers == [201] * 5 + [429], service_log(stack, "board")[-2000:]


def test_a_refreshing_reader_counts_once_across_workers(stack):
    post_id = new_post(stack, guest_session(stack)).json()["id"]
    url = stack.url("board") + f"/api/board/posts/{post_id}"

    # A new connection per request, so the refreshes land on different workers.
    for _ in range(8):
        assert requests.get(url, headers={"X-Forwarded-For": "203.0.113.9"}, timeout=30).status_code == 200
    requests.get(url, headers={"X-Forwarded-For": "198.51.100.4"}, timeout=30)
    last = requests.get(url, headers={"X-Forwarded-For": "198.51.100.4"}, timeout=30)

    assert last.json()["view_count"] == 2
