"""Deliver this service's pending outbox events; ``--loop`` keeps doing so (a chart Deployment)."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from kingdom import worker
from kingdom.outbox import OutboxEvent, deliver_pending, run_loop_tasks


class Command(BaseCommand):
    help = "Deliver pending transactional-outbox events (once, or forever with --loop)."

    def add_arguments(self, parser):
        worker.add_loop_arguments(parser, interval=2.0)

    def handle(self, *args, **options):
        models = [m for m in apps.get_models() if issubclass(m, OutboxEvent)]
        if not models:
            raise CommandError("This service publishes no outbox events.")

        def one_pass(beat) -> None:
            run_loop_tasks()
            delivered = sum(deliver_pending(model, before_each=beat) for model in models)
            if delivered:
                self.stdout.write(f"delivered {delivered} event(s)")

        worker.run(one_pass, options)
