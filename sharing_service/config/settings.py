"""Settings for sharing_service: the shared base from the environment plus this service's own."""

from pathlib import Path

from kingdom.settings import service_settings

globals().update(service_settings("sharing", Path(__file__).resolve().parent.parent))

INSTALLED_APPS += []  # noqa: F821 - defined by service_settings

ROOT_URLCONF = "sharing_service.config.urls"
WSGI_APPLICATION = "sharing_service.config.wsgi.application"
