"""auth refuses to serve a provider it cannot build redirect URIs for, and warns about plain http."""

from auth_service.social.checks import public_url_check, public_url_https_check

KAKAO = {"kakao": {"client_id": "k", "client_secret": "s"}}


def test_no_provider_needs_nothing(settings):
    settings.SOCIAL_PROVIDERS, settings.FRONT_PUBLIC_URL = {}, ""
    assert public_url_check(None) == []
    assert public_url_https_check(None) == []


def test_a_provider_without_the_public_address_is_an_error(settings):
    settings.SOCIAL_PROVIDERS, settings.FRONT_PUBLIC_URL = KAKAO, ""
    assert [problem.id for problem in public_url_check(None)] == ["social.E001"]


def test_a_plain_http_public_address_fails_the_deploy_check(settings):
    settings.SOCIAL_PROVIDERS, settings.FRONT_PUBLIC_URL = KAKAO, "http://thrift.example.kr"
    assert public_url_check(None) == []
    assert [problem.id for problem in public_url_https_check(None)] == ["social.W001"]
    settings.FRONT_PUBLIC_URL = "https://thrift.example.kr"
    assert public_url_https_check(None) == []
