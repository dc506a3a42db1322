"""Settings for notification_service: the shared base from the environment plus this service's own."""

from pathlib import Path

from kingdom.env import env_bool, env_int, env_str
from kingdom.settings import service_settings

globals().update(service_settings("notifications", Path(__file__).resolve().parent.parent))

INSTALLED_APPS += [  # noqa: F821 - defined by service_settings
    "django.contrib.postgres",
    "notification_service.notifications",
]

ROOT_URLCONF = "notification_service.config.urls"
WSGI_APPLICATION = "notification_service.config.wsgi.application"

# --- the service's rules (README: Configuration) -----------------------------------------------
#: saved keyword alerts a member may have
NOTIFY_MAX_ALERTS = env_int("NOTIFY_MAX_ALERTS", 20)
#: price watches a member may have
NOTIFY_MAX_WATCHES = env_int("NOTIFY_MAX_WATCHES", 50)
#: seconds a member's unread count may be served from the shared cache
NOTIFY_UNREAD_CACHE_SECONDS = env_int("NOTIFY_UNREAD_CACHE_SECONDS", 5)
#: hour of the day (Asia/Seoul) from which the daily digest goes out
NOTIFY_DIGEST_HOUR = env_int("NOTIFY_DIGEST_HOUR", 8)
#: where e-mails link to (the front's public address); links in the inbox are front paths
FRONT_PUBLIC_URL = env_str("FRONT_PUBLIC_URL", "http://localhost:8000").rstrip("/")

# --- e-mail (https://docs.djangoproject.com/en/5.2/topics/email/): an SMTP relay from the environment
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "절약왕국 <no-reply@thrift-kingdom.kr>")

# One enum component for the channel every kind has (preferences), not one per kind.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {  # noqa: F821 - defined by service_settings
    "ChannelEnum": "notification_service.notifications.models.Channel.choices",
}
