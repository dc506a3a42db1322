"""Staff look into events, notifications, alerts and watches; changes go through the services."""

import pytest

from notification_service.notifications import alerts, processing
from notification_service.notifications.models import Alert, Event, Notification, PriceWatch
from notification_service.tests.factories import comment_created, deliver, receive

pytestmark = pytest.mark.django_db

BASE = "/admin/notifications/notifications"


@pytest.mark.parametrize(
    "model", ["event", "notification", "dealsnapshot", "preference", "alert", "pricewatch"]
)
def test_every_list_opens_for_staff(admin_client, model):
    deliver("comment.created", comment_created(target_author_id=1))
    alerts.alert_create(1, {"keywords": "신라면"})
    response = admin_client.get(f"{BASE}/{model}/")
    assert response.status_code == 200


def test_nothing_is_added_or_edited_by_hand(admin_client):
    assert admin_client.get(f"{BASE}/notification/add/").status_code == 403
    deliver("comment.created", comment_created(target_author_id=1))
    notification = Notification.objects.get()
    page = admin_client.post(f"{BASE}/notification/{notification.pk}/change/", {"message": "바꿈"})
    assert page.status_code == 403
    notification.refresh_from_db()
    assert notification.message != "바꿈"


def test_a_failed_event_is_processed_again_by_the_action(admin_client):
    event = receive("ranking.king", {"month": "2026-11", "user_id": 12, "nickname": "짠돌이"})
    Event.objects.filter(pk=event.pk).update(attempts=processing.MAX_ATTEMPTS, last_error="boom")
    assert processing.process_pending() == 0  # given up on by the loop
    response = admin_client.post(
        f"{BASE}/event/", {"action": "process_again", "_selected_action": [event.pk]}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.processed_at is not None
    assert Notification.objects.get().recipient_id == 12


def test_staff_delete_alerts_and_watches(admin_client):
    alert = alerts.alert_create(1, {"keywords": "햇반"})
    watch = alerts.watch_create(1, product_id=7, product_name="햇반 24개", target_price=20_000)
    response = admin_client.post(
        f"{BASE}/alert/", {"action": "delete_selected", "_selected_action": [alert.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Alert.objects.exists()
    admin_client.post(f"{BASE}/pricewatch/{watch.pk}/delete/", {"post": "yes"})
    assert not PriceWatch.objects.exists()
