"""Per-request context (request id, trace headers) that outgoing calls carry along."""

from __future__ import annotations

import contextvars
import re
import uuid

#: Headers that let one request be followed through the mesh (W3C and Zipkin/B3, as Istio uses).
TRACE_HEADERS = (
    "traceparent",
    "tracestate",
    "x-b3-traceid",
    "x-b3-spanid",
    "x-b3-parentspanid",
    "x-b3-sampled",
    "x-b3-flags",
    "b3",
)

_REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_trace_headers: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "trace_headers", default=None
)


def accept_request_id(candidate: str | None) -> str:
    """Keep a caller's ``X-Request-ID`` when it is sane, otherwise mint a new one."""
    if candidate and _REQUEST_ID_PATTERN.fullmatch(candidate):  # fullmatch: "$" allows a final "\n"
        return candidate
    return uuid.uuid4().hex


def bind(request_id: str, trace_headers: dict[str, str]) -> tuple[contextvars.Token, contextvars.Token]:
    """Make ``request_id`` and ``trace_headers`` current; returns tokens for :func:`unbind`."""
    return _request_id.set(request_id), _trace_headers.set(trace_headers)


def unbind(tokens: tuple[contextvars.Token, contextvars.Token]) -> None:
    _request_id.reset(tokens[0])
    _trace_headers.reset(tokens[1])


def current_request_id() -> str | None:
    return _request_id.get()


def propagation_headers() -> dict[str, str]:
    """Headers an outgoing call must carry: the request id and any trace headers received."""
    headers = dict(_trace_headers.get() or {})
    request_id = _request_id.get()
    if request_id:
        headers["X-Request-ID"] = request_id
    return headers
