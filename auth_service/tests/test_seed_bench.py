"""The benchmark's members: as many as asked, one password that works, nicknames by id."""

from io import StringIO

import pytest
from django.core.management import call_command

from auth_service.accounts.models import User
from kingdom.seeding import nickname

pytestmark = pytest.mark.django_db


def test_members_are_seeded_with_a_working_password_and_nicknames_by_id():
    out = StringIO()
    call_command("seed_bench", "--members=5", "--password=bench-Pass-2026!", stdout=out)

    members = list(User.objects.filter(username__startswith="bench").order_by("id"))
    assert [m.username for m in members] == [f"bench{n:05d}" for n in range(1, 6)]
    assert all(m.nickname == nickname(m.pk) for m in members)
    assert members[0].check_password("bench-Pass-2026!")
    assert f"first-member={members[0].pk}" in out.getvalue()
