"""On PostgreSQL the claim's read and write are server-side prepared statements on a generic plan
(planned once per connection): Django opens connections with psycopg's prepare_threshold=None,
which silently ignores ``prepare=True`` unless the claim path sets the connection up."""

from __future__ import annotations

import pytest
from django.db import connection

from shanglian.festival.models import Coupon
from tests.festival.test_api import _claim

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_claim_statements_are_prepared_and_generic(client, campaign, phone_token):
    assert _claim(client, campaign, phone_token, key="a").status_code == 201
    assert _claim(client, campaign, phone_token, key="b").status_code == 409  # already claimed
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        rows = cursor.fetchall()
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"
    reads = [r for r in rows if r[0].startswith("SELECT c.id")]
    writes = [r for r in rows if r[0].startswith("WITH c AS (UPDATE")]
    assert reads and writes and all(custom == 0 for _s, _g, custom in rows)
    assert sum(generic for _s, generic, _c in reads) >= 2
    assert Coupon.objects.count() == 1
