"""URLconf of board_service."""

from kingdom.urls import install_problem_handlers, service_urlpatterns

urlpatterns = [
    *service_urlpatterns("board"),
]

install_problem_handlers(globals())
