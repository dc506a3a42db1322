"""gunicorn settings for comment_service (``gunicorn --config python:comment_service.gunicorn_conf``)."""

from kingdom.gunicorn import gunicorn_settings

globals().update(gunicorn_settings("comment_service", 8003))
