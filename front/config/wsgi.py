"""WSGI entry point of front (gunicorn loads ``front.config.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "front.config.settings")

application = get_wsgi_application()
