"""Writes on bookmarks (스크랩 / 찜): a member saves a deal they may see, or forgets it."""

from __future__ import annotations

from django.db import transaction

from sharing_service.deals.models import Bookmark
from sharing_service.deals.selectors import deal_get


@transaction.atomic
def deal_bookmark(*, user, deal_id: int) -> None:
    """Save a deal the member may see (idempotent: saving twice keeps the first time)."""
    deal = deal_get(user, deal_id)
    Bookmark.objects.get_or_create(deal=deal, user_id=user.id)


@transaction.atomic
def deal_unbookmark(*, user, deal_id: int) -> None:
    """Forget a saved deal; one never saved, or gone, changes nothing."""
    Bookmark.objects.filter(deal_id=deal_id, user_id=user.id).delete()
