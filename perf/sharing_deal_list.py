"""Measure the deal list at 100k deals: seed a separate database, serve it with gunicorn, run locust.

    .venv/bin/pip install -q -e '.[perf]'
    .venv/bin/python perf/sharing_deal_list.py --count 100000 --users 20 --duration 60s

Creates the database ``perf_sharing`` on ``PERF_POSTGRES_URL`` (default
postgresql://postgres@127.0.0.1:5432), drops it afterwards (``--keep`` keeps it), and writes
locust's CSV files to ``perf/results/sharing_*``. See perf/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kingdom.devstack import Stack, drop_database, generate_secrets
from kingdom.testing.live import free_port

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--duration", default="60s")
    parser.add_argument("--workers", default="2", help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the perf_sharing database")
    parser.add_argument("--reuse", action="store_true", help="serve a kept perf_sharing database as it is")
    args = parser.parse_args()

    server = os.environ.get("PERF_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    stack = Stack(
        server_url=server,
        secrets=generate_secrets(),
        run_dir=Path(tempfile.mkdtemp(prefix="perf-sharing-")),
        database_prefix="perf_",
        ports={
            "auth": free_port(),
            "board": 0,
            "comments": 0,
            "sharing": free_port(),
            "notifications": 0,
            "front": 0,
        },
        extra_env={"GUNICORN_WORKERS": args.workers, "LOG_LEVEL": "WARNING"},
    )
    results = REPO / "perf" / "results"
    results.mkdir(parents=True, exist_ok=True)
    try:
        stack.prepare("sharing", recreate_database=not args.reuse)
        if not args.reuse:
            started = time.monotonic()
            subprocess.run(
                [sys.executable, "-m", "django", "seed_deals", "--count", str(args.count)],
                env=stack.env_for("sharing"),
                cwd=REPO,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            print(f"seeded {args.count} deals in {time.monotonic() - started:.1f}s", flush=True)
        stack.start("sharing")
        locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or "locust"
        subprocess.run(
            [
                locust,
                "-f",
                str(REPO / "perf" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                args.duration,
                "--host",
                stack.url("sharing"),
                "--csv",
                str(results / "sharing"),
                "--only-summary",
            ],
            cwd=REPO,
            check=False,
        )
    finally:
        stack.stop_all()
        if not args.keep:
            drop_database(server, "perf_sharing")
        shutil.rmtree(stack.run_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
