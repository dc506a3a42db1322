"""A slow backend costs its section, not the page: the call times out and the rest renders."""

import http.server
import threading
import time

import pytest

from front.api import transport
from front.api.transport import service_client as real_service_client
from front.tests.fakes import page
from front.tests.samples import post, ranking
from kingdom.http import UpstreamUnavailable


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    requests_seen: list[str] = []
    post_seconds = 0.8

    def do_GET(self):  # the stdlib names the handler method
        _SlowHandler.requests_seen.append(self.path)
        time.sleep(3)
        self.send_response(200)
        self.end_headers()

    def do_POST(self):
        _SlowHandler.requests_seen.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(_SlowHandler.post_seconds)
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def slow_sharing(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SHARING_SERVICE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.FRONT_API_TIMEOUT_SECONDS = 0.3
    settings.FRONT_API_WRITE_TIMEOUT_SECONDS = 3
    yield
    server.shutdown()
    server.server_close()


def test_the_home_page_answers_quickly_when_sharing_hangs(client, fake_apis, slow_sharing, monkeypatch):
    fake_apis.add("GET", "board", "/api/board/posts", page([post(1)]))
    fake_apis.add("GET", "board", "/api/board/ranking", ranking())
    fake = fake_apis.client
    monkeypatch.setattr(
        "front.api.transport.service_client",
        lambda service: real_service_client(service) if service == "sharing" else fake(service),
    )
    started = time.monotonic()
    response = client.get("/")
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    html = response.content.decode()
    assert "커피 샀어요 1" in html
    assert "핫딜: 지금은 불러올 수 없어요" in html
    # two sharing calls in parallel, each: 0.3 s timeout, no retry — far below the 3 s hang
    assert elapsed < 2.0


def test_a_call_that_timed_out_is_not_sent_again(client, fake_apis, slow_sharing, monkeypatch):
    # Under load a retry doubles the work of a service already too slow (make bench).
    _SlowHandler.requests_seen.clear()
    fake_apis.add("GET", "board", "/api/board/posts", page([post(1)]))
    fake_apis.add("GET", "board", "/api/board/ranking", ranking())
    fake = fake_apis.client
    monkeypatch.setattr(
        "front.api.transport.service_client",
        lambda service: real_service_client(service) if service == "sharing" else fake(service),
    )
    client.get("/")
    time.sleep(0.2)
    seen = _SlowHandler.requests_seen
    assert len(seen) >= 2  # the home page's sharing sections
    assert len(seen) == len(set(seen))  # each call (path and query) sent once, never again


def test_a_write_waits_longer_than_a_page_section_and_still_has_its_limit(slow_sharing, settings):
    # Under load a write queued behind others is slower than a section may be; giving up on it at
    # the read timeout told people "try again" about comments that were then posted (make bench).
    client = real_service_client("sharing")
    started = time.monotonic()
    assert client.post("/api/sharing/deals", json={"title": "느린 저장"}).status_code == 201
    assert 0.8 <= time.monotonic() - started < 3
    with pytest.raises(UpstreamUnavailable):
        client.get("/api/sharing/deals")  # a read still gives up at 0.3 s

    settings.FRONT_API_WRITE_TIMEOUT_SECONDS = 0.3
    transport._clients.clear()
    with pytest.raises(UpstreamUnavailable):
        real_service_client("sharing").post("/api/sharing/deals", json={"title": "너무 느린 저장"})
    transport._clients.clear()


class _ClosesKeptConnections:
    """A server that keeps the first connection alive after answering and then closes it just as
    the next request arrives on it, as gunicorn does when its keep-alive time runs out at that
    moment; a new connection is answered normally."""

    ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"

    def __init__(self):
        import socket

        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            with connection:
                connection.recv(65536)
                connection.sendall(self.ANSWER)
                if self.connections == 1:
                    connection.recv(65536)  # the next request on the kept connection: closed unanswered

    def close(self):
        self.listener.close()


def test_a_kept_connection_the_server_closed_as_it_was_reused_is_tried_again_on_a_new_one(settings):
    # Timeouts are not sent again (above), but a request that met a closed keep-alive connection
    # was never read by anyone: it goes once more on a fresh one instead of failing the page.
    server = _ClosesKeptConnections()
    settings.SHARING_SERVICE_URL = server.url
    transport._clients.clear()
    try:
        client = real_service_client("sharing")
        assert client.get("/api/sharing/deals").status_code == 200
        assert client.get("/api/sharing/deals").status_code == 200
        assert server.connections == 2
    finally:
        server.close()
        transport._clients.clear()
