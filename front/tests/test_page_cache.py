"""The anonymous whole-page cache: shared by visitors without a session, never by anyone else."""

import time

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory

from front.board import view_counts
from front.tests.fakes import page, problem
from front.tests.samples import comment, post
from front.web.pagecache import page_key
from kingdom.testing.live import eventually

CATEGORIES = page([{"slug": "free", "name": "자유"}])
VIEWS = "/api/board/posts/views"


@pytest.fixture
def page_cache(settings, fake_apis):
    settings.FRONT_PAGE_CACHE_SECONDS = 10
    settings.FRONT_PAGE_STALE_SECONDS = 30
    settings.FRONT_ANONYMOUS_CACHE_SECONDS = 0  # count every render's API call
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    fake_apis.add("GET", "board", "/api/board/posts", page([post(1, title="첫 글")]))
    return fake_apis


def board_list_calls(fake_apis) -> int:
    return len(fake_apis.calls_to("board", "/api/board/posts"))


def test_a_second_anonymous_visitor_gets_the_stored_page_without_any_api_call(client, page_cache):
    first = client.get("/board/")
    second = client.get("/board/")
    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert board_list_calls(page_cache) == 1
    assert second["Cache-Control"] == "public, max-age=10, stale-while-revalidate=30"
    assert "Cookie" in second["Vary"]
    assert second["Content-Security-Policy"]  # the security headers are still there


def test_a_different_query_is_a_different_page(client, page_cache):
    client.get("/board/")
    client.get("/board/?sort=hot")
    assert board_list_calls(page_cache) == 2


def test_a_signed_in_page_is_never_stored_nor_served_from_the_store(client, page_cache, signed_in):
    client.get("/board/")  # anonymous: stored
    signed_in()
    mine = client.get("/board/")
    assert "X-Page-Cache" not in mine
    assert mine["Cache-Control"] == "private, no-store"
    assert board_list_calls(page_cache) == 2
    client.cookies.clear()
    client.get("/board/")
    assert board_list_calls(page_cache) == 2  # still the anonymous copy, not the member's page


def test_a_visitor_with_a_message_waiting_gets_a_rendered_page(client, page_cache):
    client.get("/board/")
    client.cookies["messages"] = "anything"
    response = client.get("/board/")
    assert "X-Page-Cache" not in response
    assert board_list_calls(page_cache) == 2


def test_a_page_that_sets_a_cookie_is_not_stored(client, fake_apis, settings):
    settings.FRONT_PAGE_CACHE_SECONDS = 10
    first = client.get("/login")  # a form: it sets the CSRF cookie
    assert first.cookies
    client.cookies.clear()
    second = client.get("/login")
    assert "X-Page-Cache" not in second
    assert "private" in second["Cache-Control"]


def test_a_page_missing_a_section_is_not_stored(client, page_cache):
    page_cache.down("board")
    degraded = client.get("/board/")
    assert degraded.status_code == 200  # the page still renders, with a notice in place of the list
    assert "지금은 불러올 수 없어요" in degraded.content.decode()
    page_cache.down_services.discard("board")
    response = client.get("/board/")
    assert "X-Page-Cache" not in response
    assert "첫 글" in response.content.decode()


def test_an_error_page_is_not_stored(client, page_cache):
    page_cache.add("GET", "board", "/api/board/posts/9", problem(404, "없어요"))
    assert client.get("/board/9").status_code == 404
    assert "X-Page-Cache" not in client.get("/board/9")


def test_a_stale_page_is_served_while_one_request_renders_it_again(client, page_cache, monkeypatch):
    client.get("/board/")
    later = time.time() + 11
    monkeypatch.setattr("front.web.pagecache.time.time", lambda: later)
    # Another request is already rendering it: this one gets the stale copy at once.
    rendering = page_key(RequestFactory().get("/board/")) + ":render"
    cache.add(rendering, 1, timeout=10)
    stale = client.get("/board/")
    assert stale["X-Page-Cache"] == "stale"
    assert board_list_calls(page_cache) == 1
    cache.delete(rendering)
    fresh = client.get("/board/")
    assert "X-Page-Cache" not in fresh
    assert board_list_calls(page_cache) == 2


def test_a_worker_serves_its_own_copy_of_a_fresh_page_without_asking_the_shared_cache(client, page_cache):
    first = client.get("/board/")
    cache.clear()  # the shared cache has nothing now: only this worker's copy is left
    second = client.get("/board/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert board_list_calls(page_cache) == 1


def test_a_page_another_worker_stored_is_kept_in_this_workers_memory(client, page_cache):
    client.get("/board/")
    caches["pages"].clear()  # as if another worker had rendered and stored it
    assert client.get("/board/")["X-Page-Cache"] == "hit"  # from the shared cache
    cache.clear()
    assert client.get("/board/")["X-Page-Cache"] == "hit"  # now from this worker's copy
    assert board_list_calls(page_cache) == 1


def test_a_workers_copy_is_never_served_past_the_pages_fresh_time(client, page_cache, monkeypatch):
    client.get("/board/")
    later = time.time() + 11
    monkeypatch.setattr("front.web.pagecache.time.time", lambda: later)
    cache.clear()  # no stale copy in the shared cache either: the page is rendered again
    again = client.get("/board/")
    assert "X-Page-Cache" not in again
    assert board_list_calls(page_cache) == 2


def test_a_browser_revalidating_a_stored_page_gets_304(client, page_cache):
    etag = client.get("/board/")["ETag"]
    response = client.get("/board/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def views_sent(fake_apis) -> list[dict]:
    return [view for call in fake_apis.calls_to("board", VIEWS) for view in call.json["views"]]


def cached_post_page(fake_apis, settings, batch_seconds: float = 60, batch_size: int = 200):
    settings.FRONT_PAGE_CACHE_SECONDS = 10
    settings.FRONT_VIEW_BATCH_SECONDS = batch_seconds
    settings.FRONT_VIEW_BATCH_SIZE = batch_size
    fake_apis.add("GET", "board", "/api/board/posts/7", post(7))
    fake_apis.add("GET", "comments", "/api/comments", page([comment(1)]))
    fake_apis.add("POST", "board", VIEWS, lambda call: {"counted": len(call.json["views"])})


def test_a_cached_post_page_still_counts_the_view(client, fake_apis, settings):
    cached_post_page(fake_apis, settings, batch_seconds=0.05)
    client.get("/board/7")
    assert client.get("/board/7")["X-Page-Cache"] == "hit"

    assert eventually(lambda: fake_apis.calls_to("board", VIEWS), timeout=5, interval=0.01)
    (call,) = fake_apis.calls_to("board", VIEWS)
    assert call.method == "POST"
    assert "Authorization" not in call.headers
    assert call.json == {"views": [{"post": 7, "address": "127.0.0.1"}]}
    assert len(fake_apis.calls_to("board", "/api/board/posts/7")) == 1


def test_views_of_cached_pages_go_to_board_together(client, fake_apis, settings):
    cached_post_page(fake_apis, settings)
    client.get("/board/7")  # rendered: board counted this one itself
    settings.TRUSTED_PROXY_COUNT = 1  # as behind the chart's gateway
    for address in ("203.0.113.7", "198.51.100.2", "192.0.2.9"):
        assert client.get("/board/7", HTTP_X_FORWARDED_FOR=address)["X-Page-Cache"] == "hit"

    assert fake_apis.calls_to("board", VIEWS) == []  # nothing sent per visit
    assert view_counts.batch.send() == 3
    (call,) = fake_apis.calls_to("board", VIEWS)
    assert call.json["views"] == [
        {"post": 7, "address": address} for address in ("203.0.113.7", "198.51.100.2", "192.0.2.9")
    ]


def test_a_full_batch_is_sent_without_waiting_for_the_interval(client, fake_apis, settings):
    cached_post_page(fake_apis, settings, batch_seconds=60, batch_size=3)
    client.get("/board/7")
    for _ in range(3):
        client.get("/board/7")

    assert eventually(lambda: len(views_sent(fake_apis)) == 3, timeout=5, interval=0.01)
    assert len(fake_apis.calls_to("board", VIEWS)) == 1


def test_views_board_cannot_take_cost_the_page_nothing(client, fake_apis, settings, caplog):
    cached_post_page(fake_apis, settings)
    client.get("/board/7")
    fake_apis.down("board")

    hit = client.get("/board/7")
    view_counts.batch.send()

    assert hit.status_code == 200
    assert hit["X-Page-Cache"] == "hit"
    assert len(fake_apis.calls_to("board", VIEWS)) == 1
    assert "1 cached views lost" in caplog.text
    assert view_counts.batch.waiting() == 0  # not kept for a retry


def test_views_waiting_are_capped_while_board_does_not_take_them(fake_apis, settings, monkeypatch):
    settings.FRONT_VIEW_BATCH_SECONDS = 60
    monkeypatch.setattr(view_counts, "MAX_WAITING", 5)
    for _ in range(8):
        view_counts.batch.add(7, "203.0.113.7")

    assert view_counts.batch.waiting() == 5


def test_a_cache_that_fails_costs_the_page_nothing(client, page_cache, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/board/")
    assert response.status_code == 200
    assert "첫 글" in response.content.decode()


def test_a_form_page_is_never_stored_even_for_a_visitor_who_has_a_csrf_cookie(client, fake_apis, settings):
    # A stored form would hand one visitor's CSRF token to everyone else.
    settings.FRONT_PAGE_CACHE_SECONDS = 10
    client.get("/login")
    assert settings.CSRF_COOKIE_NAME in client.cookies
    again = client.get("/login")
    assert "X-Page-Cache" not in again
    client.cookies.clear()
    stranger = client.get("/login")
    assert "X-Page-Cache" not in stranger


def test_a_post_page_is_kept_longer_than_a_list(client, fake_apis, settings):
    settings.FRONT_PAGE_CACHE_SECONDS = 10
    settings.FRONT_PAGE_CACHE_DETAIL_SECONDS = 30
    fake_apis.add("GET", "board", "/api/board/posts/7", post(7))
    fake_apis.add("GET", "comments", "/api/comments", page([comment(1)]))
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    fake_apis.add("GET", "board", "/api/board/posts", page([post(1)]))
    assert client.get("/board/7")["Cache-Control"].startswith("public, max-age=30,")
    assert client.get("/board/7")["Cache-Control"].startswith("public, max-age=30,")  # from the store
    assert client.get("/board/")["Cache-Control"].startswith("public, max-age=10,")


def test_while_a_service_is_down_a_stored_page_is_served_stale_rather_than_with_a_hole(
    client, page_cache, monkeypatch
):
    first = client.get("/board/")
    later = time.time() + 11
    monkeypatch.setattr("front.web.pagecache.time.time", lambda: later)
    page_cache.down("board")
    during = client.get("/board/")
    assert during.status_code == 200
    assert during["X-Page-Cache"] == "stale-if-error"
    assert during.content == first.content  # the whole list, not "cannot load"
    page_cache.down_services.discard("board")
    cache.delete(page_key(RequestFactory().get("/board/")) + ":render")  # the lock has expired
    after = client.get("/board/")
    assert "X-Page-Cache" not in after
