"""URLconf of sharing_service."""

from kingdom.urls import install_problem_handlers, service_urlpatterns

urlpatterns = [
    *service_urlpatterns("sharing"),
]

install_problem_handlers(globals())
