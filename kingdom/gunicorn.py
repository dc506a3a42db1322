"""gunicorn settings shared by every service, tuned from the environment.

A service's ``gunicorn_conf.py`` does ``globals().update(gunicorn_settings("board", 8002))``.
Every service runs gthread workers (2 processes × 4 threads for an API, × 8 for the front, which
mostly waits on the APIs), as the Helm chart does: a request waiting on PostgreSQL or another
service never holds a whole process, and the probes always find a free thread.
``graceful_timeout`` is what Kubernetes' ``terminationGracePeriodSeconds`` must exceed.
"""

from __future__ import annotations

import os
from typing import Any


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def gunicorn_settings(
    service: str, default_port: int, *, threads: int = 4, workers: int = 2
) -> dict[str, Any]:
    """Settings for ``gunicorn --config python:<service>.gunicorn_conf``."""
    thread_count = _int("GUNICORN_THREADS", threads)
    settings: dict[str, Any] = {
        "wsgi_app": f"{service}.config.wsgi:application",
        "bind": f"{os.environ.get('BIND_ADDRESS', '0.0.0.0')}:{_int('PORT', default_port)}",  # noqa: S104
        "workers": _int("GUNICORN_WORKERS", workers),
        "threads": thread_count,
        "worker_class": "gthread" if thread_count > 1 else "sync",
        "timeout": _int("GUNICORN_TIMEOUT", 30),
        "graceful_timeout": _int("GUNICORN_GRACEFUL_TIMEOUT", 20),
        "keepalive": _int("GUNICORN_KEEPALIVE", 5),
        # Workers are not recycled by default: at 500 requests/s a limit of 5,000 restarted each
        # worker every 20 s, and a restarting gthread worker drops its idle keep-alive connections
        # (the client's next request on one fails: RemoteDisconnected in `make bench`). Memory per
        # worker stays flat under load (the bench reports it); set a limit to recycle anyway.
        "max_requests": _int("GUNICORN_MAX_REQUESTS", 0),
        "max_requests_jitter": _int("GUNICORN_MAX_REQUESTS_JITTER", 0),
        "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "proc_name": service,
        # Our middleware writes the access log as JSON; gunicorn's own would repeat each line.
        "accesslog": None,
        "errorlog": "-",
        "loglevel": os.environ.get("LOG_LEVEL", "info").lower(),
        "worker_tmp_dir": os.environ.get("GUNICORN_WORKER_TMP_DIR") or None,
    }
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        settings["child_exit"] = _mark_metrics_process_dead
    return settings


def _mark_metrics_process_dead(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
