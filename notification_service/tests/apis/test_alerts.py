"""Keyword alerts: members only, validated, at most 20, each member sees only their own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

URL = "/api/notifications/alerts"


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_a_member_saves_an_alert_with_every_condition(member):
    body = {
        "keywords": "신라면 40봉",
        "category": "food",
        "store": "쿠팡",
        "max_price": 25_000,
        "free_shipping_only": True,
        "min_score": 10,
    }
    response = member.client.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert {k: created[k] for k in body} == body
    listed = member.client.get(URL).json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == created["id"]


def test_only_keywords_are_required_and_the_rest_defaults_to_anything(member):
    created = member.client.post(URL, {"keywords": "햇반"}, format="json").json()
    assert created["category"] is None
    assert created["store"] is None
    assert created["max_price"] is None
    assert created["free_shipping_only"] is False
    assert created["min_score"] is None


@pytest.mark.parametrize("keywords", ["", "   ", "!!! ~~", "\u200b", "\u3164\u3164", "\u2603", "라면\u0000"])
def test_empty_keywords_are_a_400(member, keywords):
    body = problem(member.client.post(URL, {"keywords": keywords}, format="json"), 400)
    assert "keywords" in body["errors"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_price", -1),
        ("max_price", "1000"),
        ("category", "음식!"),
        ("free_shipping_only", "yes"),
        ("store", 5),
    ],
)
def test_bad_conditions_are_a_400_naming_the_field(member, field, value):
    body = problem(member.client.post(URL, {"keywords": "라면", field: value}, format="json"), 400)
    assert field in body["errors"]


def test_an_integral_json_number_is_an_integer_and_a_long_word_is_fine(member):
    body = {"keywords": "초" * 60 + " 40봉", "max_price": 25000.0, "min_score": 3.0}
    created = member.client.post(URL, body, format="json")
    assert created.status_code == 201, created.content
    assert (created.json()["max_price"], created.json()["min_score"]) == (25000, 3)
    assert member.client.post(URL, {"keywords": "라면", "max_price": 2.5}, format="json").status_code == 400


@pytest.mark.parametrize("query", ["page=0", "page=x", "page=99"])
def test_a_page_that_is_not_there_is_a_404(member, query):
    problem(member.client.get(f"{URL}?{query}"), 404)


def test_the_21st_alert_is_a_409_problem(member, settings):
    for i in range(settings.NOTIFY_MAX_ALERTS):
        assert member.client.post(URL, {"keywords": f"라면{i}"}, format="json").status_code == 201
    body = problem(member.client.post(URL, {"keywords": "하나 더"}, format="json"), 409)
    assert "20개" in body["detail"]


def test_guests_are_offered_the_upgrade_and_anonymous_callers_must_log_in(guest, anon):
    assert "회원" in problem(guest.client.post(URL, {"keywords": "라면"}, format="json"), 403)["detail"]
    assert problem(guest.client.get(URL), 403)
    assert anon.get(URL).status_code == 401


def test_a_member_edits_and_deletes_their_alert_and_nobody_else_can_see_it(member, other_member):
    alert = member.client.post(URL, {"keywords": "라면", "max_price": 10_000}, format="json").json()
    url = f"{URL}/{alert['id']}"
    assert other_member.client.get(url).status_code == 404
    assert other_member.client.patch(url, {"keywords": "x"}, format="json").status_code == 404
    assert other_member.client.delete(url).status_code == 404
    patched = member.client.patch(url, {"max_price": None, "store": "11번가"}, format="json").json()
    assert (patched["keywords"], patched["max_price"], patched["store"]) == ("라면", None, "11번가")
    problem(member.client.patch(url, {"keywords": " "}, format="json"), 400)
    assert member.client.delete(url).status_code == 204
    assert member.client.get(url).status_code == 404


def test_the_alert_list_costs_the_same_queries_for_1_or_15_alerts(member):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert member.client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    member.client.post(URL, {"keywords": "라면"}, format="json")
    one = queries()
    for i in range(14):
        member.client.post(URL, {"keywords": f"햇반 {i}"}, format="json")
    assert queries() == one
