"""Issuing, rotating and revoking the tokens auth signs (RS256, ``kid`` = RFC 7638 thumbprint).

Other services verify these with ``kingdom.tokens.verify_token``: the claims below are that
contract (``iss``, ``aud``, ``sub``, ``exp``, ``iat``, ``jti``, ``token_type``, ``nickname``,
``role``). Refresh tokens are also rows (:class:`IssuedRefreshToken`) so they can be rotated
and revoked; access tokens live minutes and are never looked up.
"""

from __future__ import annotations

import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from auth_service.accounts.errors import InvalidRefreshToken
from auth_service.accounts.keys import signing_key
from auth_service.accounts.models import IssuedRefreshToken, RevokeReason, User
from kingdom.tokens import InvalidToken, verify_token


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def _sign(
    subject: str, *, token_type: str, lifetime: timedelta, nickname: str, role: str
) -> tuple[str, dict]:
    key, kid = signing_key()
    now = timezone.now()
    claims: dict[str, Any] = {
        "iss": settings.SIMPLE_JWT["ISSUER"],
        "aud": settings.SIMPLE_JWT["AUDIENCE"],
        "sub": subject,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "jti": uuid.uuid4().hex,
        "token_type": token_type,
        "nickname": nickname,
        "role": role,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid}), claims


def access_token_issue(user: User) -> str:
    token, _ = _sign(
        str(user.pk),
        token_type="access",  # noqa: S106 - a claim value, not a password
        lifetime=timedelta(minutes=settings.JWT_ACCESS_TOKEN_MINUTES),
        nickname=user.nickname,
        role=user.role,
    )
    return token


def token_pair_issue(user: User, *, family: uuid.UUID | None = None) -> TokenPair:
    """A fresh access token and a refresh token recorded for rotation (a new family per login)."""
    refresh, claims = _sign(
        str(user.pk),
        token_type="refresh",  # noqa: S106
        lifetime=timedelta(days=settings.JWT_REFRESH_TOKEN_DAYS),
        nickname=user.nickname,
        role=user.role,
    )
    IssuedRefreshToken.objects.create(
        jti=claims["jti"],
        user=user,
        family=family or uuid.uuid4(),
        expires_at=datetime.fromtimestamp(claims["exp"], tz=UTC),
    )
    return TokenPair(access=access_token_issue(user), refresh=refresh)


def service_token_issue(client_id: str) -> tuple[str, int]:
    """A short-lived ``service`` access token for another Thrift Kingdom service; ``(token, expires_in)``."""
    lifetime = timedelta(minutes=settings.JWT_SERVICE_TOKEN_MINUTES)
    token, _ = _sign(client_id, token_type="access", lifetime=lifetime, nickname=client_id, role="service")  # noqa: S106
    return token, int(lifetime.total_seconds())


def _refresh_claims(refresh: str) -> dict[str, Any]:
    try:
        return verify_token(refresh, token_type="refresh")  # noqa: S106
    except InvalidToken as exc:
        raise InvalidRefreshToken() from exc


def refresh_token_rotate(refresh: str) -> TokenPair:
    """Trade a live refresh token for a new pair; the old one stops working.

    Two tabs (or two requests of the front for one browser) may present the same token at once:
    within ``JWT_REFRESH_REUSE_GRACE_SECONDS`` of its rotation the latecomer gets a pair of the
    same family too. Later, a rotated token presented again means two parties hold the family:
    every token of the family is revoked and both have to sign in again.
    """
    claims = _refresh_claims(refresh)
    now = timezone.now()
    grace = timedelta(seconds=settings.JWT_REFRESH_REUSE_GRACE_SECONDS)
    with transaction.atomic():
        issued = (
            IssuedRefreshToken.objects.select_for_update()
            .select_related("user")
            .filter(jti=claims["jti"])
            .first()
        )
        if issued is None or not issued.user.is_active:
            raise InvalidRefreshToken()
        if issued.revoked_at is None:
            issued.revoked_at, issued.revoke_reason = now, RevokeReason.ROTATED
            issued.save(update_fields=["revoked_at", "revoke_reason"])
            return token_pair_issue(issued.user, family=issued.family)
        if issued.revoke_reason == RevokeReason.ROTATED:
            if now - issued.revoked_at <= grace:
                return token_pair_issue(issued.user, family=issued.family)
            IssuedRefreshToken.objects.filter(family=issued.family, revoked_at__isnull=True).update(
                revoked_at=now, revoke_reason=RevokeReason.REUSE_DETECTED
            )
    raise InvalidRefreshToken()


def refresh_token_revoke(refresh: str) -> None:
    """Logout: this refresh token stops working (again is fine)."""
    claims = _refresh_claims(refresh)
    IssuedRefreshToken.objects.filter(jti=claims["jti"], revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoke_reason=RevokeReason.LOGOUT
    )


def user_refresh_tokens_revoke(user: User, reason: RevokeReason) -> int:
    """Every refresh token of ``user`` stops working (password change, deactivation, upgrade)."""
    return IssuedRefreshToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoke_reason=reason
    )


# A stand-in compared against when the client id is unknown, so both cases take the same time.
_UNKNOWN_CLIENT_SECRET = secrets.token_urlsafe(32)


def service_client_verify(client_id: str, client_secret: str) -> bool:
    """Whether the credentials are one of ``SERVICE_CLIENTS``, compared in constant time."""
    expected = settings.SERVICE_CLIENTS.get(client_id)
    matches = hmac.compare_digest((expected or _UNKNOWN_CLIENT_SECRET).encode(), client_secret.encode())
    return matches and expected is not None
