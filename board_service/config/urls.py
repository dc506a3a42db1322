"""URLconf of board_service."""

from django.urls import include, path

from kingdom.urls import install_problem_handlers, service_urlpatterns

urlpatterns = [
    *service_urlpatterns("board"),
    path("api/board/", include("board_service.posts.urls")),
]

install_problem_handlers(globals())
