"""sharing's part of the benchmark data set: ``--deals`` deals over ``--products`` products.

The deals themselves are made by ``seed_deals`` (prices, stores, statuses, votes, price records and
each product's lowest price as the services compute them); here they are shared by the seeded
members over ``--days``.
"""

from __future__ import annotations

from kingdom.seeding import SeedCommand
from sharing_service.deals.management.commands.seed_deals import Command as SeedDeals
from sharing_service.deals.models import Deal, PriceRecord, Product


class Command(SeedCommand):
    models = (Deal, Product, PriceRecord)

    def seed(self, rng, sizes, now):
        SeedDeals(stdout=self.stdout).create(
            rng,
            count=sizes.deals,
            batch=self.batch,
            products=sizes.products,
            author_id=sizes.member_id,
            created_at=sizes.moment,
            # Readers of the benchmark open deals by id: none hidden, so none answers 404.
            hidden_rate=0.0,
        )
        return f"{sizes.deals} deals over {sizes.products} products"
