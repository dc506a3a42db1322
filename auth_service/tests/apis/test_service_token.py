"""POST /api/auth/service-token: client credentials for calls between services."""

import pytest

from kingdom.tokens import verify_token

pytestmark = pytest.mark.django_db

URL = "/api/auth/service-token"


@pytest.fixture(autouse=True)
def clients(settings):
    settings.SERVICE_CLIENTS = {"board": "board-secret", "comments": "comments-secret"}


def test_known_credentials_get_a_short_lived_service_token(anon, settings):
    response = anon.post(URL, {"client_id": "board", "client_secret": "board-secret"}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == settings.JWT_SERVICE_TOKEN_MINUTES * 60
    claims = verify_token(body["access"])
    assert (claims["sub"], claims["role"], claims["token_type"]) == ("board", "service", "access")


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [("board", "comments-secret"), ("board", "board-secret "), ("stranger", "board-secret"), ("board", "x")],
)
def test_wrong_credentials_are_refused(anon, client_id, secret):
    response = anon.post(URL, {"client_id": client_id, "client_secret": secret}, format="json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_missing_credentials_are_field_errors(anon):
    response = anon.post(URL, {}, format="json")
    assert set(response.json()["errors"]) == {"client_id", "client_secret"}


def test_a_service_token_opens_no_account_endpoint(anon):
    token = anon.post(URL, {"client_id": "board", "client_secret": "board-secret"}, format="json").json()
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {token['access']}")
    assert anon.get("/api/auth/me").status_code == 403
    assert anon.post("/api/auth/password", {"old_password": "a", "new_password": "b"}).status_code == 403


def test_service_clients_are_parsed_from_the_environment(monkeypatch):
    import importlib

    import auth_service.config.settings as service_settings

    monkeypatch.setenv("SERVICE_CLIENTS", "board:s3cret, comments:other:colon ,broken,empty:")
    try:
        reloaded = importlib.reload(service_settings)
        assert reloaded.SERVICE_CLIENTS == {"board": "s3cret", "comments": "other:colon"}
    finally:
        monkeypatch.undo()
        importlib.reload(service_settings)


def test_service_token_requests_are_limited_per_address(anon, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "service_token_ip": {"default": "2/min"}}
    guess = {"client_id": "board", "client_secret": "guess"}
    address = {"HTTP_X_FORWARDED_FOR": "198.51.100.30"}

    assert [anon.post(URL, guess, format="json", **address).status_code for _ in range(2)] == [401, 401]
    throttled = anon.post(
        URL, {"client_id": "board", "client_secret": "board-secret"}, format="json", **address
    )

    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    other = anon.post(URL, {"client_id": "board", "client_secret": "board-secret"}, format="json")
    assert other.status_code == 200
