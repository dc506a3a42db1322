"""Delete refresh-token rows and login lockouts that can no longer matter (a daily CronJob).

An expired refresh token fails verification on its ``exp`` alone, so its row only takes space;
a day's margin keeps rows that clock skew could still touch.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from auth_service.accounts.models import IssuedRefreshToken, LoginLockout


class Command(BaseCommand):
    help = "Delete expired refresh-token rows and stale login lockouts."

    def handle(self, *args, **options):
        now = timezone.now()
        tokens, _ = IssuedRefreshToken.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
        stale = now - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        lockouts, _ = (
            LoginLockout.objects.filter(window_started_at__lt=stale).exclude(locked_until__gt=now).delete()
        )
        if options["verbosity"] >= 1:
            self.stdout.write(f"deleted {tokens} expired refresh token(s), {lockouts} stale lockout(s)")
