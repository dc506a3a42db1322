"""board's part of the benchmark data set: ``--posts`` posts by the seeded members.

Kinds, amounts, anonymity, counters and creation times spread as on a live board (most posts
recent, a few popular); post 1 is the busy thread that comment_service's seed fills. Likes and
verdicts are counters here (their rows matter only to one's own ``liked_by_me``), and the
approval of a 사도 될까요? follows the counters as ``post_verdict`` would set it.
"""

from __future__ import annotations

from board_service.posts.models import HOT_DECAY_SECONDS, HOT_EPOCH, Category, Post, PostKind
from kingdom.seeding import SeedCommand, nickname, sentence

KIND_BY_CATEGORY = {
    "free": PostKind.TALK,
    "saving-tips": PostKind.SAVING,
    "no-spend": PostKind.SAVING,
    "confession": PostKind.SPENDING,
    "may-i-buy": PostKind.REQUEST,
}


class Command(SeedCommand):
    models = (Post,)

    def seed(self, rng, sizes, now):
        categories = list(Category.objects.filter(slug__in=KIND_BY_CATEGORY))

        def post(number: int) -> Post:
            category = rng.choice(categories)
            kind = KIND_BY_CATEGORY[category.slug]
            created_at = sizes.moment(rng, now)
            author_id = sizes.member_id(rng)
            popular = rng.random() < 0.05
            approve, luxury = (
                (rng.randrange(0, 12), rng.randrange(0, 8)) if kind == PostKind.REQUEST else (0, 0)
            )
            return Post(
                category=category,
                kind=kind,
                title=sentence(rng, rng.randrange(2, 6))[:100],
                body="\n".join(sentence(rng, rng.randrange(6, 30)) for _ in range(rng.randrange(1, 5))),
                amount=rng.randrange(1_000, 300_000, 100)
                if kind in (PostKind.SPENDING, PostKind.REQUEST)
                else None,
                anonymous=rng.random() < 0.15,
                author_id=author_id,
                author_nickname=nickname(author_id),
                author_role="member",
                like_count=rng.randrange(0, 200 if popular else 15),
                view_count=rng.randrange(0, 5_000 if popular else 300),
                comment_count=sizes.busy_thread if number == 0 else rng.randrange(0, 12),
                comment_count_as_of=now,
                approve_count=approve,
                luxury_count=luxury,
                approved_at=created_at if approve - luxury >= 3 else None,
                created_at=created_at,
                hot_epoch=(created_at - HOT_EPOCH).total_seconds() / HOT_DECAY_SECONDS,
            )

        count = self.in_batches(Post, (post(number) for number in range(sizes.posts)))
        return f"{count} posts"
