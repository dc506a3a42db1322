"""A fake of the five APIs for unit tests: routes (method, service, path) to canned answers.

def test_x(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts", {"count": 0, "results": []})
    fake_apis.down("sharing")               # every call to sharing raises UpstreamUnavailable
    client.get("/")
    fake_apis.calls                          # [(method, service, path, params, json, headers)]
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jsonschema import ValidationError

from kingdom.context import propagation_headers
from kingdom.http import UpstreamUnavailable
from kingdom.testing.openapi import validate_response


def conforming(method: str, service: str, path: str, response: FakeResponse) -> None:
    """A canned answer must be one the API could give: valid against its committed document."""
    try:
        validate_response(service, method, path, response.status_code, response._body)
    except (AssertionError, ValidationError) as exc:
        raise AssertionError(
            f"the fake answer to {method} {service} {path} ({response.status_code}) is not what "
            f"docs/openapi/{service}.yaml promises: {exc}"
        ) from None


class FakeResponse:
    def __init__(self, status_code: int, body: Any = None, headers: dict | None = None):
        self.status_code = status_code
        self._body = body
        self.content = b"" if body is None else jsonlib.dumps(body).encode()
        self.headers = headers or {}

    def json(self):
        if self._body is None:
            raise ValueError("no body")
        return self._body


@dataclass
class Call:
    method: str
    service: str
    path: str
    params: dict
    json: Any
    headers: dict


class FakeServiceClient:
    def __init__(self, apis: FakeApis, service: str):
        self.apis = apis
        self.service = service
        self.base_url = f"http://{service}.test"

    def request(self, method: str, path: str, *, headers=None, params=None, data=None, json=None, **kwargs):
        body = json if json is not None else (jsonlib.loads(data) if data else None)
        # what kingdom.http.ServiceClient adds from the current context (request id, trace)
        sent = {**propagation_headers(), **(headers or {})}
        call = Call(method, self.service, path, dict(params or {}), body, sent)
        self.apis.calls.append(call)
        if self.service in self.apis.down_services:
            raise UpstreamUnavailable(self.base_url, "unreachable (ConnectionError)")
        answer = self.apis.routes.get((method, self.service, path))
        if answer is None:
            return FakeResponse(
                404,
                {
                    "type": "about:blank",
                    "title": "Not Found",
                    "status": 404,
                    "detail": f"no fake for {method} {path}",
                },
            )
        if callable(answer):
            answer = answer(call)
        if not isinstance(answer, FakeResponse):
            answer = FakeResponse(200, answer)
        conforming(method, self.service, path, answer)
        return answer


@dataclass
class FakeApis:
    routes: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    down_services: set[str] = field(default_factory=set)

    def add(
        self, method: str, service: str, path: str, answer: Any | Callable[[Call], Any], status: int = 200
    ):
        if status != 200 and not callable(answer):
            answer = FakeResponse(status, answer)
        self.routes[(method, service, path)] = answer

    def down(self, service: str) -> None:
        self.down_services.add(service)

    def client(self, service: str) -> FakeServiceClient:
        return FakeServiceClient(self, service)

    def calls_to(self, service: str, path: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.service == service and (path is None or c.path == path)]


def problem(
    status: int, detail: str = "", errors: dict | None = None, headers: dict | None = None, **extra
) -> FakeResponse:
    """An RFC 9457 answer as every API gives it (``kingdom/problems.py``)."""
    body = {"type": "about:blank", "title": "error", "status": status, "detail": detail, **extra}
    if errors:
        body["errors"] = errors
    return FakeResponse(status, body, headers)


def page(results: list, count: int | None = None, **extra) -> dict:
    return {
        "count": len(results) if count is None else count,
        "next": None,
        "previous": None,
        "results": results,
        **extra,
    }
