"""The author contract every content API shares (kingdom.authors, kingdom.fields, kingdom.targets),
checked here on the board's Post."""

import pytest
from django.urls import resolve
from rest_framework import serializers

from board_service.posts.models import Category, Post, PostKind
from kingdom.authors import ANONYMOUS_AUTHOR, REMOVED_AUTHOR, author_as_seen_by, author_columns
from kingdom.fields import StrictBooleanField, StrictCharField, StrictChoiceField, StrictIntegerField
from kingdom.targets import TARGET_OWNERS
from kingdom.tokens import AnonymousCaller, TokenUser

WRITER = TokenUser(id=7, nickname="짠돌이", role="member", claims={})
OTHER = TokenUser(id=8, nickname="알뜰이", role="member", claims={})
GUEST = TokenUser(id=9, nickname="손님", role="guest", claims={})
STAFF = TokenUser(id=10, nickname="운영자", role="staff", claims={})
LONG = "가" * 45 + "x" * 15


def post(**fields) -> Post:
    return Post(**author_columns(WRITER), title="t", body="b", **fields)


# --- what a viewer sees of an author ---------------------------------------------------------


@pytest.mark.parametrize("viewer", [WRITER, OTHER, GUEST, STAFF, AnonymousCaller(), None])
def test_a_named_author_is_seen_by_everyone(viewer):
    assert author_as_seen_by(post(), viewer) == WRITER.as_author()


@pytest.mark.parametrize("viewer", [OTHER, GUEST, AnonymousCaller(), None])
def test_an_anonymous_author_is_masked_for_everyone_else(viewer):
    assert author_as_seen_by(post(), viewer, anonymous=True) == ANONYMOUS_AUTHOR


@pytest.mark.parametrize("viewer", [WRITER, STAFF])
def test_an_anonymous_author_is_shown_to_the_author_and_staff(viewer):
    assert author_as_seen_by(post(), viewer, anonymous=True) == WRITER.as_author()


@pytest.mark.parametrize("viewer", [WRITER, OTHER, STAFF, AnonymousCaller()])
def test_nobody_sees_the_author_of_something_removed(viewer):
    assert author_as_seen_by(post(), viewer, anonymous=False, removed=True) == REMOVED_AUTHOR
    assert author_as_seen_by(post(), viewer, anonymous=True, removed=True) == REMOVED_AUTHOR


def test_the_masks_handed_out_are_copies():
    author_as_seen_by(post(), OTHER, anonymous=True)["nickname"] = "changed"
    author_as_seen_by(post(), OTHER, removed=True)["nickname"] = "changed"
    assert ANONYMOUS_AUTHOR["nickname"] == "익명"
    assert REMOVED_AUTHOR["nickname"] == ""


def test_authorship_needs_a_known_id():
    nobody = Post(author_id=None, author_nickname="", author_role="")
    assert not nobody.is_authored_by(AnonymousCaller())
    assert post().is_authored_by(WRITER)
    assert not post().is_authored_by(OTHER)


# --- the author columns ----------------------------------------------------------------------


def test_the_author_columns_come_from_the_token_users_author():
    assert author_columns(WRITER) == {"author_id": 7, "author_nickname": "짠돌이", "author_role": "member"}
    assert post().author == WRITER.as_author()


def test_the_columns_have_one_set_of_lengths():
    fields = {field.name: field for field in Post._meta.get_fields()}
    assert fields["author_nickname"].max_length == 50
    assert fields["author_role"].max_length == 16


def test_a_long_nickname_is_cut_to_50_when_assigned():
    assert Post(author_nickname=LONG).author_nickname == LONG[:50]
    written = post()
    written.author_nickname = LONG
    assert written.author_nickname == LONG[:50]


@pytest.mark.django_db
def test_a_long_nickname_is_cut_to_50_on_every_write():
    category = Category.objects.get(slug="free")
    author = TokenUser(id=11, nickname=LONG, role="member", claims={})
    created = Post.objects.create(**author_columns(author), category=category, kind=PostKind.TALK, title="a")
    [bulk] = Post.objects.bulk_create([Post(**author_columns(author), category=category, title="b")])
    assert Post.objects.get(pk=created.pk).author_nickname == LONG[:50]
    assert Post.objects.get(pk=bulk.pk).author_nickname == LONG[:50]

    Post.objects.filter(pk=created.pk).update(author_nickname="나" * 80)
    assert Post.objects.get(pk=created.pk).author_nickname == "나" * 50


# --- strict JSON fields ----------------------------------------------------------------------


def _rejects(field: serializers.Field, value) -> bool:
    try:
        field.run_validation(value)
    except serializers.ValidationError:
        return True
    return False


@pytest.mark.parametrize("value", ["5", True, False, 5.5, float("inf"), None, [5], {"n": 5}])
def test_a_strict_integer_is_a_json_integer(value):
    assert _rejects(StrictIntegerField(), value)


def test_a_strict_integer_written_with_a_zero_fraction_is_that_integer():
    # JSON Schema's "integer" (the documents' word) includes 5.0; schemathesis sends such values.
    assert StrictIntegerField().run_validation(5.0) == 5
    assert type(StrictIntegerField().run_validation(13817706.0)) is int


def test_a_strict_integer_keeps_its_bounds():
    assert StrictIntegerField(min_value=1).run_validation(5) == 5
    assert _rejects(StrictIntegerField(min_value=1), 0)


@pytest.mark.parametrize("value", ["true", "false", 1, 0, "on", None])
def test_a_strict_boolean_is_true_or_false(value):
    assert _rejects(StrictBooleanField(), value)
    assert StrictBooleanField().run_validation(True) is True


@pytest.mark.parametrize("value", [5, 5.5, True, ["a"], {"a": 1}, "", "   ", "\u200b", "\u3164\u3164"])
def test_a_strict_string_is_a_json_string_that_shows_something(value):
    assert _rejects(StrictCharField(), value)


def test_a_strict_string_that_may_be_blank_is_still_a_string():
    field = StrictCharField(allow_blank=True)
    assert field.run_validation("") == ""
    assert field.run_validation("\u200b") == "\u200b"  # blank allowed: nothing to show is fine
    assert _rejects(field, 5)


@pytest.mark.parametrize("value", ["1", "-1", True, 1.0, None])
def test_a_strict_choice_has_the_type_of_its_choices(value):
    field = StrictChoiceField(choices=[1, -1])
    assert _rejects(field, value)
    assert field.run_validation(-1) == -1


def test_a_strict_choice_of_text_choices_takes_the_string():
    field = StrictChoiceField(choices=PostKind.choices)
    assert field.run_validation("talk") == "talk"
    assert _rejects(field, ["talk"])


# --- who owns a target -----------------------------------------------------------------------


def test_the_ownership_table_names_the_boards_internal_post_endpoints():
    owner = TARGET_OWNERS["post"]
    assert owner.url_setting == "BOARD_SERVICE_URL"
    assert resolve(owner.lookup_path.format(id=3)).url_name == "internal-post"
    assert resolve(owner.comment_count_path.format(id=3)).url_name == "internal-post-comment-count"
