"""Local verification of the RS256 JWTs that auth_service signs, on djangorestframework-simplejwt.

Every service except auth verifies access tokens itself with auth's public keys — so no request
waits on a call to auth. simplejwt does the verifying, configured in ``settings.SIMPLE_JWT``
(kingdom.settings, from ``JWT_PUBLIC_KEY``/``JWT_JWKS_URL``, ``JWT_ISSUER``, ``JWT_AUDIENCE``,
``JWT_LEEWAY_SECONDS``): RS256 only, signature, ``iss``, ``aud``, ``exp`` with the leeway, the
``jti`` and the ``token_type`` claims. Added here:

- the key is chosen by the token's ``kid`` (an RFC 7638 thumbprint) among the PEM keys in
  ``VERIFYING_KEY`` or auth's JWKS at ``JWK_URL``, refetched at most every 30 s whatever callers
  send (simplejwt's PyJWKClient would fetch again for every unknown ``kid``), so keys rotate
  without logging anyone out and made-up kids do not reach auth;
- every claim auth issues is required, and the ``role`` claim must be one of ours; it becomes a
  :class:`TokenUser` (``TOKEN_USER_CLASS``);
- local verification cannot know that staff deactivated an account since its token was issued. So
  each process also pulls auth's short list of recently deactivated accounts every
  ``JWT_DENYLIST_SECONDS`` (30; 0 turns it off) and refuses their tokens issued before the
  deactivation: the window closes within that interval instead of the token's 15 minutes.

Issuing stays auth's own (auth_service.accounts.tokens: refresh families, reuse detection, a grace
window — beyond what simplejwt's tokens do).
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from django.conf import settings
from rest_framework import exceptions
from rest_framework_simplejwt import settings as simplejwt_settings
from rest_framework_simplejwt.authentication import JWTStatelessUserAuthentication
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenBackendError, TokenError
from rest_framework_simplejwt.tokens import Token

from kingdom.jwk import public_jwk
from kingdom.roles import RoleFlags

logger = logging.getLogger("kingdom.tokens")

ALGORITHMS = ["RS256"]
ROLES = ("guest", "member", "staff", "service")
#: every claim auth_service issues (auth_service.accounts.tokens); a token without one is refused
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub", "jti", "token_type")
_PEM_BLOCK = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.S)


class InvalidToken(Exception):
    """The token is malformed, forged, expired or of the wrong kind; the message says which."""


@dataclass(frozen=True)
class TokenUser(RoleFlags):
    """The caller as the token describes it; no database row behind it outside auth_service."""

    id: int | None
    nickname: str
    role: str
    claims: dict[str, Any] = field(repr=False, compare=False)

    is_authenticated = True
    is_anonymous = False

    @property
    def pk(self) -> int | None:
        return self.id

    def as_author(self) -> dict[str, Any]:
        """The public ``{"id", "nickname", "role"}`` shape docs/contracts.md#conventions gives authors."""
        return {"id": self.id, "nickname": self.nickname, "role": self.role}


class AnonymousCaller:
    """Nobody in particular: ``role`` is ``None`` so permission checks stay uniform."""

    id = None
    pk = None
    nickname = ""
    role = None
    is_authenticated = False
    is_anonymous = True
    is_staff = False
    is_guest = False
    is_member = False
    is_service = False

    def __bool__(self) -> bool:
        return False


def anonymous_user() -> AnonymousCaller:
    """DRF ``UNAUTHENTICATED_USER``."""
    return AnonymousCaller()


def _simple_jwt():
    """``settings.SIMPLE_JWT`` as simplejwt reads it (rebuilt by simplejwt when a test changes it)."""
    return simplejwt_settings.api_settings


# --- keys ------------------------------------------------------------------------------------


def load_public_keys(pem_text: str) -> dict[str, RSAPublicKey]:
    """Parse one or more PEM public keys into ``{kid: key}``."""
    keys: dict[str, RSAPublicKey] = {}
    for block in _PEM_BLOCK.findall(pem_text or ""):
        key = serialization.load_pem_public_key(block.encode())
        if not isinstance(key, RSAPublicKey):
            raise ValueError("JWT_PUBLIC_KEY must hold RSA public keys.")
        keys[public_jwk(key)["kid"]] = key
    return keys


@lru_cache(maxsize=4)
def _configured_pem_keys(pem_text: str) -> dict[str, RSAPublicKey]:
    return load_public_keys(pem_text)


class _JwksCache:
    """Keys fetched from ``JWT_JWKS_URL``, refreshed every few minutes and on an unknown ``kid``.

    Whatever the outcome, auth is asked at most every ``min_refetch_interval`` seconds: while it
    is down (or a caller sends made-up kids) requests must not queue up behind fetches that time
    out; the keys already known keep verifying meanwhile.
    """

    refresh_after = 300.0
    min_refetch_interval = 30.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[str, Any] = {}
        self._url = ""  # where _keys came from
        self._attempted_url = ""
        self._attempted_at = float("-inf")

    def get(self, url: str, kid: str) -> Any:
        if self._fetch_due(url, kid):
            with self._lock:
                if self._fetch_due(url, kid):  # another thread may have fetched while we waited
                    self._fetch(url)
        return self._keys.get(kid) if url == self._url else None

    def _fetch_due(self, url: str, kid: str) -> bool:
        since_attempt = time.monotonic() - self._attempted_at
        if url == self._attempted_url and since_attempt < self.min_refetch_interval:
            return False
        return url != self._url or kid not in self._keys or since_attempt > self.refresh_after

    def _fetch(self, url: str) -> None:
        from kingdom.http import ServiceClient, UpstreamUnavailable

        try:
            response = ServiceClient(url, timeout=2.0).get("")
            document = response.json() if response.status_code == 200 else {}
            keys = {
                jwk["kid"]: jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))
                for jwk in document.get("keys", [])
                if jwk.get("kty") == "RSA" and jwk.get("kid")
            }
        except (UpstreamUnavailable, ValueError, AttributeError, TypeError, jwt.PyJWTError):
            # Keep verifying with the keys already known; an outage of auth must not log people out.
            keys = {}
        if keys:
            self._keys, self._url = keys, url
        # Stamped when the answer is in, so requests arriving meanwhile wait for it on the lock.
        self._attempted_url, self._attempted_at = url, time.monotonic()


_jwks_cache = _JwksCache()


def _verification_key(kid: str | None) -> Any:
    pem_keys = _configured_pem_keys(_simple_jwt().VERIFYING_KEY or "")
    if kid and kid in pem_keys:
        return pem_keys[kid]
    if _simple_jwt().JWK_URL and kid:
        key = _jwks_cache.get(_simple_jwt().JWK_URL, kid)
        if key is not None:
            return key
    if kid is None and len(pem_keys) == 1:
        return next(iter(pem_keys.values()))
    raise _Refused("토큰 서명 키를 알 수 없습니다.")


# --- verification ----------------------------------------------------------------------------


class _Refused(TokenBackendError):
    """A refusal of ours before or after simplejwt's checks; its message is the one callers see."""


class _Refusal(TokenError):
    """A refusal of ours among simplejwt's token checks; its message is the one callers see."""


class _KeyedTokenBackend(TokenBackend):
    """simplejwt's backend (RS256, ``iss``, ``aud``, ``exp``, leeway) with the key chosen by ``kid``."""

    def get_verifying_key(self, token) -> Any:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise _Refused("토큰 형식이 올바르지 않습니다.") from exc
        if header.get("alg") not in ALGORITHMS:
            raise _Refused("허용되지 않는 서명 알고리즘입니다.")
        return _verification_key(header.get("kid"))


@lru_cache(maxsize=4)
def _backend(algorithm: str, audience: str | None, issuer: str | None, leeway: Any) -> _KeyedTokenBackend:
    # No jwk_url: simplejwt would build a PyJWKClient; keys come from _verification_key instead.
    return _KeyedTokenBackend(algorithm, audience=audience, issuer=issuer, leeway=leeway)


class _AuthToken(Token):
    """A token auth issued, verified (never created) here: simplejwt's checks plus ours."""

    lifetime = timedelta(0)  # simplejwt insists on one; only auth issues tokens

    def get_token_backend(self) -> TokenBackend:
        # Read per token (not simplejwt's module-level backend), so changed settings apply at once.
        return _backend(
            _simple_jwt().ALGORITHM, _simple_jwt().AUDIENCE, _simple_jwt().ISSUER, _simple_jwt().LEEWAY
        )

    @property
    def token_backend(self) -> TokenBackend:
        return self.get_token_backend()

    def verify(self) -> None:
        missing = [claim for claim in REQUIRED_CLAIMS if claim not in self.payload]
        if missing:
            raise _Refusal(f"토큰에 필요한 클레임이 없습니다: {', '.join(missing)}")
        super().verify()  # exp, jti, token_type
        if self.payload.get("role") not in ROLES:
            raise _Refusal("토큰의 역할(role)이 올바르지 않습니다.")

    def verify_token_type(self) -> None:
        if self.payload.get(_simple_jwt().TOKEN_TYPE_CLAIM) != self.token_type:
            raise _Refusal(f"{self.token_type} 토큰이 아닙니다.")


class AccessToken(_AuthToken):
    """``SIMPLE_JWT["AUTH_TOKEN_CLASSES"]``: what an ``Authorization: Bearer`` header must carry."""

    token_type = "access"  # noqa: S105 - a claim value


class RefreshToken(_AuthToken):
    """A refresh token, as auth's refresh endpoint reads it (never accepted as a credential)."""

    token_type = "refresh"  # noqa: S105 - a claim value


_TOKEN_CLASSES = {cls.token_type: cls for cls in (AccessToken, RefreshToken)}


def _reason(error: TokenError) -> str:
    if isinstance(error, ExpiredTokenError):
        return "토큰이 만료되었습니다."
    if isinstance(error, _Refusal):
        return str(error)
    if isinstance(error.__cause__, _Refused):
        return str(error.__cause__)
    return "유효하지 않은 토큰입니다."


def validated_token(token: str, *, token_type: str = "access") -> _AuthToken:  # noqa: S107
    """The verified token (simplejwt's wrapper); :class:`InvalidToken` says why when it is not."""
    try:
        return _TOKEN_CLASSES[token_type](token)
    except TokenError as error:
        raise InvalidToken(_reason(error)) from error


def verify_token(token: str, *, token_type: str = "access") -> dict[str, Any]:  # noqa: S107
    """Verify signature, algorithm, ``iss``, ``aud``, ``exp``, ``jti``, ``token_type`` and ``role``;
    return the claims."""
    return validated_token(token, token_type=token_type).payload


def user_from_claims(claims: dict[str, Any]) -> TokenUser:
    role = claims["role"]
    subject = str(claims["sub"])
    user_id = None if role == "service" else int(subject) if subject.isdigit() else None
    if role != "service" and user_id is None:
        raise InvalidToken("토큰의 사용자 식별자가 올바르지 않습니다.")
    return TokenUser(id=user_id, nickname=str(claims.get("nickname") or subject), role=role, claims=claims)


def token_user(token: Token) -> TokenUser:
    """``SIMPLE_JWT["TOKEN_USER_CLASS"]``: the caller a verified token describes (the ``role`` claim)."""
    return user_from_claims(token.payload)


class _DeactivatedUsers:
    """``{user id: deactivated at (epoch s)}`` from auth, at most ``JWT_DENYLIST_SECONDS`` old.

    Pulled rather than pushed: every process of every service needs it, auth keeps the truth, and
    a pull needs no delivery bookkeeping; one small GET per interval per process. One thread
    fetches while the others go on with the list they have; when auth cannot answer, the last
    list stays in force (an outage of auth must not log everyone out) and is asked for again
    after the interval.
    """

    path = "/api/auth/internal/deactivated-users"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._since: dict[int, float] = {}
        self._fetched_at = float("-inf")

    def deactivated_at(self, user_id: int) -> float | None:
        interval = settings.JWT_DENYLIST_SECONDS
        if interval <= 0:
            return None
        if time.monotonic() - self._fetched_at >= interval and self._lock.acquire(blocking=False):
            try:
                if time.monotonic() - self._fetched_at >= interval:
                    self._fetch()
            finally:
                self._lock.release()
        return self._since.get(user_id)

    def _fetch(self) -> None:
        from kingdom.http import UpstreamUnavailable, internal_client

        try:
            response = internal_client("AUTH_SERVICE_URL").get(self.path)
            if response.status_code == 200:
                self._since = {int(u["id"]): float(u["deactivated_at"]) for u in response.json()["users"]}
            else:
                logger.warning("deactivated users: auth answered %s", response.status_code)
        except (UpstreamUnavailable, ValueError, KeyError, TypeError) as exc:
            logger.warning("deactivated users: list unavailable (%s)", exc)
        self._fetched_at = time.monotonic()


_deactivated_users = _DeactivatedUsers()


class JWTAuthentication(JWTStatelessUserAuthentication):
    """DRF authentication: ``Authorization: Bearer <access token>`` verified locally by simplejwt
    (no database lookup: the caller is a :class:`TokenUser`); tokens of accounts deactivated after
    they were issued are refused (auth's list, see the module doc). ``request.auth`` is the claims.

    A header that is not ``Bearer <token>`` is refused (401) rather than ignored as simplejwt does:
    a caller who sent credentials must not silently become anonymous.
    """

    keyword = "Bearer"
    www_authenticate_realm = "thrift-kingdom"

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0] != self.keyword:
            raise exceptions.AuthenticationFailed("Authorization 헤더는 'Bearer <토큰>' 형식이어야 합니다.")
        try:
            token = validated_token(parts[1])
            user = self.get_user(token)
        except InvalidToken as exc:
            raise exceptions.AuthenticationFailed(str(exc)) from exc
        if not user.is_service:
            deactivated_at = _deactivated_users.deactivated_at(user.id)
            if deactivated_at is not None and float(token.payload.get("iat", 0)) <= deactivated_at:
                raise exceptions.AuthenticationFailed("사용할 수 없는 계정입니다.")
        return user, token.payload
