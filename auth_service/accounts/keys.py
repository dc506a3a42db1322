"""The signing key and the public keys auth publishes (JWKS) and accepts.

``JWT_PRIVATE_KEY`` signs every token. ``JWT_PREVIOUS_PUBLIC_KEYS`` (PEM blocks) are keys that
signed tokens still in circulation: they stay in the JWKS and keep verifying until those tokens
expire, so a key rotation logs nobody out (steps in auth_service/README.md).
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from kingdom.jwk import public_jwk

# Only cryptography at import time: config/settings.py derives SIMPLE_JWT["VERIFYING_KEY"] with this module.


@lru_cache(maxsize=4)
def load_private_key(pem: str) -> RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, RSAPrivateKey):
        raise ValueError("JWT_PRIVATE_KEY must be an RSA private key (PEM).")
    return key


def public_pem(private_pem: str) -> str:
    """The PEM public key that belongs to ``private_pem``."""
    return (
        load_private_key(private_pem)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def verification_pems(private_pem: str, previous_public_pems: str) -> str:
    """Every public key auth accepts, as PEM text for ``SIMPLE_JWT["VERIFYING_KEY"]`` (current key first)."""
    return "\n".join(part.strip() for part in (public_pem(private_pem), previous_public_pems) if part.strip())


def signing_key() -> tuple[RSAPrivateKey, str]:
    """The current private key and its ``kid``."""
    from django.conf import settings

    key = load_private_key(settings.JWT_PRIVATE_KEY)
    return key, public_jwk(key.public_key())["kid"]


def jwks_document() -> dict:
    """``{"keys": [...]}``: the current key first, then the previous keys still trusted."""
    from django.conf import settings

    from kingdom.tokens import load_public_keys

    current = public_jwk(signing_key()[0].public_key())
    previous = [
        public_jwk(key)
        for kid, key in load_public_keys(settings.JWT_PREVIOUS_PUBLIC_KEYS).items()
        if kid != current["kid"]
    ]
    return {"keys": [current, *previous]}
