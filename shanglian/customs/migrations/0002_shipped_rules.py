from types import SimpleNamespace

from django.db import migrations


def load(apps, schema_editor):
    from shanglian.customs.reference import load_rules

    load_rules(SimpleNamespace(**{name: apps.get_model("customs", name) for name in (
        "LimitRule", "TaxRate", "CodeEntry", "PositiveListVersion", "PositiveListItem")}))


class Migration(migrations.Migration):
    dependencies = [("customs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
