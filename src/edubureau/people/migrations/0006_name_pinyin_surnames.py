"""People's pinyin keys again, now that a surname is read as a surname (曾 zeng, 单 shan; core.pinyin.SURNAMES)."""

from django.db import migrations


def refill(apps, schema_editor):
    from edubureau.core.pinyin import fill_pinyin_keys

    for label in ("people.Staff", "people.Student"):
        fill_pinyin_keys(apps.get_model(label), person=True)


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0005_name_pinyin"),
    ]

    operations = [
        migrations.RunPython(refill, migrations.RunPython.noop),
    ]
