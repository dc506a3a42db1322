"""Fixtures for comment_service's unit tests.

``neighbours`` is a real HTTP server on localhost standing in for auth (service tokens), board
and sharing (their internal target endpoints), so the production client — timeouts, the one
retry, the service token — is what the tests exercise. Integration tests use the real services.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SERVICE_TOKEN = "fake-service-token"
_TARGET_PATH = re.compile(r"^/api/(board/internal/posts|sharing/internal/deals)/(\d+)/?$")


@dataclass
class FakeNeighbours:
    """What the fake board and sharing know; tests add posts and deals and may slow answers down."""

    url: str = ""
    posts: dict[int, dict] = field(default_factory=dict)
    deals: dict[int, dict] = field(default_factory=dict)
    delay: float = 0.0
    status: int | None = None  # answer every target lookup with this status instead
    lookups: list[dict] = field(default_factory=list)
    token: str = SERVICE_TOKEN  # the only service token the fake board accepts (and auth hands out)

    def add_post(self, post_id: int, *, author_id: int = 1, anonymous: bool = False, title: str = "") -> int:
        self.posts[post_id] = {
            "id": post_id,
            "title": title or f"게시글 {post_id}",
            "author_id": author_id,
            "anonymous": anonymous,
            "is_deleted": False,
        }
        return post_id

    def add_deal(self, deal_id: int, *, author_id: int = 1, title: str = "") -> int:
        self.deals[deal_id] = {
            "id": deal_id,
            "title": title or f"딜 {deal_id}",
            "author_id": author_id,
            "anonymous": False,
            "is_deleted": False,
        }
        return deal_id


def _handler(state: FakeNeighbours):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output clean
            pass

        def _answer(self, status: int, body: dict | None = None) -> None:
            payload = json.dumps(body or {}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            # the client may have given up waiting, which is what a timeout test wants it to do
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(payload)

        def do_POST(self):
            if self.path.rstrip("/") == "/api/auth/service-token":
                self._answer(200, {"access": state.token, "token_type": "Bearer", "expires_in": 300})
            else:
                self._answer(404)

        def do_GET(self):
            match = _TARGET_PATH.match(self.path)
            if not match:
                return self._answer(404)
            state.lookups.append({"path": self.path, "headers": dict(self.headers)})
            if state.delay:
                time.sleep(state.delay)
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                return self._answer(401)
            if state.status is not None:
                return self._answer(state.status)
            known = state.posts if match.group(1).startswith("board") else state.deals
            target = known.get(int(match.group(2)))
            return self._answer(200, target) if target else self._answer(404)

    return Handler


@pytest.fixture
def neighbours(settings):
    """Fake auth/board/sharing on a free port; the settings point every neighbour URL at it."""
    state = FakeNeighbours()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.AUTH_SERVICE_URL = settings.BOARD_SERVICE_URL = settings.SHARING_SERVICE_URL = state.url
    settings.UPSTREAM_TIMEOUT_SECONDS = 0.5
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port_url() -> str:
    """A URL nothing listens on: a neighbour that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def post(neighbours) -> int:
    """An existing, named post (by user 1)."""
    return neighbours.add_post(10)
