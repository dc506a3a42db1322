"""`make run`: the whole platform on this machine, with an embedded PostgreSQL by default.

Data, secrets and logs live in .run/ (git-ignored), so a second run keeps everything.
Set AUTH_DATABASE_URL, BOARD_DATABASE_URL, COMMENT_DATABASE_URL, SHARING_DATABASE_URL and
NOTIFICATION_DATABASE_URL to use existing databases instead. notification_service's mail goes to
a local SMTP sink whose messages are kept as .run/mail/*.eml. Ctrl-C stops every service and the
embedded PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from pathlib import Path

import requests

from kingdom.devstack import (
    REPO_ROOT,
    SERVICES,
    MailSink,
    Stack,
    free_port,
    load_or_create_secrets,
    start_embedded_postgres,
    start_valkey,
    stop_embedded_postgres,
)

RUN_DIR = REPO_ROOT / ".run"
#: the services with a worker loop, as the chart's worker Deployments run them (docker/entrypoint.sh
#: `worker`): board, comments and sharing deliver their outbox; notifications matches and mails
WORKERS = tuple(spec.name for spec in SERVICES if spec.worker)
MAIL_DIR = RUN_DIR / "mail"
PID_FILE = RUN_DIR / "run.pid"
PG_DATA = RUN_DIR / "pgdata"


def already_running() -> int | None:
    """The pid of a `make run` that is still up, if any."""
    if not PID_FILE.exists():
        return None
    try:
        pid = int(PID_FILE.read_text())
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError, PermissionError):
        return None
    # A run killed without cleanup leaves its pid file; by now the pid may be another program's.
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists() and b"run.py" not in cmdline.read_bytes():
        return None
    return pid


def busy_ports() -> list[int]:
    busy = []
    for spec in SERVICES:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", spec.port)) == 0:
                busy.append(spec.port)
    return busy


def external_database_urls() -> dict[str, str]:
    urls = {
        spec.name: os.environ.get(f"{spec.env_prefix}_DATABASE_URL", "") for spec in SERVICES if spec.database
    }
    return {name: url for name, url in urls.items() if url}


def main() -> int:
    pid = already_running()
    if pid:
        print(
            f"Thrift Kingdom is already running (pid {pid}) at http://localhost:8000/ — "
            "stop it with Ctrl-C in its terminal first."
        )
        return 1
    ports = busy_ports()
    if ports:
        print(
            f"Ports {', '.join(map(str, ports))} are in use by another program; "
            "free them (8000-8005) and run again."
        )
        return 1

    RUN_DIR.mkdir(exist_ok=True)
    PID_FILE.write_text(str(os.getpid()))
    started = time.monotonic()
    databases = external_database_urls()
    embedded = len(databases) < sum(1 for spec in SERVICES if spec.database)
    stack = None
    valkey = None
    mail = None
    try:
        server_url = ""
        if embedded:
            print("› starting embedded PostgreSQL (data in .run/pgdata)")
            server_url = start_embedded_postgres(PG_DATA)
        redis_url = os.environ.get("REDIS_URL", "")
        if not redis_url:
            valkey = start_valkey(RUN_DIR / "valkey", free_port())
            redis_url = valkey.url
            print(f"› started Valkey, the shared cache, on :{valkey.port}")
        mail = MailSink(MAIL_DIR).start()
        print(f"› started a local SMTP sink on :{mail.port} (mails kept in .run/mail/)")
        stack = Stack(
            server_url=server_url,
            secrets=load_or_create_secrets(RUN_DIR / "secrets.json"),
            run_dir=RUN_DIR,
            database_urls=databases,
            redis_url=redis_url,
            mail=mail,
        )
        for spec in SERVICES:
            print(f"› preparing {spec.name} (migrations, static files)")
            stack.prepare(spec.name)
        for spec in SERVICES:
            print(f"› starting {spec.name} on :{spec.port}")
            stack.start(spec.name)
        for name in WORKERS:
            what = (
                "events matched, notifications and mail sent"
                if name == "notifications"
                else "deliveries retried, deal thumbnails"
            )
            print(f"› starting {name}'s worker ({what})")
            stack.start_worker(name)
        demo_marker = RUN_DIR / "demo-loaded"
        if not demo_marker.exists():
            import demo

            print("› loading demo data (first run only)")
            try:
                demo.load(stack)
                demo_marker.write_text(time.strftime("%Y-%m-%dT%H:%M:%S"))
            except (demo.DemoError, requests.RequestException) as exc:
                # The platform itself is up: say what went wrong instead of tearing it all down.
                print(
                    f"! demo data could not be loaded ({exc}); the platform runs without it "
                    "(`make clean-run` forgets everything, and the next `make run` loads it afresh)"
                )
        print(f"\n절약왕국 is up in {time.monotonic() - started:.1f}s: http://localhost:8000/")
        for spec in SERVICES:
            if spec.database:
                print(f"  admin: http://localhost:{spec.port}/admin/{spec.name}/")
        print(f"  admin login: admin / {stack.secrets['admin_password']}  (from .run/secrets.json)")
        print(f"  demo members: jjandori, alddeul, nospend, kingcandidate / {stack.secrets['demo_password']}")
        print(f"  mail: {MAIL_DIR}/*.eml  (every message notification_service sends, one file each)")
        print("  logs: .run/logs/   — press Ctrl-C to stop everything\n")

        stop = {"now": False}

        def request_stop(signum, frame):
            stop["now"] = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        while not stop["now"]:
            for name, process in list(stack.processes.items()):
                if process.poll() is not None:
                    print(f"! {name} exited ({process.returncode}); see .run/logs/{name}.log")
                    stack.processes.pop(name)
            time.sleep(0.5)
        print("\n› stopping")
        return 0
    finally:
        if stack is not None:
            stack.stop_all()
        if valkey is not None:
            valkey.stop()
        if mail is not None:
            mail.stop()
        if embedded:
            stop_embedded_postgres(PG_DATA)
        PID_FILE.unlink(missing_ok=True)
        print("› stopped")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C while starting: main's cleanup has already run
        sys.exit(130)
