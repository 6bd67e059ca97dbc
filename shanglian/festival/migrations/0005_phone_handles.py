"""Verification handles: a random, unguessable name per verification (not the sequential id) and
the requester's binding. Existing rows get a random handle and no requester (nobody can use them).
The coupon's campaign loses its own index (the unique (campaign, phone, seq) index serves it)."""

import secrets

import django.db.models.deletion
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
        migrations.AlterField(model_name="coupon", name="campaign",
                              field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                                      related_name="coupons", to="festival.couponcampaign",
                                                      verbose_name="優惠券活動")),
    ]
