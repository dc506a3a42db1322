"""URLconf of notification_service."""

from django.urls import include, path

from kingdom.urls import install_problem_handlers, service_urlpatterns

urlpatterns = [
    *service_urlpatterns("notifications"),
    path("api/notifications/", include("notification_service.notifications.urls")),
]

install_problem_handlers(globals())
