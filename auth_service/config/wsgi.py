"""WSGI entry point of auth_service (gunicorn loads ``auth_service.config.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auth_service.config.settings")

application = get_wsgi_application()
