"""Writes are rate limited per member (RoleScopedThrottle, counters in the shared cache)."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from sharing_service.tests.conftest import deal_payload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_table(db):
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    cache.clear()


@override_settings(THROTTLE_RATES={"deal_create": {"member": "2/hour"}})
def test_sharing_too_often_is_a_429_with_retry_after(member):
    for _ in range(2):
        assert member.client.post("/api/sharing/deals", deal_payload(), format="json").status_code == 201

    response = member.client.post("/api/sharing/deals", deal_payload(), format="json")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


@override_settings(THROTTLE_RATES={"deal_vote": {"member": "1/hour"}})
def test_votes_are_limited_too(member, other_member, share):
    deal = share(member)
    assert (
        other_member.client.post(
            f"/api/sharing/deals/{deal['id']}/vote", {"value": 1}, format="json"
        ).status_code
        == 200
    )
    assert (
        other_member.client.post(
            f"/api/sharing/deals/{deal['id']}/vote", {"value": -1}, format="json"
        ).status_code
        == 429
    )


@override_settings(THROTTLE_RATES={"deal_create": {"member": "1/hour"}})
def test_reading_is_never_limited(anon):
    for _ in range(5):
        assert anon.get("/api/sharing/deals").status_code == 200
