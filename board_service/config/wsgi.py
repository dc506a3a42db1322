"""WSGI entry point of board_service (gunicorn loads ``board_service.config.wsgi:application``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "board_service.config.settings")

application = get_wsgi_application()
