"""WSGI entry point of comment_service (gunicorn loads ``comment_service.config.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comment_service.config.settings")

application = get_wsgi_application()
