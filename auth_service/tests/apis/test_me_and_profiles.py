"""GET|PATCH /api/auth/me and GET /api/auth/users/<id>."""

import pytest
from rest_framework.test import APIClient

from auth_service.accounts import services
from auth_service.tests import accounts
from kingdom.testing.keys import make_token

pytestmark = pytest.mark.django_db

ME = "/api/auth/me"


def test_me_shows_my_account():
    user, pair = accounts.member(username="jjandori", nickname="짠돌이", email="me@example.com")

    response = accounts.client_for(pair.access).get(ME)

    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("id", "username", "nickname", "role", "email")} == {
        "id": user.id,
        "username": "jjandori",
        "nickname": "짠돌이",
        "role": "member",
        "email": "me@example.com",
    }
    assert body["date_joined"]


def test_me_needs_a_token():
    response = APIClient().get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_accounts_token_is_refused_here_at_once():
    user, pair = accounts.member()
    services.user_deactivate(user)
    assert accounts.client_for(pair.access).get(ME).status_code == 401


def test_a_token_for_an_account_that_does_not_exist_is_refused():
    assert accounts.client_for(make_token(987654)).get(ME).status_code == 401


def test_service_tokens_have_no_account(service):
    assert service.client.get(ME).status_code == 403


def test_i_can_change_my_nickname_and_email():
    user, pair = accounts.member(nickname="옛날이름")

    response = accounts.client_for(pair.access).patch(
        ME, {"nickname": "새이름", "email": "New@Example.COM"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["nickname"] == "새이름"
    user = accounts.reload(user)
    assert (user.nickname, user.email) == ("새이름", "New@example.com")


def test_changing_only_the_email_keeps_the_nickname():
    user, pair = accounts.member(nickname="그대로")
    accounts.client_for(pair.access).patch(ME, {"email": ""}, format="json")
    assert accounts.reload(user).nickname == "그대로"


def test_a_nickname_someone_else_uses_is_refused():
    accounts.member(nickname="인기닉")
    user, pair = accounts.member(nickname="내닉")

    response = accounts.client_for(pair.access).patch(ME, {"nickname": "인기닉"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"nickname": ["이미 사용 중인 닉네임입니다."]}
    assert accounts.reload(user).nickname == "내닉"


def test_changing_the_case_of_my_own_nickname_is_fine():
    _, pair = accounts.member(nickname="saver")
    response = accounts.client_for(pair.access).patch(ME, {"nickname": "Saver"}, format="json")
    assert response.status_code == 200


@pytest.mark.parametrize(("field", "value"), [("nickname", "익명"), ("nickname", "x"), ("email", "nope")])
def test_bad_values_are_field_errors(field, value):
    _, pair = accounts.member()
    response = accounts.client_for(pair.access).patch(ME, {field: value}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_nobody_promotes_themselves():
    user, pair = accounts.guest()
    accounts.client_for(pair.access).patch(ME, {"role": "staff", "nickname": "손님이름"}, format="json")
    assert accounts.reload(user).role == "guest"


def test_a_public_profile_shows_only_public_fields(anon):
    user, _ = accounts.member(nickname="공개닉", email="private@example.com")

    response = anon.get(f"/api/auth/users/{user.id}")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "nickname", "role", "date_joined"}
    assert (body["id"], body["nickname"], body["role"]) == (user.id, "공개닉", "member")


def test_unknown_and_deactivated_profiles_are_not_found(anon):
    user, _ = accounts.member()
    services.user_deactivate(user)
    assert anon.get(f"/api/auth/users/{user.id}").status_code == 404
    assert anon.get("/api/auth/users/999999").status_code == 404
