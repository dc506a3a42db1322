"""The sample answers of samples.py are what the APIs answer (docs/openapi/<service>.yaml), and the
check that holds every canned answer to its document (fakes.conforming) really refuses a wrong one."""

import pytest

from front.tests import samples
from front.tests.fakes import FakeResponse, conforming, page, problem

SAMPLES = [
    ("GET", "board", "/api/board/posts/1", 200, samples.post()),
    ("GET", "board", "/api/board/posts", 200, page([samples.post(1), samples.post(2)])),
    ("POST", "board", "/api/board/posts", 201, samples.post(42)),
    ("GET", "board", "/api/board/categories", 200, samples.categories(("free", "자유"))),
    ("GET", "board", "/api/board/ranking", 200, samples.ranking([samples.ranking_entry()])),
    ("GET", "board", "/api/board/ranking", 200, samples.ranking(king=samples.ranking_entry())),
    ("POST", "board", "/api/board/posts/1/report", 201, samples.report()),
    ("GET", "sharing", "/api/sharing/deals/1", 200, samples.deal()),
    ("GET", "sharing", "/api/sharing/deals", 200, page([samples.deal(1), samples.deal(2, status="expired")])),
    ("POST", "sharing", "/api/sharing/deals", 201, samples.deal()),
    ("POST", "sharing", "/api/sharing/deals/1/report", 201, samples.report("sold_out")),
    ("GET", "sharing", "/api/sharing/products", 200, page([samples.product_row(lowest_deal=samples.deal())])),
    ("GET", "sharing", "/api/sharing/products/7", 200, samples.product(deals=[samples.deal()])),
    ("GET", "comments", "/api/comments", 200, page([samples.comment(1, replies=[samples.comment(2)])])),
    ("POST", "comments", "/api/comments/7/report", 201, samples.report("abuse")),
    ("POST", "auth", "/api/auth/login", 200, samples.auth_answer()),
    ("POST", "auth", "/api/auth/guest", 201, samples.auth_answer(5, "guest", "지나가던손")),
    ("GET", "auth", "/api/auth/me", 200, samples.me()),
    ("GET", "auth", "/api/auth/me", 200, samples.me(5, "손님", role="guest")),
    ("POST", "auth", "/api/auth/social/kakao/login", 200, samples.signup_required()),
    ("GET", "notifications", "/api/notifications/inbox", 200, page([samples.notification(1)])),
    ("GET", "notifications", "/api/notifications/alerts", 200, page([samples.alert(1)])),
    ("GET", "notifications", "/api/notifications/watches", 200, page([samples.watch(1)])),
    ("GET", "notifications", "/api/notifications/preferences", 200, samples.preferences()),
]


@pytest.mark.parametrize(("method", "service", "path", "status", "body"), SAMPLES)
def test_each_sample_is_what_its_operation_answers(method, service, path, status, body):
    conforming(method, service, path, FakeResponse(status, body))


@pytest.mark.parametrize("status", [400, 401, 404, 429, 503], ids=lambda status: f"problem-{status}")
def test_a_problem_is_what_every_api_answers_on_error(status):
    conforming("GET", "sharing", "/api/sharing/deals", problem(status, "안 돼요"))


@pytest.mark.parametrize(
    ("method", "service", "path", "answer"),
    [
        (
            "GET",
            "board",
            "/api/board/posts/1",
            FakeResponse(200, {**samples.post(), "title": 7}),
        ),  # a wrong type
        ("GET", "board", "/api/board/posts/1", FakeResponse(200, {"id": 1})),  # required fields missing
        ("POST", "board", "/api/board/posts", FakeResponse(200, samples.post())),  # a create is a 201
        ("GET", "board", "/api/board/categories", FakeResponse(200, [])),  # board pages its categories
        ("GET", "sharing", "/api/sharing/categories", FakeResponse(200, page([]))),  # sharing does not
        ("GET", "board", "/api/board/posts/9", FakeResponse(404, {"detail": "없어요"})),  # not a problem
        ("DELETE", "sharing", "/api/sharing/deals/1", FakeResponse(200, {})),  # a delete is a bare 204
        ("DELETE", "sharing", "/api/sharing/deals/1", FakeResponse(204, {})),  # ... without a body
        ("GET", "sharing", "/api/sharing/deals/1", FakeResponse(200)),  # a deal is not an empty answer
        ("GET", "board", "/a", FakeResponse(200, {})),  # a path the API does not have
        (
            "GET",
            "notifications",
            "/api/notifications/inbox",
            FakeResponse(200, page([{**samples.notification(1), "kind": "gossip"}])),
        ),  # notification_service's fakes are held to its document too: an unknown kind
    ],
)
def test_conforming_refuses_an_answer_the_api_would_not_give(method, service, path, answer):
    with pytest.raises(AssertionError, match="is not what docs/openapi"):
        conforming(method, service, path, answer)


def test_a_bare_204_is_what_a_delete_answers():
    conforming("DELETE", "sharing", "/api/sharing/deals/1", FakeResponse(204))
