"""Settings for the front: the shared base, no database, sessions in signed cookies."""

from pathlib import Path

from kingdom.settings import service_settings

globals().update(service_settings("front", Path(__file__).resolve().parent.parent, database=False))

INSTALLED_APPS = [  # the front keeps no database: no admin, no auth models
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_prometheus",
    "kingdom",
]
MIDDLEWARE = [
    m
    for m in MIDDLEWARE  # noqa: F821
    if m != "django.contrib.auth.middleware.AuthenticationMiddleware"
]
TEMPLATES[0]["OPTIONS"]["context_processors"].remove(  # noqa: F821
    "django.contrib.auth.context_processors.auth"
)
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_NAME = "tk_session"
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_NAME = "tk_csrftoken"
CSRF_COOKIE_PATH = "/"
CSRF_FAILURE_VIEW = "kingdom.problems.csrf_failure"
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

ROOT_URLCONF = "front.config.urls"
WSGI_APPLICATION = "front.config.wsgi.application"
