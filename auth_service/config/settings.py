"""Settings for auth_service: the shared base from the environment plus this service's own."""

from pathlib import Path

from kingdom.env import env_int, env_list, env_multiline, env_str
from kingdom.settings import service_settings, throttle_rates

globals().update(service_settings("auth", Path(__file__).resolve().parent.parent))

INSTALLED_APPS += ["auth_service.accounts", "auth_service.social"]  # noqa: F821 - defined by service_settings

ROOT_URLCONF = "auth_service.config.urls"
WSGI_APPLICATION = "auth_service.config.wsgi.application"

# https://docs.djangoproject.com/en/5.2/topics/auth/customizing/#substituting-a-custom-user-model
AUTH_USER_MODEL = "accounts.User"

# https://docs.djangoproject.com/en/5.2/topics/auth/passwords/#enabling-password-validation
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "nickname", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- tokens: auth alone signs; it verifies with the public half of its own key (and the previous
# keys kept during a rotation), never with a JWKS URL pointing at itself.
# Required to serve (the WSGI module and the system checks insist); an image build that only
# collects static files runs without it.
JWT_PRIVATE_KEY = env_multiline("JWT_PRIVATE_KEY")
JWT_PREVIOUS_PUBLIC_KEYS = env_multiline("JWT_PREVIOUS_PUBLIC_KEYS")


def _verification_pems() -> str:
    from auth_service.accounts.keys import verification_pems

    try:
        return verification_pems(JWT_PRIVATE_KEY, JWT_PREVIOUS_PUBLIC_KEYS) if JWT_PRIVATE_KEY else ""
    except ValueError:
        return ""  # reported by the accounts.E001 system check


SIMPLE_JWT = {**SIMPLE_JWT, "VERIFYING_KEY": _verification_pems(), "JWK_URL": None}  # noqa: F821
JWT_ACCESS_TOKEN_MINUTES = env_int("JWT_ACCESS_TOKEN_MINUTES", 15)
JWT_REFRESH_TOKEN_DAYS = env_int("JWT_REFRESH_TOKEN_DAYS", 14)
JWT_SERVICE_TOKEN_MINUTES = env_int("JWT_SERVICE_TOKEN_MINUTES", 10)
# Two tabs refreshing at once present the same token twice; only a later reuse counts as theft.
JWT_REFRESH_REUSE_GRACE_SECONDS = env_int("JWT_REFRESH_REUSE_GRACE_SECONDS", 10)
# auth publishes the deactivated-users list and checks account rows itself: it never pulls the list.
JWT_DENYLIST_SECONDS = 0

# --- service-to-service credentials: "board:secret,comments:secret", parsed once here
SERVICE_CLIENTS = dict(
    entry.split(":", 1) for entry in env_list("SERVICE_CLIENTS") if ":" in entry and entry.split(":", 1)[1]
)

# --- abuse limits (kingdom.throttling; RATE_AUTH_<SCOPE>, docs/contracts.md#rate-limits), counted in
# the shared cache by every worker and pod. Every caller alike ("default"), whatever the role.
THROTTLE_RATES = throttle_rates(
    "auth",
    {
        # Per address and device (the front's cookie) tightly; per address alone a ceiling high
        # enough for a carrier's shared mobile address (front/web/device.py).
        "signup_device": {"default": "10/hour"},
        "signup_ip": {"default": "60/hour"},
        "guest_device": {"default": "20/hour"},
        "guest_ip": {"default": "120/hour"},
        "password_user": {"default": "10/hour"},
        "service_token_ip": {"default": "60/min"},
    },
    formerly={
        "THROTTLE_SIGNUP_PER_DEVICE": ("signup_device", "default"),
        "THROTTLE_SIGNUP_PER_IP": ("signup_ip", "default"),
        "THROTTLE_GUEST_PER_DEVICE": ("guest_device", "default"),
        "THROTTLE_GUEST_PER_IP": ("guest_ip", "default"),
        "THROTTLE_PASSWORD_PER_USER": ("password_user", "default"),
        "THROTTLE_SERVICE_TOKEN_PER_IP": ("service_token_ip", "default"),
    },
)
# --- social login (auth_service/README.md): a provider is on when its client id is set. The
# endpoint URLs default to the providers' real ones; tests point them at a loopback provider.
# Redirect URIs are FRONT_PUBLIC_URL + /login/social/<provider>/callback.
FRONT_PUBLIC_URL = env_str("FRONT_PUBLIC_URL").rstrip("/")
_SOCIAL_DEFAULTS = {
    "kakao": {
        "authorize_url": "https://kauth.kakao.com/oauth/authorize",
        "token_url": "https://kauth.kakao.com/oauth/token",
        "userinfo_url": "https://kapi.kakao.com/v2/user/me",
        # Kakao's optional OpenID Connect: set KAKAO_JWKS_URL=https://kauth.kakao.com/.well-known/jwks.json
        # and KAKAO_SCOPE=openid profile_nickname … to read an ID token instead of the user-info API.
        "jwks_url": "",
        "issuer": "https://kauth.kakao.com",
        "scope": "profile_nickname",
    },
    "naver": {  # Naver's consent items are chosen in its console, not by a scope parameter
        "authorize_url": "https://nid.naver.com/oauth2.0/authorize",
        "token_url": "https://nid.naver.com/oauth2.0/token",
        "userinfo_url": "https://openapi.naver.com/v1/nid/me",
        "scope": "",
    },
    "google": {
        "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
        "token_url": "https://oauth2.googleapis.com/token",
        "jwks_url": "https://www.googleapis.com/oauth2/v3/certs",
        "issuer": "https://accounts.google.com",
        "scope": "openid email profile",
    },
}
SOCIAL_PROVIDERS = {
    name: {
        "client_id": env_str(f"{name.upper()}_CLIENT_ID"),
        "client_secret": env_str(f"{name.upper()}_CLIENT_SECRET"),
        **{key: env_str(f"{name.upper()}_{key.upper()}", default) for key, default in defaults.items()},
    }
    for name, defaults in _SOCIAL_DEFAULTS.items()
    if env_str(f"{name.upper()}_CLIENT_ID")
}
# A sign-in started must come back within this time; the nickname page must be sent within that.
SOCIAL_FLOW_MAX_AGE_SECONDS = env_int("SOCIAL_FLOW_MAX_AGE_SECONDS", 600)
SOCIAL_SIGNUP_MAX_AGE_SECONDS = env_int("SOCIAL_SIGNUP_MAX_AGE_SECONDS", 900)
