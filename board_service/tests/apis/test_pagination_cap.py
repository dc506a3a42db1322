"""Lists count at most kingdom.pagination.MAX_COUNT rows: counting a million costs a second."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from board_service.tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_the_count_stops_at_the_cap_and_is_a_bounded_query(anon, member, monkeypatch):
    monkeypatch.setattr("kingdom.pagination.MAX_COUNT", 5)
    for _ in range(8):
        make_post(member)

    with CaptureQueriesContext(connection) as queries:
        body = anon.get("/api/board/posts?page_size=2").json()

    assert body["count"] == 5
    assert len(body["results"]) == 2
    count_sql = next(q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper())
    assert "LIMIT 5" in count_sql
    assert anon.get("/api/board/posts?page_size=2&page=3").json()["results"]  # page 3 of 5 rows
    assert anon.get("/api/board/posts?page_size=2&page=4").status_code == 404  # past the counted rows


def test_below_the_cap_the_count_is_exact(anon, member):
    for _ in range(3):
        make_post(member)

    assert anon.get("/api/board/posts").json()["count"] == 3


def _count_sql(queries) -> str:
    return next(q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper())


def test_the_count_reads_ids_alone_in_no_order_even_for_a_members_list(member, monkeypatch):
    # how many of the first rows there are depends neither on their order nor on the member's
    # liked_by_me / my_verdict subqueries: the count asks for neither (kingdom.pagination)
    monkeypatch.setattr("kingdom.pagination.MAX_COUNT", 5)
    for _ in range(8):
        make_post(member)

    for sort in ("new", "hot", "top", "views"):
        with CaptureQueriesContext(connection) as queries:
            body = member.client.get(f"/api/board/posts?page_size=2&sort={sort}").json()

        assert body["count"] == 5
        count_sql = _count_sql(queries)
        assert "ORDER BY" not in count_sql.upper(), count_sql
        assert "board_postlike" not in count_sql, count_sql
        assert "board_postverdict" not in count_sql, count_sql
        assert "LIMIT 5" in count_sql


def test_a_count_of_the_callers_own_posts_still_counts_only_theirs(member, other_member, monkeypatch):
    monkeypatch.setattr("kingdom.pagination.MAX_COUNT", 5)
    for _ in range(3):
        make_post(member)
    for _ in range(4):
        make_post(other_member)

    assert member.client.get("/api/board/posts?author=me&page_size=1").json()["count"] == 3
    assert member.client.get("/api/board/posts?page_size=1").json()["count"] == 5


def test_a_search_counts_fewer_matches_than_a_list(anon, member, monkeypatch):
    # a common word matches most posts: its count stops at SEARCH_MAX_COUNT, the list's at MAX_COUNT
    monkeypatch.setattr("kingdom.pagination.MAX_COUNT", 6)
    monkeypatch.setattr("kingdom.pagination.SEARCH_MAX_COUNT", 3)
    for n in range(8):
        make_post(member, title=f"라면 {n}")

    with CaptureQueriesContext(connection) as queries:
        found = anon.get("/api/board/posts?q=라면&page_size=2").json()
    assert found["count"] == 3
    assert "LIMIT 3" in _count_sql(queries)
    assert anon.get("/api/board/posts?q=라면&page_size=2&page=2").json()["results"]
    assert anon.get("/api/board/posts?q=라면&page_size=2&page=3").status_code == 404
    assert anon.get("/api/board/posts?page_size=2").json()["count"] == 6
