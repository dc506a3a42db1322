"""Social sign-ins against the loopback provider, the way a browser and the front drive them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import requests

from kingdom.testing.oauth_provider import LoopbackOAuthProvider

FRONT = "http://front.test"


def redirect_uri(provider: str) -> str:
    return f"{FRONT}/login/social/{provider}/callback"


def social_settings(oauth: LoopbackOAuthProvider, *, kakao_oidc: bool = False) -> dict:
    """``SOCIAL_PROVIDERS`` as config/settings.py builds it from ``oauth.environment()``."""
    env = oauth.environment(kakao_oidc=kakao_oidc)
    configured = {}
    for name in ("kakao", "naver", "google"):
        prefix = name.upper()
        if f"{prefix}_CLIENT_ID" not in env:
            continue
        values = {
            "client_id": env[f"{prefix}_CLIENT_ID"],
            "client_secret": env[f"{prefix}_CLIENT_SECRET"],
            "authorize_url": env[f"{prefix}_AUTHORIZE_URL"],
            "token_url": env[f"{prefix}_TOKEN_URL"],
            "scope": "openid email profile" if name == "google" else "",
        }
        if name == "google":
            values.update(jwks_url=env["GOOGLE_JWKS_URL"], issuer="https://accounts.google.com")
        else:
            values["userinfo_url"] = env[f"{prefix}_USERINFO_URL"]
        if name == "kakao" and kakao_oidc:
            values.update(
                jwks_url=env["KAKAO_JWKS_URL"], issuer="https://kauth.kakao.com", scope=env["KAKAO_SCOPE"]
            )
        configured[name] = values
    return configured


def consent(authorization_url: str, *, approve: bool = True) -> dict[str, str]:
    """Press the consent page's button; answer the query the provider sends the browser back with."""
    parts = urlsplit(authorization_url)
    form = {k: v[0] for k, v in parse_qs(parts.query).items()}
    form["decision"] = "approve" if approve else "deny"
    answer = requests.post(
        f"{parts.scheme}://{parts.netloc}{parts.path}", data=form, allow_redirects=False, timeout=5
    )
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["Location"])
    return {k: v[0] for k, v in parse_qs(location.query).items()}
