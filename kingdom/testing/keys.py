"""An RSA key pair made once per test process, and a signer that mints tokens as auth_service does."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kingdom.jwk import public_jwk


@dataclass
class KeyPair:
    key_size: int = 2048

    @cached_property
    def private_key(self) -> rsa.RSAPrivateKey:
        return rsa.generate_private_key(public_exponent=65537, key_size=self.key_size)

    @property
    def private_pem(self) -> str:
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()

    @property
    def public_pem(self) -> str:
        return (
            self.private_key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )

    @property
    def kid(self) -> str:
        return public_jwk(self.private_key.public_key())["kid"]

    def sign(
        self, claims: dict[str, Any], *, headers: dict[str, Any] | None = None, algorithm="RS256"
    ) -> str:
        return jwt.encode(
            claims, self.private_key, algorithm=algorithm, headers={"kid": self.kid, **(headers or {})}
        )


TEST_KEYS = KeyPair()


def make_claims(
    user_id: int | str,
    *,
    role: str = "member",
    nickname: str | None = None,
    token_type: str = "access",
    lifetime: int = 300,
    issuer: str = "thrift-kingdom-auth",
    audience: str = "thrift-kingdom",
    **extra: Any,
) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": issuer,
        "aud": audience,
        "sub": str(user_id),
        "iat": now,
        "exp": now + lifetime,
        "jti": uuid.uuid4().hex,
        "token_type": token_type,
        "nickname": nickname or f"user{user_id}",
        "role": role,
        **extra,
    }


def make_token(user_id: int | str, *, keys: KeyPair = TEST_KEYS, **claims: Any) -> str:
    """A token signed with the test key, as auth_service would issue it."""
    return keys.sign(make_claims(user_id, **claims))
