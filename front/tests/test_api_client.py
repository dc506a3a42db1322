"""The client layer: what every call carries, how answers become data, errors or notices."""

import contextvars
import functools
import time

import pytest
from django.test import RequestFactory

from front.api import Api, ApiError, Unavailable, gather
from front.api.transport import client_ip
from front.tests.fakes import FakeResponse, page, problem
from front.tests.samples import deal
from kingdom import context


@pytest.fixture
def anonymous_request(rf: RequestFactory):
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    request.session = {}
    return request


def test_calls_forward_the_browser_ip_and_the_request_id(fake_apis, anonymous_request):
    fake_apis.add("GET", "board", "/api/board/posts", page([]))
    tokens = context.bind("req-77", {"traceparent": "00-abc-def-01"})
    try:
        Api(anonymous_request).get("board", "/api/board/posts", {"sort": "hot", "q": ""})
    finally:
        context.unbind(tokens)
    (call,) = fake_apis.calls
    assert call.headers["X-Forwarded-For"] == "203.0.113.9"
    assert call.params == {"sort": "hot"}  # empty filters are not sent
    assert "Authorization" not in call.headers


def test_the_browser_ip_is_read_behind_the_configured_proxies(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # the chart: the Istio gateway ...
    settings.FORWARDED_ALLOW_IPS = "*"  # ... the only way into the pod
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"  # NUM_PROXIES=1: the address our proxy saw


def test_behind_a_proxy_a_connection_from_elsewhere_is_not_believed(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FORWARDED_ALLOW_IPS = "10.0.0.0/8"
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "203.0.113.9"


def test_served_directly_the_front_ignores_the_address_a_browser_claims(rf):
    # The default (make run: no proxy before the front): X-Forwarded-For is the visitor's own say.
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "203.0.113.9"


def test_a_4xx_problem_becomes_an_api_error_with_field_errors(fake_apis, anonymous_request):
    fake_apis.add(
        "POST",
        "board",
        "/api/board/posts",
        problem(400, "입력을 확인하세요", {"title": ["제목을 입력하세요."]}),
    )
    with pytest.raises(ApiError) as caught:
        Api(anonymous_request).post("board", "/api/board/posts", {"title": ""})
    assert caught.value.status == 400
    assert caught.value.errors == {"title": ["제목을 입력하세요."]}


def test_a_409_carries_the_existing_object(fake_apis, anonymous_request):
    fake_apis.add("POST", "sharing", "/api/sharing/deals", problem(409, "이미 있어요", existing=deal(3)))
    with pytest.raises(ApiError) as caught:
        Api(anonymous_request).post("sharing", "/api/sharing/deals", {})
    assert caught.value.existing == deal(3)


def test_a_down_service_is_unavailable(fake_apis, anonymous_request):
    fake_apis.down("sharing")
    with pytest.raises(Unavailable) as caught:
        Api(anonymous_request).get("sharing", "/api/sharing/deals")
    assert caught.value.service == "sharing"


def test_a_204_is_none(fake_apis, anonymous_request):
    fake_apis.add("DELETE", "sharing", "/api/sharing/deals/1", FakeResponse(204))
    assert Api(anonymous_request).delete("sharing", "/api/sharing/deals/1") is None


def test_anonymous_answers_are_cached_briefly_and_signed_in_ones_never(fake_apis, rf, anonymous_request):
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([]))
    api = Api(anonymous_request)
    api.get("sharing", "/api/sharing/deals", {"sort": "hot"}, cache=30)
    api.get("sharing", "/api/sharing/deals", {"sort": "hot"}, cache=30)
    assert len(fake_apis.calls) == 1

    from front.tests.samples import auth_answer

    member_request = rf.get("/")
    member_request.session = {"tk_auth": auth_answer()}
    Api(member_request).get("sharing", "/api/sharing/deals", {"sort": "hot"}, cache=30)
    assert len(fake_apis.calls) == 2
    assert fake_apis.calls[1].headers["Authorization"].startswith("Bearer ")


def test_gather_asks_concurrently_and_keeps_the_request_context(fake_apis, anonymous_request):
    seen = {}

    def record(call):
        seen[call.service] = call.headers.get("X-Request-ID")
        return page([])

    fake_apis.add("GET", "board", "/api/board/posts", record)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", record)
    api = Api(anonymous_request)
    tokens = context.bind("req-gather", {})
    try:
        sections = contextvars.copy_context().run(
            gather,
            {
                "posts": lambda: api.get("board", "/api/board/posts"),
                "deals": lambda: api.get("sharing", "/api/sharing/deals"),
                "missing": lambda: api.get("comments", "/api/comments"),
            },
        )
    finally:
        context.unbind(tokens)
    assert seen == {"board": "req-gather", "sharing": "req-gather"}
    assert sections["posts"].ok
    assert sections["missing"].error.status == 404


def test_gather_marks_a_down_service_section_unavailable(fake_apis, anonymous_request):
    fake_apis.add("GET", "board", "/api/board/posts", page([]))
    fake_apis.down("sharing")
    api = Api(anonymous_request)
    sections = gather(
        {"posts": lambda: api.get("board", "/api/board/posts"), "deals": lambda: api.get("sharing", "/x")}
    )
    assert sections["posts"].ok
    assert sections["deals"].unavailable


def test_a_signed_in_answer_is_never_served_to_an_anonymous_visitor(fake_apis, rf, anonymous_request):
    from front.tests.samples import auth_answer, post

    def answer(call):  # the API personalises what a token sees
        return page([post(1, is_mine="Authorization" in call.headers)])

    fake_apis.add("GET", "board", "/api/board/posts", answer)
    member_request = rf.get("/")
    member_request.session = {"tk_auth": auth_answer()}
    mine = Api(member_request).get("board", "/api/board/posts", {"sort": "hot"}, cache=30)
    assert mine["results"][0]["is_mine"] is True
    seen = Api(anonymous_request).get("board", "/api/board/posts", {"sort": "hot"}, cache=30)
    assert seen["results"][0]["is_mine"] is False
    assert len(fake_apis.calls) == 2


def test_gather_really_asks_at_the_same_time(fake_apis, anonymous_request):
    def slow(call):
        time.sleep(0.3)
        return page([])

    lists = {
        "a": ("board", "/api/board/posts"),
        "b": ("board", "/api/board/categories"),
        "c": ("sharing", "/api/sharing/deals"),
        "d": ("comments", "/api/comments"),
    }
    for service, path in lists.values():
        fake_apis.add("GET", service, path, slow)
    api = Api(anonymous_request)
    started = time.monotonic()
    sections = gather({name: functools.partial(api.get, *where) for name, where in lists.items()})
    elapsed = time.monotonic() - started
    assert all(section.ok for section in sections.values())
    assert elapsed < 0.8  # one after the other: 1.2 s


def _front_api_imports() -> dict[str, set[str]]:
    """``{module: front.api modules it imports}``, at any depth of the module (deferred imports too)."""
    import ast
    from pathlib import Path

    import front.api

    folder = Path(front.api.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        name = path.stem
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "front.api":
                    imported |= {alias.name for alias in node.names}
                elif node.module.startswith("front.api."):
                    imported.add(node.module.split(".")[2])
            elif isinstance(node, ast.Import):
                imported |= {a.name.split(".")[2] for a in node.names if a.name.startswith("front.api.")}
        graph[name] = imported & {p.stem for p in folder.glob("*.py")} - {name}
    return graph


def test_the_client_layer_has_no_import_cycle():
    """client -> tokens -> transport, never back: the token refresh used to import the client lazily."""
    graph = _front_api_imports()
    graph.pop("__init__")  # the package re-exports the public names of every module
    assert graph["tokens"] == {"transport"}
    assert graph["transport"] == set()

    def reaches(start: str, target: str, seen: frozenset = frozenset()) -> bool:
        return any(n == target or (n not in seen and reaches(n, target, seen | {n})) for n in graph[start])

    assert [name for name in graph if reaches(name, name)] == []
