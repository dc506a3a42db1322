"""What gunicorn answers itself, before Django sees a request, in our format.

gunicorn refuses a request line longer than ``limit_request_line`` (414), too many or too large
headers (431) and unparsable requests (400) on its own, with an HTML page (``gunicorn.util.
write_error``). :func:`answer_in_our_format` (a ``post_worker_init`` hook, so it runs in every
worker) replaces that writer: the APIs answer RFC 9457 problem details like every other error
of theirs, the front a short Korean page. Nothing of the refused request is echoed back.
"""

from __future__ import annotations

import html
import json
from http import HTTPStatus

# kingdom.problems' type; not imported from there: gunicorn loads this before Django is set up.
PROBLEM_CONTENT_TYPE = "application/problem+json"

#: what a person or client can do about each status gunicorn writes itself
_DETAILS = {
    400: "요청의 형식이 올바르지 않습니다.",
    403: "요청이 거부되었습니다.",
    414: "요청 주소가 너무 깁니다.",
    417: "Expect 헤더를 처리할 수 없습니다.",
    431: "요청 헤더가 너무 크거나 너무 많습니다.",
    500: "서버에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.",
    501: "지원하지 않는 전송 방식입니다.",
}


def _detail(status: int) -> str:
    return _DETAILS.get(status) or HTTPStatus(status).description


def problem_body(status: int, reason: str) -> tuple[str, bytes]:
    """``(content type, body)`` of an API's answer: problem details (``kingdom.problems``' shape)."""
    body = {"type": "about:blank", "title": reason, "status": status, "detail": _detail(status)}
    return PROBLEM_CONTENT_TYPE, json.dumps(body, ensure_ascii=False).encode()


def page_body(status: int, reason: str) -> tuple[str, bytes]:
    """``(content type, body)`` of the front's answer: a small Korean page."""
    text = html.escape(_detail(status))
    page = (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8">'
        f"<title>{status} · 절약왕국</title></head><body><h1>{text}</h1>"
        '<p><a href="/">절약왕국 첫 화면으로</a></p></body></html>'
    )
    return "text/html; charset=utf-8", page.encode()


def error_writer(render):
    """A replacement for ``gunicorn.util.write_error(sock, status, reason, mesg)`` using ``render``."""
    from gunicorn import util

    def write_error(sock, status_int, reason, mesg):
        content_type, body = render(int(status_int), reason)
        head = (
            f"HTTP/1.1 {int(status_int)} {reason}\r\nConnection: close\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        util.write_nonblock(sock, head.encode("latin-1") + body)

    return write_error


def answer_in_our_format(worker) -> None:
    """gunicorn ``post_worker_init`` hook: this worker writes its own errors as we do."""
    from gunicorn import util

    render = page_body if worker.cfg.proc_name == "front" else problem_body
    util.write_error = error_writer(render)
