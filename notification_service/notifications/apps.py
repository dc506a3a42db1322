from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """알림: events from the other services in, notifications, alerts, price watches and mail out."""

    name = "notification_service.notifications"
    label = "notifications"
    verbose_name = "알림"
    default_auto_field = "django.db.models.BigAutoField"
