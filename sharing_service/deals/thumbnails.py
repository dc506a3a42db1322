"""A deal's thumbnail: the author's image, or else the shop page's og:image found by the worker.

Sharing or relinking a deal without an image queues a :class:`ThumbnailTask` in the same
transaction; the worker (``deliver_outbox --loop``) fetches the page under the rules of
``shop_pages`` and stores what it found. A page that cannot be read is retried twice with the
outbox's backoff, then given up (the deal keeps the neutral placeholder); a page the rules refuse
is never retried.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from kingdom import outbox
from sharing_service.deals import shop_pages
from sharing_service.deals.models import Deal, ThumbnailTask

logger = logging.getLogger(__name__)

#: sharing -> its own worker: find the og:image of deal {"deal_id", "url"} (that link, not a later one)
FIND_OG_IMAGE = "sharing.find_og_image"
MAX_ATTEMPTS = 3


def thumbnail_url(deal: Deal) -> str:
    """What lists and pages show: the author's image first, else the shop page's."""
    return deal.image_url or deal.og_image_url


def thumbnail_wanted(deal: Deal) -> None:
    """Inside the transaction that shares or relinks ``deal``: forget the old og:image, queue a look."""
    deal.og_image_url = ""
    deal.og_image_checked_at = None
    if not deal.image_url:
        ThumbnailTask.objects.create(topic=FIND_OG_IMAGE, payload={"deal_id": deal.pk, "url": deal.url})


def find_og_image(event: ThumbnailTask) -> None:
    """The worker's delivery of one task: fetch, store, or raise to be retried."""
    deal_id, url = event.payload["deal_id"], event.payload["url"]
    if not Deal.objects.filter(pk=deal_id, url=url, image_url="").exists():
        return  # deleted, relinked or given an image since: nothing to find for this link
    try:
        image = shop_pages.og_image_of(shop_pages.fetch_shop_page(url))
    except shop_pages.FetchFailed as exc:
        if event.attempts + 1 < MAX_ATTEMPTS:
            raise
        logger.info("og:image given up", extra={"deal_id": deal_id, "error": str(exc)})
        image = ""
    except shop_pages.FetchRefused as exc:
        logger.info("og:image refused", extra={"deal_id": deal_id, "error": str(exc)})
        image = ""
    Deal.objects.filter(pk=deal_id, url=url, image_url="").update(
        og_image_url=image, og_image_checked_at=timezone.now()
    )


outbox.DELIVERERS[FIND_OG_IMAGE] = find_og_image
