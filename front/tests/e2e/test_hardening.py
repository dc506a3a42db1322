"""Issue 11's findings, tried as an attacker would against the running stack (real gunicorn,
real PostgreSQL, real Valkey, the real front): each test failed before its fix.

No browser is needed for these: the attacker speaks HTTP directly, as the issue's did.
"""

from __future__ import annotations

import socket
import uuid

import pytest
import requests

from front.tests.e2e.conftest import PASSWORD
from kingdom.testing.live import eventually, service_log

APIS = ["auth", "board", "comments", "sharing"]
#: about 2 KB of brackets, past Python's recursion limit
DEEPLY_NESTED = b"[" * 1000 + b"]" * 1000


def member_token(stack, address: str = "198.51.100.200") -> tuple[str, dict]:
    name = f"h{uuid.uuid4().hex[:8]}"
    response = requests.post(
        stack.url("auth") + "/api/auth/signup",
        json={"username": name, "password": PASSWORD, "nickname": f"하{uuid.uuid4().hex[:6]}"},
        headers={"X-Forwarded-For": address},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return body["access"], body


# --- finding 1: nesting deep enough to exhaust the decoder's recursion ---------------------------

WRITE_ENDPOINTS = {
    "auth": "/api/auth/login",  # no login needed: anyone could send it
    "board": "/api/board/posts",
    "comments": "/api/comments",
    "sharing": "/api/sharing/deals",
}


@pytest.mark.parametrize("service", APIS)
def test_deeply_nested_json_is_a_400_problem_on_every_api(stack, service):
    access, _ = member_token(stack)
    headers = {"Content-Type": "application/json"}
    if service != "auth":
        headers["Authorization"] = f"Bearer {access}"

    response = requests.post(
        stack.url(service) + WRITE_ENDPOINTS[service], data=DEEPLY_NESTED, headers=headers, timeout=30
    )

    assert response.status_code == 400, response.text[:300]
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("malformed")
    assert "RecursionError" not in service_log(stack, service)


# --- finding 8: what gunicorn refuses before Django sees the request -----------------------------


def raw_request(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


@pytest.mark.parametrize("service", APIS)
@pytest.mark.parametrize(
    ("status", "request_bytes"),
    [
        (414, b"GET /api/x?" + b"a" * 9000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        (431, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n" + b"X-Big: " + b"b" * 9000 + b"\r\n\r\n"),
        (431, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n" + b"X-N: 1\r\n" * 120 + b"\r\n"),
    ],
    ids=["long-uri", "large-header", "many-headers"],
)
def test_gunicorns_own_refusals_are_problem_details(stack, service, status, request_bytes):
    code, headers, body = raw_request(stack.ports[service], request_bytes)

    assert code == status
    assert headers["content-type"] == "application/problem+json"
    problem = requests.models.complexjson.loads(body)
    assert problem["status"] == status
    assert problem["detail"]
    assert b"<html" not in body


def test_the_fronts_own_refusals_are_a_korean_page(stack):
    code, headers, body = raw_request(
        stack.ports["front"], b"GET /?" + b"a" * 9000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    assert code == 414
    assert headers["content-type"].startswith("text/html")
    assert "요청 주소가 너무 깁니다" in body.decode()


# --- finding 2: the address the APIs see is the one the front saw --------------------------------


def test_a_spoofed_forwarded_for_through_the_front_does_not_add_views(stack):
    access, _ = member_token(stack)
    post = requests.post(
        stack.url("board") + "/api/board/posts",
        json={"category": "free", "kind": "talk", "title": "주소 위조 시험", "body": "조회수는 한 번"},
        headers={"Authorization": f"Bearer {access}"},
        timeout=30,
    )
    assert post.status_code == 201, post.text
    post_id = post.json()["id"]

    def views() -> int:
        # Read by a reader of its own (an address of the front's hop), who counts once and only once.
        reader = {"X-Forwarded-For": "203.0.113.250"}
        url = f"{stack.url('board')}/api/board/posts/{post_id}"
        return requests.get(url, headers=reader, timeout=30).json()["view_count"]

    views()
    before = views()
    for n in range(1, 6):  # an anonymous visitor claiming five addresses in turn
        page = requests.get(
            f"{stack.url('front')}/board/{post_id}", headers={"X-Forwarded-For": f"192.0.2.{n}"}, timeout=30
        )
        assert page.status_code == 200
    assert eventually(lambda: views() > before, timeout=10)
    eventually(lambda: views() > before + 1, timeout=3)  # give any extra (wrong) count time to land

    assert views() == before + 1  # one visitor, one address: the connection's own
    # Leave the shared stack's lists as they were (the journeys look for their posts on the home page).
    requests.delete(
        f"{stack.url('board')}/api/board/posts/{post_id}",
        headers={"Authorization": f"Bearer {access}"},
        timeout=30,
    ).raise_for_status()


@pytest.fixture(scope="module")
def limited_stack():
    """auth and the front with a small guest limit, as in production apart from its size."""
    from kingdom.testing.live import live_stack

    limits = {"RATE_AUTH_GUEST_IP": "2/hour", "RATE_AUTH_GUEST_DEVICE": "2/hour"}
    with live_stack(["auth", "front"], extra_env=limits) as running:
        yield running


def join_as_guest_through_the_front(stack, claimed_address: str) -> requests.Response:
    """A script with no cookies kept between tries, claiming a new address each time."""
    visitor = requests.Session()
    visitor.headers["X-Forwarded-For"] = claimed_address
    front = stack.url("front")
    assert visitor.get(f"{front}/guest", timeout=30).status_code == 200
    form = {"nickname": f"손{uuid.uuid4().hex[:6]}", "csrfmiddlewaretoken": visitor.cookies["tk_csrftoken"]}
    return visitor.post(
        f"{front}/guest",
        data=form,
        headers={"Referer": f"{front}/guest"},
        allow_redirects=False,
        timeout=30,
    )


def test_a_spoofed_forwarded_for_through_the_front_does_not_lift_the_guest_limit(limited_stack):
    answers = [join_as_guest_through_the_front(limited_stack, f"192.0.2.{n}") for n in range(1, 4)]

    assert [answer.status_code for answer in answers[:2]] == [302, 302]
    assert answers[2].status_code == 429
    assert "분 뒤에 다시" in answers[2].text  # minutes, not "3322초"


# --- finding 6: logout ends every copy of the session cookie ------------------------------------


def post_count(stack) -> int:
    return requests.get(f"{stack.url('board')}/api/board/posts", timeout=30).json()["count"]


def test_a_session_cookie_copied_before_logout_is_dead_after_it(stack, browser):
    from front.tests.e2e.conftest import signup

    context = browser.new_context(base_url=stack.url("front"), locale="ko-KR")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        account = signup(page)
        stolen = next(c["value"] for c in context.cookies() if c["name"] == "tk_session")
        csrf = next(c["value"] for c in context.cookies() if c["name"] == "tk_csrftoken")
        thief = requests.Session()
        thief.cookies.set("tk_session", stolen)
        thief.cookies.set("tk_csrftoken", csrf)
        front = stack.url("front")
        copy_before = thief.get(f"{front}/me", allow_redirects=False, timeout=30)
        assert copy_before.status_code == 200
        assert account["nickname"] in copy_before.text

        page.get_by_role("navigation", name="계정").get_by_role("button", name="로그아웃").click()
        page.wait_for_url(lambda url: "/logout" not in url)
        posts_before = post_count(stack)

        me = thief.get(f"{front}/me", allow_redirects=False, timeout=30)
        assert me.status_code == 302
        assert me.headers["Location"].startswith("/login")
        write = thief.post(
            f"{front}/board/write",
            data={
                "csrfmiddlewaretoken": csrf,
                "category": "free",
                "kind": "talk",
                "title": "훔친 쿠키로 쓴 글",
                "body": "이 글은 올라가면 안 됩니다",
            },
            headers={"Referer": f"{front}/board/write"},
            allow_redirects=False,
            timeout=30,
        )
        assert write.status_code == 302
        assert write.headers["Location"].startswith("/login")
        assert post_count(stack) == posts_before  # nothing was written
    finally:
        context.close()


# --- findings 4 and 5: every admin login refuses guessing, without locking out the owner ---------


def admin_login(stack, service: str, password: str, address: str) -> requests.Response:
    """One admin login attempt from ``address`` on a new connection (so both workers take turns)."""
    browser = requests.Session()
    browser.headers.update({"X-Forwarded-For": address, "Connection": "close"})
    login_url = f"{stack.url(service)}/admin/{service}/login/"
    assert browser.get(login_url, timeout=30).status_code == 200
    return browser.post(
        f"{login_url}?next=/admin/{service}/",
        data={
            "username": "admin",
            "password": password,
            "csrfmiddlewaretoken": browser.cookies[f"{service}_csrftoken"],
            "next": f"/admin/{service}/",
        },
        allow_redirects=False,
        timeout=30,
    )


@pytest.mark.parametrize("service", APIS)
def test_twelve_wrong_admin_passwords_lock_that_address_but_not_the_owner(stack, service):
    guesser = f"198.51.100.{APIS.index(service) + 120}"
    answers = [admin_login(stack, service, f"guess-{n}", guesser) for n in range(12)]
    assert all(answer.status_code == 200 for answer in answers)  # the form again, never a way in
    assert "잠겼습니다" in answers[-1].text

    right_from_there = admin_login(stack, service, stack.secrets["admin_password"], guesser)
    assert right_from_there.status_code == 200  # refused: this address is locked
    assert "잠겼습니다" in right_from_there.text

    owner = admin_login(stack, service, stack.secrets["admin_password"], "203.0.113.77")
    assert owner.status_code == 302, owner.text[:300]
    assert owner.headers["Location"] == f"/admin/{service}/"


# --- finding 7: a deactivated account's access token stops working everywhere --------------------

DENYLIST_SECONDS = 3  # E2E_ENV["JWT_DENYLIST_SECONDS"]
AUTHENTICATED_READS = {
    "board": "/api/board/posts",
    "comments": "/api/comments?target_type=post&target_id=1",
    "sharing": "/api/sharing/deals",
}


def test_a_deactivated_accounts_token_is_refused_by_every_api_within_the_pull_interval(stack):
    import time

    from kingdom.testing.live import run_management_command

    access, body = member_token(stack)
    other_access, _ = member_token(stack)

    def status(service: str, token: str) -> int:
        url = stack.url(service) + AUTHENTICATED_READS[service]
        return requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code

    assert all(status(service, access) != 401 for service in AUTHENTICATED_READS)

    run_management_command(
        stack,
        "auth",
        "shell",
        "-c",
        "from auth_service.accounts import services; from auth_service.accounts.models import User; "
        f"services.user_deactivate(User.objects.get(pk={body['user']['id']}))",
    )
    deactivated = time.monotonic()

    refused_everywhere = eventually(
        lambda: all(status(service, access) == 401 for service in AUTHENTICATED_READS),
        timeout=DENYLIST_SECONDS + 10,
        interval=0.25,
    )
    took = time.monotonic() - deactivated

    assert refused_everywhere, "the old access token still works somewhere"
    assert took <= DENYLIST_SECONDS + 3  # every worker of every API: one pull interval, plus requests
    # The first refusal may come from a worker that happened to pull early; a worker that pulled
    # just before the deactivation keeps its list for one interval more. Once an interval has
    # passed since the deactivation, every worker refuses it (two per API; new connections spread
    # over both).
    time.sleep(max(0.0, deactivated + DENYLIST_SECONDS + 1 - time.monotonic()))
    for _ in range(4):
        assert all(status(service, access) == 401 for service in AUTHENTICATED_READS)
    assert all(status(service, other_access) != 401 for service in AUTHENTICATED_READS)
