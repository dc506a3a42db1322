"""A deal's thumbnail: the author's image, or the shop page's og:image found once by the worker
(never inside a request), against a shop served on loopback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from kingdom.outbox import deliver_pending
from sharing_service.deals.models import Deal, ThumbnailTask
from sharing_service.tests.shop.server import shop_on_loopback

pytestmark = pytest.mark.django_db

IMAGE = "https://img.shop.example/sinramyun.jpg"


@pytest.fixture(scope="module")
def shop():
    with shop_on_loopback() as server:
        yield server


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.SHARING_TEST_ALLOW_LOOPBACK = True


def at(shop, path: str) -> str:
    return f"http://127.0.0.1:{shop.server_port}{path}"


def read(anon, deal_id: int) -> dict:
    return anon.get(f"/api/sharing/deals/{deal_id}").json()


def test_a_deal_without_an_image_gets_the_shop_pages_picture_from_the_worker(anon, member, share, shop):
    before = len(shop.hosts_seen)
    deal = share(member, url=at(shop, "/item"), image_url="")

    assert deal["thumbnail_url"] == ""
    assert len(shop.hosts_seen) == before  # the request fetched nothing
    assert ThumbnailTask.objects.filter(payload__deal_id=deal["id"], delivered_at=None).count() == 1

    call_command("deliver_outbox")

    assert read(anon, deal["id"])["thumbnail_url"] == IMAGE
    assert len(shop.hosts_seen) == before + 1
    call_command("deliver_outbox")
    assert len(shop.hosts_seen) == before + 1  # fetched once


def test_the_authors_image_wins_and_nothing_is_fetched(anon, member, share, shop):
    deal = share(member, url=at(shop, "/item"), image_url="https://img.example.com/mine.jpg")

    assert deal["thumbnail_url"] == "https://img.example.com/mine.jpg"
    assert not ThumbnailTask.objects.filter(payload__deal_id=deal["id"]).exists()


def test_a_page_the_rules_refuse_leaves_the_placeholder_and_is_not_retried(anon, member, share, shop):
    deal = share(member, url=at(shop, "/redirect-internal"))
    deliver_pending(ThumbnailTask)

    task = ThumbnailTask.objects.get(payload__deal_id=deal["id"])
    assert task.delivered_at is not None
    stored = Deal.objects.get(pk=deal["id"])
    assert stored.og_image_url == ""
    assert stored.og_image_checked_at is not None
    assert read(anon, deal["id"])["thumbnail_url"] == ""


def test_a_busy_shop_is_retried_then_given_up(member, share, shop):
    deal = share(member, url=at(shop, "/broken"))
    task = ThumbnailTask.objects.get(payload__deal_id=deal["id"])

    for attempt in range(1, 4):
        ThumbnailTask.objects.filter(pk=task.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        deliver_pending(ThumbnailTask)
        task.refresh_from_db()
        assert task.attempts == attempt
        assert (task.delivered_at is None) == (attempt < 3)
    assert Deal.objects.get(pk=deal["id"]).og_image_checked_at is not None


def test_relinking_looks_again_and_a_stale_task_changes_nothing(anon, member, share, shop):
    deal = share(member, url=at(shop, "/no-image"))
    response = member.client.patch(
        f"/api/sharing/deals/{deal['id']}", {"url": at(shop, "/item")}, format="json"
    )
    assert response.status_code == 200, response.content.decode()

    deliver_pending(ThumbnailTask)

    assert read(anon, deal["id"])["thumbnail_url"] == IMAGE
    assert ThumbnailTask.objects.filter(payload__deal_id=deal["id"]).count() == 2


def test_removing_the_authors_image_looks_for_the_shop_picture(anon, member, share, shop):
    deal = share(member, url=at(shop, "/item"), image_url="https://img.example.com/mine.jpg")
    member.client.patch(f"/api/sharing/deals/{deal['id']}", {"image_url": ""}, format="json")

    deliver_pending(ThumbnailTask)

    assert read(anon, deal["id"])["thumbnail_url"] == IMAGE


def test_production_does_not_take_loopback_links(member, settings):
    settings.SHARING_TEST_ALLOW_LOOPBACK = False
    response = member.client.post(
        "/api/sharing/deals",
        {
            "title": "루프백",
            "product_name": "상품",
            "price": 1000,
            "url": "http://127.0.0.1:9/item",
            "category": "food",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "url" in response.json()["errors"]


def test_the_deploy_check_refuses_the_test_only_loopback_setting(settings):
    from django.core import checks

    settings.SHARING_TEST_ALLOW_LOOPBACK = True
    assert "deals.E001" in [m.id for m in checks.run_checks(include_deployment_checks=True)]
    settings.SHARING_TEST_ALLOW_LOOPBACK = False
    assert "deals.E001" not in [m.id for m in checks.run_checks(include_deployment_checks=True)]


def test_deals_from_before_thumbnails_are_queued_once_by_the_backfill(member, share, shop):
    old = share(member, url=at(shop, "/item"))
    ThumbnailTask.objects.all().delete()  # as if shared before thumbnails existed
    share(member, url=at(shop, "/no-image"), image_url="https://img.example.com/own.jpg")  # has its own

    call_command("queue_thumbnails")
    call_command("queue_thumbnails")  # already queued: nothing twice

    assert list(ThumbnailTask.objects.values_list("payload__deal_id", flat=True)) == [old["id"]]
    deliver_pending(ThumbnailTask)
    assert Deal.objects.get(pk=old["id"]).og_image_url == IMAGE
    call_command("queue_thumbnails")  # looked at: not again
    assert ThumbnailTask.objects.count() == 1
