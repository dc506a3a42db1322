import pytest
from django.core.cache import cache

from front.tests.fakes import FakeApis


@pytest.fixture
def fake_apis(monkeypatch) -> FakeApis:
    """Every API call of the front answered by canned data (unit tests only)."""
    apis = FakeApis()
    monkeypatch.setattr("front.api.client.service_client", apis.client)
    cache.clear()
    return apis


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
