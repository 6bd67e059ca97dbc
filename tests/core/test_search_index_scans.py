"""PostgreSQL plans the search's statements without sequential scans (core.search._index_scans),
and the setting does not outlive them, also when the statement fails."""

import pytest
from django.db import DatabaseError, connection, transaction

from shanglian.core import search

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")]


def _seqscan() -> str:
    with connection.cursor() as cur:
        cur.execute("SHOW enable_seqscan")
        return cur.fetchone()[0]


def test_sequential_scans_are_off_inside_and_on_after():
    with search._index_scans():
        assert _seqscan() == "off"
    assert _seqscan() == "on"


def test_a_failing_statement_leaves_the_setting_as_it_was():
    with (pytest.raises(DatabaseError), transaction.atomic(), search._index_scans(),  # noqa: PT012
          connection.cursor() as cur):
        cur.execute("SELECT to_tsquery('simple', '&&&')")
    assert _seqscan() == "on"


def test_a_search_runs_with_index_scans_and_resets():
    search.search_index_update(kind="t_scan", object_id=1, parts=["香港電子貿易"])
    ranked = search.search_ranked(kind="t_scan", query="電子", dense=False)
    assert list(ranked.scores) == [1]
    assert _seqscan() == "on"
