"""Send today's daily digests now (the worker loop does this by itself once a day per member)."""

from django.core.management.base import BaseCommand

from notification_service.notifications import mail


class Command(BaseCommand):
    help = "Send the daily digest mail to every member in digest mode who has not had today's."

    def handle(self, *args, **options):
        self.stdout.write(f"sent {mail.send_digests()} digest(s)")
