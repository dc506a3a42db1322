#!/bin/sh
# Start one Thrift Kingdom service the same way in a container and on a laptop.
#
#   entrypoint.sh [<service>] [serve|prepare|worker|collectstatic|check]
#
#   <service>      front | auth | board | comments | sharing (default: $THRIFT_SERVICE, baked
#                  into each image by the Dockerfile's SERVICE build argument)
#   serve          gunicorn (default); exec'd so it is PID 1 and receives SIGTERM itself
#   prepare        migrate + cache table + first superuser (the chart's pre-install/upgrade Job)
#   worker         transactional-outbox delivery loop (board, comments, sharing)
#   collectstatic  collect static files into $STATIC_ROOT (run once at image build time)
#   check          manage.py check --deploy --fail-level WARNING
set -eu

service="${THRIFT_SERVICE:-}"
case "${1:-}" in
    front|auth|board|comments|sharing) service="$1"; shift ;;
esac
command="${1:-serve}"

case "$service" in
    front) package=front ;;
    auth) package=auth_service ;;
    board) package=board_service ;;
    comments) package=comment_service ;;
    sharing) package=sharing_service ;;
    "") echo "entrypoint: name a service (front|auth|board|comments|sharing) or set THRIFT_SERVICE" >&2; exit 64 ;;
    *) echo "entrypoint: unknown service '$service'" >&2; exit 64 ;;
esac
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-$package.config.settings}"

case "$command" in
    serve)
        if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
            # Metrics files of a previous container would be summed into this one's: start clean.
            rm -rf "$PROMETHEUS_MULTIPROC_DIR"
            mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
        fi
        exec gunicorn --config "python:$package.gunicorn_conf"
        ;;
    prepare)
        if [ "$service" = front ]; then
            echo "entrypoint: the front keeps no database; nothing to prepare" >&2
            exit 0
        fi
        exec python -m django prepare_service
        ;;
    worker)
        case "$service" in
            board|comments|sharing) exec python -m django deliver_outbox --loop ;;
            *) echo "entrypoint: $service has no background worker" >&2; exit 64 ;;
        esac
        ;;
    collectstatic)
        exec python -m django collectstatic --noinput --verbosity 1
        ;;
    check)
        exec python -m django check --deploy --fail-level WARNING
        ;;
    *)
        echo "entrypoint: unknown command '$command' (serve|prepare|worker|collectstatic|check)" >&2
        exit 64
        ;;
esac
