"""The tokens auth issues are the ones every other service verifies (kingdom.tokens)."""

from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient, APIRequestFactory

from auth_service.accounts import tokens
from auth_service.accounts.keys import verification_pems
from auth_service.tests import accounts
from kingdom.jwk import public_jwk
from kingdom.testing.keys import TEST_KEYS, KeyPair
from kingdom.tokens import InvalidToken, JWTAuthentication, verify_token

pytestmark = pytest.mark.django_db


def test_an_access_token_verifies_in_the_other_services(settings):
    user, pair = accounts.member(nickname="짠돌이")

    claims = verify_token(pair.access)

    assert claims["iss"] == settings.SIMPLE_JWT["ISSUER"]
    assert claims["aud"] == settings.SIMPLE_JWT["AUDIENCE"]
    assert claims["sub"] == str(user.id)
    assert claims["token_type"] == "access"
    assert (claims["nickname"], claims["role"]) == ("짠돌이", "member")
    assert claims["jti"]
    assert claims["exp"] - claims["iat"] == settings.JWT_ACCESS_TOKEN_MINUTES * 60
    header = jwt.get_unverified_header(pair.access)
    assert header["alg"] == "RS256"
    assert header["kid"] == public_jwk(TEST_KEYS.private_key.public_key())["kid"]


def test_the_other_services_authentication_sees_the_user():
    user, pair = accounts.member(nickname="짠돌이")
    request = APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Bearer {pair.access}")

    token_user, _ = JWTAuthentication().authenticate(request)

    assert token_user.as_author() == {"id": user.id, "nickname": "짠돌이", "role": "member"}


def test_a_refresh_token_is_rejected_as_an_access_token(settings):
    _, pair = accounts.member()

    with pytest.raises(InvalidToken):
        verify_token(pair.refresh)
    claims = verify_token(pair.refresh, token_type="refresh")
    assert claims["exp"] - claims["iat"] == settings.JWT_REFRESH_TOKEN_DAYS * 86400


def test_lifetimes_are_configurable(settings):
    settings.JWT_ACCESS_TOKEN_MINUTES = 5
    settings.JWT_REFRESH_TOKEN_DAYS = 30
    _, pair = accounts.member()
    access, refresh = verify_token(pair.access), verify_token(pair.refresh, token_type="refresh")
    assert access["exp"] - access["iat"] == 5 * 60
    assert timedelta(seconds=refresh["exp"] - refresh["iat"]) == timedelta(days=30)


def test_staff_and_guests_carry_their_role():
    _, pair = accounts.guest()
    assert verify_token(pair.access)["role"] == "guest"
    staff, _ = accounts.member()
    staff.is_staff, staff.role = True, "staff"
    staff.save()
    assert verify_token(tokens.access_token_issue(staff))["role"] == "staff"


def test_jwks_publishes_the_signing_key_and_may_be_cached(anon):
    response = anon.get("/api/auth/jwks.json")

    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    (key,) = response.json()["keys"]
    assert key == public_jwk(TEST_KEYS.private_key.public_key())
    assert "d" not in key  # never the private part


def _verifying_with(pems: str) -> dict:
    return {**settings.SIMPLE_JWT, "VERIFYING_KEY": pems}


def _rotated_settings(new: KeyPair, old: KeyPair):
    return override_settings(
        JWT_PRIVATE_KEY=new.private_pem,
        JWT_PREVIOUS_PUBLIC_KEYS=old.public_pem,
        SIMPLE_JWT=_verifying_with(verification_pems(new.private_pem, old.public_pem)),
    )


def test_a_key_rotation_logs_nobody_out():
    new = KeyPair()
    user, before_rotation = accounts.member()
    client = APIClient()

    with _rotated_settings(new, TEST_KEYS):
        kids = [key["kid"] for key in client.get("/api/auth/jwks.json").json()["keys"]]
        assert kids == [new.kid, TEST_KEYS.kid]
        # tokens signed with the old key keep working until they expire ...
        assert verify_token(before_rotation.access)["sub"] == str(user.id)
        response = client.post("/api/auth/refresh", {"refresh": before_rotation.refresh}, format="json")
        assert response.status_code == 200
        # ... and new ones are signed with the new key
        assert jwt.get_unverified_header(response.json()["access"])["kid"] == new.kid

    # services that trust only the old key refuse the new tokens: publish the new key to them first
    with pytest.raises(InvalidToken):
        verify_token(response.json()["access"])


def test_a_key_no_longer_published_stops_verifying():
    _, pair = accounts.member()
    new = KeyPair()
    with override_settings(
        JWT_PRIVATE_KEY=new.private_pem,
        JWT_PREVIOUS_PUBLIC_KEYS="",
        SIMPLE_JWT=_verifying_with(new.public_pem),
    ):
        with pytest.raises(InvalidToken):
            verify_token(pair.access)
        assert len(APIClient().get("/api/auth/jwks.json").json()["keys"]) == 1


@pytest.mark.parametrize(
    "pem",
    [
        "",
        "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----",
        KeyPair(key_size=1024).private_pem,
    ],
    ids=["missing", "broken", "too short"],
)
def test_a_missing_broken_or_weak_signing_key_fails_the_system_checks(settings, pem):
    from auth_service.accounts.checks import signing_key_check

    settings.JWT_PRIVATE_KEY = pem
    (error,) = signing_key_check(None)
    assert error.id == "accounts.E001"


def test_the_signing_key_in_use_passes_the_system_checks():
    from auth_service.accounts.checks import signing_key_check

    assert signing_key_check(None) == []


def test_static_files_can_be_collected_without_the_signing_key(tmp_path):
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "JWT_PRIVATE_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="auth_service.config.settings", STATIC_ROOT=str(tmp_path))
    command = [sys.executable, "-m", "django", "collectstatic", "--noinput", "--verbosity", "0"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    serving = subprocess.run(
        [sys.executable, "-c", "import auth_service.config.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Set JWT_PRIVATE_KEY" in serving.stderr


@pytest.mark.parametrize("claim", ["exp", "iat", "iss", "aud", "sub", "jti", "token_type"])
def test_a_token_without_one_of_the_claims_auth_issues_is_refused(claim):
    from kingdom.testing.keys import make_claims

    claims = make_claims(7)
    del claims[claim]

    with pytest.raises(InvalidToken):
        verify_token(TEST_KEYS.sign(claims))


def test_the_authenticated_request_carries_the_claims():
    _, pair = accounts.member(nickname="짠순이")
    request = APIRequestFactory().get("/", HTTP_AUTHORIZATION=f"Bearer {pair.access}")

    user, auth = JWTAuthentication().authenticate(request)

    assert isinstance(auth, dict)
    assert (auth["nickname"], user.nickname, user.role) == ("짠순이", "짠순이", "member")
