"""Settings for the front: the shared base, no database, sessions in the shared cache (Valkey)."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from kingdom.env import env_int, env_str
from kingdom.settings import service_settings, shared_cache

globals().update(service_settings("front", Path(__file__).resolve().parent.parent, database=False))

INSTALLED_APPS = [  # the front keeps no database: no admin, no auth models
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_prometheus",
    "kingdom",
    "front.web",
    "front.accounts",
    "front.board",
    "front.comments",
    "front.deals",
    "front.notifications",
    "front.feeds",
]
# No API here: DRF serves only problem details (kingdom.problems), so no token authentication —
# kingdom.tokens (simplejwt) needs django.contrib.auth, which the front does not install.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_AUTHENTICATION_CLASSES": [], "UNAUTHENTICATED_USER": None}  # noqa: F821
MIDDLEWARE = [
    m
    for m in MIDDLEWARE  # noqa: F821
    if m != "django.contrib.auth.middleware.AuthenticationMiddleware"
]
# Security headers (CSP and friends), the viewer on the request, and "log in again" on an expired session.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "front.web.middleware.SecurityHeadersMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "front.web.middleware.ViewerMiddleware",
)
# The unread badge of a signed-in viewer, asked as the request starts (front.notifications.badge).
MIDDLEWARE.insert(
    MIDDLEWARE.index("front.web.middleware.ViewerMiddleware") + 1,
    "front.notifications.badge.NotificationBadgeMiddleware",
)
# Anonymous pages from the shared cache before sessions, CSRF and the viewer are even looked at;
# conditional GET outside it, so a browser revalidating a stored page gets a bodiless 304.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "front.web.pagecache.AnonymousPageCacheMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("front.web.middleware.SecurityHeadersMiddleware") + 1,
    "django.middleware.http.ConditionalGetMiddleware",
)
# Pages are Jinja2 templates (<app>/jinja2/, front.web.templating); forms render through Django's
# own form renderer (web/form.html in front/web/templates/).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "front.web.templating.environment",
            "context_processors": [
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "front.web.context_processors.site",
                "front.notifications.badge.badge_context",
            ],
        },
    }
]
LANGUAGES = [("ko", _("한국어"))]
LOCALE_PATHS = [BASE_DIR / "locale"]  # noqa: F821

# Sessions live on the server (the shared Valkey), so logout ends every copy of the cookie
# (front.web.sessions), in their own cache alias so that clearing pages never logs anyone out.
# Without REDIS_URL there is no store every worker shares: the session then stays in the signed
# cookie, and a copy taken before logout works until its access token expires (≤ 15 minutes).
if env_str("REDIS_URL"):
    SESSION_ENGINE = "front.web.sessions"
    SESSION_CACHE_ALIAS = "sessions"
    CACHES["sessions"] = shared_cache("front-sessions")  # noqa: F821
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
MIDDLEWARE[MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")] = (
    "front.web.sessions.SessionMiddleware"
)
SESSION_COOKIE_NAME = "tk_session"
SESSION_COOKIE_PATH = "/"
# Refresh tokens live days; the session cookie that carries them lives as long (two weeks).
SESSION_COOKIE_AGE = 14 * 24 * 3600
CSRF_COOKIE_NAME = "tk_csrftoken"
CSRF_COOKIE_PATH = "/"
CSRF_FAILURE_VIEW = "front.web.errors.csrf_failure"
# A body over MAX_REQUEST_BYTES gets a Korean page, as every other error does (kingdom.middleware).
REQUEST_TOO_LARGE_VIEW = "front.web.errors.too_large"
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# Proxies in front of the front that append to X-Forwarded-For (front.api.transport.client_ip): none
# when it is served directly (make run), so a browser cannot choose the address the APIs count;
# the chart sets NUM_PROXIES=1 for the Istio ingress gateway.
TRUSTED_PROXY_COUNT = env_int("NUM_PROXIES", 0)
# One API call from a page waits at most this long; a slow service gets a notice, not a hung page.
FRONT_API_TIMEOUT_SECONDS = float(env_str("FRONT_API_TIMEOUT_SECONDS", "2.5"))
# A write (POST, PUT, PATCH, DELETE) waits longer: it is never sent twice, and giving up on one that
# is only queued behind others leaves the person unsure whether it happened (a comment posted,
# "try again", posted twice). Under the chart's frontPerTryTimeout (10 s).
FRONT_API_WRITE_TIMEOUT_SECONDS = float(env_str("FRONT_API_WRITE_TIMEOUT_SECONDS", "8"))
# Whole pages of visitors without a session are served from the shared cache this long, and a stale
# copy a little longer while one request renders it again (front.web.pagecache).
FRONT_PAGE_CACHE_SECONDS = int(env_str("FRONT_PAGE_CACHE_SECONDS", "10"))
FRONT_PAGE_STALE_SECONDS = int(env_str("FRONT_PAGE_STALE_SECONDS", "30"))
# A post, deal or product page: opened by id from everywhere, refreshed 3x less often than lists.
FRONT_PAGE_CACHE_DETAIL_SECONDS = int(env_str("FRONT_PAGE_CACHE_DETAIL_SECONDS", "30"))
# Each worker also keeps this many fresh pages in its own memory, so that a popular page is served
# without a round trip to the shared cache (front.web.pagecache); 0 turns that off.
FRONT_PAGE_MEMORY_ENTRIES = env_int("FRONT_PAGE_MEMORY_ENTRIES", 500)
if FRONT_PAGE_MEMORY_ENTRIES > 0 and env_str("REDIS_URL"):
    CACHES["pages"] = {  # noqa: F821 - front.web.pagecache.MEMORY
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "front-pages",
        "OPTIONS": {"MAX_ENTRIES": FRONT_PAGE_MEMORY_ENTRIES},
    }
# Views of post pages served from the page cache go to board together: every this many seconds, or
# as soon as this many are waiting (front.board.view_counts).
FRONT_VIEW_BATCH_SECONDS = float(env_str("FRONT_VIEW_BATCH_SECONDS", "2"))
FRONT_VIEW_BATCH_SIZE = env_int("FRONT_VIEW_BATCH_SIZE", 200)
# Anonymous API answers everyone sees alike (home, lists) are reused this many seconds.
FRONT_ANONYMOUS_CACHE_SECONDS = int(env_str("FRONT_ANONYMOUS_CACHE_SECONDS", "15"))
# The header's unread badge (front.notifications.badge): a person's count is reused this long; a page
# waits for a count being asked at most this much more; after a failure nobody asks for a while.
FRONT_NOTIFICATION_BADGE_SECONDS = int(env_str("FRONT_NOTIFICATION_BADGE_SECONDS", "10"))
FRONT_NOTIFICATION_BADGE_WAIT_SECONDS = float(env_str("FRONT_NOTIFICATION_BADGE_WAIT_SECONDS", "0.25"))
FRONT_NOTIFICATION_BADGE_PAUSE_SECONDS = int(env_str("FRONT_NOTIFICATION_BADGE_PAUSE_SECONDS", "30"))
# Feeds (front.feeds) are the same for everyone: kept this long in the page cache and by readers.
FRONT_FEED_CACHE_SECONDS = int(env_str("FRONT_FEED_CACHE_SECONDS", "60"))
# https://developer.mozilla.org/docs/Web/HTTP/CSP — images of deals may come from any https shop.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; "
    "frame-ancestors 'none'"
)

ROOT_URLCONF = "front.config.urls"
WSGI_APPLICATION = "front.config.wsgi.application"
