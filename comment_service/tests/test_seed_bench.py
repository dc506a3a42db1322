"""The benchmark's comments: the busy threads, replies under comments of their own thread."""

from io import StringIO

import pytest
from django.core.management import call_command

from comment_service.comments.models import Comment, Thread

pytestmark = pytest.mark.django_db


def test_comments_fill_the_busy_threads_and_replies_stay_in_their_thread():
    call_command(
        "seed_bench", "--posts=20", "--deals=10", "--comments=300", "--busy-thread=50", stdout=StringIO()
    )

    assert Comment.objects.filter(target_type="post", target_id=1).count() >= 40  # a fifth may be replies
    assert Comment.objects.filter(target_type="deal", target_id=1).count() >= 40
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert replies.count() > 30
    assert all(r.parent.thread_id == r.thread_id and r.parent.parent_id is None for r in replies)
    assert Thread.objects.filter(target_type="deal").exists()
