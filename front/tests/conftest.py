import pytest
from django.core.cache import cache, caches

from front.board.view_counts import ViewBatch
from front.tests.fakes import FakeApis


@pytest.fixture
def fake_apis(monkeypatch, settings) -> FakeApis:
    """Every API call of the front answered by canned data (unit tests only)."""
    apis = FakeApis()
    # notification_service has no default address (kingdom.settings): these tests run with one
    settings.NOTIFICATION_SERVICE_URL = "http://notifications.test"
    monkeypatch.setattr("front.api.transport.service_client", apis.client)
    monkeypatch.setattr("front.notifications.badge._paused_until", 0.0)  # no pause left by another test
    views = ViewBatch()
    monkeypatch.setattr("front.board.view_counts.batch", views)  # no views left by another test
    cache.clear()
    caches["pages"].clear()  # the workers' own copies of pages (front.web.pagecache)
    yield apis
    views.send()  # what the test left goes to its fakes, not to a real board at exit


@pytest.fixture
def signed_in(client, fake_apis):
    """Log the test client in through the login page (auth answered by the fake)."""
    from front.tests.samples import auth_answer

    def sign_in(user_id=1, role="member", nickname="짠돌이", expires_in=900) -> dict:
        answer = auth_answer(user_id, role, nickname, expires_in)
        fake_apis.add("POST", "auth", "/api/auth/login", answer)
        response = client.post("/login", {"username": "someone", "password": "pw-123456"})
        assert response.status_code == 302, response.content
        return answer

    return sign_in
