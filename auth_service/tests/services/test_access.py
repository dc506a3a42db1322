"""accounts/access.py and social/access.py: lookup and permission together."""

from __future__ import annotations

import pytest
from django.db import transaction
from rest_framework.exceptions import PermissionDenied

from auth_service.accounts.access import access_guest_for_upgrade
from auth_service.accounts.errors import InvalidCredentials
from auth_service.accounts.services import user_deactivate
from auth_service.social.access import access_link_for_unlink, access_member_for_link
from auth_service.social.models import SocialLink
from auth_service.social.providers import SocialRefused
from auth_service.tests.accounts import guest, member

pytestmark = pytest.mark.django_db


def test_only_an_active_guest_may_be_upgraded():
    visitor, _ = guest()
    saver, _ = member()
    gone, _ = guest()
    user_deactivate(gone)

    with transaction.atomic():
        assert access_guest_for_upgrade(visitor.pk) == visitor
    with pytest.raises(PermissionDenied):
        access_guest_for_upgrade(saver.pk)
    with pytest.raises(InvalidCredentials):
        access_guest_for_upgrade(gone.pk)


def test_guests_link_a_provider_only_while_becoming_members():
    visitor, _ = guest()
    saver, _ = member()

    assert access_member_for_link(saver) == saver
    with pytest.raises(SocialRefused) as refused:
        access_member_for_link(visitor)
    assert (refused.value.status_code, refused.value.slug) == (403, "guest_cannot_link")


def test_the_last_way_to_sign_in_is_not_unlinked():
    saver, _ = member()
    saver.set_unusable_password()
    saver.save()
    SocialLink.objects.create(user=saver, provider="kakao", subject="k-1")

    with transaction.atomic(), pytest.raises(SocialRefused) as refused:
        access_link_for_unlink(saver, "kakao")
    assert (refused.value.status_code, refused.value.slug) == (409, "social_last_sign_in")
    with transaction.atomic(), pytest.raises(SocialRefused) as missing:
        access_link_for_unlink(saver, "naver")
    assert missing.value.status_code == 404

    SocialLink.objects.create(user=saver, provider="naver", subject="n-1")
    with transaction.atomic():
        assert access_link_for_unlink(saver, "kakao").provider == "kakao"
