"""gunicorn settings for auth_service (``gunicorn --config python:auth_service.gunicorn_conf``)."""

from kingdom.gunicorn import gunicorn_settings

globals().update(gunicorn_settings("auth_service", 8001))
