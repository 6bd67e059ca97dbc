from django.db import migrations


def forward(apps, schema_editor):
    from shanglian.core.reference_data import load_reference_data

    load_reference_data(apps.get_model("core", "Place"), apps.get_model("core", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_index")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
