"""Template context every page gets: the viewer and the navigation."""

from django.http import HttpRequest

from front.api.tokens import ANONYMOUS


def site(request: HttpRequest) -> dict:
    return {"viewer": getattr(request, "viewer", ANONYMOUS)}
