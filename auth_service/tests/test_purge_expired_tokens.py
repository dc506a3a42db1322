"""manage.py purge_expired_tokens keeps the token table from growing forever (login failures live
in the shared cache and expire there: kingdom.signin)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from auth_service.accounts.models import IssuedRefreshToken
from auth_service.tests import accounts

pytestmark = pytest.mark.django_db


def test_expired_tokens_go_live_ones_stay(anon):
    long_gone, _ = accounts.member()
    _, live = accounts.member()
    IssuedRefreshToken.objects.filter(user=long_gone).update(expires_at=timezone.now() - timedelta(days=2))

    call_command("purge_expired_tokens", verbosity=0)

    assert IssuedRefreshToken.objects.count() == 1
    assert anon.post("/api/auth/refresh", {"refresh": live.refresh}, format="json").status_code == 200
