"""A comment's JSON is written out by hand (CommentOutputSerializer.to_representation, for speed):
it must say exactly what DRF's own walk through the declared fields (the OpenAPI document's) says."""

import pytest
from rest_framework import serializers

from comment_service.comments.apis import CommentOutputSerializer
from comment_service.comments.models import Comment
from comment_service.tests.api_calls import comment_on, created, thread_of

pytestmark = pytest.mark.django_db


def test_every_viewer_gets_what_the_declared_fields_give(
    anon, member, other_member, staff, post, monkeypatch
):
    named = created(comment_on(member, post, "실명 댓글 https://shop.example"))
    secret = created(comment_on(other_member, post, "익명 댓글", anonymous=True))
    created(comment_on(member, post, "익명 답글", anonymous=True, parent_id=named["id"]))
    created(comment_on(other_member, post, "실명 답글", parent_id=secret["id"]))
    gone = created(comment_on(member, post, "지워질 댓글"))
    created(comment_on(other_member, post, "남는 답글", parent_id=gone["id"]))
    Comment.objects.filter(pk=gone["id"]).update(is_deleted=True)  # a placeholder with a reply

    viewers = {
        "anonymous": anon,
        "member": member.client,
        "other": other_member.client,
        "staff": staff.client,
    }
    by_hand = {name: thread_of(client, post) for name, client in viewers.items()}
    monkeypatch.setattr(
        CommentOutputSerializer, "to_representation", serializers.Serializer.to_representation
    )
    by_drf = {name: thread_of(client, post) for name, client in viewers.items()}

    assert by_hand == by_drf
    assert [list(c) for c in by_hand["member"]["results"]] == [list(c) for c in by_drf["member"]["results"]]
    assert len(by_hand["anonymous"]["results"]) == 3
    assert by_hand["anonymous"]["results"][2]["is_deleted"] is True
    assert by_hand["staff"]["results"][1]["author"] != by_hand["anonymous"]["results"][1]["author"]
