"""WSGI entry point of sharing_service (gunicorn loads ``sharing_service.config.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharing_service.config.settings")

application = get_wsgi_application()
