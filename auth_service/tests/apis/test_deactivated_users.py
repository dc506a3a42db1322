"""GET /api/auth/internal/deactivated-users: the list other services pull to refuse the access
tokens of accounts deactivated after those tokens were issued (kingdom.tokens)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from auth_service.accounts import services
from auth_service.accounts.models import User
from auth_service.tests import accounts
from kingdom.testing.keys import make_token

pytestmark = pytest.mark.django_db

URL = "/api/auth/internal/deactivated-users"


def service_client():
    return accounts.client_for(make_token("board", role="service"))


def test_accounts_deactivated_within_a_token_lifetime_are_listed_with_the_moment(settings):
    settings.JWT_ACCESS_TOKEN_MINUTES = 15
    recent, _ = accounts.member()
    long_ago, _ = accounts.member()
    still_active, _ = accounts.member()
    services.user_deactivate(recent)
    services.user_deactivate(long_ago)
    User.objects.filter(pk=long_ago.pk).update(deactivated_at=timezone.now() - timedelta(minutes=16))

    response = service_client().get(URL)

    assert response.status_code == 200
    (listed,) = response.json()["users"]
    assert listed["id"] == recent.id
    assert listed["deactivated_at"] == pytest.approx(accounts.reload(recent).deactivated_at.timestamp())
    assert still_active.id not in {u["id"] for u in response.json()["users"]}


def test_a_reactivated_account_leaves_the_list():
    user, _ = accounts.member()
    services.user_deactivate(user)
    services.user_reactivate(accounts.reload(user))

    assert service_client().get(URL).json()["users"] == []


def test_only_services_may_read_it(anon):
    _, member_tokens = accounts.member()
    assert anon.get(URL).status_code == 401
    assert accounts.client_for(member_tokens.access).get(URL).status_code == 403
