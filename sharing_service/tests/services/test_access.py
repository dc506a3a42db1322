"""Lookup plus permission before a write: hidden deals are 404 to others, changes need the author or staff."""

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.http import Http404
from rest_framework.exceptions import PermissionDenied

from sharing_service.deals.access import access_deal_for_action, access_deal_for_update, may_change
from sharing_service.deals.models import Deal

pytestmark = pytest.mark.django_db


def _user(user_id: int, *, staff: bool = False):
    return SimpleNamespace(id=user_id, is_staff=staff)


def test_the_author_and_staff_may_change_a_deal_and_nobody_else(member, other_member, share):
    deal = Deal.objects.get(pk=share(member)["id"])

    assert may_change(_user(member.id), deal)
    assert may_change(_user(-1, staff=True), deal)
    assert not may_change(_user(other_member.id), deal)
    assert not may_change(None, deal)


def test_another_member_may_act_on_a_deal_but_not_change_it(member, other_member, share):
    deal_id = share(member)["id"]

    with transaction.atomic():
        assert access_deal_for_action(_user(other_member.id), deal_id).pk == deal_id
        with pytest.raises(PermissionDenied):
            access_deal_for_update(_user(other_member.id), deal_id)
        assert access_deal_for_update(_user(member.id), deal_id).pk == deal_id


def test_a_hidden_deal_is_not_found_but_by_its_author_and_staff(member, other_member, share):
    deal_id = share(member)["id"]
    Deal.objects.filter(pk=deal_id).update(is_hidden=True)

    with transaction.atomic():
        with pytest.raises(Http404):
            access_deal_for_action(_user(other_member.id), deal_id)
        assert access_deal_for_action(_user(member.id), deal_id).pk == deal_id
        assert access_deal_for_update(_user(-1, staff=True), deal_id).pk == deal_id
    with pytest.raises(Http404):
        access_deal_for_action(_user(member.id), 10**9)
