from django.urls import path

from front.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications", views.inbox, name="inbox"),
    path("notifications/<int:notification_id>/read", views.mark_read, name="read"),
    path("notifications/read-all", views.read_all, name="read_all"),
    # RFC 8058 one-click: the signed token is the whole authority (csrf-exempt, no login)
    path("notifications/unsubscribe/<path:token>", views.unsubscribe, name="unsubscribe"),
    path("me/notifications", views.preferences, name="preferences"),
    path("alerts", views.alert_list, name="alerts"),
    path("alerts/new", views.alert_create, name="alert_create"),
    path("alerts/<int:alert_id>/edit", views.alert_edit, name="alert_edit"),
    path("alerts/<int:alert_id>/delete", views.alert_delete, name="alert_delete"),
    path("deals/products/<int:product_id>/watch", views.watch_create, name="watch"),
    path(
        "deals/products/<int:product_id>/watch/<int:watch_id>/delete", views.watch_delete, name="watch_delete"
    ),
]
