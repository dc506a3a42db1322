"""System checks: auth cannot issue a single token without a usable signing key."""

from django.conf import settings
from django.core.checks import Error, register

MIN_KEY_BITS = 2048


@register()
def signing_key_check(app_configs, **kwargs) -> list[Error]:
    from auth_service.accounts.keys import load_private_key

    if not settings.JWT_PRIVATE_KEY:
        return [Error("JWT_PRIVATE_KEY is not set.", hint="A PEM RSA private key.", id="accounts.E001")]
    try:
        key = load_private_key(settings.JWT_PRIVATE_KEY)
    except (ValueError, TypeError) as exc:
        return [Error(f"JWT_PRIVATE_KEY is not a usable RSA private key: {exc}", id="accounts.E001")]
    if key.key_size < MIN_KEY_BITS:
        # Shorter RSA keys can be factored by a determined attacker, who could then sign any token.
        return [
            Error(
                f"JWT_PRIVATE_KEY has {key.key_size} bits; use at least {MIN_KEY_BITS}.",
                hint="openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048",
                id="accounts.E001",
            )
        ]
    return []
