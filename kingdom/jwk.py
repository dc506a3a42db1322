"""JSON Web Keys for RSA public keys: one ``kid`` rule (RFC 7638 thumbprint) for signer and verifiers."""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def public_jwk(public_key: RSAPublicKey) -> dict[str, str]:
    """The JWK of an RSA public key, with its RFC 7638 thumbprint as ``kid``."""
    numbers = public_key.public_numbers()
    essential = {"e": _b64url_uint(numbers.e), "kty": "RSA", "n": _b64url_uint(numbers.n)}
    canonical = json.dumps(essential, separators=(",", ":"), sort_keys=True).encode()
    kid = base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode()
    return {**essential, "kid": kid, "use": "sig", "alg": "RS256"}
