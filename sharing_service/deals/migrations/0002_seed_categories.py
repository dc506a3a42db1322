from django.db import migrations

CATEGORIES = [
    ("digital", "디지털/가전"),
    ("food", "식품"),
    ("living", "생활용품"),
    ("fashion", "패션"),
    ("beauty", "뷰티"),
    ("travel", "여행/문화"),
    ("voucher", "상품권/쿠폰"),
    ("etc", "기타"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("deals", "Category")
    for position, (slug, name) in enumerate(CATEGORIES):
        Category.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})


def unseed(apps, schema_editor):
    apps.get_model("deals", "Category").objects.filter(slug__in=[slug for slug, _ in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("deals", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
