"""Per-kind channels, e-mail mode and address; one-click unsubscribe with a signed token."""

from __future__ import annotations

import pytest

from notification_service.notifications.mail import unsubscribe_token
from notification_service.notifications.models import Kind, Notification, Preference
from notification_service.tests.factories import comment_created, deliver

pytestmark = pytest.mark.django_db

URL = "/api/notifications/preferences"


def test_defaults_are_every_kind_in_the_site_and_no_mail(member):
    prefs = member.client.get(URL).json()
    assert prefs == {"channels": dict.fromkeys(Kind.values, "site"), "email_mode": "immediate", "email": ""}


def test_a_member_chooses_channels_mode_and_address(member):
    body = {
        "channels": {"alert": "email", "comment": "off"},
        "email_mode": "digest",
        "email": "me@example.kr",
    }
    response = member.client.put(URL, body, format="json")
    assert response.status_code == 200, response.content
    prefs = member.client.get(URL).json()
    assert prefs["channels"]["alert"] == "email"
    assert prefs["channels"]["comment"] == "off"
    assert prefs["channels"]["reply"] == "site"
    assert (prefs["email_mode"], prefs["email"]) == ("digest", "me@example.kr")


def test_kinds_that_do_not_exist_are_ignored_as_every_unknown_field_is(member):
    body = {"channels": {"nope": "off", "reply": "off"}, "email_mode": "immediate", "email": ""}
    assert member.client.put(URL, body, format="json").status_code == 200
    assert Preference.objects.get(user_id=member.id).channels == {"reply": "off"}


@pytest.mark.parametrize(
    "body",
    [
        {"channels": {"alert": "sms"}, "email_mode": "immediate", "email": ""},
        {"channels": {}, "email_mode": "weekly", "email": ""},
        {"channels": {}, "email_mode": "immediate", "email": "not-an-address"},
        {"channels": {}, "email_mode": "immediate", "email": "0@0.a"},  # a one-letter top-level domain
        {"channels": {}, "email_mode": "immediate", "email": "a" * 65 + "@example.kr"},  # local part > 64
        {"channels": [], "email_mode": "immediate", "email": ""},
    ],
)
def test_bad_preferences_are_a_400(member, body):
    response = member.client.put(URL, body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_unsubscribe_turns_every_mail_off_and_keeps_the_site(member, anon):
    member.client.put(
        URL,
        {
            "channels": {"comment": "email", "reply": "off"},
            "email_mode": "immediate",
            "email": "m@example.kr",
        },
        format="json",
    )
    deliver("comment.created", comment_created(target_author_id=member.id))
    assert Notification.objects.get(recipient_id=member.id).email_state == "pending"
    response = anon.post(
        "/api/notifications/unsubscribe", {"token": unsubscribe_token(member.id)}, format="json"
    )
    assert response.status_code == 204
    channels = member.client.get(URL).json()["channels"]
    assert channels["comment"] == "site"
    assert channels["reply"] == "off"
    assert Notification.objects.get(recipient_id=member.id).email_state == ""  # the pending mail is dropped


@pytest.mark.parametrize(
    ("token", "status"), [("forged", 404), (unsubscribe_token(1)[:-2] + "xx", 404), ("", 400)]
)
def test_a_forged_token_is_a_404_and_an_empty_one_a_400(anon, token, status):
    Preference.objects.create(user_id=1, channels={"reply": "email"}, email="a@example.kr")
    response = anon.post("/api/notifications/unsubscribe", {"token": token}, format="json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert Preference.objects.get().channels == {"reply": "email"}
