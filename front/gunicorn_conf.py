"""gunicorn settings for the front: threads, because a page mostly waits on the APIs."""

from kingdom.gunicorn import gunicorn_settings

globals().update(gunicorn_settings("front", 8000, workers=2, threads=8))
