"""Thumbnails with the real service and its real worker command: a deal shared without an image
shows the shop page's og:image once ``deliver_outbox`` (the chart's worker) has run; the shop is
served on loopback, which only the test-only SHARING_TEST_ALLOW_LOOPBACK lets through."""

from __future__ import annotations

import pytest
import requests

from kingdom.testing.live import eventually, live_stack, run_management_command
from sharing_service.tests.integration.test_deals_and_comments import share_deal, signed_up_member
from sharing_service.tests.shop.server import shop_on_loopback

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack():
    with live_stack(["auth", "sharing"], extra_env={"SHARING_TEST_ALLOW_LOOPBACK": "true"}) as running:
        yield running


def test_the_worker_gives_a_deal_its_shop_pages_picture(stack):
    member = signed_up_member(stack)
    with shop_on_loopback() as shop:
        deal = share_deal(stack, member, url=f"http://127.0.0.1:{shop.server_port}/redirect")
        assert deal["thumbnail_url"] == ""
        assert shop.hosts_seen == []  # nothing fetched while answering the member

        run_management_command(stack, "sharing", "deliver_outbox")

        def thumbnail():
            url = stack.url("sharing") + f"/api/sharing/deals/{deal['id']}"
            return requests.get(url, timeout=30).json()["thumbnail_url"]

        assert eventually(thumbnail, timeout=10) == "https://img.shop.example/sinramyun.jpg"
        assert len(shop.hosts_seen) == 2  # the redirect and the page, once
