"""URLconf of auth_service."""

from django.urls import include, path

from kingdom.urls import install_problem_handlers, service_urlpatterns

urlpatterns = [
    path("api/auth/social/", include("auth_service.social.urls")),
    path("api/auth/", include("auth_service.accounts.urls")),
    *service_urlpatterns("auth"),
]

install_problem_handlers(globals())
