"""Security headers on every page; errors a person understands (HTML), problem details under /api/."""

import pytest
from django.test import Client
from django.urls import path

from front.config import urls as front_urls
from front.tests.fakes import page, problem


def test_pages_carry_csp_and_security_headers(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/categories", page([]))
    fake_apis.add("GET", "board", "/api/board/posts", page([]))
    response = client.get("/board/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_forms_carry_a_csrf_token_and_a_post_without_it_is_refused():
    csrf_client = Client(enforce_csrf_checks=True)
    form = csrf_client.get("/guest")
    assert b'name="csrfmiddlewaretoken"' in form.content
    refused = csrf_client.post("/guest", {"nickname": "누구"})
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith("text/html")
    assert "새로 고친 뒤" in refused.content.decode()


def test_an_unknown_page_is_a_friendly_html_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "페이지를 찾을 수 없어요" in html
    assert 'href="/"' in html


def test_an_unknown_api_path_on_the_front_is_still_problem_details(client):
    response = client.get("/api/front/nothing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_post_the_api_cannot_find_is_the_html_404(client, fake_apis):
    fake_apis.add("GET", "comments", "/api/comments", page([]))
    response = client.get("/board/999")  # the fake answers 404 for unknown routes
    assert response.status_code == 404
    assert "페이지를 찾을 수 없어요" in response.content.decode()


def _crash(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("crash", _crash), *front_urls.urlpatterns]
handler500 = "front.web.errors.server_error"


@pytest.mark.urls(__name__)
def test_a_crash_is_a_friendly_500_without_details():
    response = Client(raise_request_exception=False).get("/crash")
    assert response.status_code == 500
    html = response.content.decode()
    assert "잠시 문제가 생겼어요" in html
    assert "secret internal detail" not in html


def test_robots_and_favicon(client):
    assert client.get("/robots.txt").content.startswith(b"User-agent: *")
    assert client.get("/favicon.ico").status_code == 302


def test_robots_txt_disallows_nothing_a_session_already_protects(client):
    # login and sign-up are worth finding; /me without a session only leads to the login page
    assert b"Disallow" not in client.get("/robots.txt").content


def test_flash_messages_are_a_list_inside_a_status_region(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/categories", {"count": 0, "results": []})
    html = client.get("/board/write").content.decode()
    assert '<div role="status"><ul class="messages"><li class="message' in html


@pytest.mark.parametrize("path", ["/board/1/edit", "/board/1/delete", "/board/1/report"])
def test_a_page_whose_only_service_is_down_is_a_503_page_not_a_500(client, fake_apis, signed_in, path):
    signed_in()
    fake_apis.down("board")
    response = client.get(path)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "잠시 응답하지 않아요" in response.content.decode()


def test_a_refusal_a_page_does_not_handle_is_explained_not_a_500(client, fake_apis, signed_in):
    signed_in()
    throttled = problem(429, "too many", headers={"Retry-After": "30"})
    fake_apis.add("GET", "board", "/api/board/posts/1", throttled)
    response = client.get("/board/1/edit")
    assert response.status_code == 429
    assert "30초 뒤에 다시" in response.content.decode()


def test_a_form_address_opened_as_a_page_is_explained_not_blank(client):
    response = client.get("/comments/new")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "버튼으로만 쓸 수 있어요" in response.content.decode()
