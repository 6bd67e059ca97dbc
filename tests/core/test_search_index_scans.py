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


def test_a_rare_words_counts_run_with_index_scans():
    """The rarity count (how many records hold an unknown word) and the document counts: a rare
    word's capped count is where a sequential scan reads every entry."""
    from shanglian.text.query import analyse

    search.search_index_update(kind="t_scan", object_id=1, parts=["香港電子貿易"])
    settings_seen = []

    def spy(execute, sql, params, many, context):
        if "count(*)" in sql:
            settings_seen.append(_seqscan_in(context["connection"]))
        return execute(sql, params, many, context)

    group = analyse("電子").required[0]
    search._doc_count_cache.clear()
    with connection.execute_wrapper(spy):
        assert search._kind_matches("t_scan", group) == 1
        search._doc_counts([group], 10)
    assert settings_seen and set(settings_seen) == {"off"}
    assert _seqscan() == "on"


def _seqscan_in(conn) -> str:
    with conn.connection.cursor() as cur:  # the raw connection: not through the wrapper
        cur.execute("SHOW enable_seqscan")
        return cur.fetchone()[0]
