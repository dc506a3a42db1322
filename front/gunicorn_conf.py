"""gunicorn settings for the front: many threads, because a page mostly waits on the APIs (and a
page from the page cache must never queue behind pages waiting on a slow one)."""

from kingdom.gunicorn import gunicorn_settings

globals().update(gunicorn_settings("front", 8000, workers=2, threads=32))
