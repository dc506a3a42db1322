"""WSGI entry point of auth_service (gunicorn loads ``auth_service.config.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auth_service.config.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - after setup
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

# Refuse to serve rather than answer every login with a 500: the pod crash-loops with this message.
if not settings.SIMPLE_JWT["VERIFYING_KEY"]:
    raise ImproperlyConfigured("Set JWT_PRIVATE_KEY (a PEM RSA private key) to serve auth_service.")
