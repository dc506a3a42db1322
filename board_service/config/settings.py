"""Settings for board_service: the shared base from the environment plus this service's own."""

from pathlib import Path

from kingdom.settings import service_settings

globals().update(service_settings("board", Path(__file__).resolve().parent.parent))

INSTALLED_APPS += []  # noqa: F821 - defined by service_settings

ROOT_URLCONF = "board_service.config.urls"
WSGI_APPLICATION = "board_service.config.wsgi.application"
