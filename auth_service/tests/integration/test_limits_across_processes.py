"""Throttles and lockouts hold across processes: two gunicorn servers (one of them with two
workers) on one database, requests alternating between them, over real HTTP.

Counters kept in per-process memory would let each server allow the full limit; these tests
see the limit hit exactly once in total.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import time
from pathlib import Path

import jwt
import pytest
import requests

from kingdom.devstack import SERVICES_BY_NAME, Stack
from kingdom.testing.live import free_port, live_stack
from kingdom.tokens import verify_token

pytestmark = pytest.mark.integration

PASSWORD = "절약은-습관이다-2026"
LIMITS = {
    "LOGIN_DELAY_AFTER_FAILURES": "2",
    "RATE_AUTH_LOGIN_IP": "6/min",
    "RATE_AUTH_SIGNUP_IP": "2/hour",
    "RATE_AUTH_GUEST_IP": "2/hour",
    "LOGIN_LOCKOUT_FAILURES": "2",
    "LOGIN_LOCKOUT_MINUTES": "15",
}
_addresses = (f"203.0.113.{n}" for n in itertools.count(1))
_names = itertools.count(1)


@pytest.fixture(scope="module")
def servers():
    """Two auth servers sharing one database and one Valkey, as two pods do: the live stack's
    (2 workers) and a second one."""
    with live_stack(["auth"], extra_env=LIMITS) as stack:
        second = Stack(
            server_url=stack.server_url,
            secrets=stack.secrets,
            run_dir=Path(tempfile.mkdtemp(prefix="thrift-live-second-")),
            ports={**stack.ports, "auth": free_port()},
            database_urls={"auth": stack.database_url_for(SERVICES_BY_NAME["auth"])},
            redis_url=stack.redis_url,
            extra_env={**stack.extra_env, "GUNICORN_WORKERS": "1"},
        )
        try:
            second.prepare("auth")  # its own static files; the migrations are already applied
            second.start("auth")
            yield stack, [stack.url("auth"), second.url("auth")]
        finally:
            second.stop_all()
            shutil.rmtree(second.run_dir, ignore_errors=True)


def post(base_url: str, path: str, body: dict, address: str) -> requests.Response:
    # A new connection per request, so the two workers of the first server both take turns.
    return requests.post(
        f"{base_url}/api/auth/{path}",
        json=body,
        headers={"X-Forwarded-For": address, "Connection": "close"},
        timeout=30,
    )


def alternating(urls: list[str]):
    return itertools.cycle(urls)


def signup(url: str, address: str) -> str:
    username = f"live{next(_names)}"
    body = {"username": username, "password": PASSWORD, "nickname": f"라이브{next(_names)}"}
    response = post(url, "signup", body, address)
    assert response.status_code == 201, response.text
    return username


def test_failures_per_username_are_counted_across_servers(servers):
    # Past two failures the username's delay (1, 2, 4, 8 s after each further failure, from any
    # address) sees the failures of every server: counted per process, the seventh guess would
    # wait 2 s at most.
    _, urls = servers
    username = signup(urls[0], next(_addresses))
    server = alternating(urls)
    failures = 0
    while failures < 6:
        answer = post(next(server), "login", {"username": username, "password": "wrong"}, next(_addresses))
        if answer.status_code == 429:
            time.sleep(int(answer.headers["Retry-After"]))
            continue
        assert answer.status_code == 401
        failures += 1

    slowed = post(next(server), "login", {"username": username, "password": PASSWORD}, next(_addresses))

    assert slowed.status_code == 429
    assert slowed.headers["Content-Type"] == "application/problem+json"
    assert slowed.json()["type"].endswith("login_delayed")
    assert 4 < int(slowed.headers["Retry-After"]) <= 8
    time.sleep(int(slowed.headers["Retry-After"]))
    owner = post(next(server), "login", {"username": username, "password": PASSWORD}, next(_addresses))
    assert owner.status_code == 200


def test_a_lockout_on_one_server_holds_on_the_other(servers):
    _, urls = servers
    username = signup(urls[0], next(_addresses))
    address = next(_addresses)

    first = post(urls[0], "login", {"username": username, "password": "wrong-1"}, address)
    locking = post(urls[1], "login", {"username": username, "password": "wrong-2"}, address)
    right_password = post(urls[0], "login", {"username": username, "password": PASSWORD}, address)

    assert first.status_code == 401
    assert locking.status_code == 429
    assert right_password.status_code == 429
    assert right_password.json()["type"].endswith("account_locked")
    assert 0 < int(right_password.headers["Retry-After"]) <= 15 * 60


def test_logins_per_address_are_counted_across_servers(servers):
    _, urls = servers
    address = next(_addresses)
    server = alternating(urls)

    statuses = [
        post(next(server), "login", {"username": f"nobody{n}", "password": "x"}, address).status_code
        for n in range(7)
    ]

    assert statuses == [401] * 6 + [429]
    other_address = post(urls[0], "login", {"username": "somebody", "password": "x"}, next(_addresses))
    assert other_address.status_code == 401


def test_signups_per_address_are_counted_across_servers(servers):
    _, urls = servers
    address = next(_addresses)
    signup(urls[0], address)
    signup(urls[1], address)

    third = post(urls[0], "signup", {"username": "third1", "password": PASSWORD, "nickname": "셋째"}, address)

    assert third.status_code == 429
    assert "Retry-After" in third.headers
    signup(urls[1], next(_addresses))  # someone else is not held back


def test_guests_per_address_are_counted_across_servers(servers):
    _, urls = servers
    address = next(_addresses)
    server = alternating(urls)

    statuses = [
        post(next(server), "guest", {"nickname": f"손님{next(_names)}"}, address).status_code
        for _ in range(3)
    ]

    assert statuses == [201, 201, 429]


def test_tokens_from_the_running_service_verify_through_its_jwks(servers, settings):
    _, urls = servers
    body = post(urls[1], "guest", {"nickname": f"검증{next(_names)}"}, next(_addresses)).json()
    jwks_url = f"{urls[0]}/api/auth/jwks.json"
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "VERIFYING_KEY": "", "JWK_URL": jwks_url}

    claims = verify_token(body["access"])

    assert claims["sub"] == str(body["user"]["id"])
    assert claims["role"] == "guest"
    assert jwt.get_unverified_header(body["access"])["kid"] in {
        key["kid"] for key in requests.get(jwks_url, timeout=10).json()["keys"]
    }


def test_the_first_superuser_from_the_environment_can_sign_in_to_the_admin(servers):
    stack, urls = servers
    browser = requests.Session()
    login_page = browser.get(f"{urls[1]}/admin/auth/login/", timeout=30)
    assert login_page.status_code == 200

    response = browser.post(
        f"{urls[1]}/admin/auth/login/?next=/admin/auth/",
        data={
            "username": "ADMIN",
            "password": stack.secrets["admin_password"],
            "csrfmiddlewaretoken": browser.cookies["auth_csrftoken"],
            "next": "/admin/auth/",
        },
        timeout=30,
        allow_redirects=False,
    )

    assert response.status_code == 302, response.text[:500]
    assert response.headers["Location"] == "/admin/auth/"
    staff_list = browser.get(
        f"{urls[0]}/admin/auth/accounts/user/?role__exact=staff", timeout=30, allow_redirects=False
    )
    assert staff_list.status_code == 200
    assert "운영자" in staff_list.text
