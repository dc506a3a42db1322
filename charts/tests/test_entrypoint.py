"""docker/entrypoint.sh runs here exactly as in the image, against a real PostgreSQL.

The image itself cannot be built on this machine (no docker); what it runs can: the same
script, the same commands, the same environment variables the chart sets.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kingdom.devstack import database_url, drop_database, ensure_database
from kingdom.testing.environment import DEFAULT_SERVER
from kingdom.testing.live import free_port

from .rendering import CHART, REPO_ROOT, render

ENTRYPOINT = REPO_ROOT / "docker" / "entrypoint.sh"
SERVER = os.environ.get("TEST_POSTGRES_URL", DEFAULT_SERVER)


@pytest.fixture
def database():
    name = f"entrypoint_{uuid.uuid4().hex[:8]}"
    ensure_database(SERVER, name, recreate=True)
    yield database_url(SERVER, name)
    drop_database(SERVER, name)


@pytest.fixture
def service_env(database, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith("DATABASE_URL") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        {
            # the image puts its virtualenv first on PATH; so do we
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            "SECRET_KEY": "entrypoint-test-" + uuid.uuid4().hex,
            "DATABASE_URL": database,
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "HTTPS_REDIRECT_AT_PROXY": "true",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(tmp_path / "static"),
            "PORT": str(free_port()),
            "BIND_ADDRESS": "127.0.0.1",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_GRACEFUL_TIMEOUT": "5",
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
            "DJANGO_SUPERUSER_USERNAME": "admin",
            "DJANGO_SUPERUSER_PASSWORD": "entrypoint-" + uuid.uuid4().hex,
            "DJANGO_SUPERUSER_EMAIL": "admin@example.com",
            "DATABASE_WAIT_SECONDS": "10",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def entrypoint(*args: str, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ENTRYPOINT), *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our local server
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            if get(url) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds}s")


def superusers(database: str) -> list[tuple[str, bool]]:
    with psycopg2.connect(database) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT username, is_superuser FROM auth_user")
        return cursor.fetchall()


def test_prepare_migrates_and_creates_the_first_superuser_even_when_pods_start_together(
    service_env, database
):
    # three new pods of one rollout prepare the same empty database at once
    processes = [
        subprocess.Popen(
            [str(ENTRYPOINT), "board", "prepare"],
            env=service_env,
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=180)[0].decode() for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], "\n---\n".join(outputs)
    assert superusers(database) == [("admin", True)]
    # a later rollout finds nothing to do and still succeeds
    again = entrypoint("board", "prepare", env=service_env)
    assert again.returncode == 0, again.stderr
    assert "No migrations to apply" in again.stdout


def test_prepare_gives_up_with_a_message_when_the_database_never_answers(service_env):
    env = {
        **service_env,
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "DATABASE_WAIT_SECONDS": "2",
    }
    result = entrypoint("board", "prepare", env=env, timeout=60)
    assert result.returncode != 0
    assert "did not answer in time" in result.stderr


def test_serve_execs_gunicorn_answers_probes_and_stops_cleanly_on_sigterm(service_env):
    assert entrypoint("board", "prepare", env=service_env).returncode == 0
    stale = Path(service_env["PROMETHEUS_MULTIPROC_DIR"])
    stale.mkdir(exist_ok=True)
    (stale / "counter_999.db").write_bytes(b"left by a previous container")
    base = f"http://127.0.0.1:{service_env['PORT']}"
    server = subprocess.Popen(
        [str(ENTRYPOINT), "board", "serve"],
        env=service_env,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_up(f"{base}/healthz", server)
        # exec: the process the container runtime signals IS gunicorn, not a shell around it
        command_line = Path(f"/proc/{server.pid}/cmdline").read_bytes().split(b"\0")
        assert any(b"gunicorn" in part for part in command_line), command_line
        assert not any(part.endswith(b"sh") for part in command_line[:1]), command_line
        assert get(f"{base}/readyz") == 200
        assert get(f"{base}/metrics") == 200
        assert not (stale / "counter_999.db").exists(), "metrics of a previous container are cleared"
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=int(service_env["GUNICORN_GRACEFUL_TIMEOUT"]) + 5) == 0
        assert time.monotonic() - started < int(service_env["GUNICORN_GRACEFUL_TIMEOUT"]) + 5
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_collectstatic_puts_the_service_files_in_static_root(service_env):
    result = entrypoint("board", "collectstatic", env=service_env)
    assert result.returncode == 0, result.stderr
    assert (Path(service_env["STATIC_ROOT"]) / "admin" / "css" / "base.css").exists()


def test_the_service_comes_from_the_image_when_not_named(service_env):
    env = {**service_env, "THRIFT_SERVICE": "board"}
    result = entrypoint("prepare", env=env)
    assert result.returncode == 0, result.stderr


def test_refuses_unknown_services_and_commands_and_a_worker_for_the_front(service_env):
    assert entrypoint("shop", "serve", env=service_env).returncode == 64
    assert entrypoint("board", "dance", env=service_env).returncode == 64
    no_worker = entrypoint("front", "worker", env=service_env)
    assert no_worker.returncode == 64
    assert "no background worker" in no_worker.stderr
    assert entrypoint("front", "prepare", env=service_env).returncode == 0  # nothing to prepare
    env = {k: v for k, v in service_env.items() if k != "THRIFT_SERVICE"}
    assert entrypoint("serve", env=env).returncode == 64


def test_manage_runs_the_chart_cronjobs_command_against_the_service_database(service_env):
    (cronjob,) = render(CHART / "ci" / "defaults-values.yaml").of_kind("CronJob")
    args = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"]
    assert args == ["manage", "purge_expired_tokens"]
    # auth refuses to run a command without its signing key, which the chart gives every auth pod
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    env = {**service_env, "JWT_PRIVATE_KEY": pem.decode()}
    assert entrypoint("auth", "prepare", env=env).returncode == 0
    result = entrypoint("auth", *args, env=env)
    assert result.returncode == 0, result.stderr
    assert "deleted 0 expired refresh token(s)" in result.stdout
    no_command = entrypoint("auth", "manage", env=service_env)
    assert no_command.returncode == 64
    assert "manage needs a command" in no_command.stderr


def test_a_service_added_by_values_runs_from_the_package_the_chart_names(service_env):
    data = render(
        CHART / "ci" / "defaults-values.yaml",
        sets=("services.alerts.package=board_service", "services.alerts.route=alerts"),
    ).get("ConfigMap", "tk-thrift-kingdom-alerts")["data"]
    assert data["THRIFT_PACKAGE"] == "board_service"
    # as in its image: the service baked in (THRIFT_SERVICE), the package from the ConfigMap
    image_env = {**service_env, "THRIFT_SERVICE": "alerts"}
    result = entrypoint("prepare", env={**image_env, "THRIFT_PACKAGE": data["THRIFT_PACKAGE"]})
    assert result.returncode == 0, result.stderr
    assert entrypoint("prepare", env=image_env).returncode == 64  # no package: refused
    bad = entrypoint("prepare", env={**image_env, "THRIFT_PACKAGE": "os;rm"})
    assert bad.returncode == 64
    assert "not a Python package name" in bad.stderr


def test_the_workers_liveness_probe_passes_while_the_loop_runs_and_fails_once_it_stops(service_env, tmp_path):
    manifest = render(CHART / "ci" / "defaults-values.yaml")
    worker = manifest.get("Deployment", "tk-thrift-kingdom-board-worker")
    config = manifest.get("ConfigMap", "tk-thrift-kingdom-board")["data"]
    container = worker["spec"]["template"]["spec"]["containers"][0]
    probe = container["livenessProbe"]["exec"]["command"]
    assert probe[0] == "thrift-entrypoint"  # the image's name for docker/entrypoint.sh
    probe = [str(ENTRYPOINT), *probe[1:-1], "3"]  # a 3 s limit instead of minutes
    # the chart's file, moved into this test's own scratch folder
    heartbeat = tmp_path / Path(config["OUTBOX_HEARTBEAT_FILE"]).name
    env = {**service_env, "THRIFT_SERVICE": "board", "OUTBOX_HEARTBEAT_FILE": str(heartbeat)}
    assert entrypoint("prepare", env=env).returncode == 0

    def probe_passes() -> bool:
        return subprocess.run(probe, env=env, cwd=REPO_ROOT, capture_output=True, check=False).returncode == 0

    assert not probe_passes()  # no heartbeat yet
    loop = subprocess.Popen(
        [str(ENTRYPOINT), "worker"], env=env, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while not heartbeat.exists():
            assert loop.poll() is None, loop.stdout.read()
            assert time.monotonic() < deadline, "the loop wrote no heartbeat"
            time.sleep(0.2)
        assert probe_passes()
    finally:
        loop.send_signal(signal.SIGTERM)
        assert loop.wait(timeout=20) == 0
    time.sleep(3.5)
    assert not probe_passes()  # a loop that stopped beating is restarted
