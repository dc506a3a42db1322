"""`make bench`: the original 500-user load test and its companions, on this machine, end to end.

    make bench                                   # everything, the defaults of the issue
    .venv/bin/python perf/bench.py --scenarios original,people --duration 30
    .venv/bin/python perf/bench.py --reseed      # forget the seeded databases and seed again

What one run does:

1. starts the project's own PostgreSQL (embedded, data kept in ``.bench/pgdata`` so the seeded
   data survives reruns) with ``pg_stat_statements``, and a fresh Valkey;
2. seeds the data set with each service's ``manage.py seed_bench`` (default 1,000 members, 10,000
   posts, 50,000 comments, 5,000 deals over 1,000 products, 90 days) into ``bench_*`` databases,
   and for the scale scenario a second set with 1,000,000 posts and 1,000,000 comments into
   ``bench_scale_*`` — each seeded once and kept while its sizes stay the same;
3. starts the six services under gunicorn in production mode (``DEBUG=false``, hashed static
   files, the workers and threads the Helm chart's ``values.yaml`` gives each service), their
   worker loops and an SMTP sink for notification_service's mail;
4. warms up, then runs the scenarios with headless locust (several processes):
   ``ceiling`` (the front's ``/healthz``), ``original`` (500 anonymous readers spawned within 1 s,
   no think time), ``people`` (500 users thinking 1–3 s, 80 % anonymous readers and 20 % signed-in
   members who also write), ``scale`` (the lists, a post with 500 comments and search, as a member,
   at 10,000 and at 1,000,000 rows, with SQL statements per request counted by
   ``pg_stat_statements``), and ``lighthouse`` (mobile scores of every page type);
5. samples every service's CPU, memory per worker and database connections during each scenario,
   and the generator's own CPU;
6. writes ``perf/results/<time>.json``, a Markdown summary ``perf/results/<time>.md`` and PNG
   plots of latency and throughput over time for ``original`` and ``people``; stops everything.

Load runs share the machine's cores with what they load: read every figure as a fraction of the
ceiling measured in the same run (the summary prints those ratios).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from kingdom.devstack import (
    SERVICES,
    MailSink,
    Stack,
    ensure_database,
    free_port,
    load_or_create_secrets,
    start_valkey,
    stop_embedded_postgres,
)

REPO_ROOT = Path(__file__).resolve().parent.parent


BENCH_DIR = REPO_ROOT / ".bench"
RESULTS = REPO_ROOT / "perf" / "results"
SCENARIOS = ("ceiling", "original", "people", "scale", "lighthouse")
#: the bench's own ports, so that it runs beside a `make run`
PORTS = {"front": 8100, "auth": 8101, "board": 8102, "comments": 8103, "sharing": 8104, "notifications": 8105}
BENCH_PASSWORD = "bench-Pass-2026!"  # noqa: S105 - the seeded members' password, local databases only
SCALE_PAGES = {
    "board list": "/board/",
    "deal list": "/deals/",
    "post with 500 comments": "/board/1",
    "search": "/search?q=%EB%9D%BC%EB%A9%B4",  # 라면
}


# --- the machine -----------------------------------------------------------------------------


def chart_workers() -> dict[str, dict[str, int]]:
    """workers/threads per service as the chart's values.yaml sets them (serviceDefaults + block),
    and for the front the idle keep-alive seconds of its ``gunicorn`` block (75 s: a visitor who
    thinks for a few seconds and then sends on the kept connection never meets one gunicorn is
    closing).

    The APIs keep the local 5 s (kingdom.gunicorn): in the chart the sidecar between the front and an API
    closes idle connections after 60 s, before gunicorn's 75 s; here the front talks to the APIs
    directly and its pools close nothing, so at 75 s gunicorn closed connections idle since the
    warm-up just as the next scenario reused them (503s at the start of ``original``). At 5 s a
    connection is long closed when the pool hands it out again, and the pool sees that."""
    import yaml

    values = yaml.safe_load((REPO_ROOT / "charts" / "thrift-kingdom" / "values.yaml").read_text())
    defaults = values.get("serviceDefaults", {})
    result = {}
    for name, block in values.get("services", {}).items():
        result[name] = {
            "workers": int(block.get("workers", defaults.get("workers", 2))),
            "threads": int(block.get("threads", defaults.get("threads", 1))),
        }
    result["front"]["keepalive"] = int(values["gunicorn"]["keepAliveSeconds"])
    return result


class Sampler:
    """Every half second: CPU seconds and RSS of each service's processes, the generator's CPU,
    and PostgreSQL connections per database."""

    def __init__(self, pg_url: str, prefix: str, valkey_port: int, masters: dict[int, str]):
        self.pg_url = pg_url
        self.valkey_port = valkey_port
        #: gunicorn master pid -> service: the bench's own servers (not another checkout's tests)
        self.masters = masters
        self.first_pass: set[int] = set()
        self.samples = 0
        pid_file = BENCH_DIR / "pgdata" / "postmaster.pid"
        self.postmaster = int(pid_file.read_text().split()[0]) if pid_file.exists() else 0
        self.prefix = prefix
        self.cpu: dict[int, tuple[str, float, float]] = {}  # pid -> (owner, first, last)
        self.rss: dict[int, tuple[str, int, int, int]] = {}  # pid -> (owner, first, last, peak)
        self.connections: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def owner(self, process, cmdline: list[str]) -> str | None:
        line = " ".join(cmdline)
        if process.pid in self.masters:
            return self.masters[process.pid]
        if "gunicorn" in line:
            return self.masters.get(process.ppid())
        if "locust" in line:
            return "generator (locust)"
        if cmdline and "postgres" in cmdline[0]:
            # the bench's own server only (its postmaster and that one's children), not the machine's
            if process.pid == self.postmaster or process.ppid() == self.postmaster:
                return "postgres"
            return None
        if cmdline and "valkey-server" in cmdline[0] and f":{self.valkey_port}" in line:
            return "valkey"
        return None

    def _sample(self, cursor) -> None:
        import psutil

        for process in psutil.process_iter(["pid", "cmdline", "cpu_times", "memory_info"]):
            info = process.info
            try:
                owner = self.owner(process, info["cmdline"] or [])
            except psutil.Error:
                continue
            if owner is None or info["cpu_times"] is None:
                continue
            cpu = info["cpu_times"].user + info["cpu_times"].system
            first = self.cpu.get(info["pid"], (owner, cpu, cpu))[1]
            self.cpu[info["pid"]] = (owner, first, cpu)
            rss = info["memory_info"].rss
            _, rss_first, _, peak = self.rss.get(info["pid"], (owner, rss, rss, rss))
            self.rss[info["pid"]] = (owner, rss_first, rss, max(peak, rss))
            if self.samples == 0:
                self.first_pass.add(info["pid"])
        self.samples += 1
        cursor.execute(
            "SELECT datname, count(*) FROM pg_stat_activity WHERE datname LIKE %s GROUP BY datname",
            [self.prefix + "%"],
        )
        for database, count in cursor.fetchall():
            service = database[len(self.prefix) :]
            self.connections[service] = max(self.connections.get(service, 0), count)

    def _run(self) -> None:
        import psycopg2

        conn = psycopg2.connect(f"{self.pg_url}/postgres")
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                while not self._stop.is_set():
                    self._sample(cursor)
                    self._stop.wait(0.5)
        finally:
            conn.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def report(self, seconds: float) -> dict:
        cpu: dict[str, float] = {}
        for owner, first, last in self.cpu.values():
            cpu[owner] = cpu.get(owner, 0.0) + (last - first)
        workers: dict[str, list[dict]] = {}
        for pid, (owner, first, last, peak) in self.rss.items():
            workers.setdefault(owner, []).append(
                {
                    "pid": pid,
                    "rss_first_mb": first >> 20,
                    "rss_last_mb": last >> 20,
                    "rss_peak_mb": peak >> 20,
                    # only a process there from the first sample says whether memory stayed flat
                    "whole_run": pid in self.first_pass,
                }
            )
        return {
            "cpu_seconds": {k: round(v, 1) for k, v in sorted(cpu.items())},
            "cpu_cores_busy": {k: round(v / seconds, 2) for k, v in sorted(cpu.items())},
            "peak_rss_mb": {k: max(w["rss_peak_mb"] for w in v) for k, v in sorted(workers.items())},
            "rss_per_process": workers,
            "db_connections_peak": dict(sorted(self.connections.items())),
        }


# --- PostgreSQL ------------------------------------------------------------------------------


def _start_postgres_in_a_child(data: Path) -> str:
    """embedded_postgres remembers a server per process, so a restart runs in a child process
    (the server outlives it: nothing stops it on exit)."""
    code = (
        "import sys, pathlib; from kingdom.devstack import start_embedded_postgres as start; "
        "print(start(pathlib.Path(sys.argv[1])))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code, str(data)], cwd=REPO_ROOT, check=True, capture_output=True, text=True
    ).stdout
    return output.strip().splitlines()[-1]


def start_postgres() -> str:
    """The bench's embedded PostgreSQL with pg_stat_statements loaded (one restart the first time)."""
    import psycopg2

    data = BENCH_DIR / "pgdata"
    url = _start_postgres_in_a_child(data)
    conn = psycopg2.connect(f"{url}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SHOW shared_preload_libraries")
        loaded = "pg_stat_statements" in cursor.fetchone()[0]
        if not loaded:
            cursor.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
            cursor.execute("ALTER SYSTEM SET max_connections = 300")
    conn.close()
    if not loaded:
        stop_embedded_postgres(data)
        url = _start_postgres_in_a_child(data)
    return url


def sql_statements(pg_url: str, prefix: str, make_requests) -> dict[str, float]:
    """SQL statements each service ran while ``make_requests()`` ran, by pg_stat_statements."""
    import psycopg2

    conn = psycopg2.connect(f"{pg_url}/postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            cursor.execute("SELECT pg_stat_statements_reset()")
            count = make_requests()
            cursor.execute(
                """SELECT d.datname, sum(s.calls) FROM pg_stat_statements s
                     JOIN pg_database d ON d.oid = s.dbid
                    WHERE d.datname LIKE %s AND s.query NOT ILIKE '%%pg_stat%%'
                    GROUP BY d.datname""",
                [prefix + "%"],
            )
            return {name[len(prefix) :]: round(float(calls) / count, 1) for name, calls in cursor.fetchall()}
    finally:
        conn.close()


# --- data set --------------------------------------------------------------------------------


@dataclass
class DataSet:
    name: str
    prefix: str
    sizes: dict[str, int]

    @property
    def marker(self) -> Path:
        return BENCH_DIR / f"seeded-{self.name}.json"

    def is_seeded(self) -> bool:
        return self.marker.exists() and json.loads(self.marker.read_text()).get("sizes") == self.sizes

    def seed(self, stack: Stack, pg_url: str) -> dict:
        print(f"› seeding the {self.name} data set {self.sizes} (kept in .bench/ for reruns)", flush=True)
        started = time.monotonic()
        for spec in SERVICES:
            if spec.database:
                ensure_database(pg_url, f"{self.prefix}{spec.name}", recreate=True)
                stack.prepare(spec.name)
        options = [f"--{key.replace('_', '-')}={value}" for key, value in self.sizes.items()]
        first_member = 1
        for name in ("auth", "board", "comments", "sharing"):
            extra = [f"--password={BENCH_PASSWORD}"] if name == "auth" else [f"--first-member={first_member}"]
            output = subprocess.run(
                [sys.executable, "-m", "django", "seed_bench", *options, *extra],
                env=stack.env_for(name),
                cwd=REPO_ROOT,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            print(f"  {name}: {output.strip().splitlines()[-1]}", flush=True)
            if name == "auth":
                first_member = int(re.search(r"first-member=(\d+)", output).group(1))
        info = {
            "sizes": self.sizes,
            "first_member": first_member,
            "seconds": round(time.monotonic() - started),
        }
        self.marker.write_text(json.dumps(info))
        return info


#: levers `--disable` turns off, to measure what each is worth (the environment that undoes it)
LEVERS = {
    "page-cache": {"FRONT_PAGE_CACHE_SECONDS": "0"},
    "shared-cache": {},  # no REDIS_URL: APIs on their database cache, the front on memory
    "threads": {"GUNICORN_THREADS": "1"},  # sync workers for the APIs, as before
    "no-recycle": {"GUNICORN_MAX_REQUESTS": "5000", "GUNICORN_MAX_REQUESTS_JITTER": "500"},
}


#: the scale probe measures what a page costs the databases as they grow: the front asks every
#: answer afresh, for a member's lists are otherwise answers shared by everyone (Api.everyones)
SCALE_PROBE_ENV = {"FRONT_ANONYMOUS_CACHE_SECONDS": "0"}


def make_stack(
    pg_url: str,
    redis_url: str,
    prefix: str,
    secrets: dict,
    disabled: tuple[str, ...] = (),
    overrides: dict[str, str] | None = None,
) -> Stack:
    workers = chart_workers()
    # The bench logs its members in from one address before the runs; real members come from many.
    extra_env = {"LOG_LEVEL": "WARNING", "RATE_AUTH_LOGIN_IP": "10000/min", **(overrides or {})}
    for lever in disabled:
        extra_env.update(LEVERS[lever])
    stack = Stack(
        server_url=pg_url,
        secrets=secrets,
        run_dir=BENCH_DIR / "run",
        database_prefix=prefix,
        ports=dict(PORTS),
        redis_url="" if "shared-cache" in disabled else redis_url,
        extra_env=extra_env,
    )
    # The chart's worker model per service, applied through the environment the chart sets too.
    original_env_for = stack.env_for

    def env_for(name: str) -> dict[str, str]:
        env = original_env_for(name)
        model = workers.get(name, {})
        env["GUNICORN_WORKERS"] = str(model.get("workers", 2))
        env["GUNICORN_THREADS"] = str(model.get("threads", 1))
        if "keepalive" in model:  # the front; the APIs keep kingdom.gunicorn's local default
            env["GUNICORN_KEEPALIVE"] = str(model["keepalive"])
        if "threads" in disabled and name != "front":
            env["GUNICORN_THREADS"] = "1"
        elif "threads" in disabled:
            env["GUNICORN_THREADS"] = "4"  # the front's threads before
        if "shared-cache" in disabled:
            env.pop("REDIS_URL", None)
        return env

    stack.env_for = env_for  # type: ignore[method-assign]
    return stack


def start_services(stack: Stack) -> None:
    """The whole platform as ``make run`` and the chart run it: the six services and the workers
    (outbox delivery, notification matching and mail), the SMTP sink notification_service sends to."""
    stack.mail = MailSink(BENCH_DIR / "run" / "mail").start()
    for spec in SERVICES:
        stack.prepare(spec.name)
    for spec in SERVICES:
        stack.start(spec.name)
    for spec in SERVICES:
        if spec.worker:
            stack.start_worker(spec.name)


def stop_services(stack: Stack) -> None:
    stack.stop_all()
    if stack.mail is not None:
        stack.mail.stop()
        stack.mail = None


# --- sessions of signed-in members -----------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(front: str, username: str) -> dict:
    """Log in through the front's login page as a person does; return the browser's cookies."""
    browser = requests.Session()
    page = browser.get(f"{front}/login", timeout=30)
    token = CSRF_INPUT.search(page.text).group(1)
    answer = browser.post(
        f"{front}/login",
        data={"csrfmiddlewaretoken": token, "username": username, "password": BENCH_PASSWORD},
        headers={"Referer": f"{front}/login"},
        timeout=30,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"could not log in as {username}: {answer.status_code}")
    return {"username": username, "cookies": browser.cookies.get_dict()}


def member_sessions(front: str, count: int) -> Path:
    path = BENCH_DIR / "sessions.json"
    sessions = [sign_in(front, f"bench{number:05d}") for number in range(1, count + 1)]
    path.write_text(json.dumps(sessions))
    return path


# --- locust ----------------------------------------------------------------------------------


@dataclass
class LoadRun:
    name: str
    users: list[str]
    count: int
    spawn_rate: float
    seconds: int
    think: str
    env: dict[str, str] = field(default_factory=dict)


def run_locust(
    run: LoadRun, stack: Stack, out_dir: Path, pg_url: str, processes: int, valkey_port: int
) -> dict:
    front = stack.url("front")
    prefix = stack.database_prefix
    masters = {process.pid: name for name, process in stack.processes.items()}
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_prefix = out_dir / run.name
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(REPO_ROOT / "perf" / "scenarios.py"),
        "--headless",
        "--host",
        front,
        "-u",
        str(run.count),
        "-r",
        str(run.spawn_rate),
        "-t",
        f"{run.seconds}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(csv_prefix),
        "--csv-full-history",
        "--only-summary",
        "--loglevel",
        "WARNING",
        *(["--processes", str(processes)] if processes > 1 else []),
        *run.users,
    ]
    page_cache_dir = out_dir / f"{run.name}-pagecache"
    page_cache_dir.mkdir(exist_ok=True)
    env = {**os.environ, **run.env, "BENCH_THINK": run.think, "BENCH_OUT": str(page_cache_dir)}
    print(f"› {run.name}: {run.count} users ({' '.join(run.users)}), {run.seconds} s", flush=True)
    started = time.monotonic()
    with Sampler(pg_url, prefix, valkey_port, masters) as sampler:
        subprocess.run(command, env=env, cwd=REPO_ROOT, check=False, capture_output=True)
    seconds = time.monotonic() - started
    result = read_locust(csv_prefix)
    result["resources"] = sampler.report(seconds)
    served: dict[str, int] = {}
    for counts in page_cache_dir.glob("pagecache-*.json"):
        for outcome, number in json.loads(counts.read_text()).items():
            served[outcome] = served.get(outcome, 0) + number
    result["page_cache"] = served
    result["settings"] = {
        "users": run.count,
        "spawn_rate": run.spawn_rate,
        "seconds": run.seconds,
        "think": run.think,
        "classes": run.users,
    }
    total = result["endpoints"].get("Aggregated", {})
    print(
        f"  {total.get('rps', 0):.0f} req/s, p50 {total.get('p50', 0):.0f} ms, "
        f"p95 {total.get('p95', 0):.0f} ms, failures {total.get('failures', 0)}",
        flush=True,
    )
    return result


def read_locust(prefix: Path) -> dict:
    endpoints = {}
    stats = Path(f"{prefix}_stats.csv")
    if stats.exists():
        with stats.open() as handle:
            for row in csv.DictReader(handle):
                endpoints[row["Name"]] = {
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50": float(row["50%"] or 0),
                    "p95": float(row["95%"] or 0),
                    "p99": float(row["99%"] or 0),
                    "max": float(row["Max Response Time"] or 0),
                }
    failures: dict[str, int] = {}
    failures_csv = Path(f"{prefix}_failures.csv")
    if failures_csv.exists():
        with failures_csv.open() as handle:
            for row in csv.DictReader(handle):
                kind = re.sub(r"\d{3,}", "N", row["Error"])[:120]
                failures[kind] = failures.get(kind, 0) + int(row["Occurrences"])
    history = []
    history_csv = Path(f"{prefix}_stats_history.csv")
    if history_csv.exists():
        with history_csv.open() as handle:
            for row in csv.DictReader(handle):
                if row["Name"] == "Aggregated":
                    history.append(
                        {
                            "t": int(row["Timestamp"]),
                            "users": int(row["User Count"]),
                            "rps": float(row["Requests/s"]),
                            "p50": float(row["50%"] or 0) if row["50%"] != "N/A" else 0,
                            "p95": float(row["95%"] or 0) if row["95%"] != "N/A" else 0,
                        }
                    )
    return {"endpoints": endpoints, "failures_by_kind": failures, "history": history}


def plot(name: str, result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    history = result["history"]
    if not history:
        return
    start = history[0]["t"]
    seconds = [row["t"] - start for row in history]
    figure, (latency, throughput) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    latency.plot(seconds, [row["p50"] for row in history], label="p50")
    latency.plot(seconds, [row["p95"] for row in history], label="p95")
    latency.set_ylabel("ms")
    latency.set_title(f"{name}: latency (all requests)")
    latency.legend()
    throughput.plot(seconds, [row["rps"] for row in history], color="tab:green")
    throughput.set_ylabel("requests/s")
    throughput.set_xlabel("seconds")
    throughput.set_title(f"{name}: throughput")
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


# --- scale: the same pages at 10,000 and at 1,000,000 rows -----------------------------------


def scale_probe(front: str, sessions: list[dict], pg_url: str, prefix: str, requests_each: int) -> dict:
    """Each scale page as a signed-in member (never a cached page, every API answer asked afresh:
    ``SCALE_PROBE_ENV``): latency and SQL per request."""
    browser = requests.Session()
    browser.cookies.update(sessions[0]["cookies"])
    results = {}
    for name, path in SCALE_PAGES.items():
        for _ in range(3):  # warm
            browser.get(front + path, timeout=30)
        timings = []

        def make_requests(path=path, timings=timings):
            for _ in range(requests_each):
                started = time.perf_counter()
                answer = browser.get(front + path, timeout=30)
                timings.append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    raise RuntimeError(f"{path}: {answer.status_code}")
            return requests_each

        statements = sql_statements(pg_url, prefix, make_requests)
        timings.sort()
        results[name] = {
            "p50": round(timings[len(timings) // 2], 1),
            "p95": round(timings[int(len(timings) * 0.95) - 1], 1),
            "sql_per_request": statements,
        }
        print(f"  {name}: p50 {results[name]['p50']} ms, SQL/request {statements}", flush=True)
    return results


# --- the report ------------------------------------------------------------------------------


def markdown(report: dict) -> str:
    lines = [f"# Benchmark {report['started']}", ""]
    machine = report["machine"]
    lines += [
        f"Machine: {machine['cores']} cores, {machine['memory_gb']} GiB, load average before the run "
        f"{machine['load_before']}; locust {report['locust_processes']} process(es) on the same machine.",
        f"Data set: {report['datasets'].get('standard', {}).get('sizes')}.",
        f"Worker model (from the chart): {report['workers']}.",
        f"Levers turned off for this run: {', '.join(report['disabled']) or 'none'}.",
        "",
    ]
    ceiling = report["scenarios"].get("ceiling", {}).get("endpoints", {}).get("Aggregated", {})
    ceiling_rps = ceiling.get("rps") or 0
    for name in ("ceiling", "original", "people"):
        scenario = report["scenarios"].get(name)
        if not scenario:
            continue
        settings = scenario["settings"]
        total = scenario["endpoints"].get("Aggregated", {})
        ratio = (
            f" — **{total['rps'] / ceiling_rps:.0%} of the ceiling**"
            if ceiling_rps and name != "ceiling"
            else ""
        )
        lines += [
            f"## {name}",
            "",
            f"{settings['users']} users ({', '.join(settings['classes'])}), "
            f"spawn {settings['spawn_rate']}/s, think {settings['think'] or '0'} s, {settings['seconds']} s: "
            f"{total.get('rps', 0):.0f} req/s{ratio}, {total.get('failures', 0)} failed.",
            "",
            "| page / endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | failures |",
            "|---|---|---|---|---|---|---|",
        ]
        for endpoint, row in scenario["endpoints"].items():
            lines.append(
                f"| {endpoint} | {row['requests']} | {row['rps']:.1f} | {row['p50']:.0f} | "
                f"{row['p95']:.0f} | {row['p99']:.0f} | {row['failures']} |"
            )
        served = scenario.get("page_cache") or {}
        if sum(served.values()):
            shares = ", ".join(f"{k} {v / sum(served.values()):.0%}" for k, v in sorted(served.items()))
            lines += ["", f"Pages answered by the front: {shares} (X-Page-Cache)."]
        if scenario["failures_by_kind"]:
            lines += [
                "",
                "Failures by kind: "
                + "; ".join(f"{k} × {v}" for k, v in scenario["failures_by_kind"].items()),
            ]
        resources = scenario["resources"]
        lines += [
            "",
            "| process | CPU cores busy | peak RSS MB | largest RSS growth of one process MB | "
            "DB connections (peak) |",
            "|---|---|---|---|---|",
        ]
        for owner, busy in resources["cpu_cores_busy"].items():
            growth = max(
                (
                    p["rss_last_mb"] - p["rss_first_mb"]
                    for p in resources["rss_per_process"].get(owner, [])
                    if p.get("whole_run")
                ),
                default="",
            )
            lines.append(
                f"| {owner} | {busy} | {resources['peak_rss_mb'].get(owner, '')} | {growth} | "
                f"{resources['db_connections_peak'].get(owner, '')} |"
            )
        if name in ("original", "people"):
            lines += ["", f"![{name}]({report['stamp']}-{name}.png)"]
        lines.append("")
    if "scale" in report["scenarios"]:
        scale = report["scenarios"]["scale"]
        lines += [
            "## scale",
            "",
            "As a signed-in member (no page cache, no shared API answers), sequential requests; latency "
            "and SQL statements per page request by service (pg_stat_statements).",
            "",
            "| page | p50 at 10k | p50 at 1M | ratio | SQL/request at 10k | SQL/request at 1M |",
            "|---|---|---|---|---|---|",
        ]
        for page, small in scale.get("standard", {}).items():
            large = scale.get("scale", {}).get(page, {})
            ratio = f"{large['p50'] / small['p50']:.2f}×" if large and small["p50"] else ""
            lines.append(
                f"| {page} | {small['p50']} | {large.get('p50', '')} | {ratio} | "
                f"{small['sql_per_request']} | {large.get('sql_per_request', '')} |"
            )
        lines.append("")
    if "lighthouse" in report["scenarios"]:
        lines += [
            "## lighthouse (mobile)",
            "",
            "| page | performance | accessibility | best practices | SEO |",
        ]
        lines.append("|---|---|---|---|---|")
        for page, scores in report["scenarios"]["lighthouse"].items():
            lines.append(
                f"| {page} | {scores.get('performance')} | {scores.get('accessibility')} | "
                f"{scores.get('best-practices')} | {scores.get('seo')} |"
            )
        lines.append("")
    return "\n".join(lines)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--duration", type=int, default=60, help="seconds per load scenario")
    parser.add_argument("--members", type=int, default=1_000)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--deals", type=int, default=5_000)
    parser.add_argument("--products", type=int, default=1_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--scale-posts", type=int, default=1_000_000)
    parser.add_argument("--scale-comments", type=int, default=1_000_000)
    parser.add_argument("--reseed", action="store_true", help="seed both data sets again")
    parser.add_argument("--locust-processes", type=int, default=2)
    parser.add_argument(
        "--disable",
        default="",
        help=f"comma-separated levers to turn off, to measure each one's worth: {', '.join(LEVERS)}",
    )
    parser.add_argument(
        "--hold",
        action="store_true",
        help="start the seeded stack, print its URL and wait (to profile by hand)",
    )
    args = parser.parse_args()
    chosen = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(sorted(unknown))}; choose from {', '.join(SCENARIOS)}")
    disabled = tuple(lever.strip() for lever in args.disable.split(",") if lever.strip())
    if set(disabled) - set(LEVERS):
        parser.error(f"unknown lever(s) in --disable; choose from {', '.join(LEVERS)}")

    import psutil

    # `kill` (or a CI runner's stop) must stop the services and PostgreSQL like Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    BENCH_DIR.mkdir(exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    raw = BENCH_DIR / "runs" / stamp
    sizes = {k: getattr(args, k) for k in ("members", "posts", "comments", "deals", "products", "days")}
    standard = DataSet("standard", "bench_", sizes)
    scale = DataSet(
        "scale", "bench_scale_", {**sizes, "posts": args.scale_posts, "comments": args.scale_comments}
    )
    report: dict = {
        "stamp": stamp,
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {
            "cores": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30),
            "load_before": [round(x, 1) for x in os.getloadavg()],
        },
        "locust_processes": args.locust_processes,
        "disabled": list(disabled),
        "workers": chart_workers(),
        "datasets": {},
        "scenarios": {},
    }
    secrets = load_or_create_secrets(BENCH_DIR / "secrets.json")
    print("› starting the bench's PostgreSQL (.bench/pgdata) and Valkey", flush=True)
    pg_url = start_postgres()
    valkey = start_valkey(BENCH_DIR / "valkey", free_port())
    stack = None
    try:
        datasets = [standard] + ([scale] if "scale" in chosen else [])
        for dataset in datasets:
            if args.reseed or not dataset.is_seeded():
                seeder = make_stack(pg_url, valkey.url, dataset.prefix, secrets)
                report["datasets"][dataset.name] = dataset.seed(seeder, pg_url)
            else:
                report["datasets"][dataset.name] = json.loads(dataset.marker.read_text())
        stack = make_stack(pg_url, valkey.url, standard.prefix, secrets, disabled)
        without = f", without {', '.join(disabled)}" if disabled else ""
        print(f"› starting the six services and their workers (production mode{without})", flush=True)
        start_services(stack)
        front = stack.url("front")
        env = {
            "BENCH_POSTS": f"1-{sizes['posts']}",
            "BENCH_DEALS": f"1-{sizes['deals']}",
            "BENCH_PRODUCTS": f"1-{sizes['products']}",
        }
        members = max(1, args.users // 5)
        print(f"› logging in {members} members through the login page", flush=True)
        env["BENCH_SESSIONS"] = str(member_sessions(front, members))
        sessions = json.loads(Path(env["BENCH_SESSIONS"]).read_text())
        if args.hold:
            print(f"› holding: {front} — sessions in {env['BENCH_SESSIONS']}; Ctrl-C stops", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(1)
            return 0
        warm = LoadRun("warmup", ["Visitor", "Member"], 50, 50, 15, "0.5-1", env)
        run_locust(warm, stack, raw, pg_url, 1, valkey.port)
        runs = {
            "ceiling": LoadRun("ceiling", ["Ceiling"], args.users, args.users, args.duration, "0", env),
            "original": LoadRun("original", ["Reader"], args.users, args.users, args.duration, "0", env),
            "people": LoadRun("people", ["Visitor", "Member"], args.users, 50, args.duration, "1-3", env),
        }
        for name, run in runs.items():
            if name in chosen:
                result = run_locust(run, stack, raw, pg_url, args.locust_processes, valkey.port)
                report["scenarios"][name] = result
                if name in ("original", "people"):
                    plot(name, result, RESULTS / f"{stamp}-{name}.png")
                time.sleep(5)  # let queues drain between scenarios
        if "lighthouse" in chosen:
            # perf/ is the script's folder, first on sys.path; kingdom comes from the editable install
            from lighthouse.run import score_pages

            report["scenarios"]["lighthouse"] = score_pages(front, sessions[-1]["cookies"])
        if "scale" in chosen:
            stop_services(stack)
            stack = make_stack(pg_url, valkey.url, standard.prefix, secrets, disabled, SCALE_PROBE_ENV)
            start_services(stack)
            report["scenarios"]["scale"] = {
                "standard": scale_probe(front, sessions, pg_url, standard.prefix, 40)
            }
            stop_services(stack)
            stack = make_stack(pg_url, valkey.url, scale.prefix, secrets, disabled, SCALE_PROBE_ENV)
            start_services(stack)
            scale_sessions = [sign_in(front, "bench00001")]
            report["scenarios"]["scale"]["scale"] = scale_probe(
                front, scale_sessions, pg_url, scale.prefix, 40
            )
    finally:
        if stack is not None:
            stop_services(stack)
        valkey.stop()
        stop_embedded_postgres(BENCH_DIR / "pgdata")
        shutil.rmtree(BENCH_DIR / "run" / "static", ignore_errors=True)

    (RESULTS / f"{stamp}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    (RESULTS / f"{stamp}.md").write_text(markdown(report))
    print(f"\n› report: perf/results/{stamp}.md (raw locust files in {raw})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
