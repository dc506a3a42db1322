"""POST /api/auth/refresh (rotation) and /api/auth/logout."""

import pytest

from auth_service.accounts import services
from auth_service.accounts.models import IssuedRefreshToken, RevokeReason
from auth_service.tests import accounts
from kingdom.tokens import verify_token

pytestmark = pytest.mark.django_db


def refresh(client, token):
    return client.post("/api/auth/refresh", {"refresh": token}, format="json")


def logout(client, token):
    return client.post("/api/auth/logout", {"refresh": token}, format="json")


def assert_refused(response):
    assert response.status_code == 401, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_refresh_returns_a_new_pair_and_the_old_token_stops_working(anon, settings):
    settings.JWT_REFRESH_REUSE_GRACE_SECONDS = 0
    user, pair = accounts.member()

    response = refresh(anon, pair.refresh)

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"access", "refresh"}
    assert body["refresh"] != pair.refresh
    assert verify_token(body["access"])["sub"] == str(user.id)
    assert refresh(anon, body["refresh"]).status_code == 200
    assert_refused(refresh(anon, pair.refresh))


def test_an_access_token_is_not_a_refresh_token(anon):
    _, pair = accounts.member()
    assert_refused(refresh(anon, pair.access))


@pytest.mark.parametrize("token", ["garbage", "a.b.c"])
def test_garbage_is_refused(anon, token):
    assert_refused(refresh(anon, token))


def test_an_expired_refresh_token_is_refused(anon, settings):
    settings.JWT_REFRESH_TOKEN_DAYS = -1
    _, pair = accounts.member()
    assert_refused(refresh(anon, pair.refresh))


def test_a_stale_access_token_in_the_header_does_not_block_refreshing(anon):
    _, pair = accounts.member()
    anon.credentials(HTTP_AUTHORIZATION="Bearer expired.or.broken")
    assert refresh(anon, pair.refresh).status_code == 200


def test_the_new_access_token_carries_the_current_nickname(anon):
    user, pair = accounts.member(nickname="옛날이름")
    services.user_update(user, nickname="새이름")

    body = refresh(anon, pair.refresh).json()

    assert verify_token(body["access"])["nickname"] == "새이름"


def test_reusing_a_rotated_token_revokes_the_whole_family(anon, settings):
    settings.JWT_REFRESH_REUSE_GRACE_SECONDS = 0
    _, stolen = accounts.member()
    rotated = refresh(anon, stolen.refresh).json()

    assert_refused(refresh(anon, stolen.refresh))  # the thief (or the victim) replays the old one

    assert_refused(refresh(anon, rotated["refresh"]))
    reasons = set(IssuedRefreshToken.objects.values_list("revoke_reason", flat=True))
    assert reasons == {RevokeReason.ROTATED, RevokeReason.REUSE_DETECTED}


def test_two_tabs_refreshing_at_once_both_stay_signed_in(anon):
    _, pair = accounts.member()
    first_tab = refresh(anon, pair.refresh)
    second_tab = refresh(anon, pair.refresh)  # the same token, within the grace period

    assert (first_tab.status_code, second_tab.status_code) == (200, 200)
    assert refresh(anon, first_tab.json()["refresh"]).status_code == 200
    assert refresh(anon, second_tab.json()["refresh"]).status_code == 200


def test_a_replay_after_the_grace_period_ends_even_the_tokens_handed_out_within_it(anon, settings):
    _, pair = accounts.member()
    first_tab = refresh(anon, pair.refresh).json()
    second_tab = refresh(anon, pair.refresh).json()
    settings.JWT_REFRESH_REUSE_GRACE_SECONDS = 0

    assert_refused(refresh(anon, pair.refresh))

    assert_refused(refresh(anon, first_tab["refresh"]))
    assert_refused(refresh(anon, second_tab["refresh"]))


def test_other_sessions_survive_a_rotation(anon):
    user, phone = accounts.member()
    laptop = services.user_login(username=user.username, password=accounts.PASSWORD).tokens

    refresh(anon, phone.refresh)

    assert refresh(anon, laptop.refresh).status_code == 200


def test_a_deactivated_account_cannot_refresh(anon):
    user, pair = accounts.member()
    services.user_deactivate(user)
    assert_refused(refresh(anon, pair.refresh))


def test_logout_ends_that_refresh_token_only(anon):
    user, phone = accounts.member()
    laptop = services.user_login(username=user.username, password=accounts.PASSWORD).tokens

    response = logout(anon, phone.refresh)

    assert response.status_code == 204
    assert_refused(refresh(anon, phone.refresh))
    assert refresh(anon, laptop.refresh).status_code == 200


def test_logging_out_twice_is_fine(anon):
    _, pair = accounts.member()
    assert logout(anon, pair.refresh).status_code == 204
    assert logout(anon, pair.refresh).status_code == 204


def test_logout_with_a_forged_token_is_refused(anon):
    assert_refused(logout(anon, "forged"))
    assert logout(anon, "").status_code == 400
