"""Indexes for the public offer list at 50,000 offers (issue 11, speed; offer_lists.py):
the list's order (featured, newest), the shops' coordinates for "nearest first", and the shop →
offer links covering (a district's offers are read from the index alone)."""

from django.db import migrations, models

LINKS_INDEX = "festival_offer_shops_shop_offer"


class Migration(migrations.Migration):

    dependencies = [
        ("festival", "0006_coupon_online"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="offer",
            index=models.Index(fields=["is_featured", "created_at", "id"], name="festival_offer_list_order"),
        ),
        migrations.AddIndex(
            model_name="shop",
            index=models.Index(fields=["lat", "lng"], name="festival_shop_lat_lng"),
        ),
        # The auto-created through table cannot declare an index; the same SQL on SQLite and PostgreSQL.
        migrations.RunSQL(
            f"CREATE INDEX {LINKS_INDEX} ON festival_offer_shops (shop_id, offer_id)",
            f"DROP INDEX {LINKS_INDEX}",
        ),
    ]
