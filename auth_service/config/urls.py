"""URLconf of auth_service."""

from kingdom.urls import install_problem_handlers, service_urlpatterns

urlpatterns = [
    *service_urlpatterns("auth"),
]

install_problem_handlers(globals())
