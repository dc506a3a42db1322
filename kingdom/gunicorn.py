"""gunicorn settings shared by every service, tuned from the environment.

A service's ``gunicorn_conf.py`` does ``globals().update(gunicorn_settings("board", 8002))``.
Every service runs gthread workers (2 processes × 4 threads for an API, × 32 for the front, which
mostly waits on the APIs), as the Helm chart does: a request waiting on PostgreSQL or another
service never holds a whole process, and the probes always find a free thread.
``graceful_timeout`` is what Kubernetes' ``terminationGracePeriodSeconds`` must exceed.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from kingdom.gunicorn_errors import answer_in_our_format


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
    settings["post_worker_init"] = _post_worker_init
    settings["worker_exit"] = _finish_outbox_relay
    return settings


def _finish_outbox_relay(server, worker) -> None:
    """A stopping worker lets its outbox relay thread deliver what it was asked to (a few seconds
    at most; what it leaves stays pending for ``deliver_outbox --loop``)."""
    import sys

    outbox = sys.modules.get("kingdom.outbox")  # loaded only by a service that publishes
    if outbox is not None:
        outbox.relay.stop(timeout=5)


def _post_worker_init(worker) -> None:
    # 414/431/400 that gunicorn answers itself: problem details (the front: a Korean page).
    answer_in_our_format(worker)
    _refuse_new_connections_on_sigterm(worker)


def _refuse_new_connections_on_sigterm(worker) -> None:
    """On SIGTERM a worker closes its copy of the listening socket at once, mid-request.

    The master closes its copy when it is told to stop, but every worker holds one too, and
    gunicorn's workers keep theirs until their last request is done: meanwhile the kernel keeps
    accepting connections no worker will read; they hang until the grace period ends and are
    then reset. Once every copy is closed a new connection is refused at once (the mesh and the
    gateway retry a refused connection on another pod) while the requests in hand finish.
    """
    import signal

    from gunicorn.workers.sync import SyncWorker

    if isinstance(worker, SyncWorker):
        _close_listeners_from_a_thread(worker)
    elif hasattr(worker, "set_accept_enabled"):  # gthread: its main loop is never stuck in C
        finish_gracefully = signal.getsignal(signal.SIGTERM)

        def stop_listening(signum, frame):
            finish_gracefully(signum, frame)
            worker.set_accept_enabled(False)  # out of the poller first: no accept on a closed socket
            for listener in worker.sockets:
                listener.close()

        signal.signal(signal.SIGTERM, stop_listening)
        signal.siginterrupt(signal.SIGTERM, False)  # as gunicorn set it: requests are not disturbed


def _close_listeners_from_a_thread(worker) -> None:
    """A sync worker's Python signal handler runs only when its request returns from C (a
    database call), so a thread watches the signal wake-up fd instead, closes the listeners on
    SIGTERM, and passes every byte on to gunicorn's own wake-up pipe."""
    import signal
    import socket
    import threading

    watched, wakeup = socket.socketpair()
    wakeup.setblocking(False)
    gunicorn_wakeup = signal.set_wakeup_fd(wakeup.fileno())

    def watch(wakeup_end: socket.socket) -> None:
        # Holding ``wakeup_end`` keeps its fd open: were it garbage-collected, the fd number could
        # be reused (by a database connection) and a signal would write a byte into that.
        while data := watched.recv(64):
            if gunicorn_wakeup >= 0:
                with contextlib.suppress(OSError):
                    os.write(gunicorn_wakeup, data)
            if int(signal.SIGTERM) in data:
                for listener in worker.sockets:
                    listener.close()

    threading.Thread(target=watch, args=(wakeup,), name="close-listeners-on-sigterm", daemon=True).start()


def _mark_metrics_process_dead(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
