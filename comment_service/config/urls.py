"""URLconf of comment_service."""

from django.urls import include, path

from kingdom.urls import install_problem_handlers, service_urlpatterns

urlpatterns = [
    *service_urlpatterns("comments"),
    path("", include("comment_service.comments.urls")),
]

install_problem_handlers(globals())
