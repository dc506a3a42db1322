"""Deliver this service's pending outbox events; ``--loop`` keeps doing so (a chart Deployment)."""

import signal
import time
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from kingdom.outbox import OutboxEvent, deliver_pending, heartbeat_path, heartbeat_touch


class Command(BaseCommand):
    help = "Deliver pending transactional-outbox events (once, or forever with --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep delivering until SIGTERM.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between passes.")
        parser.add_argument(
            "--heartbeat-file",
            type=Path,
            default=None,
            help="File touched before every pass and every event (default: $OUTBOX_HEARTBEAT_FILE).",
        )

    def handle(self, *args, **options):
        models = [m for m in apps.get_models() if issubclass(m, OutboxEvent)]
        if not models:
            raise CommandError("This service publishes no outbox events.")
        heartbeat = options["heartbeat_file"] or heartbeat_path()

        def beat() -> None:
            if heartbeat is not None:
                heartbeat_touch(heartbeat)

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            beat()
            delivered = sum(deliver_pending(model, before_each=beat) for model in models)
            if delivered:
                self.stdout.write(f"delivered {delivered} event(s)")
            if not options["loop"] or stopping:
                return
            deadline = time.monotonic() + options["interval"]
            while time.monotonic() < deadline and not stopping:
                time.sleep(0.2)
            if stopping:
                return
