"""The ``deal.changed`` notification event: one payload, built here, for every write that sends it.

Published inside the write's transaction (``kingdom.outbox.publish_notification``), so
notification_service hears of exactly the changes that happened; it keeps a snapshot per deal
and derives alerts, price watches, "reached the hot list" and "ended by the community" from the
differences (docs/contracts.md § Events).
"""

from __future__ import annotations

from kingdom import outbox
from kingdom.search import fold_text
from sharing_service.deals.models import Deal, OutboxEvent
from sharing_service.deals.selectors import deal_is_hot, deal_status

CREATED, UPDATED, VOTED, EXPIRED = "created", "updated", "voted", "expired"
#: the edits that change what an alert or a price watch looks at
WATCHED_FIELDS = ("title", "price", "shipping_fee", "store", "category", "product")


def watched(deal: Deal) -> tuple:
    """The fields alerts and price watches look at (an edit of anything else tells nobody)."""
    return tuple(
        getattr(deal, f"{name}_id" if name in ("category", "product") else name) for name in WATCHED_FIELDS
    )


def deal_changed_payload(deal: Deal, reason: str) -> dict:
    """What notification_service needs to match alerts and watches and to tell the author."""
    return {
        "deal": {
            "id": deal.pk,
            "title": deal.title,
            "author_id": deal.author_id,
            "product": {"id": deal.product_id, "name": deal.product.name},
            "category": deal.category.slug,
            "store": deal.store,
            "price": deal.price,
            "shipping_fee": deal.shipping_fee,
            "effective_price": deal.effective_price,
            "free_shipping": deal.shipping_fee == 0,
            "score": deal.score,
            "hot": deal_is_hot(deal),
            "status": deal_status(deal),
            "search_text": fold_text(deal.search_text),
            "created_at": deal.created_at.isoformat(),
        },
        "reason": reason,
    }


def publish_deal_changed(deal: Deal, reason: str) -> None:
    """Publish ``deal.changed`` with the write (call inside its transaction, after saving the deal)."""
    if outbox.notifications_enabled():  # the payload costs queries: build it only to send it
        outbox.publish_notification(OutboxEvent, "deal.changed", deal_changed_payload(deal, reason))
