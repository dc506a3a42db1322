"""The monthly ranking and its 거지왕 (lowest spending among members with 3+ confessions)."""

from datetime import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from board_service.tests.factories import make_post
from board_service.tests.problems import field_errors
from kingdom.timezones import SEOUL

pytestmark = pytest.mark.django_db

NOV = datetime(2026, 11, 10, 12, 0, tzinfo=SEOUL)


def confess(caller, amount, *, at=NOV, **kwargs):
    return make_post(caller, kind="spending", category="confession", amount=amount, created_at=at, **kwargs)


def ranking(client, month="2026-11"):
    response = client.get(f"/api/board/ranking?month={month}")
    assert response.status_code == 200, response.content
    return response.json()


def test_totals_per_member_lowest_first_and_the_king(anon, caller_factory):
    frugal, spender, newcomer = (caller_factory("member") for _ in range(3))
    for amount in (1000, 2000, 500):
        confess(frugal, amount)
    for amount in (50_000, 20_000, 9_000, 1_000):
        confess(spender, amount)
    confess(newcomer, 100)  # lowest total, but one confession is not a month of frugality

    body = ranking(anon)

    assert body["month"] == "2026-11"
    # Those who can be king come first; the newcomer follows, set apart by "qualifies".
    assert [
        (row["author"]["id"], row["total_amount"], row["confession_count"]) for row in body["results"]
    ] == [
        (frugal.id, 3500, 3),
        (spender.id, 80_000, 4),
        (newcomer.id, 100, 1),
    ]
    assert body["results"][0]["author"] == frugal.author
    assert body["king"]["author"] == frugal.author
    assert body["king"]["total_amount"] == 3500
    assert body["min_confessions"] == 3


def test_only_that_months_spending_counts_in_seoul_time(anon, member):
    confess(member, 1000, at=datetime(2026, 11, 1, 0, 30, tzinfo=SEOUL))  # 2026-10-31 15:30 UTC
    confess(member, 2000, at=datetime(2026, 10, 31, 23, 59, tzinfo=SEOUL))
    confess(member, 4000, at=datetime(2026, 12, 1, 0, 0, tzinfo=SEOUL))
    make_post(member, kind="request", category="may-i-buy", amount=9000, created_at=NOV)

    assert [row["total_amount"] for row in ranking(anon)["results"]] == [1000]
    assert [row["total_amount"] for row in ranking(anon, "2026-10")["results"]] == [2000]


def test_anonymous_confessions_never_reveal_their_author(anon, member, other_member):
    for _ in range(3):
        confess(member, 1000, anonymous=True)
    confess(other_member, 5000)

    body = ranking(anon)

    assert [row["author"]["id"] for row in body["results"]] == [other_member.id]
    assert body["king"] is None
    assert member.nickname not in str(body)


def test_guests_and_hidden_posts_are_left_out_deleted_ones_still_count(anon, guest, member):
    for _ in range(3):
        confess(guest, 10)
    confess(member, 100, hidden_at=timezone.now())
    assert ranking(anon)["results"] == []

    # A deleted confession was spent all the same (see test_fair_game).
    confess(member, 300, deleted_at=timezone.now())
    assert [row["total_amount"] for row in ranking(anon)["results"]] == [300]


@override_settings(BOARD_KING_MIN_CONFESSIONS=1)
def test_king_threshold_is_configurable(anon, member):
    confess(member, 700)

    assert ranking(anon)["king"]["author"]["id"] == member.id


def test_default_month_is_the_current_one_in_seoul(anon, member):
    confess(member, 1234, at=timezone.now())

    body = anon.get("/api/board/ranking").json()

    assert body["month"] == timezone.now().astimezone(SEOUL).strftime("%Y-%m")
    assert body["results"][0]["total_amount"] == 1234
    assert anon.get("/api/board/ranking?month=").json() == body


@pytest.mark.parametrize(
    "month",
    ["2026-13", "2026-1", "november", "2026-11-01", "0000-01", "20261-1", "9999-12", "2026-1a", " 2026-11"],
)
def test_bad_month_is_a_field_error(anon, month):
    assert "month" in field_errors(anon.get(f"/api/board/ranking?month={month}"))


@pytest.mark.parametrize("page_size", [1, 50])
def test_ranking_query_count_is_fixed(django_assert_num_queries, anon, caller_factory, page_size):
    for _ in range(55):
        caller = caller_factory("member")
        for _ in range(3):
            confess(caller, 1000)

    # count + page + king
    with django_assert_num_queries(3):
        body = anon.get(f"/api/board/ranking?month=2026-11&page_size={page_size}").json()

    assert len(body["results"]) == page_size
    assert body["count"] == 55
