"""Every write of the enterprise import: create a batch (preview), confirm it, commit it.

How the commit stays all-or-nothing AND shows progress
------------------------------------------------------
Progress written inside the import's own transaction is invisible to the page polling it (the
other connection only sees committed rows), and neither SQLite nor PostgreSQL lets one
connection commit a progress row while keeping the import transaction open. So the commit runs
in two phases:

1. *Check and prepare* (no transaction): every row is validated again against the current
   database, then its search tokens are computed (``indexing.py``, from the real
   ``enterprise_search_parts``), in chunks of 100; ``progress_done`` is updated after each chunk
   with a plain UPDATE that commits at once and is visible to the polling page (two steps per
   row). Nothing else is written in this phase, and this is where most of the time goes
   (phone / registration-number parsing, look-ups, jieba tokenising).
2. *Write* (one ``transaction.atomic`` block): bulk INSERT of the new enterprises and
   memberships, bulk UPDATE of the existing ones, the prepared search entries
   (``search_index_bulk_tokens``), the audit entry and the batch's final status. Any error rolls
   all of it back; the batch is then marked failed outside the rolled-back block. The page shows
   "writing" for this short last step, which also keeps SQLite's write lock brief.

Rows re-checked in phase 1 may change action (e.g. someone created the enterprise in the
meantime: create becomes update); the final per-row outcome replaces the preview.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError
from shanglian.core.search import search_index_bulk_tokens
from shanglian.directory.importing.indexing import row_tokens
from shanglian.directory.importing.parse import ParsedFile
from shanglian.directory.importing.validate import CREATE, REJECT, UPDATE, validate_rows
from shanglian.directory.models import Enterprise, ImportBatch, Membership
from shanglian.directory.services import SEARCH_KIND

logger = logging.getLogger(__name__)
BATCH = 500


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@transaction.atomic
def import_batch_create(*, actor: Any, filename: str, parsed: ParsedFile,
                        preview: dict[str, Any] | None = None) -> ImportBatch:
    """Store an uploaded file's preview (nothing in the directory changes yet)."""
    preview = preview if preview is not None else validate_rows(parsed.rows)
    preview["columns"] = parsed.columns
    preview["ignored"] = parsed.ignored
    preview["headers"] = parsed.headers
    preview["sheet"] = parsed.sheet
    counts = preview["counts"]
    batch = ImportBatch.objects.create(
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        filename=filename[:255], preview=preview, progress_total=len(preview["rows"]),
        created_count=counts[CREATE], updated_count=counts[UPDATE], rejected_count=counts[REJECT],
    )
    audit_record(actor=actor, action="import.preview", target=batch,
                 changes={"filename": batch.filename, "counts": counts})
    return batch


@transaction.atomic
def import_batch_confirm(*, actor: Any, batch: ImportBatch, enqueue: bool = True) -> ImportBatch:
    """Move a previewed batch to committing (once: a second click changes nothing) and queue the commit."""
    if not (batch.created_count or batch.updated_count):
        raise DomainError("nothing_to_import", _("沒有可匯入的資料行。請修正被拒絕的資料行後重新上載。"))
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
        status=ImportBatch.Status.COMMITTING, progress_done=0,
        progress_total=2 * len(batch.preview.get("rows", [])))
    if not claimed:
        raise Conflict("batch_confirmed", _("此批次已確認，不能重複匯入。"))
    audit_record(actor=actor, action="import.confirm", target=batch,
                 changes={"filename": batch.filename})
    if enqueue:
        from shanglian.directory.importing.tasks import import_commit_task

        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        transaction.on_commit(lambda: import_commit_task.enqueue(batch.pk, actor_id))
    batch.refresh_from_db()
    return batch


def import_batch_commit(*, batch_id: int, actor_id: int | None = None) -> ImportBatch:
    """Phase 1 (checked, progress visible) then phase 2 (one transaction). See the module docstring.

    Deliberately not wrapped in one ``atomic``: phase 1 must commit its progress updates.
    """
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportBatch.Status.COMMITTING:
        return batch
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    raw_rows = [(row["row"], row["raw"]) for row in batch.preview.get("rows", [])]

    steps = 2 * len(raw_rows)  # one step to check each row, one to prepare its search tokens

    def progress(done: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(progress_done=min(done, steps), progress_total=steps)

    try:
        started = time.perf_counter()
        checked = validate_rows(raw_rows, progress=lambda done, total: progress(done))
        writable = sum(1 for r in checked["rows"] if r["action"] in (CREATE, UPDATE)) or 1
        row_tokens(checked["rows"], progress=lambda done: progress(
            len(raw_rows) + (done * len(raw_rows)) // writable))
        checked["seconds_check"] = round(time.perf_counter() - started, 3)
        with transaction.atomic():
            _write(batch=batch, checked=checked, actor=actor, started=time.perf_counter())
    except Exception as exc:
        logger.exception("import batch %s failed", batch_id)
        message = _("匯入失敗，沒有儲存任何資料：%(error)s") % {"error": str(exc)[:500]}
        ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.FAILED, error_message=message,
                                                      finished_at=timezone.now())
        audit_record(actor=actor, action="import.failed", target=batch, changes={"error": str(exc)[:500]})
    batch.refresh_from_db()
    return batch


def _write(*, batch: ImportBatch, checked: dict[str, Any], actor: Any, started: float) -> None:
    rows = checked["rows"]
    creates = [r for r in rows if r["action"] == CREATE]
    updates = [r for r in rows if r["action"] == UPDATE]
    today = timezone.localdate()

    new = [Enterprise(**r["values"]) for r in creates]
    Enterprise.objects.bulk_create(new, batch_size=BATCH)
    for row, enterprise in zip(creates, new, strict=True):
        row["enterprise_id"] = enterprise.pk

    locked: dict[int, Enterprise] = {}
    for ids in _chunks([r["enterprise_id"] for r in updates]):
        locked.update({e.pk: e for e in Enterprise.objects.select_for_update().filter(pk__in=ids)})
    # Group by the set of changed columns: bulk_update writes a CASE per column, so updating only
    # the columns that changed (usually one or two) is several times faster than all of them.
    groups: dict[tuple[str, ...], list[Enterprise]] = {}
    updated_log: dict[str, dict[str, list[Any]]] = {}
    now = timezone.now()
    for row in updates:
        enterprise = locked[row["enterprise_id"]]
        if not row["values"]:
            continue
        updated_log[str(enterprise.pk)] = {k: [getattr(enterprise, k), v] for k, v in row["values"].items()}
        for key, value in row["values"].items():
            setattr(enterprise, key, value)
        enterprise.updated_at = now
        groups.setdefault(tuple(sorted(row["values"])), []).append(enterprise)
    for fields, enterprises in groups.items():
        Enterprise.objects.bulk_update(enterprises, [*fields, "updated_at"], batch_size=BATCH)

    memberships = [
        Membership(association_id=r["membership"]["association_id"], enterprise_id=r["enterprise_id"],
                   type=r["membership"]["type"],
                   start_date=r["membership"]["start_date"] or today)
        for r in creates + updates if r.get("membership")
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    # Tokens and vectors were computed in phase 1 from enterprise_search_parts (indexing.py): only
    # written here.
    search_index_bulk_tokens(kind=SEARCH_KIND, rows=((r["enterprise_id"], r.pop("tokens"), r.pop("vector", None),
                                                      r.pop("words", None))
                                                     for r in creates + updates), batch=BATCH)

    counts = {CREATE: len(creates), UPDATE: len(updates), REJECT: len(rows) - len(creates) - len(updates)}
    checked.update({k: batch.preview.get(k) for k in ("columns", "ignored", "headers", "sheet")})
    checked["seconds_write"] = round(time.perf_counter() - started, 3)  # all but the two statements below
    audit_record(actor=actor, action="import.commit", target=batch, changes={
        "filename": batch.filename, "counts": counts, "memberships": len(memberships),
        "created": [r["enterprise_id"] for r in creates], "updated": updated_log,
    })
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE, preview=checked, created_count=counts[CREATE],
        updated_count=counts[UPDATE], rejected_count=counts[REJECT], finished_at=timezone.now(),
        progress_done=2 * len(rows), progress_total=2 * len(rows),
    )
