"""auth's part of the benchmark data set: ``--members`` members, one password for all of them.

Usernames ``bench00001…``, nicknames as :func:`kingdom.seeding.nickname` derives them from the id,
so the other services' seeds write the same names. The password (``--password``) is hashed once
and the hash shared: hashing it a thousand times would take minutes and prove nothing.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from auth_service.accounts.models import Role, User
from kingdom.seeding import SeedCommand, nickname


class Command(SeedCommand):
    models = (User,)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--password", required=True)

    def handle(self, *args, **options):
        self.password_hash = make_password(options["password"])
        super().handle(*args, **options)

    def seed(self, rng, sizes, now):
        self.in_batches(
            User,
            (
                User(
                    username=f"bench{number:05d}",
                    nickname=f"벤치{number:05d}",
                    role=Role.MEMBER,
                    password=self.password_hash,
                    date_joined=sizes.moment(rng, now),
                )
                for number in range(1, sizes.members + 1)
            ),
        )
        members = User.objects.filter(username__startswith="bench")
        first = members.order_by("id").values_list("id", flat=True).first()
        # nickname(id), in one statement
        members.update(nickname=Concat(Value(nickname(0)[:-1]), Cast("id", CharField())))
        # The first id is what the other services' seeds need (--first-member).
        self.stdout.write(f"first-member={first}")
        return f"{sizes.members} members"
