"""URLconf of the front: pages in Korean, error pages in HTML (problem details under /api/)."""

from django.urls import include, path

from kingdom.urls import service_urlpatterns

urlpatterns = [
    *service_urlpatterns("front", api=False, with_admin=False),
    path("", include("front.web.urls")),
    path("", include("front.accounts.urls")),
    path("board/", include("front.board.urls")),
    path("comments/", include("front.comments.urls")),
    path("deals/", include("front.deals.urls")),
]

handler400 = "front.web.errors.bad_request"
handler403 = "front.web.errors.permission_denied"
handler404 = "front.web.errors.not_found"
handler500 = "front.web.errors.server_error"
