"""Lookup plus permission, with a row lock before a write: one helper per action on a deal.

Every write service starts with one of these inside its transaction, so concurrent votes and
reports never lose counts and a hidden deal is 404 to everyone but its author and staff.
"""

from __future__ import annotations

from django.http import Http404
from rest_framework.exceptions import PermissionDenied

from sharing_service.deals.models import Deal


def may_change(user, deal: Deal) -> bool:
    """Its author and staff may edit, end or delete a deal."""
    return bool(getattr(user, "is_staff", False)) or deal.author_id == getattr(user, "id", None)


def access_deal_for_action(user, deal_id: int) -> Deal:
    """The locked deal a member votes on or reports; 404 when it is hidden from them."""
    deal = Deal.objects.select_for_update().filter(pk=deal_id).first()
    if deal is None or (deal.is_hidden and not may_change(user, deal)):
        raise Http404
    return deal


def access_deal_for_update(user, deal_id: int) -> Deal:
    """The locked deal its author or staff change; 404 when hidden from the caller, 403 when not theirs."""
    deal = access_deal_for_action(user, deal_id)
    if not may_change(user, deal):
        raise PermissionDenied("작성자나 운영자만 바꿀 수 있습니다.")
    return deal
