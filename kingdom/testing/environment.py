"""Environment for a service's test settings module, applied before its settings are imported.

Tests use the same settings module as production; only the environment differs. The
PostgreSQL server comes from ``TEST_POSTGRES_URL`` (``make test`` sets it: the CI machine's
server or a throwaway embedded one); pytest-django creates ``test_<name>`` databases on it.
"""

from __future__ import annotations

import os
import secrets
import tempfile

from kingdom.testing.keys import TEST_KEYS

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432"


def apply_test_environment(service: str, *, database: bool = True) -> None:
    """Set test defaults for ``service``; anything already in the environment wins."""
    server = os.environ.get("TEST_POSTGRES_URL", DEFAULT_SERVER).rstrip("/")
    defaults = {
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "STATIC_FILES_HASHED": "false",
        "STATIC_ROOT": tempfile.mkdtemp(prefix=f"static-{service}-"),
        "JWT_PUBLIC_KEY": TEST_KEYS.public_pem,
        "SERVICE_CLIENT_SECRET": "test-client-secret",
        "LOG_LEVEL": "WARNING",
        # Unit tests have no auth to pull the deactivated-users list from (the live tests do).
        "JWT_DENYLIST_SECONDS": "0",
        # A unit test's transaction is rolled back, never committed: an event it publishes is
        # visible to no other connection, so the attempt after (captured) commit is made inline.
        "OUTBOX_DELIVERY": "inline",
    }
    if database:
        # pytest-xdist-free parallel runs (two developers, CI) keep apart by database name.
        suffix = os.environ.get("TEST_DATABASE_SUFFIX", "")
        defaults["DATABASE_URL"] = f"{server}/thrift_{service}{suffix}"
    if service == "auth":
        defaults["JWT_PRIVATE_KEY"] = TEST_KEYS.private_pem
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
