"""One access check per object: lookup and ownership together. Another user's notification, alert
or watch is a 404, exactly like one that does not exist (nobody learns what others have)."""

from __future__ import annotations

from rest_framework.exceptions import NotFound

from notification_service.notifications.models import Alert, Notification, PriceWatch


def _owned(queryset, user, object_id: int, message: str):
    try:
        return queryset.get(pk=object_id)
    except queryset.model.DoesNotExist as exc:
        raise NotFound(message) from exc


def access_notification_for_read(user, notification_id: int) -> Notification:
    return _owned(
        Notification.objects.filter(recipient_id=user.id), user, notification_id, "알림을 찾을 수 없습니다."
    )


def access_alert_for_view(user, alert_id: int) -> Alert:
    return _owned(Alert.objects.filter(owner_id=user.id), user, alert_id, "핫딜 알림을 찾을 수 없습니다.")


def access_alert_for_update(user, alert_id: int) -> Alert:
    return access_alert_for_view(user, alert_id)


def access_watch_for_delete(user, watch_id: int) -> PriceWatch:
    return _owned(
        PriceWatch.objects.filter(owner_id=user.id), user, watch_id, "가격 알림을 찾을 수 없습니다."
    )
