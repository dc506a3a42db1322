"""gunicorn settings for sharing_service (``gunicorn --config python:sharing_service.gunicorn_conf``)."""

from kingdom.gunicorn import gunicorn_settings

globals().update(gunicorn_settings("sharing_service", 8004))
