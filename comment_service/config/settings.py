"""Settings for comment_service: the shared base from the environment plus this service's own."""

from pathlib import Path

from kingdom.settings import service_settings

globals().update(service_settings("comments", Path(__file__).resolve().parent.parent))

INSTALLED_APPS += []  # noqa: F821 - defined by service_settings

ROOT_URLCONF = "comment_service.config.urls"
WSGI_APPLICATION = "comment_service.config.wsgi.application"
