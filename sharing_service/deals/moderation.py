"""Staff moderation (the admin's actions): end, hide and restore deals; every change of
visibility publishes ``TARGET_VISIBILITY_CHANGED`` in the same transaction, so comment_service
shows a hidden deal's comments only to its author and staff."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from kingdom import outbox
from sharing_service.deals import events
from sharing_service.deals.models import Deal, DealStatus, OutboxEvent, Report
from sharing_service.deals.products import product_refresh
from sharing_service.deals.selectors import active_deal_with_url
from sharing_service.deals.services import lock_url


def end(deal: Deal, status: str) -> None:
    """Mark ``deal`` ended now (the caller saves ``status`` and ``ended_at``)."""
    deal.status = status
    deal.ended_at = timezone.now()


def publish_visibility(deal: Deal, *, hidden: bool) -> None:
    outbox.publish(
        OutboxEvent,
        outbox.TARGET_VISIBILITY_CHANGED,
        {"target_type": "deal", "target_id": deal.pk, "hidden": hidden, "as_of": timezone.now().isoformat()},
    )


@transaction.atomic
def deals_end(deal_ids: Iterable[int], status: str = DealStatus.EXPIRED) -> int:
    changed = 0
    for deal in Deal.objects.select_for_update().filter(pk__in=list(deal_ids)):
        if deal.status != status:
            end(deal, status)
            deal.save(update_fields=["status", "ended_at"])
            events.publish_deal_changed(deal, events.EXPIRED)
            changed += 1
    return changed


@transaction.atomic
def deals_hide(deal_ids: Iterable[int], reason: str = "운영자가 숨김") -> int:
    deals = list(Deal.objects.select_for_update().select_related("product").filter(pk__in=list(deal_ids)))
    for deal in deals:
        if not deal.is_hidden:
            publish_visibility(deal, hidden=True)
        deal.is_hidden = True
        deal.hidden_reason = reason
        deal.save(update_fields=["is_hidden", "hidden_reason"])
    for product in {deal.product for deal in deals}:
        product_refresh(product)
    return len(deals)


@transaction.atomic
def deals_restore(deal_ids: Iterable[int]) -> tuple[int, list[Deal]]:
    """Staff reviewed the deal: show it again as active and close the reports against it.

    A deal whose page another active deal now links stays as it is (two active deals for one
    page is what duplicate protection prevents); those are returned so staff can be told.
    """
    candidates = Deal.objects.select_for_update().select_related("product").filter(pk__in=list(deal_ids))
    deals, blocked = [], []
    for deal in candidates.order_by("created_at", "id"):
        lock_url(deal.normalized_url)
        if active_deal_with_url(deal.normalized_url, exclude_id=deal.pk) is not None:
            blocked.append(deal)
        else:
            deals.append(deal)
            _restore(deal)
    Report.objects.filter(deal__in=deals, is_resolved=False).update(is_resolved=True)
    for product in {deal.product for deal in deals}:
        product_refresh(product)
    return len(deals), blocked


def _restore(deal: Deal) -> None:
    if deal.is_hidden:
        publish_visibility(deal, hidden=False)
    deal.is_hidden = False
    deal.hidden_reason = ""
    deal.status = DealStatus.ACTIVE
    deal.ended_at = None
    deal.report_count = 0
    deal.expire_report_count = 0
    deal.save(
        update_fields=[
            "is_hidden",
            "hidden_reason",
            "status",
            "ended_at",
            "report_count",
            "expire_report_count",
        ]
    )
