"""URLconf of the front."""

from kingdom.urls import install_problem_handlers, service_urlpatterns

urlpatterns = [
    *service_urlpatterns("front", api=False, with_admin=False),
]

install_problem_handlers(globals())
