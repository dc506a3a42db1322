"""Real services for integration and browser tests: gunicorn on free ports, fresh databases.

    with live_stack(["auth", "board", "comments"]) as stack:
        requests.get(stack.url("board") + "/api/board/posts")
        stack.stop("board")        # e.g. to prove a 503
        stack.start("board")

Databases are created on ``TEST_POSTGRES_URL`` with a unique prefix and dropped afterwards, so
suites and developers running at the same time never meet.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from kingdom.devstack import REPO_ROOT, SERVICES, MailSink, Stack, free_port, generate_secrets, start_valkey
from kingdom.testing.environment import DEFAULT_SERVER


@contextlib.contextmanager
def live_stack(
    names: list[str],
    *,
    extra_env: dict[str, str] | None = None,
    ports: dict[str, int] | None = None,
    database_urls: dict[str, str] | None = None,
    workers: tuple[str, ...] = (),
) -> Iterator[Stack]:
    """Start ``names`` (in that order) under gunicorn on real PostgreSQL; stop and clean up after.

    ``ports`` fixes some services' ports (free ones otherwise), for settings that must name an
    address before the stack starts, such as the front's public URL in OAuth redirect URIs.
    ``database_urls`` gives a service a database of its own elsewhere (e.g. on a dedicated
    embedded server a fault test stops); the caller creates and drops those.
    ``workers`` also starts those services' worker loops (``Stack.start_worker``).

    Only a stack that runs ``notifications`` tells the others where it is (so only then do they
    publish notification events); it gets an SMTP sink of its own, ``stack.mail``
    (:class:`~kingdom.devstack.MailSink`), which its ``EMAIL_*`` settings point at.
    """
    server_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_SERVER)
    run_dir = Path(tempfile.mkdtemp(prefix="thrift-live-"))
    # Each stack its own Valkey, as in production: limits, lockouts and pages shared by its workers.
    valkey = start_valkey(run_dir / "valkey", free_port())
    mail = MailSink(run_dir / "mail").start() if "notifications" in names else None
    stack = Stack(
        server_url=server_url,
        secrets=generate_secrets(),
        run_dir=run_dir,
        database_prefix=f"live_{uuid.uuid4().hex[:8]}_",
        ports={spec.name: free_port() for spec in SERVICES} | (ports or {}),
        redis_url=valkey.url,
        extra_env={"GUNICORN_WORKERS": "2", "LOG_LEVEL": "WARNING", **(extra_env or {})},
        database_urls=dict(database_urls or {}),
        members=tuple(names),
        mail=mail,
    )
    try:
        for name in names:
            stack.prepare(name, recreate_database=True)
        for name in names:
            stack.start(name)
        for name in workers:
            stack.start_worker(name)
        yield stack
    finally:
        stack.stop_all()
        valkey.stop()
        if mail is not None:
            mail.stop()
        stack.drop_databases()
        # Logs and five sets of collected static files: tens of MB per stack, every test run.
        shutil.rmtree(run_dir, ignore_errors=True)


def service_log(stack: Stack, name: str) -> str:
    """The service's captured output, for assertion messages."""
    path = stack.run_dir / "logs" / f"{name}.log"
    return path.read_text(errors="replace") if path.exists() else ""


def eventually(check, *, timeout: float = 30.0, interval: float = 0.5):
    """Poll ``check`` until it returns something truthy; return that (or the last result after ``timeout``).

    For effects that arrive asynchronously between real services (outbox deliveries, counts).
    """
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def run_management_command(stack: Stack, name: str, *args: str) -> str:
    """Run ``manage.py <args>`` for service ``name`` with the stack's environment; return its output."""
    finished = subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=stack.env_for(name),
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return finished.stdout
