"""The benchmark's deals: every product has one, shared by the seeded members."""

from io import StringIO

import pytest
from django.core.management import call_command

from kingdom.seeding import nickname
from sharing_service.deals.models import Deal, Product

pytestmark = pytest.mark.django_db


def test_deals_cover_every_product_and_are_shared_by_the_members():
    call_command(
        "seed_bench", "--deals=60", "--products=20", "--members=5", "--first-member=3", stdout=StringIO()
    )

    assert Deal.objects.count() == 60
    assert not Product.objects.filter(deals__isnull=True).exists()
    assert Product.objects.count() == 20
    deals = list(Deal.objects.all())
    assert {d.author_id for d in deals} <= set(range(3, 8))
    assert all(d.author_nickname == nickname(d.author_id) for d in deals)
