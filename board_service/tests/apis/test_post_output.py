"""A post's JSON is written out by hand (PostOutputSerializer.to_representation, for speed): it
must say exactly what DRF's own walk through the declared fields (the OpenAPI document's) says."""

import pytest
from rest_framework import serializers

from board_service.posts import services
from board_service.posts.apis import PostOutputSerializer
from board_service.tests.factories import as_user, make_post

pytestmark = pytest.mark.django_db


def test_every_viewer_gets_what_the_declared_fields_give(anon, member, other_member, staff, monkeypatch):
    judged = make_post(member, kind="request", category="may-i-buy", amount=39_000, body="살까요?")
    secret = make_post(other_member, kind="spending", category="confession", amount=4_500, anonymous=True)
    gone = make_post(member, title="지울 고해", kind="spending", category="confession", amount=9_900)
    viewer = as_user(other_member)
    services.post_judge(user=viewer, post_id=judged.pk, verdict="approve")
    services.post_like(user=viewer, post_id=judged.pk)
    services.post_bookmark(user=viewer, post_id=judged.pk)
    services.post_delete(user=as_user(member), post_id=gone.pk)  # a spending confession: a tombstone

    addresses = [f"/api/board/posts/{post.pk}" for post in (judged, secret, gone)] + [
        "/api/board/posts",
        "/api/board/posts?saved=me",
    ]
    viewers = {
        "anonymous": anon,
        "member": member.client,
        "other": other_member.client,
        "staff": staff.client,
    }

    def answers() -> dict:
        return {
            (name, address): (response.status_code, response.json())
            for name, client in viewers.items()
            for address in addresses
            for response in [client.get(address)]
        }

    answers()  # every viewer's first look counts a view; the two answers below count none
    by_hand = answers()
    monkeypatch.setattr(PostOutputSerializer, "to_representation", serializers.Serializer.to_representation)
    by_drf = answers()

    assert by_hand == by_drf
    assert by_hand[("other", f"/api/board/posts/{judged.pk}")][1]["liked_by_me"] is True
    assert by_hand[("other", f"/api/board/posts/{judged.pk}")][1]["my_verdict"] == "approve"
    assert by_hand[("anonymous", f"/api/board/posts/{secret.pk}")][1]["author"]["id"] is None
    assert by_hand[("staff", f"/api/board/posts/{gone.pk}")][1]["is_deleted"] is True
    key_orders = {
        tuple(post)
        for status, answer in by_hand.values()
        if status == 200
        for post in answer.get("results", [answer])
    }
    assert key_orders == {tuple(by_drf[("anonymous", "/api/board/posts")][1]["results"][0])}
