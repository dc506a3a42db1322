"""POST /api/auth/password: a new password ends every other session."""

import pytest

from auth_service.accounts import services
from auth_service.tests import accounts

pytestmark = pytest.mark.django_db

URL = "/api/auth/password"
NEW_PASSWORD = "새-비밀번호-절약-77"


def change(client, old=accounts.PASSWORD, new=NEW_PASSWORD):
    return client.post(URL, {"old_password": old, "new_password": new}, format="json")


def refresh(client, token):
    return client.post("/api/auth/refresh", {"refresh": token}, format="json")


def test_changing_the_password_ends_every_session_but_this_one(anon):
    user, phone = accounts.member(username="jjandori")
    laptop = services.user_login(username="jjandori", password=accounts.PASSWORD).tokens

    response = change(accounts.client_for(phone.access))

    assert response.status_code == 200, response.content
    fresh = response.json()
    assert refresh(anon, phone.refresh).status_code == 401
    assert refresh(anon, laptop.refresh).status_code == 401
    assert refresh(anon, fresh["refresh"]).status_code == 200
    assert accounts.reload(user).check_password(NEW_PASSWORD)


def test_the_old_password_no_longer_logs_in(anon):
    _, pair = accounts.member(username="jjandori")
    change(accounts.client_for(pair.access))

    old = anon.post("/api/auth/login", {"username": "jjandori", "password": accounts.PASSWORD}, format="json")
    new = anon.post("/api/auth/login", {"username": "jjandori", "password": NEW_PASSWORD}, format="json")

    assert (old.status_code, new.status_code) == (401, 200)


def test_a_wrong_current_password_is_a_field_error(anon):
    _, pair = accounts.member()

    response = change(accounts.client_for(pair.access), old="not-my-password")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["old_password"]
    assert refresh(anon, pair.refresh).status_code == 200


@pytest.mark.parametrize("new", ["short", "password", accounts.PASSWORD])
def test_a_weak_or_unchanged_new_password_is_a_field_error(new):
    _, pair = accounts.member()
    response = change(accounts.client_for(pair.access), new=new)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["new_password"]


def test_guests_have_no_password_to_change():
    _, pair = accounts.guest()
    assert change(accounts.client_for(pair.access), old="anything").status_code == 403


def test_guessing_the_current_password_is_limited(settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "password_user": {"default": "2/hour"}}
    _, pair = accounts.member()
    client = accounts.client_for(pair.access)

    change(client, old="guess-1")
    change(client, old="guess-2")
    response = change(client, old=accounts.PASSWORD)

    assert response.status_code == 429
    assert "Retry-After" in response
