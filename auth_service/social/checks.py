"""System checks: a configured provider needs the public address its redirect URI is built from."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def public_url_check(app_configs, **kwargs) -> list[Error]:
    if settings.SOCIAL_PROVIDERS and not settings.FRONT_PUBLIC_URL:
        return [
            Error(
                "A social login provider is configured but FRONT_PUBLIC_URL is not set.",
                hint="The site's public address, e.g. https://thrift.example.kr.",
                id="social.E001",
            )
        ]
    return []


@register(deploy=True)
def public_url_https_check(app_configs, **kwargs) -> list[Warning]:
    if settings.SOCIAL_PROVIDERS and not settings.FRONT_PUBLIC_URL.startswith("https://"):
        return [
            Warning(
                "FRONT_PUBLIC_URL is not https: provider codes would travel in the clear.",
                id="social.W001",
            )
        ]
    return []
