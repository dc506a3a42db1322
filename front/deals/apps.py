from django.apps import AppConfig


class DealsConfig(AppConfig):
    """최저가 공유: deal list/detail/share form, product pages with the price chart."""

    name = "front.deals"
    label = "deals"
