"""Browser journeys: all five services really running on PostgreSQL, driven by Debian's Chromium.

``stack`` starts auth, board, comments, sharing and the front once per session (gunicorn, fresh
databases). ``open_page()`` opens a new browser context (a separate person with their own
cookies) at the viewport under test; every journey runs at a phone and a desktop size and saves
screenshots to ``artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from kingdom.devstack import free_port
from kingdom.testing.live import live_stack
from kingdom.testing.oauth_provider import PROVIDERS, LoopbackOAuthProvider

REPO_ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
# Every journey comes from 127.0.0.1: per-IP sign-up/guest limits would stop the suite, not a
# person. Fresh answers everywhere: the anonymous-answer cache has its own unit tests.
E2E_ENV = {
    "RATE_AUTH_SIGNUP_IP": "1000/hour",
    "RATE_AUTH_GUEST_IP": "1000/hour",
    "RATE_AUTH_SIGNUP_DEVICE": "1000/hour",
    "RATE_AUTH_GUEST_DEVICE": "1000/hour",
    "RATE_AUTH_LOGIN_IP": "1000/min",
    "RATE_BOARD_POST_WRITE_GUEST": "1000/hour",
    # Two, so that a journey can show both a ranked member and one set apart (one confession).
    "BOARD_KING_MIN_CONFESSIONS": "2",
    "FRONT_ANONYMOUS_CACHE_SECONDS": "0",
    # shop pages for the og:image worker are served on loopback by the tests (sharing's test-only switch)
    "SHARING_TEST_ALLOW_LOOPBACK": "true",
    # The APIs pull auth's deactivated-users list this often (test_hardening.py waits for it).
    "JWT_DENYLIST_SECONDS": "3",
}
PASSWORD = "Thrifty-pass-2026!"


def pytest_collection_modifyitems(items):
    """Everything in this folder needs the live stack and a browser: mark it ``integration``."""
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def oauth():
    """Kakao, Naver and Google on loopback (kingdom.testing.oauth_provider), for auth to sign in with."""
    with LoopbackOAuthProvider() as provider:
        yield provider


@pytest.fixture(scope="session")
def stack(oauth):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/install_browser.sh`")
    # The redirect URIs registered at the providers name the front's address: fix its port first.
    front_port = free_port()
    front = f"http://127.0.0.1:{front_port}"
    for provider in PROVIDERS:
        oauth.register(provider, redirect_uris=[f"{front}/login/social/{provider}/callback"])
    env = {**E2E_ENV, **oauth.environment(), "FRONT_PUBLIC_URL": front}
    names = ["auth", "board", "comments", "sharing", "front"]
    with live_stack(names, extra_env=env, ports={"front": front_port}) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    return request.param


@pytest.fixture
def open_page(browser, stack, viewport):
    """``open_page()`` → a Playwright page of a new person at the viewport under test
    (``open_page(javascript=False)`` for a browser without JavaScript)."""
    contexts = []

    def open_one(*, javascript: bool = True):
        context = browser.new_context(
            base_url=stack.url("front"), locale="ko-KR", java_script_enabled=javascript, **VIEWPORTS[viewport]
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_one
    for context in contexts:
        context.close()


@pytest.fixture
def shot(request, viewport):
    """``shot(page, "step")`` saves artifacts/screenshots/<test>-<viewport>-<step>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^a-z0-9_]+", "_", request.node.originalname.lower())

    def save(page, step: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{test_name}-{viewport}-{step}.png"), full_page=True)

    return save


def unique(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:7]}"


def signup(page, nickname: str | None = None, username: str | None = None) -> dict:
    """Sign up through the page; returns the account's username, nickname and password."""
    account = {
        "username": username or unique("user"),
        "nickname": nickname or unique("짠"),
        "password": PASSWORD,
    }
    page.goto("/signup")
    page.get_by_label("아이디", exact=True).fill(account["username"])
    page.get_by_label("닉네임", exact=True).fill(account["nickname"])
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_label("비밀번호 확인").fill(PASSWORD)
    page.get_by_role("button", name="가입하기").click()
    page.wait_for_url(lambda url: "/signup" not in url)
    return account


def join_as_guest(page, nickname: str | None = None) -> str:
    nickname = nickname or unique("손")
    page.goto("/guest")
    page.get_by_label("닉네임", exact=True).fill(nickname)
    page.get_by_role("button", name="참여하기").click()
    page.wait_for_url(lambda url: "/guest" not in url)
    return nickname


def write_post(
    page, *, title: str, body: str, kind: str = "talk", amount: int | None = None, anonymous=False
) -> int:
    """Write a 거지방 post through the form; returns its id."""
    page.goto("/board/write")
    page.get_by_label("글 종류").select_option(kind)
    page.get_by_label("제목").fill(title)
    page.get_by_label("내용").fill(body)
    if amount is not None:
        page.get_by_label("금액 (원)").fill(str(amount))
    if anonymous:
        page.get_by_label("익명으로 쓰기").check()
    page.get_by_role("button", name="올리기").click()
    page.wait_for_url(re.compile(r"/board/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def add_comment(page, body: str, *, anonymous: bool = False) -> None:
    page.get_by_label("댓글 쓰기").fill(body)
    if anonymous:
        page.locator("#comment-anonymous").check()
    page.get_by_role("button", name="등록").click()
    page.wait_for_load_state()
