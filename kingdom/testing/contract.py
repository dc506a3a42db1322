"""Tests of what every service promises (docs/contracts.md), shared by all five suites.

A service's ``tests/test_service_contract.py`` does ``from kingdom.testing.contract import *``
and runs these against its own settings and URLconf.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from kingdom.testing.keys import TEST_KEYS, KeyPair, make_claims, make_token

PROBE_URLS = "kingdom.testing.probe_urls"


def _has_database() -> bool:
    return settings.DATABASES.get("default", {}).get("ENGINE", "").endswith("postgresql")


def _is_api() -> bool:
    return "rest_framework" in settings.INSTALLED_APPS


@pytest.fixture
def database_if_any(request):
    """The test database for services that have one; nothing for the front."""
    if _has_database():
        request.getfixturevalue("db")


api_only = pytest.mark.skipif("not _is_api()", reason="the front publishes pages, not a JSON API")


def _is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    return body


# --- probes ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("database_if_any")
def test_healthz_answers_without_touching_the_database(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if _has_database():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/healthz")
        assert len(queries) == 0
    else:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.usefixtures("database_if_any")
def test_readyz_checks_the_database(client):
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


@pytest.mark.django_db
@pytest.mark.skipif("not _has_database()", reason="the front keeps no database")
def test_readyz_is_503_when_the_database_is_down(client, monkeypatch):

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    _is_problem(client.get("/readyz"), 503)


def test_probes_answer_any_host_header(client):
    # kubelets probe pods by IP, which ALLOWED_HOSTS rightly refuses for everything else
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert client.get("/metrics", HTTP_HOST="10.1.2.3:8000").status_code == 200


@pytest.mark.usefixtures("database_if_any")
def test_metrics_are_prometheus_text(client):
    client.get("/healthz")
    client.get("/no-such-page")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert b"django_http_responses_total_by_status_total" in response.content


# --- API docs, admin, static ---------------------------------------------------------------


@api_only
def test_openapi_schema_and_docs_are_published(client):
    schema = client.get(f"/api/{settings.SERVICE_NAME}/schema", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    document = json.loads(schema.content)
    assert document["openapi"].startswith("3.")
    docs = client.get(f"/api/{settings.SERVICE_NAME}/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


@pytest.mark.usefixtures("database_if_any")
def test_admin_lives_under_its_own_prefix(client):
    if "django.contrib.admin" not in settings.INSTALLED_APPS:
        pytest.skip("this service has no admin")
    response = client.get(f"/admin/{settings.SERVICE_NAME}/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/admin/{settings.SERVICE_NAME}/login/")
    assert client.get(response["Location"]).status_code == 200


def test_static_files_are_served_under_the_service_prefix():
    assert f"/static/{settings.SERVICE_NAME}/" == settings.STATIC_URL
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


# --- problem details -----------------------------------------------------------------------


@pytest.mark.usefixtures("database_if_any")
def test_unknown_url_is_a_problem_404(client):
    body = _is_problem(client.get(f"/api/{settings.SERVICE_NAME}/no-such-thing"), 404)
    assert "no-such-thing" in body["detail"]


@api_only
@pytest.mark.urls(PROBE_URLS)
def test_wrong_method_is_a_problem_405(client):
    _is_problem(client.delete("/test/echo"), 405)


@api_only
@pytest.mark.urls(PROBE_URLS)
def test_malformed_json_is_a_problem_400(client):
    body = _is_problem(client.post("/test/echo", data="{not json", content_type="application/json"), 400)
    assert "JSON" in body["detail"]


@api_only
@pytest.mark.urls(PROBE_URLS)
@pytest.mark.parametrize("depth", [33, 1000, 50_000])
def test_json_nested_too_deep_is_a_problem_400_not_a_crash(client, depth):
    # 1,000 levels exhaust the decoder's recursion (RecursionError, which DRF let escape as a 500);
    # 33 decode fine but are deeper than any request of ours (kingdom.parsers.MAX_DEPTH).
    nested = "[" * depth + "]" * depth
    body = _is_problem(client.post("/test/echo", data=nested, content_type="application/json"), 400)
    assert body["type"].endswith("malformed")


@api_only
@pytest.mark.urls(PROBE_URLS)
def test_json_nested_as_deep_as_allowed_is_parsed(client):
    nested = '{"a": ' * 31 + "[1]" + "}" * 31
    assert client.post("/test/echo", data=nested, content_type="application/json").status_code < 400


@pytest.mark.usefixtures("database_if_any")
def test_oversized_body_is_a_problem_413(client):
    payload = json.dumps({"text": "가" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    _is_problem(client.post("/api/anything", data=payload, content_type="application/json"), 413)


@pytest.mark.urls(PROBE_URLS)
def test_a_crash_is_a_problem_500_without_the_stack_trace():
    client = Client(raise_request_exception=False)
    response = client.get("/test/crash")
    body = _is_problem(response, 500)
    assert "secret internal detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert body["title"] == "Internal Server Error"


@api_only
@pytest.mark.urls(PROBE_URLS)
@pytest.mark.parametrize("where", ["api", "view"])
def test_a_lost_database_is_a_problem_503_with_retry_after_never_a_500(where):
    client = Client(raise_request_exception=False)
    response = client.get(f"/test/database-gone/{where}")
    body = _is_problem(response, 503)
    assert int(response["Retry-After"]) > 0
    assert body["type"].endswith("database_unavailable")
    assert "db-7.internal" not in response.content.decode()


# --- request id and access log ---------------------------------------------------------------


@pytest.mark.usefixtures("database_if_any")
def test_request_id_is_accepted_or_generated_and_returned(client):
    assert client.get("/api/x", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    generated = client.get("/api/x")["X-Request-ID"]
    assert len(generated) == 32
    # something that is not an id is replaced rather than echoed into logs
    assert client.get("/api/x", HTTP_X_REQUEST_ID="a b\nc")["X-Request-ID"] != "a b\nc"
    assert client.get("/api/x", HTTP_X_REQUEST_ID="abc-123\n")["X-Request-ID"] != "abc-123\n"


@pytest.mark.usefixtures("database_if_any")
def test_one_json_access_log_line_per_request(client, caplog):
    from kingdom.logging import JsonFormatter

    with caplog.at_level(logging.INFO, logger="kingdom.access"):
        client.get("/api/x", HTTP_X_REQUEST_ID="req-42")
    records = [r for r in caplog.records if r.name == "kingdom.access"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["method"] == "GET"
    assert line["path"] == "/api/x"
    assert line["status"] == 404
    assert line["duration_ms"] >= 0
    assert line["request_id"] == "req-42"


# --- token verification ----------------------------------------------------------------------


def _whoami(client, token):
    return client.get("/test/whoami", HTTP_AUTHORIZATION=f"Bearer {token}")


@api_only
@pytest.mark.urls(PROBE_URLS)
def test_a_valid_access_token_identifies_the_user(client):
    response = _whoami(client, make_token(7, role="member", nickname="짠돌이"))
    assert response.status_code == 200
    assert response.json() == {"id": 7, "nickname": "짠돌이", "role": "member"}


@api_only
@pytest.mark.urls(PROBE_URLS)
def test_no_token_is_401_with_a_challenge(client):
    response = client.get("/test/whoami")
    _is_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def _forged_tokens() -> dict[str, str]:
    import base64
    import hashlib
    import hmac

    def b64(data: dict | bytes) -> str:
        raw = data if isinstance(data, bytes) else json.dumps(data).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    # The classic key-confusion attack: HMAC "signed" with the public key as the secret.
    hs_signing_input = f"{b64({'alg': 'HS256', 'typ': 'JWT', 'kid': TEST_KEYS.kid})}.{b64(make_claims(7))}"
    hs_signature = hmac.new(TEST_KEYS.public_pem.encode(), hs_signing_input.encode(), hashlib.sha256).digest()

    good = make_token(7)
    header, payload, signature = good.split(".")
    tampered = json.loads(base64.urlsafe_b64decode(payload + "=="))
    tampered["role"] = "staff"
    return {
        "alg none": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(make_claims(7))}.",
        "HS256 signed with the public key": f"{hs_signing_input}.{b64(hs_signature)}",
        "wrong issuer": make_token(7, issuer="someone-else"),
        "wrong audience": make_token(7, audience="another-app"),
        "expired": make_token(7, lifetime=-3600),
        "refresh token as access": make_token(7, token_type="refresh"),
        "tampered payload": f"{header}.{b64(tampered)}.{signature}",
        "another key": KeyPair().sign(make_claims(7)),
        "unknown role": make_token(7, role="root"),
        "garbage": "not-a-jwt",
    }


@api_only
@pytest.mark.urls(PROBE_URLS)
@pytest.mark.parametrize(
    "case",
    [
        "alg none",
        "HS256 signed with the public key",
        "wrong issuer",
        "wrong audience",
        "expired",
        "refresh token as access",
        "tampered payload",
        "another key",
        "unknown role",
        "garbage",
    ],
)
def test_forged_or_wrong_tokens_are_rejected(client, case):
    token = _forged_tokens()[case]
    assert token, case
    _is_problem(_whoami(client, token), 401)


@api_only
@pytest.mark.urls(PROBE_URLS)
def test_service_tokens_are_refused_on_user_endpoints(client):
    _is_problem(_whoami(client, make_token("svc-board", role="service")), 403)


# --- production settings ---------------------------------------------------------------------


def test_production_settings_pass_check_deploy():
    package = settings.ROOT_URLCONF.split(".")[0]
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DEBUG", "STATIC_FILES_HASHED"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": f"{package}.config.settings",
            "SECRET_KEY": "x" * 20 + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "thrift-kingdom.example",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif("not _has_database()", reason="the front keeps no database")
def test_connecting_to_a_database_that_does_not_answer_gives_up_within_seconds():
    """A vanished database host would otherwise hold a worker until gunicorn kills it (no 503)."""
    from django.db import connection

    assert 0 < connection.get_connection_params()["connect_timeout"] <= 10


def test_debug_is_off_unless_set():
    assert settings.DEBUG is False


@pytest.mark.django_db
@pytest.mark.skipif("not _has_database()", reason="the front keeps no database")
def test_every_model_change_has_its_migration():
    from django.core.management import call_command

    # --check exits non-zero (SystemExit) when a model change has no migration yet
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
