"""URLconf of comment_service."""

from kingdom.urls import install_problem_handlers, service_urlpatterns

urlpatterns = [
    *service_urlpatterns("comments"),
]

install_problem_handlers(globals())
