"""A shared cache (Valkey) that cannot be reached is a 503 problem, never a 500."""

import pytest
from django.core.cache import caches

from board_service.tests.factories import make_post
from kingdom.testing.live import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(settings):
    closed = free_port()  # nobody listens there
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # (pytest-django's settings fixture resets Django's cache handler on the way in and out)
    assert caches["default"].__class__.__name__ == "RedisCache"
    return


def test_a_throttled_write_without_its_cache_is_a_503_with_retry_after(member, cache_down):
    response = member.client.post(
        "/api/board/posts",
        {"category": "free", "kind": "talk", "title": "캐시가 없어요", "body": "…"},
        format="json",
    )

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/cache_unavailable")
    assert int(response["Retry-After"]) > 0


def test_a_read_that_counts_a_view_without_its_cache_is_a_503_not_a_500(anon, member, cache_down):
    post = make_post(member)

    response = anon.get(f"/api/board/posts/{post.pk}")

    assert response.status_code == 503
