"""gunicorn settings (``gunicorn --config python:notification_service.gunicorn_conf``)."""

from kingdom.gunicorn import gunicorn_settings

globals().update(gunicorn_settings("notification_service", 8005))
