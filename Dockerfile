# syntax=docker/dockerfile:1.7
# One image per Thrift Kingdom service, all from this file:
#
#   docker build --build-arg SERVICE=board -t registry.example.com/thrift-kingdom/board:0.1.0 .
#
# SERVICE is front | auth | board | comments | sharing | notifications. See charts/thrift-kingdom/README.md
# ("Images") for the loop that builds and pushes all five.

# A pinned, slim base. Replace the tag by a digest (python:3.12.12-slim-bookworm@sha256:…)
# in your registry mirror for byte-for-byte reproducible builds.
ARG PYTHON_IMAGE=python:3.12.12-slim-bookworm

# --- build: resolve and install the platform into a virtualenv --------------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
WORKDIR /src
# Dependencies first (a layer that survives code changes), then the code itself. Every
# package, the build backend included, comes from the lock with its hashes: pip refuses
# anything else (regenerate it with `python scripts/lock_requirements.py`).
COPY pyproject.toml README.md docker/requirements.lock ./
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY kingdom ./kingdom
COPY front ./front
COPY auth_service ./auth_service
COPY board_service ./board_service
COPY comment_service ./comment_service
COPY sharing_service ./sharing_service
COPY notification_service ./notification_service
RUN /opt/venv/bin/pip install --no-deps --no-build-isolation . \
 && /opt/venv/bin/python -m compileall -q /opt/venv/lib

# --- runtime: no compilers, no build tools, a non-root user ----------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="thrift-kingdom-${SERVICE}" \
      org.opencontainers.image.version="${VERSION}"
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=front|auth|board|comments|sharing|notifications" >&2; exit 1) \
 && groupadd --system --gid 10001 kingdom \
 && useradd --system --uid 10001 --gid kingdom --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin kingdom
COPY --from=build /opt/venv /opt/venv
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/thrift-entrypoint
ENV THRIFT_SERVICE=${SERVICE} \
    PATH=/opt/venv/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    STATIC_ROOT=/app/static \
    GUNICORN_WORKER_TMP_DIR=/tmp \
    HOME=/tmp \
    PORT=8000
# Static files are part of the image (whitenoise serves them): collected once, at build time.
# collectstatic never touches the database; settings only insist that these are set.
RUN SECRET_KEY=collectstatic-only DATABASE_URL=postgresql://unused@localhost/unused \
    thrift-entrypoint "${SERVICE}" collectstatic
WORKDIR /app
USER 10001:10001
EXPOSE 8000
ENTRYPOINT ["/usr/local/bin/thrift-entrypoint"]
CMD ["serve"]
