"""URLconf of the front: pages in Korean, error pages in HTML (problem details under /api/)."""

from django.urls import include, path
from django.views.generic import RedirectView

from kingdom.urls import service_urlpatterns

urlpatterns = [
    *service_urlpatterns("front", api=False, with_admin=False),
    path("", include("front.web.urls")),
    path("", include("front.accounts.urls")),
    # Typed without the trailing slash, the lists are still where people expect them.
    path("board", RedirectView.as_view(url="/board/", permanent=True, query_string=True)),
    path("deals", RedirectView.as_view(url="/deals/", permanent=True, query_string=True)),
    path("board/", include("front.board.urls")),
    path("comments/", include("front.comments.urls")),
    path("deals/", include("front.deals.urls")),
    path("", include("front.notifications.urls")),
    path("feeds/", include("front.feeds.urls")),
]

handler400 = "front.web.errors.bad_request"
handler403 = "front.web.errors.permission_denied"
handler404 = "front.web.errors.not_found"
handler500 = "front.web.errors.server_error"
