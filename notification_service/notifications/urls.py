from django.urls import path

from notification_service.notifications import apis

urlpatterns = [
    path("inbox", apis.InboxApi.as_view(), name="inbox"),
    path("inbox/unread-count", apis.UnreadCountApi.as_view(), name="inbox-unread-count"),
    path("inbox/read-all", apis.ReadAllApi.as_view(), name="inbox-read-all"),
    path("inbox/<int:notification_id>/read", apis.NotificationReadApi.as_view(), name="inbox-read"),
    path("preferences", apis.PreferencesApi.as_view(), name="preferences"),
    path("alerts", apis.AlertListCreateApi.as_view(), name="alert-list"),
    path("alerts/<int:alert_id>", apis.AlertDetailApi.as_view(), name="alert-detail"),
    path("watches", apis.WatchListCreateApi.as_view(), name="watch-list"),
    path("watches/<int:watch_id>", apis.WatchDetailApi.as_view(), name="watch-detail"),
    path("unsubscribe", apis.UnsubscribeApi.as_view(), name="unsubscribe"),
    path("internal/events", apis.InternalEventApi.as_view(), name="internal-events"),
]
