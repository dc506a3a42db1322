from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """알림: the header badge, the inbox, notification settings, 핫딜 알림, price watches, unsubscribe."""

    name = "front.notifications"
    label = "notifications"
