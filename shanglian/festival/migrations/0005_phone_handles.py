"""Verification handles: a random, unguessable name per verification (not the sequential id) and
the requester's binding. Existing rows get a random handle and no requester (nobody can use them)."""

import secrets

from django.db import migrations, models


def fill_handles(apps, schema_editor):
    PhoneVerification = apps.get_model("festival", "PhoneVerification")
    for row in PhoneVerification.objects.filter(handle__isnull=True).only("pk").iterator():
        PhoneVerification.objects.filter(pk=row.pk).update(handle=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
    dependencies = [("festival", "0004_labels")]

    operations = [
        migrations.AddField(model_name="phoneverification", name="handle",
                            field=models.CharField(max_length=43, null=True)),
        migrations.RunPython(fill_handles, migrations.RunPython.noop),
        migrations.AlterField(model_name="phoneverification", name="handle",
                              field=models.CharField(max_length=43, unique=True)),
        migrations.AddField(model_name="phoneverification", name="requester",
                            field=models.CharField(default="", max_length=64)),
        migrations.AddIndex(model_name="phoneverification",
                            index=models.Index(fields=["created_at"], name="festival_phoneverif_created")),
    ]
