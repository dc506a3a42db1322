"""Everything a service's database needs before pods serve: migrate, cache table, superuser."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Apply migrations, create the shared cache table, ensure the first superuser."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("createcachetable", verbosity=verbosity)
        call_command("ensure_superuser", verbosity=verbosity)
