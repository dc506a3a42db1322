"""manage.py purge_expired_tokens keeps the token and lockout tables from growing forever."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from auth_service.accounts.models import IssuedRefreshToken, LoginLockout
from auth_service.tests import accounts

pytestmark = pytest.mark.django_db


def test_expired_tokens_and_stale_lockouts_go_live_ones_stay(anon):
    long_gone, _ = accounts.member()
    _, live = accounts.member()
    IssuedRefreshToken.objects.filter(user=long_gone).update(expires_at=timezone.now() - timedelta(days=2))
    now = timezone.now()
    LoginLockout.objects.create(username="forgotten", failures=1, window_started_at=now - timedelta(days=1))
    LoginLockout.objects.create(
        username="locked",
        failures=0,
        window_started_at=now - timedelta(minutes=20),
        locked_until=now + timedelta(minutes=1),
    )
    LoginLockout.objects.create(username="recent", failures=2, window_started_at=now)

    call_command("purge_expired_tokens", verbosity=0)

    assert IssuedRefreshToken.objects.count() == 1
    assert anon.post("/api/auth/refresh", {"refresh": live.refresh}, format="json").status_code == 200
    assert set(LoginLockout.objects.values_list("username", flat=True)) == {"locked", "recent"}
