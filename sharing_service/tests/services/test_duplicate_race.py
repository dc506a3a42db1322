"""Two members posting the same link at the same moment make one deal, not two."""

import threading
import time

import pytest
from django.db import connection, transaction

from kingdom.tokens import TokenUser
from sharing_service.deals import services
from sharing_service.deals.models import Category, Deal

LINK = "https://www.coupang.com/vp/products/424242"


def _share(author_id: int, url: str) -> Deal:
    return services.deal_create(
        author=TokenUser(id=author_id, nickname=f"회원{author_id}", role="member", claims={}),
        title="동시에 올린 딜",
        product_name="동시 상품",
        price=10_000,
        url=url,
        category=Category.objects.get(slug="digital"),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_second_of_two_simultaneous_posts_of_one_link_sees_the_first():
    first_holds_lock = threading.Event()
    outcome = {}

    def second_member():
        first_holds_lock.wait()
        try:
            outcome["deal"] = _share(2, LINK + "?utm_source=kakao")
        except services.DuplicateDeal as duplicate:
            outcome["duplicate_of"] = duplicate.existing.pk
        finally:
            connection.close()

    other = threading.Thread(target=second_member)
    other.start()
    with transaction.atomic():
        first = _share(1, LINK)
        first_holds_lock.set()
        time.sleep(0.5)  # the second post is now waiting for this transaction (or racing past it)
    other.join(timeout=10)

    assert outcome == {"duplicate_of": first.pk}
    assert Deal.objects.count() == 1
