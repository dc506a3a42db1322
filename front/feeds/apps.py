from django.apps import AppConfig


class FeedsConfig(AppConfig):
    """RSS 2.0 and Atom feeds of deals (any list filter, a keyword, the hot list) and the board."""

    name = "front.feeds"
    label = "feeds"
