"""Search finds what people type: every word, any order, with or without spaces, any length —
and at a realistic number of posts the n-gram index serves even one- and two-syllable words."""

import pytest
from django.db import connection

from board_service.posts.models import Category, Post
from board_service.posts.selectors import PostFilters, post_list
from board_service.tests.factories import make_post
from kingdom.pagination import counted_rows
from kingdom.search import COMMON_SHARE, expected_share, forget_statistics, grams_of, search_terms
from kingdom.tokens import AnonymousCaller

pytestmark = pytest.mark.django_db


def found(q: str) -> set[int]:
    return set(post_list(user=AnonymousCaller(), filters=PostFilters(q=q)).values_list("id", flat=True))


TYPED = ["햇반 24개", "햇반24개", "24개 햇반", "햇반 210G", "햇반 ２４개", "210g24개", "샀어요 햇반"]


@pytest.mark.parametrize("q", TYPED)
def test_every_word_in_any_order_with_or_without_spaces(member, q):
    hit = make_post(member, title="햇반 210g 24개 샀어요", body="한 달 치 비상식량")
    make_post(member, title="햇반 12개", body="24시 편의점에서")  # both words, but not "24개"

    assert found(q) == {hit.pk}


def test_words_may_be_split_between_title_and_body(member):
    hit = make_post(member, title="라면 끊기", body="3일째 도시락")
    make_post(member, title="라면 먹었다", body="맛있다")

    assert found("도시락 라면") == {hit.pk}
    assert found("라면") == {hit.pk, Post.objects.exclude(pk=hit.pk).get().pk}
    assert found("쌀") == set()


def test_a_word_that_is_not_there_finds_nothing_and_punctuation_alone_filters_nothing(member):
    post = make_post(member, title="[절약] 커피 끊기", body="텀블러")

    assert found("커피 녹차") == set()
    assert found("[절약]") == {post.pk}
    assert found("!!") == {post.pk}


def plan(q: str) -> str:
    return post_list(user=AnonymousCaller(), filters=PostFilters(q=q))[:20].explain()


def count_plan(q: str) -> str:
    """The plan of the capped count a list of search results asks for (kingdom.pagination)."""
    return counted_rows(post_list(user=AnonymousCaller(), filters=PostFilters(q=q))).explain(analyze=True)


def many_posts(member, titles) -> None:
    """One post per title, and statistics as in production (ANALYZE)."""
    category = Category.objects.get(slug="free")
    posts = [
        Post(
            category=category,
            title=title,
            body="아껴 쓰는 하루 " * 20,
            author_id=member.id,
            author_nickname=member.nickname,
            author_role="member",
        )
        for title in titles
    ]
    Post.objects.bulk_create(posts, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE board_post")
    forget_statistics()


def test_short_words_are_served_by_the_gram_index_at_a_realistic_size(member):
    # 20,000 posts, one in a hundred about 라면/쌀/햇반; statistics as in production (ANALYZE),
    # sequential scans allowed: the planner itself must prefer the index.
    topics = ["오늘 점심 도시락", "카페 대신 텀블러", "중고로 팔았어요", "가계부 쓰기 30일째"]
    many_posts(
        member,
        (
            f"{'라면 한 봉 · 쌀 10kg · 햇반 24개' if i % 100 == 0 else topics[i % 4]} #{i}"
            for i in range(20_000)
        ),
    )

    for q in ("라면", "쌀", "햇반 24개"):
        explained = plan(q)
        assert "board_post_search_grams" in explained, explained
        assert "Seq Scan on board_post" not in explained, explained
        assert len(found(q)) == 200


def test_a_word_most_posts_hold_is_found_by_its_letters_without_the_gram_index(member):
    # 12,000 posts, nine in ten about 라면 (make bench's data: 73 %); statistics as in production.
    # Counting them through the index would gather every match first and, where that bitmap is
    # lossy, compute each row's grams again; the substring test alone stops at the cap.
    many_posts(member, (f"{'오늘도 라면' if i % 10 else '도시락 싸기'} #{i}" for i in range(12_000)))

    assert expected_share(Post.objects.all(), "search_folded", grams_of("라면")) > COMMON_SHARE
    explained = count_plan("라면")
    assert "kingdom_search_grams" not in explained, explained
    assert "Bitmap" not in explained, explained
    assert len(found("라면")) == 10_800
    # a rare word among them still goes through the index, and finds the same rows either way
    assert "board_post_search_grams" in count_plan("도시락")
    assert len(found("도시락")) == 1_200
    assert found("라면 도시락") == set()


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("햇반24개", ["햇반", "24개"]),  # a Korean word running into a number is two words
        ("  햇반   24개 ", ["햇반", "24개"]),
        ("24개햇반", ["24개햇반"]),  # a number then a counter word stays one ("24개")
        ("Ｎｅｔｆｌｉｘ ２４개", ["netflix", "24개"]),  # full-width folds (NFKC), case folds
        ("[쿠팡] 햇반, 햇반!", ["쿠팡", "햇반"]),  # punctuation goes, repeats count once
        ("?!", []),
        (" ".join(f"w{n}" for n in range(20)), [f"w{n}" for n in range(8)]),  # at most MAX_TERMS
    ],
)
def test_the_query_is_split_into_folded_terms(typed, terms):
    assert search_terms(typed) == terms


def test_a_term_needs_its_bigrams_or_its_one_character():
    assert grams_of("라면") == ["라면"]
    assert grams_of("24개") == ["24", "4개"]
    assert grams_of("쌀") == ["쌀"]
