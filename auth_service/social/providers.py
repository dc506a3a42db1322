"""The exchange with Kakao, Naver and Google: Authlib's OAuth 2.0 client, PKCE, ``state`` and ``nonce``.

auth_service never keeps a pending sign-in: :func:`authorization_begin` answers the provider's
authorize URL and a *flow* (state, PKCE verifier, nonce, provider) signed with auth's secret key,
which the front keeps in its session and hands back with the callback's ``code`` and ``state``.
:func:`authorization_finish` checks the flow's signature and age, that the callback's ``state`` is
the flow's, trades the code (with the verifier) for the provider's tokens and reads who signed in:
Kakao and Naver from their user-info APIs, Google from its ID token (signature against Google's
JWKS, ``iss``, ``aud`` = our client id, ``exp``, ``nonce`` = the flow's).

Every refusal is a :class:`SocialRefused` with a Korean message a person can act on.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.core import signing
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from rest_framework import exceptions, status

from auth_service.social.models import Provider

logger = logging.getLogger("auth_service.social")

_FLOW_SALT = "auth_service.social.flow"
# Google's clock and ours may differ a little (Authlib's own default for ID tokens is 120 s).
_ID_TOKEN_LEEWAY_SECONDS = 120


class SocialRefused(exceptions.APIException):
    """A sign-in through a provider that cannot go on; ``slug`` tells the front which one."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "social_refused"

    def __init__(self, detail: str, *, slug: str, status_code: int = status.HTTP_400_BAD_REQUEST):
        super().__init__(detail)
        self.slug = slug
        self.status_code = status_code


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    client_id: str
    client_secret: str
    authorize_url: str
    token_url: str
    scope: str
    userinfo_url: str = ""
    jwks_url: str = ""
    issuer: str = ""

    @property
    def label(self) -> str:
        return Provider(self.name).label

    @property
    def oidc(self) -> bool:
        return bool(self.jwks_url)

    @property
    def redirect_uri(self) -> str:
        return f"{settings.FRONT_PUBLIC_URL}/login/social/{self.name}/callback"


@dataclass(frozen=True)
class ProviderProfile:
    """Who signed in at the provider: a stable subject, and what we may propose from the profile."""

    provider: str
    subject: str
    nickname: str = ""
    email: str = ""
    email_verified: bool = False


def configured_providers() -> list[ProviderConfig]:
    """The providers the operator turned on (a client id in the environment), in display order."""
    return [ProviderConfig(name=name, **values) for name, values in settings.SOCIAL_PROVIDERS.items()]


def provider_get(name: str) -> ProviderConfig:
    for provider in configured_providers():
        if provider.name == name:
            return provider
    raise exceptions.NotFound("이 방법으로는 로그인할 수 없습니다.")


def _session(provider: ProviderConfig, **kwargs) -> OAuth2Session:
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        token_endpoint_auth_method="client_secret_post",  # noqa: S106 - a method name, not a secret
        scope=provider.scope or None,
        redirect_uri=provider.redirect_uri,
        code_challenge_method="S256",
        default_timeout=settings.UPSTREAM_TIMEOUT_SECONDS,
        **kwargs,
    )


# --- the start: where to send the browser ------------------------------------------------------


def authorization_begin(provider: ProviderConfig) -> tuple[str, str]:
    """``(authorize URL, signed flow)`` for a new sign-in at ``provider``."""
    flow = {"p": provider.name, "s": generate_token(32), "v": generate_token(64)}
    extra = {}
    if provider.oidc:
        flow["n"] = extra["nonce"] = generate_token(32)
    url, _state = _session(provider).create_authorization_url(
        provider.authorize_url, state=flow["s"], code_verifier=flow["v"], **extra
    )
    return url, signing.dumps(flow, salt=_FLOW_SALT, compress=True)


# --- the callback: who signed in ------------------------------------------------------------------


def _flow_load(provider: ProviderConfig, signed: str) -> dict[str, str]:
    try:
        flow = signing.loads(signed, salt=_FLOW_SALT, max_age=settings.SOCIAL_FLOW_MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise SocialRefused(
            "로그인을 시작한 지 너무 오래되었어요. 처음부터 다시 시도해 주세요.", slug="social_flow_expired"
        ) from exc
    except signing.BadSignature as exc:
        raise SocialRefused(
            "로그인 요청을 확인할 수 없어요. 처음부터 다시 시도해 주세요.", slug="social_state_mismatch"
        ) from exc
    if not isinstance(flow, dict) or flow.get("p") != provider.name:
        raise SocialRefused(
            "로그인 요청을 확인할 수 없어요. 처음부터 다시 시도해 주세요.", slug="social_state_mismatch"
        )
    return flow


def authorization_finish(
    provider: ProviderConfig, *, flow: str, state: str, code: str = "", error: str = ""
) -> ProviderProfile:
    """The provider account behind ``code``, or :class:`SocialRefused` (nothing is written here)."""
    pending = _flow_load(provider, flow)
    if not hmac.compare_digest(state.encode(), pending["s"].encode()):
        # Not the sign-in this browser started: a forged or crossed callback (login CSRF).
        raise SocialRefused(
            "로그인 요청이 이 브라우저에서 시작한 것과 달라요. 처음부터 다시 시도해 주세요.",
            slug="social_state_mismatch",
        )
    if error:
        if error == "access_denied":
            raise SocialRefused(
                f"{provider.label} 로그인에 동의하지 않아 취소했어요.", slug="social_access_denied"
            )
        raise SocialRefused(
            f"{provider.label}에서 로그인을 마치지 못했어요 ({error[:40]}). 다시 시도해 주세요.",
            slug="social_provider_error",
        )
    if not code:
        raise SocialRefused("로그인 정보가 빠져 있어요. 다시 시도해 주세요.", slug="social_code_rejected")
    session = _session(provider)
    token = _token_fetch(provider, session, code, pending["v"])
    if provider.oidc:
        claims = _id_token_claims(provider, token, pending.get("n", ""))
        return ProviderProfile(
            provider=provider.name,
            subject=str(claims["sub"]),
            nickname=str(claims.get("nickname") or claims.get("name") or claims.get("given_name") or ""),
            email=str(claims.get("email") or ""),
            email_verified=claims.get("email_verified") is True,
        )
    return _userinfo_profile(provider, session)


def _token_fetch(provider: ProviderConfig, session: OAuth2Session, code: str, verifier: str) -> dict:
    try:
        return session.fetch_token(provider.token_url, code=code, code_verifier=verifier)
    except OAuthError as exc:
        # Kakao KOE320 / Naver "no valid data in session" / Google invalid_grant: used, expired,
        # issued for another redirect URI or PKCE challenge. The provider's words go to the log.
        logger.info(
            "provider refused the code",
            extra={"provider": provider.name, "error": exc.error, "why": exc.description},
        )
        if exc.error == "invalid_client":
            # Our client id or secret is wrong: the operator must fix it, the person can only wait.
            logger.error("provider refused our client credentials", extra={"provider": provider.name})
            raise _unavailable(provider) from exc
        raise SocialRefused(
            f"{provider.label} 인증이 만료되었거나 이미 사용되었어요. 처음부터 다시 시도해 주세요.",
            slug="social_code_rejected",
        ) from exc
    except (requests.RequestException, ValueError) as exc:
        raise _unavailable(provider) from exc


def _unavailable(provider: ProviderConfig) -> SocialRefused:
    return SocialRefused(
        f"지금은 {provider.label}에 연결할 수 없어요. 잠시 후 다시 시도해 주세요.",
        slug="social_provider_unavailable",
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
    )


def _untrusted_id_token(provider: ProviderConfig) -> SocialRefused:
    return SocialRefused(
        f"{provider.label}에서 받은 로그인 정보를 믿을 수 없어 로그인하지 않았어요. 다시 시도해 주세요.",
        slug="social_id_token_invalid",
    )


class _ProviderKeys:
    """The provider's JWKS, fetched on first use, every hour, and again for a kid it does not hold."""

    max_age_seconds = 3600

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sets: dict[str, tuple[float, dict]] = {}

    def get(self, url: str, *, force: bool = False) -> KeySet:
        with self._lock:
            fetched = self._sets.get(url)
            if force or fetched is None or time.monotonic() - fetched[0] > self.max_age_seconds:
                response = requests.get(url, timeout=settings.UPSTREAM_TIMEOUT_SECONDS)
                response.raise_for_status()
                fetched = self._sets[url] = (time.monotonic(), response.json())
            return KeySet.import_key_set(fetched[1])


provider_keys = _ProviderKeys()


def _id_token_claims(provider: ProviderConfig, token: dict, nonce: str) -> dict[str, Any]:
    """Authlib's ``CodeIDToken`` rules (aud, nonce, iss, exp, at_hash) on a signature joserfc checked."""
    raw = token.get("id_token")
    if not raw:
        raise _untrusted_id_token(provider)
    try:
        try:
            decoded = jwt.decode(raw, provider_keys.get(provider.jwks_url), algorithms=["RS256"])
        except InvalidKeyIdError:
            # The provider rotated its keys: one refetch for a kid we do not hold, then refused.
            decoded = jwt.decode(raw, provider_keys.get(provider.jwks_url, force=True), algorithms=["RS256"])
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                # Google writes its issuer with and without the scheme (its OIDC documentation);
                # Kakao's is https://kauth.kakao.com.
                "iss": {
                    "essential": True,
                    "values": [provider.issuer, provider.issuer.removeprefix("https://")],
                },
                # Authlib checks ``aud`` only through ``azp``; a token for another app must fail here.
                "aud": {"essential": True, "values": [provider.client_id]},
            },
            {"nonce": nonce, "client_id": provider.client_id, "access_token": token.get("access_token")},
        )
        claims.validate(leeway=_ID_TOKEN_LEEWAY_SECONDS)
    except (requests.RequestException, ValueError) as exc:
        raise _unavailable(provider) from exc
    except JoseError as exc:
        logger.info("ID token refused", extra={"provider": provider.name, "why": str(exc)})
        raise _untrusted_id_token(provider) from exc
    if not claims.get("sub"):
        raise _untrusted_id_token(provider)
    return dict(claims)


def _userinfo_profile(provider: ProviderConfig, session: OAuth2Session) -> ProviderProfile:
    try:
        response = session.get(provider.userinfo_url, timeout=settings.UPSTREAM_TIMEOUT_SECONDS)
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise _unavailable(provider) from exc
    if response.status_code != 200 or not isinstance(body, dict):
        # Kakao {"msg", "code": -401}; Naver {"resultcode": "024", "message": "Authentication failed"}
        logger.warning("user info refused", extra={"provider": provider.name, "status": response.status_code})
        raise _unavailable(provider)
    if provider.name == Provider.NAVER:
        # Naver wraps everything: {"resultcode": "00", "message": "success", "response": {...}}
        profile = body.get("response") if body.get("resultcode") == "00" else None
        if not isinstance(profile, dict) or not profile.get("id"):
            raise _unavailable(provider)
        # Naver hands out only addresses it has confirmed.
        email = str(profile.get("email") or "")
        return ProviderProfile(
            provider=provider.name,
            subject=str(profile["id"]),
            nickname=str(profile.get("nickname") or profile.get("name") or ""),
            email=email,
            email_verified=bool(email),
        )
    # Kakao: {"id": 123, "properties": {"nickname"}, "kakao_account": {"profile": {"nickname"}, "email",
    # "is_email_valid", "is_email_verified"}}
    if not body.get("id"):
        raise _unavailable(provider)
    account = body.get("kakao_account") or {}
    nickname = (account.get("profile") or {}).get("nickname") or (body.get("properties") or {}).get(
        "nickname"
    )
    verified = account.get("is_email_valid") is True and account.get("is_email_verified") is True
    return ProviderProfile(
        provider=provider.name,
        subject=str(body["id"]),
        nickname=str(nickname or ""),
        email=str(account.get("email") or ""),
        email_verified=verified,
    )
