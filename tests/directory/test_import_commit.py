"""Committing a batch: creates and updates in one transaction, memberships, search index, audit,
progress, and nothing at all written when the commit fails half-way."""

from __future__ import annotations

import pytest
from django.db import connection

from shanglian.core.models import AuditEntry, SearchEntry
from shanglian.core.search import search_filter, search_vectors
from shanglian.directory.importing import services
from shanglian.directory.importing.parse import ParsedFile
from shanglian.directory.importing.validate import validate_rows
from shanglian.directory.models import Enterprise, ImportBatch, Membership
from shanglian.directory.services import enterprise_search_parts
from shanglian.text import index_text

COLUMNS = ["name_zh", "name_en", "association", "district", "industry", "phone", "br_number"]


def parsed(rows: list[dict]) -> ParsedFile:
    return ParsedFile(columns=COLUMNS, ignored=[], rows=[(i + 2, r) for i, r in enumerate(rows)])


def many(n: int, association: str = "kwun-tong", start: int = 0) -> list[dict]:
    return [{"name_zh": f"觀塘測試企業{i}有限公司", "name_en": f"Test Enterprise {i} Ltd", "association": association,
             "district": "觀塘", "industry": "it", "phone": f"2{1000000 + i:07d}", "br_number": f"{30000000 + i}"}
            for i in range(start, start + n)]


def commit(actor, rows: list[dict]) -> ImportBatch:
    batch = services.import_batch_create(actor=actor, filename="t.xlsx", parsed=parsed(rows))
    services.import_batch_confirm(actor=actor, batch=batch, enqueue=False)
    return services.import_batch_commit(batch_id=batch.pk, actor_id=actor.pk)


@pytest.mark.django_db
def test_commit_creates_updates_with_memberships_index_and_one_audit_entry(secretariat, kwun_tong, eastern,
                                                                           kt_enterprise):
    Enterprise.objects.filter(pk=kt_enterprise.pk).update(br_number="23456789")
    rows = [*many(3),
            {"br_number": "23456789", "name_en": "Kwun Tong IT (renamed)", "association": "eastern"},
            {"name_zh": "", "association": "kwun-tong"}]
    batch = commit(secretariat, rows)
    assert batch.status == ImportBatch.Status.DONE, batch.error_message
    assert (batch.created_count, batch.updated_count, batch.rejected_count) == (3, 1, 1)
    assert batch.progress_done == batch.progress_total == 10  # two steps per row
    created = Enterprise.objects.filter(br_number__startswith="3000")
    assert created.count() == 3
    assert set(Membership.objects.filter(enterprise__in=created).values_list("association__slug", flat=True)) \
        == {"kwun-tong"}
    kt_enterprise.refresh_from_db()
    assert kt_enterprise.name_en == "Kwun Tong IT (renamed)"
    assert kt_enterprise.name_zh == "觀塘資訊科技有限公司"  # blank in the file: kept
    assert kt_enterprise.memberships.filter(association=eastern, status="active").exists()
    found = search_filter(Enterprise.objects.all(), kind="enterprise", query="测试企业2")
    # The words match one row; its neighbours by meaning may follow it, never ahead of it.
    assert [e.br_number for e in found.order_by("-search_rank")][0] == "30000002"
    assert "renamed" in SearchEntry.objects.get(kind="enterprise", object_id=kt_enterprise.pk).tokens
    for enterprise in [*created, kt_enterprise]:  # indexed exactly as enterprise_reindex would
        expected = index_text(*enterprise_search_parts(enterprise)).split()
        entry = SearchEntry.objects.get(kind="enterprise", object_id=enterprise.pk)
        assert sorted(entry.tokens.split()) == sorted(expected)
        # ... vector included, so imported enterprises are found by meaning (English → Chinese) too
        assert bytes(entry.vector) == search_vectors([enterprise_search_parts(enterprise)])[0]
    entry = AuditEntry.objects.get(action="import.commit")
    assert entry.actor == secretariat and entry.changes["counts"] == {"create": 3, "update": 1, "reject": 1}
    assert sorted(entry.changes["created"]) == sorted(created.values_list("pk", flat=True))
    assert entry.changes["updated"][str(kt_enterprise.pk)]["name_en"][1] == "Kwun Tong IT (renamed)"


def _install_failing_trigger(table: str, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"""CREATE FUNCTION test_fail_import() RETURNS trigger AS $$ BEGIN
                IF NEW.{column} = '{value}' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW;
                END $$ LANGUAGE plpgsql""")
            cursor.execute(f"CREATE TRIGGER test_fail_import BEFORE INSERT ON {table} FOR EACH ROW "
                           "EXECUTE FUNCTION test_fail_import()")
        else:
            cursor.execute(f"CREATE TRIGGER test_fail_import BEFORE INSERT ON {table} "
                           f"WHEN NEW.{column} = '{value}' BEGIN SELECT RAISE(ABORT, 'forced failure'); END")


@pytest.mark.django_db
@pytest.mark.parametrize("where", [
    # the 701st enterprise: two bulk INSERT batches of 500 are already in when it fails
    ("directory_enterprise", "name_zh", "觀塘測試企業700有限公司"),
    # the very last write: enterprises, memberships, updates and search entries are all in
    ("core_auditentry", "action", "import.commit"),
])
def test_failure_mid_commit_writes_nothing(secretariat, kwun_tong, kt_enterprise, where):
    Enterprise.objects.filter(pk=kt_enterprise.pk).update(br_number="23456789")
    before = (Enterprise.objects.count(), Membership.objects.count(), SearchEntry.objects.count())
    _install_failing_trigger(*where)
    batch = commit(secretariat, [*many(800), {"br_number": "23456789", "name_en": "Changed Ltd"}])
    assert batch.status == ImportBatch.Status.FAILED
    assert "forced failure" in batch.error_message and "沒有儲存任何資料" in batch.error_message
    assert (Enterprise.objects.count(), Membership.objects.count(), SearchEntry.objects.count()) == before
    kt_enterprise.refresh_from_db()
    assert kt_enterprise.name_en == "Kwun Tong IT Limited"
    assert not AuditEntry.objects.filter(action="import.commit").exists()
    assert AuditEntry.objects.filter(action="import.failed", target_id=str(batch.pk)).exists()


@pytest.mark.django_db
def test_progress_is_reported_every_hundred_rows(kwun_tong):
    calls = []
    validate_rows([(i, r) for i, r in enumerate(many(250))], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(100, 250), (200, 250), (250, 250)]


@pytest.mark.django_db
def test_confirm_twice_imports_once(secretariat, kwun_tong):
    from django.core.exceptions import ValidationError

    batch = services.import_batch_create(actor=secretariat, filename="t.xlsx", parsed=parsed(many(2)))
    services.import_batch_confirm(actor=secretariat, batch=batch, enqueue=False)
    with pytest.raises(ValidationError):
        services.import_batch_confirm(actor=secretariat, batch=batch, enqueue=False)
    services.import_batch_commit(batch_id=batch.pk, actor_id=secretariat.pk)
    services.import_batch_commit(batch_id=batch.pk, actor_id=secretariat.pk)  # done: does nothing
    assert Enterprise.objects.filter(br_number__startswith="3000").count() == 2


@pytest.mark.django_db
def test_a_batch_with_only_rejected_rows_cannot_be_confirmed(secretariat, kwun_tong):
    from django.core.exceptions import ValidationError

    batch = services.import_batch_create(actor=secretariat, filename="t.xlsx",
                                         parsed=parsed([{"name_zh": "甲", "association": "nowhere"}]))
    with pytest.raises(ValidationError):
        services.import_batch_confirm(actor=secretariat, batch=batch, enqueue=False)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED


@pytest.mark.django_db
def test_rows_are_checked_again_at_commit(secretariat, kwun_tong):
    """An enterprise created between preview and confirm turns a 'create' into an 'update'."""
    batch = services.import_batch_create(actor=secretariat, filename="t.xlsx", parsed=parsed(many(1)))
    Enterprise.objects.create(name_zh="已存在", br_number="30000000")
    services.import_batch_confirm(actor=secretariat, batch=batch, enqueue=False)
    batch = services.import_batch_commit(batch_id=batch.pk, actor_id=secretariat.pk)
    assert (batch.status, batch.created_count, batch.updated_count) == ("done", 0, 1)
    assert Enterprise.objects.get(br_number="30000000").name_zh == "觀塘測試企業0有限公司"
