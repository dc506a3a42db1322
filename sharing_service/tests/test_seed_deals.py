"""The load-test seeding command writes deals the API can serve, with consistent derived numbers."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Min

from sharing_service.deals.models import Deal, PriceRecord, Product

pytestmark = pytest.mark.django_db


def test_seed_deals_creates_the_asked_number_of_consistent_deals(anon):
    call_command("seed_deals", count=120, batch=50, stdout=io.StringIO())

    assert Deal.objects.count() == 120
    assert PriceRecord.objects.count() == 120
    for product in Product.objects.all():
        visible = PriceRecord.objects.filter(product=product, deal__is_hidden=False)
        assert product.lowest_ever_price == visible.aggregate(m=Min("effective_price"))["m"]
    for deal in Deal.objects.all()[:20]:
        assert deal.effective_price == deal.price + deal.shipping_fee
        assert deal.original_price is None or deal.original_price >= deal.price
    response = anon.get("/api/sharing/deals?sort=hot&page_size=50")
    assert response.status_code == 200
    assert response.json()["count"] > 0
