"""Index the live entries that exist already, so the gallery's search finds them from the first
deploy (new and edited entries are indexed by the services; ``manage.py reindex
competition_entry`` rebuilds the same). The parts are written out here, as the historical model
has them, rather than imported from services.entry_search_parts, which may change later."""

from django.db import migrations

KIND = "competition_entry"


def forward(apps, schema_editor):
    Entry = apps.get_model("competition", "Entry")
    live = Entry.objects.filter(status="submitted").select_related("category").order_by("pk")
    if not live.exists():
        return  # a new database: nothing to index (and no model to load)
    from shanglian.core.search import search_index_bulk

    search_index_bulk(kind=KIND, rows=((e.pk, [e.title, e.title, e.category.name_zh_hant, e.category.name_zh_hans,
                                                e.category.name_en]) for e in live.iterator(500)))


def backward(apps, schema_editor):
    apps.get_model("core", "SearchEntry").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("competition", "0002_invitations_notices"),
        ("core", "0008_search_word"),
    ]

    operations = [migrations.RunPython(forward, backward)]
