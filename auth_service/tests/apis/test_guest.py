"""POST /api/auth/guest and /api/auth/guest/upgrade: 비회원 accounts that can become members."""

import pytest
from rest_framework.test import APIClient

from auth_service.accounts.models import User
from auth_service.tests import accounts
from kingdom.tokens import verify_token

pytestmark = pytest.mark.django_db

UPGRADE = "/api/auth/guest/upgrade"


def upgrade(client, **overrides):
    body = {"username": "from_guest", "password": accounts.PASSWORD, "email": "g@example.com", **overrides}
    return client.post(UPGRADE, body, format="json")


def test_a_guest_gets_an_account_and_tokens_with_role_guest(anon):
    response = anon.post("/api/auth/guest", {"nickname": "지나가던손님"}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["role"] == "guest"
    assert body["user"]["username"] is None
    assert body["user"]["nickname"] == "지나가던손님"
    guest = User.objects.get(pk=body["user"]["id"])
    assert not guest.has_usable_password()
    claims = verify_token(body["access"])
    assert (claims["sub"], claims["role"]) == (str(guest.id), "guest")


def test_guest_nicknames_follow_the_same_rules(anon):
    accounts.member(nickname="짠돌이")
    taken = anon.post("/api/auth/guest", {"nickname": "짠돌이"}, format="json")
    bad = anon.post("/api/auth/guest", {"nickname": "익명"}, format="json")
    missing = anon.post("/api/auth/guest", {}, format="json")

    assert taken.json()["errors"] == {"nickname": ["이미 사용 중인 닉네임입니다."]}
    assert list(bad.json()["errors"]) == ["nickname"]
    assert list(missing.json()["errors"]) == ["nickname"]


def test_guest_creation_is_limited_per_address(anon, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "guest_ip": {"default": "2/hour"}}
    for index in range(2):
        response = anon.post("/api/auth/guest", {"nickname": f"손님{index}"}, format="json")
        assert response.status_code == 201

    throttled = anon.post("/api/auth/guest", {"nickname": "손님9"}, format="json")

    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert not User.objects.filter(nickname="손님9").exists()


def test_an_upgrade_keeps_the_same_id_and_makes_a_member(anon):
    guest, pair = accounts.guest(nickname="손님")

    response = upgrade(accounts.client_for(pair.access))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["user"]["id"] == guest.id
    assert body["user"]["role"] == "member"
    assert body["user"]["username"] == "from_guest"
    assert body["user"]["nickname"] == "손님"
    claims = verify_token(body["access"])
    assert (claims["sub"], claims["role"]) == (str(guest.id), "member")
    login = anon.post(
        "/api/auth/login", {"username": "from_guest", "password": accounts.PASSWORD}, format="json"
    )
    assert login.json()["user"]["id"] == guest.id


def test_the_guests_old_refresh_tokens_stop_working_after_an_upgrade(anon):
    _, pair = accounts.guest()
    new_pair = upgrade(accounts.client_for(pair.access)).json()

    assert anon.post("/api/auth/refresh", {"refresh": pair.refresh}, format="json").status_code == 401
    assert anon.post("/api/auth/refresh", {"refresh": new_pair["refresh"]}, format="json").status_code == 200


def test_a_taken_username_leaves_the_guest_a_guest(anon):
    accounts.member(username="from_guest")
    guest, pair = accounts.guest()

    response = upgrade(accounts.client_for(pair.access), username="FROM_GUEST")

    assert response.status_code == 400
    assert response.json()["errors"] == {"username": ["이미 사용 중인 아이디입니다."]}
    guest = accounts.reload(guest)
    assert (guest.role, guest.username) == ("guest", None)
    assert anon.post("/api/auth/refresh", {"refresh": pair.refresh}, format="json").status_code == 200


def test_a_weak_password_is_a_field_error(anon):
    _, pair = accounts.guest()
    response = upgrade(accounts.client_for(pair.access), password="12345678")
    assert list(response.json()["errors"]) == ["password"]


def test_members_cannot_upgrade_again():
    _, pair = accounts.member()
    assert upgrade(accounts.client_for(pair.access)).status_code == 403


def test_an_old_guest_access_token_cannot_upgrade_twice():
    _, pair = accounts.guest()
    client = accounts.client_for(pair.access)
    assert upgrade(client).status_code == 200
    assert upgrade(client, username="second_try").status_code == 403


def test_upgrading_needs_a_token():
    response = upgrade(APIClient())
    assert response.status_code == 401


def test_upgrades_count_toward_the_signups_of_an_address(anon, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "signup_ip": {"default": "1/hour"}}
    address = {"HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    body = {"username": "first_signup", "password": accounts.PASSWORD, "nickname": "먼저가입"}
    assert anon.post("/api/auth/signup", body, format="json", **address).status_code == 201
    guest, pair = accounts.guest()

    throttled = accounts.client_for(pair.access).post(
        UPGRADE, {"username": "from_guest", "password": accounts.PASSWORD}, format="json", **address
    )

    assert throttled.status_code == 429
    assert "Retry-After" in throttled
    assert accounts.reload(guest).role == "guest"


@pytest.mark.parametrize("nickname", [52133512975, True, ["손님"], {"name": "손님"}])
def test_a_nickname_must_be_a_json_string(anon, nickname):
    # DRF's CharField would take 52133512975 as "52133512975" (the OpenAPI fuzz sent exactly that).
    response = anon.post("/api/auth/guest", {"nickname": nickname}, format="json")

    assert response.status_code == 400, response.content
    assert "nickname" in response.json()["errors"]
    assert not User.objects.exists()


@pytest.mark.parametrize("field", ["username", "password", "nickname"])
def test_sign_up_fields_must_be_json_strings(anon, field):
    body = {"username": "jjandori", "password": accounts.PASSWORD, "nickname": "짠돌이", field: 12345678}
    response = anon.post("/api/auth/signup", body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not User.objects.exists()
