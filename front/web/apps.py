from django.apps import AppConfig


class WebConfig(AppConfig):
    """What every page shares: layout, static files, security headers, error pages, home, search."""

    name = "front.web"
    label = "web"
