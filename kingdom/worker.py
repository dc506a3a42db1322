"""The loop a worker Deployment runs: one pass, then a pause, until SIGTERM; a heartbeat before
every pass and every item (``OUTBOX_HEARTBEAT_FILE``, checked by ``check_outbox_heartbeat``).

``deliver_outbox --loop`` (every publishing service) and ``process_events --loop``
(notification_service) are both this loop around their own pass.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

from kingdom.outbox import heartbeat_path, heartbeat_touch


def add_loop_arguments(parser, *, interval: float) -> None:
    parser.add_argument("--loop", action="store_true", help="Keep working until SIGTERM.")
    parser.add_argument("--interval", type=float, default=interval, help="Seconds between passes.")
    parser.add_argument(
        "--heartbeat-file",
        type=Path,
        default=None,
        help="File touched before every pass and every item (default: $OUTBOX_HEARTBEAT_FILE).",
    )


def run(one_pass: Callable[[Callable[[], None]], None], options: dict) -> None:
    """Run ``one_pass(beat)`` once, or (``--loop``) every ``--interval`` seconds until SIGTERM or
    SIGINT; ``beat`` touches the heartbeat file (the pass calls it before every item)."""
    heartbeat = options["heartbeat_file"] or heartbeat_path()

    def beat() -> None:
        if heartbeat is not None:
            heartbeat_touch(heartbeat)

    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        beat()
        one_pass(beat)
        if not options["loop"] or stopping:
            return
        deadline = time.monotonic() + options["interval"]
        while time.monotonic() < deadline and not stopping:
            time.sleep(0.1)
        if stopping:
            return
