"""Test settings: production settings under a test environment (see kingdom.testing.environment)."""

from kingdom.testing.environment import apply_test_environment

apply_test_environment("front", database=False)

from front.config.settings import *  # noqa: E402,F403

# Unit tests look at one view at a time: the whole-page cache would answer a second request from
# the first one's page. Its own tests turn it on (tests/test_page_cache.py); live stacks keep it on.
FRONT_PAGE_CACHE_SECONDS = 0
# Each worker's own copies of fresh pages, as in production with Valkey (front.web.pagecache.MEMORY).
CACHES["pages"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "front-pages-test",
    "OPTIONS": {"MAX_ENTRIES": 500},
}
