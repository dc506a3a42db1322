"""What verifying an access token costs each request in the services that trust auth's tokens.

    .venv/bin/python perf/bench_token_verify.py [--iterations 5000]

Times ``kingdom.tokens.verify_token`` (RS256 signature, iss/aud/exp/token_type checks, key by
``kid``) and the full ``JWTAuthentication.authenticate`` a DRF view runs (header parsing, the
same verification, building the ``TokenUser``), with one trusted key and with two (during a key
rotation). Prints mean / p50 / p95 / p99 in microseconds. No database or network is touched:
that is the point of verifying locally.
"""

from __future__ import annotations

import argparse
import platform
import secrets
import statistics
import time
from collections.abc import Callable

import django
from django.conf import settings


def configure(public_pem: str) -> None:
    settings.configure(
        SECRET_KEY=secrets.token_urlsafe(40),
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
        SIMPLE_JWT={
            "ALGORITHM": "RS256",
            "SIGNING_KEY": None,
            "VERIFYING_KEY": public_pem,
            "ISSUER": "thrift-kingdom-auth",
            "AUDIENCE": "thrift-kingdom",
            "LEEWAY": 10,
            "USER_ID_CLAIM": "sub",
            "AUTH_TOKEN_CLASSES": ("kingdom.tokens.AccessToken",),
            "TOKEN_USER_CLASS": "kingdom.tokens.token_user",
        },
        JWT_DENYLIST_SECONDS=0,
        REST_FRAMEWORK={"UNAUTHENTICATED_USER": "kingdom.tokens.anonymous_user"},
    )
    django.setup()


def timed(call: Callable[[], object], iterations: int, warmup: int = 200) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(iterations):
        started = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - started) / 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    print(
        f"{name:<52} mean {statistics.fmean(samples):7.1f} µs   p50 {pct(0.50):7.1f}   "
        f"p95 {pct(0.95):7.1f}   p99 {pct(0.99):7.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=5000)
    args = parser.parse_args()

    from kingdom.testing.keys import KeyPair

    current, previous = KeyPair(), KeyPair()
    configure(current.public_pem)

    from django.test import override_settings
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from kingdom.testing.keys import make_token
    from kingdom.tokens import JWTAuthentication, verify_token

    token = make_token(4242, keys=current, role="member", nickname="짠돌이", lifetime=3600)
    request = Request(APIRequestFactory().get("/api/board/posts", HTTP_AUTHORIZATION=f"Bearer {token}"))
    authentication = JWTAuthentication()
    assert authentication.authenticate(request)[0].id == 4242

    print(f"{args.iterations} iterations, RSA-2048 / RS256, Python {platform.python_version()}")
    report("verify_token (one trusted key)", timed(lambda: verify_token(token), args.iterations))
    report(
        "JWTAuthentication.authenticate (one trusted key)",
        timed(lambda: authentication.authenticate(request), args.iterations),
    )

    # override_settings (not an assignment) so that simplejwt re-reads SIMPLE_JWT
    override_settings(
        SIMPLE_JWT={**settings.SIMPLE_JWT, "VERIFYING_KEY": current.public_pem + previous.public_pem}
    ).enable()
    report("verify_token (two keys, during a rotation)", timed(lambda: verify_token(token), args.iterations))
    report(
        "JWTAuthentication.authenticate (two keys)",
        timed(lambda: authentication.authenticate(request), args.iterations),
    )


if __name__ == "__main__":
    main()
