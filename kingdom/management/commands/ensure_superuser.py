"""Create or update the first superuser from the environment, for Kubernetes jobs.

Reads ``DJANGO_SUPERUSER_USERNAME``, ``DJANGO_SUPERUSER_PASSWORD`` and optionally
``DJANGO_SUPERUSER_EMAIL``; does nothing when the username is unset. Idempotent.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kingdom.env import env_str


class Command(BaseCommand):
    help = "Create the first superuser from DJANGO_SUPERUSER_* environment variables (idempotent)."

    def handle(self, *args, **options):
        username = env_str("DJANGO_SUPERUSER_USERNAME")
        if not username:
            self.stdout.write("DJANGO_SUPERUSER_USERNAME is not set; no superuser created.")
            return
        password = env_str("DJANGO_SUPERUSER_PASSWORD")
        if not password:
            raise CommandError("Set DJANGO_SUPERUSER_PASSWORD together with DJANGO_SUPERUSER_USERNAME.")
        model = get_user_model()
        lookup = {f"{model.USERNAME_FIELD}__iexact": username}
        user = model._default_manager.filter(**lookup).first()
        if user is None:
            user = model(**{model.USERNAME_FIELD: username})
            created = True
        else:
            created = False
        email = env_str("DJANGO_SUPERUSER_EMAIL")
        if email and hasattr(user, "email"):
            user.email = email
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        # A model may say what its operators look like: SUPERUSER_DEFAULTS, or superuser_defaults()
        # when that depends on the database (a display name that must stay unique).
        if hasattr(model, "superuser_defaults"):
            defaults = model.superuser_defaults(user, created=created)
        else:
            defaults = getattr(model, "SUPERUSER_DEFAULTS", {})
        for field, value in defaults.items():
            setattr(user, field, value)
        if created or not user.check_password(password):
            user.set_password(password)
        user.save()
        if options["verbosity"] >= 1:
            self.stdout.write(f"superuser {username} {'created' if created else 'updated'}.")
