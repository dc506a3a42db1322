"""WSGI entry point (gunicorn loads ``notification_service.config.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notification_service.config.settings")

application = get_wsgi_application()
