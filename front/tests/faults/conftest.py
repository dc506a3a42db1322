"""The five real services for the front's fault tests, and a visitor who uses the front's forms.

The front's API timeout is 2 s here (2.5 s in production), so a hung backend costs the tests
seconds, not minutes, while a busy machine still answers in time; the bounds the tests assert
are derived from it.
"""

from __future__ import annotations

import re
import uuid

import pytest
import requests

from kingdom.testing.live import live_stack

API_TIMEOUT = 2.0  # FRONT_API_TIMEOUT_SECONDS of this stack
GRACEFUL_TIMEOUT = 8  # GUNICORN_GRACEFUL_TIMEOUT of this stack (the chart's is 20)
FRONT_ENV = {
    "FRONT_API_TIMEOUT_SECONDS": str(API_TIMEOUT),
    "GUNICORN_GRACEFUL_TIMEOUT": str(GRACEFUL_TIMEOUT),
    # Every page really asks the APIs: the page and answer caches would hide the fault under test.
    "FRONT_ANONYMOUS_CACHE_SECONDS": "0",
    "FRONT_PAGE_CACHE_SECONDS": "0",
    "UPSTREAM_TIMEOUT_SECONDS": "2",
    "RATE_AUTH_SIGNUP_IP": "1000/hour",
    "RATE_AUTH_GUEST_IP": "1000/hour",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="package")
def stack():
    with live_stack(["auth", "board", "comments", "sharing", "front"], extra_env=FRONT_ENV) as running:
        yield running


class Visitor:
    """A browser without JavaScript: the front's pages and forms, its cookies, its CSRF token."""

    def __init__(self, stack):
        self.base = stack.url("front")
        self.session = requests.Session()

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, timeout=30, **kwargs)

    def open_form(self, page_path: str) -> str:
        """Open a page holding a form, as a person does before typing; returns its CSRF token."""
        page = self.get(page_path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no form on {page_path} ({page.status_code})"
        return token.group(1)

    def post(self, action: str, data: dict, token: str) -> requests.Response:
        return self.session.post(
            self.base + action,
            data={**data, "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=30,
        )

    def join_as_guest(self) -> None:
        answer = self.post("/guest", {"nickname": f"손님{uuid.uuid4().hex[:4]}"}, self.open_form("/guest"))
        assert answer.status_code == 302, answer.text[:500]
