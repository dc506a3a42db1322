"""CPU each service spends on one page, from sequential requests to a held bench stack.

    .venv/bin/python perf/bench.py --hold &             # the seeded stack on :8100
    .venv/bin/python perf/page_cpu.py /board/ /board/5  # 1,000 anonymous requests of each
    .venv/bin/python perf/page_cpu.py --fresh --count 200 /board/ /board/5  # rendered every time
    .venv/bin/python perf/page_cpu.py --member 1 /board/5  # as the first seeded member (signed in)

Each address is asked once first (so that a page the front keeps is in its page cache), then
``--count`` times in a row (with ``--fresh`` each with a query string of its own, so that the
front renders every one; the API answers it shares between anonymous visitors stay shared). The
CPU time (user + system) every gunicorn process of each service used meanwhile is divided by the
count. Work a page leaves for later (views sent to board in batches) is included: the count waits
``--settle`` seconds before reading the clocks. One client, no concurrency: this measures what a
page costs, not how the stack behaves under load (that is ``make bench``); the clocks tick every
10 ms, so use a few hundred requests at least. ``--member N`` sends the session of the N-th member
the bench signed in (``.bench/sessions.json``): a member's page is never stored, always rendered.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import psutil
import requests

SESSIONS = Path(__file__).resolve().parent.parent / ".bench" / "sessions.json"
SERVICE = re.compile(r"python:(\w+?)(?:_service)?\.gunicorn_conf")


def service_processes() -> dict[str, list[psutil.Process]]:
    """gunicorn masters and workers of each service, by service name."""
    found: dict[str, list[psutil.Process]] = {}
    for process in psutil.process_iter(["cmdline"]):
        match = SERVICE.search(" ".join(process.info["cmdline"] or []))
        if match:
            found.setdefault(match.group(1), []).append(process)
    return found


def cpu_seconds(processes: dict[str, list[psutil.Process]]) -> dict[str, float]:
    seconds = {}
    for service, members in processes.items():
        total = 0.0
        for process in members:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        seconds[service] = total
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+", help="front addresses, e.g. /board/ /board/5")
    parser.add_argument("--host", default="http://127.0.0.1:8100")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait for deferred work")
    parser.add_argument("--fresh", action="store_true", help="a query string of its own per request")
    parser.add_argument("--member", type=int, default=0, help="sign in as the N-th seeded member (1-based)")
    args = parser.parse_args()

    processes = service_processes()
    if not processes:
        raise SystemExit("no gunicorn of the platform is running (start `perf/bench.py --hold`)")
    session = requests.Session()
    if args.member:
        cookies = json.loads(SESSIONS.read_text())[args.member - 1]["cookies"]
        session.cookies.update({name: value for name, value in cookies.items() if name != "messages"})
    for path in args.paths:
        session.get(args.host + path, timeout=30)
        time.sleep(0.2)
        before = cpu_seconds(processes)
        outcomes: dict[str, int] = {}
        for n in range(args.count):
            address = f"{path}{'&' if '?' in path else '?'}fresh={time.time_ns()}-{n}" if args.fresh else path
            response = session.get(args.host + address, timeout=30)
            outcome = response.headers.get("X-Page-Cache", "rendered")
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        time.sleep(args.settle)
        after = cpu_seconds(processes)
        per_page = {s: (after[s] - before[s]) * 1000 / args.count for s in after}
        spent = ", ".join(f"{s} {ms:.2f}" for s, ms in sorted(per_page.items()) if ms >= 0.01)
        print(f"{path}: {sum(per_page.values()):.2f} ms CPU per page ({spent}); pages {outcomes}")


if __name__ == "__main__":
    main()
