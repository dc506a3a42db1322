import pytest
from django.core.cache import cache

from front.tests.fakes import FakeApis


@pytest.fixture
def fake_apis(monkeypatch) -> FakeApis:
    """Every API call of the front answered by canned data (unit tests only)."""
    apis = FakeApis()
    monkeypatch.setattr("front.api.client.service_client", apis.client)
    cache.clear()
    return apis
