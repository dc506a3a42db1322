"""Queue the og:image look-up for deals shared before thumbnails existed (or whose look-up was lost).

    manage.py queue_thumbnails [--limit N]

Only live deals without an image of their own, never looked at and not already queued; the
worker (``deliver_outbox --loop``) then fetches each shop page once, as for a new deal.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from sharing_service.deals import thumbnails
from sharing_service.deals.models import Deal, ThumbnailTask
from sharing_service.deals.selectors import listed_active


class Command(BaseCommand):
    help = "Queue og:image look-ups for live deals that have no picture and were never looked at."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=10_000, help="At most this many deals per run.")

    def handle(self, *args, **options):
        pending = ThumbnailTask.objects.filter(delivered_at__isnull=True, topic=thumbnails.FIND_OG_IMAGE)
        queued = set(pending.values_list("payload__deal_id", flat=True))  # the few not yet delivered
        deals = (
            Deal.objects.filter(listed_active(timezone.now()), image_url="", og_image_checked_at__isnull=True)
            .exclude(pk__in=queued)
            .order_by("-created_at")
            .only("id", "url")[: options["limit"]]
        )
        tasks = [
            ThumbnailTask(topic=thumbnails.FIND_OG_IMAGE, payload={"deal_id": deal.pk, "url": deal.url})
            for deal in deals
        ]
        ThumbnailTask.objects.bulk_create(tasks)
        self.stdout.write(f"queued {len(tasks)} og:image look-up(s)")
