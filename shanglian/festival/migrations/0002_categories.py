from django.db import migrations


def seed(apps, schema_editor):
    from shanglian.festival.categories import load_categories

    load_categories(apps.get_model("festival", "Category"))


class Migration(migrations.Migration):
    dependencies = [("festival", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
