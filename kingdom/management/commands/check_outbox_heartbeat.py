"""Liveness of the outbox delivery loop: fails when its heartbeat file is missing or stale.

The chart runs it as the worker's exec livenessProbe (``thrift-entrypoint manage
check_outbox_heartbeat``); a loop stuck in one delivery stops touching the file and is restarted.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kingdom.outbox import HEARTBEAT_FILE_ENV, heartbeat_age, heartbeat_path


class Command(BaseCommand):
    help = "Exit non-zero when the deliver_outbox loop has not touched its heartbeat file lately."
    requires_system_checks = []  # a probe: answer fast, touch nothing but the file

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age", type=float, default=120.0, help="Seconds the heartbeat may be old (default 120)."
        )
        parser.add_argument(
            "--heartbeat-file", type=Path, default=None, help=f"Default: ${HEARTBEAT_FILE_ENV}."
        )

    def handle(self, *args, **options):
        path = options["heartbeat_file"] or heartbeat_path()
        if path is None:
            raise CommandError(f"No heartbeat file: pass --heartbeat-file or set {HEARTBEAT_FILE_ENV}.")
        age = heartbeat_age(path)
        if age is None:
            raise CommandError(f"The outbox loop has not written its heartbeat {path} yet.")
        if age > options["max_age"]:
            raise CommandError(
                f"The outbox loop's heartbeat {path} is {age:.0f}s old (more than {options['max_age']:.0f}s)."
            )
        self.stdout.write(f"outbox loop alive: heartbeat {age:.1f}s old")
