"""Writes from comment_service's outbox: a deal's comment count, which moves its hot rank."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import Http404

from sharing_service.deals.models import Deal
from sharing_service.deals.services import save_counts


@transaction.atomic
def deal_set_comment_count(*, deal_id: int, count: int, as_of: datetime) -> None:
    """Apply comment_service's count unless a newer one already arrived (events may come out of order)."""
    deal = Deal.objects.select_for_update().filter(pk=deal_id).first()
    if deal is None:
        raise Http404
    if deal.comment_count_as_of is not None and as_of < deal.comment_count_as_of:
        return
    deal.comment_count = count
    deal.comment_count_as_of = as_of
    save_counts(deal, "comment_count", "comment_count_as_of")
