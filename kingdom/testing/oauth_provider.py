"""A real OAuth 2.0 / OpenID Connect provider on 127.0.0.1 that answers like Kakao, Naver and Google.

Tests point auth_service's provider URLs at it (``provider.environment()``) and run the whole
flow over HTTP, browser included, without the internet:

    with LoopbackOAuthProvider() as provider:
        provider.register("kakao", redirect_uris=["http://127.0.0.1:8000/login/social/kakao/callback"])
        provider.sign_in_as("kakao", subject="4001", nickname="짠돌이", email="a@example.kr")
        ...  # the browser reaches /kakao/oauth/authorize, approves, comes back with a code

Each provider lives under its own path prefix with the real paths after it (``/kakao/oauth/token``,
``/naver/v1/nid/me``, ``/google/oauth2/v3/certs``…). The consent page approves or denies; codes are
single-use, expire after ``code_lifetime`` seconds and are bound to the exact ``redirect_uri``, the
client and the PKCE challenge. Refusals use each provider's own shapes: Kakao's
``{"error", "error_description", "error_code": "KOE320"}``, Naver's ``error``/``error_description``
(with HTTP 200, as Naver does) and ``{"resultcode", "message"}`` envelope, Google's
``invalid_grant`` / ``redirect_uri_mismatch`` and RS256 ID tokens signed with a key in its JWKS.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

PROVIDERS = ("kakao", "naver", "google")
GOOGLE_ISSUER = "https://accounts.google.com"
KAKAO_ISSUER = "https://kauth.kakao.com"
ISSUERS = {"google": GOOGLE_ISSUER, "kakao": KAKAO_ISSUER}

# Where each provider answers, after its prefix: (authorize, token, userinfo or JWKS).
PATHS = {
    "kakao": {
        "authorize": "/oauth/authorize",
        "token": "/oauth/token",
        "userinfo": "/v2/user/me",
        "jwks": "/.well-known/jwks.json",  # Kakao's optional OpenID Connect
    },
    "naver": {"authorize": "/oauth2.0/authorize", "token": "/oauth2.0/token", "userinfo": "/v1/nid/me"},
    "google": {"authorize": "/o/oauth2/v2/auth", "token": "/token", "jwks": "/oauth2/v3/certs"},
}
# What each says when the person presses "cancel" on its consent screen.
DENIED = {
    "kakao": "User denied access",
    "naver": "Canceled By User",
    "google": "The user denied the request",
}


@dataclass
class Identity:
    """The provider account that approves the next consent."""

    subject: str
    nickname: str = "절약러"
    email: str = ""
    email_verified: bool = True


@dataclass
class Client:
    client_id: str
    client_secret: str
    redirect_uris: list[str]


@dataclass
class IssuedCode:
    provider: str
    client_id: str
    redirect_uri: str
    identity: Identity
    expires_at: float
    code_challenge: str = ""
    code_challenge_method: str = ""
    nonce: str = ""
    scope: str = ""
    used: bool = False


@dataclass
class ProviderState:
    client: Client | None = None
    identity: Identity = field(default_factory=lambda: Identity(subject=secrets.token_hex(6)))
    access_tokens: dict[str, Identity] = field(default_factory=dict)
    #: claims that replace the right ones in the next ID tokens: {"aud": "other-app"}
    id_token_overrides: dict[str, Any] = field(default_factory=dict)


class LoopbackOAuthProvider:
    """Kakao, Naver and Google on one loopback port (a thread), for as long as the ``with`` lasts."""

    def __init__(self, *, code_lifetime: float = 60.0, port: int = 0):
        self.code_lifetime = code_lifetime
        self.key = _signing_key()
        #: the keys the JWKS publishes (normally just the signing key)
        self.published = [self.key]
        self.providers = {name: ProviderState() for name in PROVIDERS}
        self.codes: dict[str, IssuedCode] = {}
        self.token_requests: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"

    # --- the test's controls ----------------------------------------------------------------

    def register(
        self, provider: str, *, redirect_uris: list[str], client_id: str = "", client_secret: str = ""
    ) -> Client:
        client = Client(
            client_id or f"{provider}-client-{secrets.token_hex(4)}",
            client_secret or secrets.token_urlsafe(16),
            list(redirect_uris),
        )
        self.providers[provider].client = client
        return client

    def sign_in_as(
        self, provider: str, subject: str, nickname: str = "절약러", email: str = "", **extra
    ) -> None:
        self.providers[provider].identity = Identity(subject=subject, nickname=nickname, email=email, **extra)

    def expire_codes(self) -> None:
        """Every code issued so far is past its lifetime (as if the person waited too long)."""
        with self._lock:
            for code in self.codes.values():
                code.expires_at = 0

    def rotate_key(self) -> None:
        """A new signing key, published in place of the old one (as Google rotates its keys)."""
        self.key = _signing_key()
        self.published = [self.key]

    def sign_with_an_unpublished_key(self) -> None:
        """ID tokens from now on are forged: signed by a key not in the JWKS, under a published kid."""
        self.key = _signing_key(kid=self.published[0].kid)

    def url(self, provider: str, endpoint: str) -> str:
        return f"{self.base_url}/{provider}{PATHS[provider][endpoint]}"

    def environment(self, *, kakao_oidc: bool = False) -> dict[str, str]:
        """auth_service's settings for every registered provider, pointed at this server.

        Kakao signs in through its user-info API unless ``kakao_oidc`` (then with an ID token).
        """
        env: dict[str, str] = {}
        for name, state in self.providers.items():
            if state.client is None:
                continue
            prefix = name.upper()
            env[f"{prefix}_CLIENT_ID"] = state.client.client_id
            env[f"{prefix}_CLIENT_SECRET"] = state.client.client_secret
            for endpoint in PATHS[name]:
                if name == "kakao" and endpoint == "jwks" and not kakao_oidc:
                    continue
                env[f"{prefix}_{endpoint.upper()}_URL"] = self.url(name, endpoint)
            if name == "kakao" and kakao_oidc:
                env["KAKAO_SCOPE"] = "openid profile_nickname account_email"
        return env

    def __enter__(self) -> LoopbackOAuthProvider:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- authorize (the browser) -------------------------------------------------------------

    def _authorize(self, provider: str, query: dict[str, str], method: str) -> tuple[int, dict, bytes]:
        state = self.providers[provider]
        client = state.client
        if client is None or query.get("client_id") != client.client_id:
            return _page(400, "잘못된 앱", "등록되지 않은 client_id 입니다. (KOE101)")
        redirect_uri = query.get("redirect_uri", "")
        if redirect_uri not in client.redirect_uris:
            # Real providers show an error page here and never redirect to an unregistered address.
            return _page(400, "잘못된 Redirect URI", "등록하지 않은 Redirect URI 입니다. (KOE006)")
        if query.get("response_type") != "code":
            return _redirect(
                redirect_uri, {"error": "unsupported_response_type", "state": query.get("state", "")}
            )
        if method == "GET":
            return self._consent_page(provider, query)
        if query.get("decision") != "approve":
            return _redirect(
                redirect_uri,
                {
                    "error": "access_denied",
                    "error_description": DENIED[provider],
                    "state": query.get("state", ""),
                },
            )
        code = secrets.token_urlsafe(24)
        with self._lock:
            self.codes[code] = IssuedCode(
                provider=provider,
                client_id=client.client_id,
                redirect_uri=redirect_uri,
                identity=state.identity,
                expires_at=time.time() + self.code_lifetime,
                code_challenge=query.get("code_challenge", ""),
                code_challenge_method=query.get("code_challenge_method", ""),
                nonce=query.get("nonce", ""),
                scope=query.get("scope", ""),
            )
        return _redirect(redirect_uri, {"code": code, "state": query.get("state", "")})

    def _consent_page(self, provider: str, query: dict[str, str]) -> tuple[int, dict, bytes]:
        identity = self.providers[provider].identity
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
        )
        body = (
            f"<h1>{provider} 동의하고 계속하기</h1>"
            f"<p>{html.escape(identity.nickname)} ({html.escape(identity.email or '이메일 없음')}) 계정으로 "
            f"로그인합니다.</p><form method='post'>{hidden}"
            "<button name='decision' value='approve'>동의하고 계속하기</button>"
            "<button name='decision' value='deny'>취소</button></form>"
        )
        return _page(200, "동의", body, raw=True)

    # --- token (auth_service) ---------------------------------------------------------------

    def _token(self, provider: str, form: dict[str, str], authorization: str) -> tuple[int, dict, bytes]:
        self.token_requests.append(dict(form))
        client = self.providers[provider].client
        client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client is None or client_id != client.client_id or client_secret != client.client_secret:
            return _token_error(provider, "invalid_client")
        if form.get("grant_type") != "authorization_code":
            return _token_error(provider, "unsupported_grant_type")
        with self._lock:
            issued = self.codes.get(form.get("code", ""))
            fresh = issued is not None and not issued.used and issued.expires_at > time.time()
            if issued is not None:
                issued.used = True  # one attempt per code, right or wrong
        if not fresh or issued.provider != provider or issued.client_id != client_id:
            return _token_error(provider, "invalid_grant")
        if form.get("redirect_uri") != issued.redirect_uri:
            return _token_error(provider, "redirect_uri_mismatch")
        if issued.code_challenge and not _pkce_matches(issued, form.get("code_verifier", "")):
            return _token_error(provider, "invalid_pkce")
        access = secrets.token_urlsafe(24)
        self.providers[provider].access_tokens[access] = issued.identity
        body: dict[str, Any] = {
            "access_token": access,
            "token_type": "bearer",
            "refresh_token": secrets.token_urlsafe(24),
        }
        if provider == "kakao":
            if "openid" in issued.scope.split():
                body["id_token"] = self._id_token(issued, client_id)
            body.update(
                expires_in=21599, refresh_token_expires_in=5183999, scope="profile_nickname account_email"
            )
        elif provider == "naver":
            body["expires_in"] = "3600"  # Naver sends it as a string
        else:
            body.update(token_type="Bearer", expires_in=3599, scope="openid email profile")
            body.pop("refresh_token")
            body["id_token"] = self._id_token(issued, client_id)
        return _json(200, body)

    def _id_token(self, issued: IssuedCode, client_id: str) -> str:
        now = int(time.time())
        identity = issued.identity
        claims = {
            "iss": ISSUERS[issued.provider],
            "azp": client_id,
            "aud": client_id,
            "sub": identity.subject,
            "email": identity.email,
            "email_verified": identity.email_verified,
            "name": identity.nickname,
            "nickname": identity.nickname,
            "iat": now,
            "exp": now + 3600,
        }
        if issued.nonce:
            claims["nonce"] = issued.nonce
        if not identity.email:
            del claims["email"], claims["email_verified"]
        if issued.provider == "kakao":  # Kakao's ID token: nickname and email, no name or email_verified
            claims.pop("name")
            claims.pop("email_verified", None)
            claims.pop("azp")
        claims.update(self.providers[issued.provider].id_token_overrides)
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)

    # --- userinfo / JWKS --------------------------------------------------------------------

    def _userinfo(self, provider: str, authorization: str) -> tuple[int, dict, bytes]:
        token = authorization[7:] if authorization.lower().startswith("bearer ") else ""
        identity = self.providers[provider].access_tokens.get(token)
        if provider == "kakao":
            if identity is None:
                return _json(401, {"msg": "this access token does not exist", "code": -401})
            account: dict[str, Any] = {
                "profile_nickname_needs_agreement": False,
                "profile": {"nickname": identity.nickname, "is_default_nickname": False},
            }
            if identity.email:
                account.update(
                    has_email=True,
                    email_needs_agreement=False,
                    is_email_valid=True,
                    is_email_verified=identity.email_verified,
                    email=identity.email,
                )
            return _json(
                200,
                {
                    "id": int(identity.subject) if identity.subject.isdigit() else identity.subject,
                    "connected_at": "2026-12-01T00:00:00Z",
                    "properties": {"nickname": identity.nickname},
                    "kakao_account": account,
                },
            )
        if identity is None:
            return _json(401, {"resultcode": "024", "message": "Authentication failed"})
        profile = {"id": identity.subject, "nickname": identity.nickname, "name": identity.nickname}
        if identity.email:
            profile["email"] = identity.email
        return _json(200, {"resultcode": "00", "message": "success", "response": profile})

    def _jwks(self) -> tuple[int, dict, bytes]:
        return _json(200, {"keys": [key.as_dict(private=False) for key in self.published]})

    # --- HTTP ---------------------------------------------------------------------------------

    def _route(self, method: str, path: str, query: dict[str, str], form: dict[str, str], authorization: str):
        provider, _, rest = path.lstrip("/").partition("/")
        paths = PATHS.get(provider)
        if paths is None:
            return _json(404, {"error": "not_found"})
        rest = "/" + rest
        if rest == paths["authorize"]:
            return self._authorize(provider, {**query, **form}, method)
        if rest == paths["token"] and method == "POST":
            return self._token(provider, form, authorization)
        if rest == paths.get("userinfo") and method == "GET":
            return self._userinfo(provider, authorization)
        if rest == paths.get("jwks") and method == "GET":
            return self._jwks()
        return _json(404, {"error": "not_found"})

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                form = {k: v[0] for k, v in parse_qs(raw).items()}
                status, headers, payload = provider._route(
                    self.command, parts.path, query, form, self.headers.get("Authorization", "")
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _serve

        return Handler


# --- answers -------------------------------------------------------------------------------------

# (provider, problem) -> (HTTP status, body) as each provider really answers.
_TOKEN_ERRORS: dict[tuple[str, str], tuple[int, dict]] = {
    ("kakao", "invalid_client"): (
        401,
        {"error": "invalid_client", "error_description": "Bad client credentials", "error_code": "KOE010"},
    ),
    ("kakao", "invalid_grant"): (
        400,
        {
            "error": "invalid_grant",
            "error_description": "authorization code not found for code",
            "error_code": "KOE320",
        },
    ),
    ("kakao", "redirect_uri_mismatch"): (
        400,
        {"error": "invalid_grant", "error_description": "Redirect URI mismatch.", "error_code": "KOE303"},
    ),
    ("kakao", "invalid_pkce"): (
        400,
        {"error": "invalid_grant", "error_description": "PKCE verification failed.", "error_code": "KOE320"},
    ),
    ("naver", "invalid_client"): (
        200,
        {"error": "invalid_client", "error_description": "client authentication failed"},
    ),
    ("naver", "invalid_grant"): (
        200,
        {"error": "invalid_request", "error_description": "no valid data in session"},
    ),
    ("naver", "redirect_uri_mismatch"): (
        200,
        {"error": "invalid_request", "error_description": "invalid redirect_uri"},
    ),
    ("naver", "invalid_pkce"): (
        200,
        {"error": "invalid_request", "error_description": "invalid code_verifier"},
    ),
    ("google", "invalid_client"): (401, {"error": "invalid_client", "error_description": "Unauthorized"}),
    ("google", "invalid_grant"): (400, {"error": "invalid_grant", "error_description": "Bad Request"}),
    ("google", "redirect_uri_mismatch"): (
        400,
        {"error": "redirect_uri_mismatch", "error_description": "Bad Request"},
    ),
    ("google", "invalid_pkce"): (
        400,
        {"error": "invalid_grant", "error_description": "Invalid code verifier."},
    ),
}


def _token_error(provider: str, problem: str) -> tuple[int, dict, bytes]:
    status, body = _TOKEN_ERRORS.get(
        (provider, problem), (400, {"error": problem, "error_description": problem})
    )
    return _json(status, body)


def _signing_key(kid: str | None = None) -> RSAKey:
    parameters = {"use": "sig", "alg": "RS256", **({"kid": kid} if kid else {})}
    return RSAKey.generate_key(2048, parameters=parameters, auto_kid=kid is None)


def _pkce_matches(issued: IssuedCode, verifier: str) -> bool:
    if issued.code_challenge_method == "S256":
        digest = hashlib.sha256(verifier.encode()).digest()
        expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    else:
        expected = verifier
    return secrets.compare_digest(expected, issued.code_challenge)


def _json(status: int, body: dict) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "application/json;charset=UTF-8"}, json.dumps(body).encode()


def _redirect(redirect_uri: str, params: dict[str, str]) -> tuple[int, dict, bytes]:
    separator = "&" if "?" in redirect_uri else "?"
    return 302, {"Location": redirect_uri + separator + urlencode(params)}, b""


def _page(status: int, title: str, body: str, *, raw: bool = False) -> tuple[int, dict, bytes]:
    content = body if raw else f"<p>{html.escape(body)}</p>"
    document = f"<!doctype html><html lang='ko'><meta charset='utf-8'><title>{title}</title>{content}</html>"
    return status, {"Content-Type": "text/html; charset=utf-8"}, document.encode()
