"""comment_service's part of the benchmark data set: ``--comments`` comments on the seeded posts
and deals, a fifth of them replies.

Post 1 and deal 1 are the busy threads (``--busy-thread`` comments each, for "a post with 500
comments"); the rest fall on posts (70 %) and deals (30 %) at random, by the seeded members.
"""

from __future__ import annotations

from collections import defaultdict

from comment_service.comments.models import Comment, TargetType, Thread
from kingdom.seeding import SeedCommand, nickname, sentence


class Command(SeedCommand):
    models = (Thread, Comment)

    def seed(self, rng, sizes, now):
        busy = min(sizes.busy_thread, sizes.comments // 2)
        targets = [(TargetType.POST, 1)] * busy + [(TargetType.DEAL, 1)] * busy
        for _ in range(sizes.comments - len(targets)):
            if rng.random() < 0.7 or not sizes.deals:
                targets.append((TargetType.POST, rng.randint(1, sizes.posts)))
            else:
                targets.append((TargetType.DEAL, rng.randint(1, sizes.deals)))
        self.in_batches(Thread, (Thread(target_type=kind, target_id=pk) for kind, pk in sorted(set(targets))))
        threads = {
            (t.target_type, t.target_id): t.pk for t in Thread.objects.only("id", "target_type", "target_id")
        }

        def comment(target, parent_id=None) -> Comment:
            author_id = sizes.member_id(rng)
            return Comment(
                thread_id=threads[target],
                target_type=target[0],
                target_id=target[1],
                parent_id=parent_id,
                author_id=author_id,
                author_nickname=nickname(author_id),
                author_role="member",
                body=sentence(rng, rng.randrange(3, 25)),
                created_at=sizes.moment(rng, now),
            )

        rng.shuffle(targets)
        replies = len(targets) // 5
        self.in_batches(Comment, (comment(target) for target in targets[replies:]))
        parents = defaultdict(list)
        for pk, kind, target_id in Comment.objects.values_list("id", "target_type", "target_id"):
            parents[(kind, target_id)].append(pk)
        self.in_batches(
            Comment,
            (comment(target, rng.choice(parents[target])) for target in targets[:replies] if parents[target]),
        )
        return f"{Comment.objects.count()} comments in {len(threads)} threads"
