"""A shop served on loopback for the og:image fetcher's tests: real sockets, real HTTP."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = (
    '<!doctype html><html><head><meta charset="utf-8"><title>상품</title>'
    '<meta property="og:title" content="신라면 40봉">'
    '<meta property="og:image" content="https://img.shop.example/sinramyun.jpg">'
    "</head><body>본문</body></html>"
)


class ShopHandler(BaseHTTPRequestHandler):
    hosts_seen: list[str]  # set per server

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.server.hosts_seen.append(self.headers.get("Host", ""))
        path = self.path
        if path == "/item":
            self._send(200, PAGE.encode())
        elif path == "/no-image":
            self._send(200, b"<html><head><title>x</title></head><body></body></html>")
        elif path == "/internal-image":
            self._send(200, b'<head><meta property="og:image" content="http://169.254.169.254/x.png"></head>')
        elif path == "/euc-kr":
            body = (
                '<head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
                '<meta property="og:image" content="https://img.shop.example/상품.jpg"></head>'
            ).encode("euc-kr")
            self._send(200, body, content_type="text/html")
        elif path == "/redirect":
            self._send(302, b"", Location="/item")
        elif path == "/redirect-internal":
            self._send(302, b"", Location="http://169.254.169.254/latest/meta-data")
        elif path == "/redirect-disguised":
            self._send(301, b"", Location="http://%EF%BC%91%EF%BC%99%EF%BC%92.168.0.%31/")
        elif path == "/redirect-loop":
            self._send(302, b"", Location="/redirect-loop")
        elif path == "/picture":
            self._send(200, b"\x89PNG....", content_type="image/png")
        elif path == "/huge":
            self._send(200, b"<html><head>" + b"x" * 3_000_000)
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "50000000")
            self.end_headers()
        elif path == "/broken":
            self._send(503, b"busy")
        elif path == "/gone":
            self._send(404, b"no")
        elif path == "/slow":
            time.sleep(3)
            self._send(200, PAGE.encode())
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            with contextlib.suppress(OSError):
                for _ in range(40):
                    self.wfile.write(b"<!-- -->")
                    self.wfile.flush()
                    time.sleep(0.1)
        else:
            self._send(404, b"")


@contextlib.contextmanager
def shop_on_loopback() -> Iterator[ThreadingHTTPServer]:
    """A shop at ``http://127.0.0.1:<server.server_port>``; ``server.hosts_seen`` lists Host headers."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), ShopHandler)
    server.daemon_threads = True
    server.hosts_seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
