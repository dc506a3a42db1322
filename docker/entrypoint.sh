#!/bin/sh
# Start one Thrift Kingdom service the same way in a container and on a laptop.
#
#   entrypoint.sh [<service>] [serve|prepare|worker|collectstatic|check]
#
#   <service>      front | auth | board | comments | sharing | notifications (default: $THRIFT_SERVICE, baked
#                  into each image by the Dockerfile's SERVICE build argument)
#   serve          gunicorn (default); exec'd so it is PID 1 and receives SIGTERM itself
#   prepare        wait for the database, then migrate + cache table + first superuser under an
#                  advisory lock (the chart's init container, before a pod serves)
#   worker         the service's background loop: `$THRIFT_WORKER_COMMAND --loop` (default
#                  deliver_outbox, the transactional-outbox delivery of board, comments, sharing;
#                  notifications: process_events; not front, auth)
#   manage <args>  one management command, e.g. `manage purge_expired_tokens` (the chart's CronJobs)
#   collectstatic  collect static files into $STATIC_ROOT (run once at image build time)
#   check          manage.py check --deploy --fail-level WARNING
set -eu

service="${THRIFT_SERVICE:-}"
case "${1:-}" in
    front|auth|board|comments|sharing|notifications) service="$1"; shift ;;
esac
command="${1:-serve}"

# The chart sets THRIFT_PACKAGE from `services.<name>.package`, so a service added by values
# needs no change here; the six known ones also run without it (laptop, docker run).
package="${THRIFT_PACKAGE:-}"
case "$service" in
    "") echo "entrypoint: name a service (front|auth|board|comments|sharing|notifications) or set THRIFT_SERVICE" >&2; exit 64 ;;
    front) package="${package:-front}" ;;
    auth) package="${package:-auth_service}" ;;
    board) package="${package:-board_service}" ;;
    comments) package="${package:-comment_service}" ;;
    sharing) package="${package:-sharing_service}" ;;
    notifications) package="${package:-notification_service}" ;;
    *) if [ -z "$package" ]; then
           echo "entrypoint: unknown service '$service' (set THRIFT_PACKAGE to its Python package)" >&2
           exit 64
       fi ;;
esac
case "$package" in
    *[!A-Za-z0-9_]*) echo "entrypoint: THRIFT_PACKAGE '$package' is not a Python package name" >&2; exit 64 ;;
esac
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-$package.config.settings}"
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR"  # prometheus_client writes its per-process files here
fi

case "$command" in
    serve)
        if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
            # Metrics files of a previous container would be summed into this one's: start clean.
            find "$PROMETHEUS_MULTIPROC_DIR" -mindepth 1 -delete
        fi
        exec gunicorn --config "python:$package.gunicorn_conf"
        ;;
    prepare)
        if [ "$service" = front ]; then
            echo "entrypoint: the front keeps no database; nothing to prepare" >&2
            exit 0
        fi
        # Wait for the database (it may be starting in the same release), then run
        # prepare_service under a PostgreSQL advisory lock: several new pods starting at once
        # migrate one after the other instead of racing on the same tables.
        exec python - <<'PY'
import os
import sys
import time

import django

django.setup()
from django.core.management import call_command
from django.db import connection

deadline = time.monotonic() + int(os.environ.get("DATABASE_WAIT_SECONDS") or 60)
while True:
    try:
        connection.ensure_connection()
        break
    except Exception as exc:
        if time.monotonic() > deadline:
            sys.exit(f"prepare: the database did not answer in time: {exc}")
        print(f"prepare: waiting for the database ({exc.__class__.__name__})", file=sys.stderr, flush=True)
        time.sleep(2)
with connection.cursor() as cursor:
    # One lock id for every service: each has its own database, so they never contend.
    cursor.execute("SELECT pg_advisory_lock(727274)")
try:
    call_command("prepare_service")
finally:
    connection.close()  # ends the session, which releases the lock
PY
        ;;
    worker)
        case "$service" in
            front|auth) echo "entrypoint: $service has no background worker" >&2; exit 64 ;;
            notifications) exec python -m django "${THRIFT_WORKER_COMMAND:-process_events}" --loop ;;
            *) exec python -m django "${THRIFT_WORKER_COMMAND:-deliver_outbox}" --loop ;;
        esac
        ;;
    manage)
        shift
        if [ "$#" -eq 0 ]; then
            echo "entrypoint: manage needs a command, e.g. 'manage purge_expired_tokens'" >&2
            exit 64
        fi
        exec python -m django "$@"
        ;;
    collectstatic)
        exec python -m django collectstatic --noinput --verbosity 1
        ;;
    check)
        exec python -m django check --deploy --fail-level WARNING
        ;;
    *)
        echo "entrypoint: unknown command '$command' (serve|prepare|worker|manage|collectstatic|check)" >&2
        exit 64
        ;;
esac
