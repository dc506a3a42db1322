import pytest

from auth_service.tests.social_flow import FRONT, redirect_uri, social_settings
from kingdom.testing.oauth_provider import PROVIDERS, LoopbackOAuthProvider


@pytest.fixture(scope="session")
def loopback_oauth():
    with LoopbackOAuthProvider() as provider:
        yield provider


@pytest.fixture
def oauth(loopback_oauth, settings):
    """The loopback Kakao, Naver and Google, registered with the front's callback URIs."""
    for name in PROVIDERS:
        loopback_oauth.register(name, redirect_uris=[redirect_uri(name), f"{FRONT}/elsewhere/{name}"])
        loopback_oauth.providers[name].id_token_overrides = {}
    settings.FRONT_PUBLIC_URL = FRONT
    settings.SOCIAL_PROVIDERS = social_settings(loopback_oauth)
    return loopback_oauth
