"""The board's categories: seeded by migration, extended by staff in admin."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_seeded_categories_in_display_order(anon):
    body = anon.get("/api/board/categories").json()

    assert body["results"] == [
        {"slug": "free", "name": "자유"},
        {"slug": "saving-tips", "name": "절약팁"},
        {"slug": "no-spend", "name": "무지출 인증"},
        {"slug": "confession", "name": "지출 고해"},
        {"slug": "may-i-buy", "name": "사도 될까요?"},
    ]


def test_staff_add_a_category_in_admin_and_members_can_post_in_it(admin_client, anon, member):
    response = admin_client.post(
        "/admin/board/board/category/add/", {"name": "짠테크", "slug": "jjan-tech", "position": 9}
    )
    assert response.status_code == 302

    assert anon.get("/api/board/categories").json()["results"][-1] == {"slug": "jjan-tech", "name": "짠테크"}
    created = member.client.post(
        "/api/board/posts",
        {"category": "jjan-tech", "title": "앱테크 후기", "body": "하루 300원"},
        format="json",
    )
    assert created.status_code == 201
