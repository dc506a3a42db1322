"""The notification worker: fan events out, send mail, and once a day the digests; ``--loop``
keeps doing so (the chart's worker Deployment). It touches the same heartbeat file as
``deliver_outbox`` (``OUTBOX_HEARTBEAT_FILE``), so ``check_outbox_heartbeat`` is its liveness probe."""

import logging

from django.core.management.base import BaseCommand

from kingdom import worker
from notification_service.notifications import mail, processing

logger = logging.getLogger("notifications.worker")


class Command(BaseCommand):
    help = "Process received events into notifications, send mails and daily digests (once, or with --loop)."

    def add_arguments(self, parser):
        worker.add_loop_arguments(parser, interval=1.0)

    def handle(self, *args, **options):
        def one_pass(beat) -> None:
            done = processing.process_pending(before_each=beat)
            if done:
                self.stdout.write(f"processed {done} event(s)")
            try:
                sent = mail.send_immediate() + mail.send_digests()
            except OSError as exc:  # the SMTP relay is down: mails stay pending for the next pass
                logger.warning("mail relay unavailable", extra={"error": str(exc)})
            else:
                if sent:
                    self.stdout.write(f"sent {sent} mail(s)")

        worker.run(one_pass, options)
