"""Delete refresh-token rows that can no longer matter (a daily CronJob).

An expired refresh token fails verification on its ``exp`` alone, so its row only takes space;
a day's margin keeps rows that clock skew could still touch. (Login failures and locks live in the
shared cache with their own expiry: kingdom.signin.)
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from auth_service.accounts.models import IssuedRefreshToken


class Command(BaseCommand):
    help = "Delete expired refresh-token rows."

    def handle(self, *args, **options):
        now = timezone.now()
        tokens, _ = IssuedRefreshToken.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
        if options["verbosity"] >= 1:
            self.stdout.write(f"deleted {tokens} expired refresh token(s)")
