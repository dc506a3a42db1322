"""URLconf of sharing_service."""

from django.urls import include, path

from kingdom.urls import install_problem_handlers, service_urlpatterns

urlpatterns = [
    *service_urlpatterns("sharing"),
    path("api/sharing/", include("sharing_service.deals.urls")),
]

install_problem_handlers(globals())
