"""The board's starting categories; staff add more in admin."""

from django.db import migrations

CATEGORIES = [
    ("free", "자유"),
    ("saving-tips", "절약팁"),
    ("no-spend", "무지출 인증"),
    ("confession", "지출 고해"),
    ("may-i-buy", "사도 될까요?"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("board", "Category")
    for position, (slug, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def unseed(apps, schema_editor):
    Category = apps.get_model("board", "Category")
    Category.objects.filter(slug__in=[slug for slug, _ in CATEGORIES], posts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("board", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
