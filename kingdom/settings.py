"""Settings every service shares, built from the environment.

Each service's ``config/settings.py`` calls :func:`service_settings` and adds only what is
its own (apps, URLconf, throttle rates). Production is the default: ``DEBUG`` is off unless
set, cookies are secure, HSTS is on, and ``manage.py check --deploy`` passes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from kingdom.env import env_bool, env_choice, env_int, env_list, env_multiline, env_renamed, env_str
from kingdom.timezones import SEOUL

#: Local ports (docs/contracts.md#local-ports): the front on 8000, the APIs on 8001-8005.
SERVICE_PORTS = {
    "front": 8000,
    "auth": 8001,
    "board": 8002,
    "comments": 8003,
    "sharing": 8004,
    "notifications": 8005,
}


def _service_url(name: str, port: int) -> str:
    return env_str(f"{name.upper()}_SERVICE_URL", f"http://127.0.0.1:{port}").rstrip("/")


def shared_cache(service: str, *, database: bool = True) -> dict[str, Any]:
    """The cache every worker and pod of a service shares: rate limits, lockouts, view windows
    and the front's page cache must agree across processes.

    ``REDIS_URL`` (Valkey or Redis; ``make run``, ``make bench``, the live test stacks and the chart
    all start one) is the production choice: a rate-limit check is a sub-millisecond round trip
    instead of a database write. Without it an API falls back to the database cache (still shared,
    slower) and the front, which has no database, to a per-process memory cache.
    """
    redis_url = env_str("REDIS_URL")
    if redis_url:
        # https://docs.djangoproject.com/en/5.2/topics/cache/#redis
        return {
            "BACKEND": "kingdom.cache.RedisCache",  # Django's, its client made once
            "LOCATION": redis_url,
            # One server for every service: each keeps to its own keys.
            "KEY_PREFIX": service,
            "OPTIONS": {
                # A cache that is down must cost a request milliseconds, not the whole timeout.
                "socket_connect_timeout": float(env_str("REDIS_TIMEOUT_SECONDS", "0.5")),
                "socket_timeout": float(env_str("REDIS_TIMEOUT_SECONDS", "0.5")),
            },
        }
    if database:
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kingdom_cache"}
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


#: The service part of a rate's variable, as in ``<SERVICE>_SERVICE_URL``.
RATE_SERVICE_NAMES = {
    "auth": "AUTH",
    "board": "BOARD",
    "comments": "COMMENT",
    "sharing": "SHARING",
    "notifications": "NOTIFICATION",
}
#: Every API's admin login per client address (auth: its API login too, one counter; kingdom.signin).
LOGIN_RATES = {"login_ip": {"default": "30/min"}}
_LOGIN_RATES_FORMERLY = {"THROTTLE_LOGIN_PER_IP": ("login_ip", "default")}
_RATE = re.compile(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)")


def rate_variable(service: str, scope: str, role: str = "default") -> str:
    """The environment variable of one rate: ``RATE_<SERVICE>_<SCOPE>[_<ROLE>]``.

    ``SERVICE`` as in ``<SERVICE>_SERVICE_URL``; ``SCOPE`` the throttle scope without a leading
    service name (board's ``board_post_write`` is ``POST_WRITE``); ``ROLE`` only for a rate that
    depends on the caller's role (``GUEST``, ``MEMBER``), none for one that applies to everyone.
    """
    prefix = RATE_SERVICE_NAMES[service]
    stem = scope.upper().removeprefix(f"{prefix}_")
    return f"RATE_{prefix}_{stem}" + ("" if role == "default" else f"_{role.upper()}")


def throttle_rates(
    service: str,
    defaults: dict[str, dict[str, str]] | None = None,
    formerly: dict[str, tuple[str, str]] | None = None,
) -> dict[str, dict[str, str]]:
    """``THROTTLE_RATES`` (``{scope: {role: rate}}``, kingdom.throttling) from the environment.

    ``defaults`` are the service's own scopes (the login per address is added for every service);
    ``formerly`` maps the names rates had before the ``RATE_`` scheme to ``(scope, role)``: still
    read for one release, with a deprecation warning, when the new name is not set.
    """
    former_names = {place: old for old, place in {**_LOGIN_RATES_FORMERLY, **(formerly or {})}.items()}
    rates: dict[str, dict[str, str]] = {}
    for scope, roles in {**LOGIN_RATES, **(defaults or {})}.items():
        rates[scope] = {}
        for role, default in roles.items():
            name = rate_variable(service, scope, role)
            old_name = former_names.get((scope, role))
            value = env_renamed(name, old_name, default) if old_name else env_str(name, default)
            if not _RATE.fullmatch(value):
                raise ImproperlyConfigured(f"{name} must be a rate such as 30/min or 5/hour, not {value!r}.")
            rates[scope][role] = value
    return rates


def service_settings(service: str, base_dir: Path, *, database: bool = True) -> dict[str, Any]:
    """Return the settings shared by every service, for ``globals().update(...)``.

    ``service`` is the URL name of the service (``auth``, ``board``, ``comments``, ``sharing``
    or ``front``): it names the admin, static and cookie paths so that five services can
    share one host without their cookies colliding.
    """
    debug = env_bool("DEBUG", False)
    repo_root = base_dir.parent

    settings: dict[str, Any] = {
        "SERVICE_NAME": service,
        "BASE_DIR": base_dir,
        # https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
        "SECRET_KEY": env_str("SECRET_KEY", required=True),
        "DEBUG": debug,
        "ALLOWED_HOSTS": env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"]),
        "CSRF_TRUSTED_ORIGINS": env_list("CSRF_TRUSTED_ORIGINS"),
        "INSTALLED_APPS": [
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "rest_framework",
            "drf_spectacular",
            "django_prometheus",
            "kingdom",
        ],
        "MIDDLEWARE": [
            "kingdom.middleware.ProbeMiddleware",
            "django_prometheus.middleware.PrometheusBeforeMiddleware",
            "kingdom.middleware.RequestContextMiddleware",
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "django_prometheus.middleware.PrometheusAfterMiddleware",
        ],
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ],
                },
            }
        ],
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "LANGUAGE_CODE": "ko",
        "TIME_ZONE": SEOUL.key,
        "USE_I18N": True,
        "USE_TZ": True,
        # Paths work with and without a trailing slash without a redirect (see RequestContextMiddleware).
        "APPEND_SLASH": False,
        # --- static files: whitenoise serves /static/<service>/ with hashed, long-cached names
        "STATIC_URL": f"/static/{service}/",
        "STATIC_ROOT": Path(env_str("STATIC_ROOT", str(repo_root / ".run" / "static" / service))),
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": (
                    "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if env_bool("STATIC_FILES_HASHED", True)
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"
                )
            },
        },
        # --- request size: larger bodies get 413 problem details from RequestContextMiddleware
        "DATA_UPLOAD_MAX_MEMORY_SIZE": env_int("MAX_REQUEST_BYTES", 1_048_576),
        # --- security (https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/)
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "SECURE_SSL_REDIRECT": env_bool("SECURE_SSL_REDIRECT", not debug),
        "SECURE_REDIRECT_EXEMPT": [r"^healthz/?$", r"^readyz/?$", r"^metrics/?$"],
        "SECURE_HSTS_SECONDS": env_int("SECURE_HSTS_SECONDS", 0 if debug else 31_536_000),
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not debug),
        "SECURE_HSTS_PRELOAD": env_bool("SECURE_HSTS_PRELOAD", not debug),
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        # Secure cookies by default; a local run over plain http turns them off explicitly.
        "SESSION_COOKIE_SECURE": env_bool("SECURE_COOKIES", not debug),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": env_bool("SECURE_COOKIES", not debug),
        "CSRF_COOKIE_HTTPONLY": True,
        # Five services share one host: each keeps its admin cookies to itself.
        "SESSION_COOKIE_NAME": f"{service}_sessionid",
        "CSRF_COOKIE_NAME": f"{service}_csrftoken",
        "SESSION_COOKIE_PATH": f"/admin/{service}/",
        "CSRF_COOKIE_PATH": f"/admin/{service}/",
        "SILENCED_SYSTEM_CHECKS": [],
        # --- password guessing at auth's API login and every admin login (kingdom.signin)
        "LOGIN_LOCKOUT_FAILURES": env_int("LOGIN_LOCKOUT_FAILURES", 5),
        "LOGIN_LOCKOUT_MINUTES": env_int("LOGIN_LOCKOUT_MINUTES", 15),
        "LOGIN_DELAY_AFTER_FAILURES": env_int("LOGIN_DELAY_AFTER_FAILURES", 10),
        "LOGIN_DELAY_MAX_SECONDS": env_int("LOGIN_DELAY_MAX_SECONDS", 30),
        # --- rate limits (kingdom.throttling): the login per address here, each service adds its own
        "THROTTLE_RATES": throttle_rates(service) if service in RATE_SERVICE_NAMES else {},
        # --- JWT verification: djangorestframework-simplejwt (kingdom.tokens); only auth_service
        # holds the private key and signs (auth reads ISSUER and AUDIENCE from here too).
        # https://django-rest-framework-simplejwt.readthedocs.io/en/latest/settings.html
        "SIMPLE_JWT": {
            "ALGORITHM": "RS256",
            "SIGNING_KEY": None,
            # one or more PEM public keys (the one a token's kid names verifies it) ...
            "VERIFYING_KEY": env_multiline("JWT_PUBLIC_KEY"),
            # ... or auth's JWKS, fetched with bounded refetching (kingdom.tokens)
            "JWK_URL": env_str("JWT_JWKS_URL") or None,
            "ISSUER": env_str("JWT_ISSUER", "thrift-kingdom-auth"),
            "AUDIENCE": env_str("JWT_AUDIENCE", "thrift-kingdom"),
            "LEEWAY": env_int("JWT_LEEWAY_SECONDS", 10),
            "AUTH_HEADER_TYPES": ("Bearer",),
            "USER_ID_CLAIM": "sub",
            "TOKEN_TYPE_CLAIM": "token_type",
            "JTI_CLAIM": "jti",
            "AUTH_TOKEN_CLASSES": ("kingdom.tokens.AccessToken",),
            "TOKEN_USER_CLASS": "kingdom.tokens.token_user",
        },
        # auth's list of recently deactivated accounts is pulled this often; 0: never (kingdom.tokens)
        "JWT_DENYLIST_SECONDS": env_int("JWT_DENYLIST_SECONDS", 30),
        # --- calls to the other services (kingdom.http)
        "AUTH_SERVICE_URL": _service_url("auth", SERVICE_PORTS["auth"]),
        "BOARD_SERVICE_URL": _service_url("board", SERVICE_PORTS["board"]),
        "COMMENT_SERVICE_URL": _service_url("comment", SERVICE_PORTS["comments"]),
        "SHARING_SERVICE_URL": _service_url("sharing", SERVICE_PORTS["sharing"]),
        # No default: a service publishes notification events only when it is told where
        # notification_service is (kingdom.outbox.publish_notification), so a deployment or a
        # test stack without it never piles up undeliverable events.
        "NOTIFICATION_SERVICE_URL": env_str("NOTIFICATION_SERVICE_URL").rstrip("/"),
        # After commit, an outbox event is sent from the process's relay thread (background) or
        # before the request answers (inline); deliver_outbox --loop retries either (kingdom.outbox).
        "OUTBOX_DELIVERY": env_choice("OUTBOX_DELIVERY", ("background", "inline"), "background"),
        "SERVICE_CLIENT_ID": env_str("SERVICE_CLIENT_ID", service),
        "SERVICE_CLIENT_SECRET": env_str("SERVICE_CLIENT_SECRET"),
        "UPSTREAM_TIMEOUT_SECONDS": float(env_str("UPSTREAM_TIMEOUT_SECONDS", "3")),
        # --- DRF: JSON only, problem details, JWT, pagination per docs/contracts.md
        "REST_FRAMEWORK": {
            "DEFAULT_AUTHENTICATION_CLASSES": ["kingdom.tokens.JWTAuthentication"],
            "DEFAULT_PERMISSION_CLASSES": ["kingdom.permissions.IsUserOrReadOnly"],
            "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
            "DEFAULT_PARSER_CLASSES": ["kingdom.parsers.BoundedJSONParser"],
            "DEFAULT_PAGINATION_CLASS": "kingdom.pagination.PageNumberPagination",
            "PAGE_SIZE": 20,
            "EXCEPTION_HANDLER": "kingdom.problems.exception_handler",
            "DEFAULT_SCHEMA_CLASS": "kingdom.schema.KingdomAutoSchema",
            "UNAUTHENTICATED_USER": "kingdom.tokens.anonymous_user",
            "DEFAULT_THROTTLE_RATES": {},
            "NUM_PROXIES": env_int("NUM_PROXIES", 1),
        },
        # Connections whose X-Forwarded-For is believed at all (kingdom.addresses; gunicorn too).
        "FORWARDED_ALLOW_IPS": env_str("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "SPECTACULAR_SETTINGS": {
            "TITLE": f"Thrift Kingdom {service} API",
            "VERSION": "1.0.0",
            "SCHEMA_PATH_PREFIX": f"/api/{service}",
            "SERVE_INCLUDE_SCHEMA": False,
            "COMPONENT_SPLIT_REQUEST": True,
            # JSON Schema 2020-12 inside: the front's tests validate sample answers with jsonschema
            "OAS_VERSION": "3.1.0",
            # every <int:...> in the APIs' URLs is a database id. Ids start at 1, but Django's int
            # converter routes 0 too (an id no object has: a 404, or for an idempotent un-save a
            # 200 that changes nothing), so the documents say what the URLs accept: from 0.
            "PATH_CONVERTER_OVERRIDES": {"int": {"type": "integer", "minimum": 0}},
            "POSTPROCESSING_HOOKS": [
                "drf_spectacular.hooks.postprocess_schema_enums",
                "kingdom.schema.nullable_as_openapi_31",
            ],
        },
        "LOGGING": {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"json": {"()": "kingdom.logging.JsonFormatter"}},
            "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
            "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
            "loggers": {
                # The access log line is ours (kingdom.access); Django's would repeat it.
                "django.request": {"level": "ERROR", "handlers": ["stdout"], "propagate": False},
                "django.server": {"level": "WARNING"},
            },
        },
    }

    if database:
        # https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
        settings["DATABASES"] = {
            "default": dj_database_url.parse(
                env_str("DATABASE_URL", required=True),
                conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
                conn_health_checks=True,
            )
        }
        # A database host that vanished must not hold a worker until gunicorn kills it: give up
        # and answer 503 (kingdom.problems). A connect_timeout in DATABASE_URL wins.
        settings["DATABASES"]["default"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
        )
    else:
        settings["DATABASES"] = {}
    settings["CACHES"] = {"default": shared_cache(service, database=database)}

    if not env_bool("SECURE_SSL_REDIRECT", not debug) and env_bool("HTTPS_REDIRECT_AT_PROXY", False):
        # The Istio gateway redirects http to https and in-mesh traffic is mTLS; a redirect here
        # would only break in-cluster calls and probes.
        settings["SILENCED_SYSTEM_CHECKS"].append("security.W008")
    return settings
