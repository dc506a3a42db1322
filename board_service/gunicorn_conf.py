"""gunicorn settings for board_service (``gunicorn --config python:board_service.gunicorn_conf``)."""

from kingdom.gunicorn import gunicorn_settings

globals().update(gunicorn_settings("board_service", 8002))
