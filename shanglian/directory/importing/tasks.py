"""Background work for imports (django-tasks: DB backend in development, immediate in tests)."""

from __future__ import annotations

from django_tasks import task


@task()
def import_commit_task(batch_id: int, actor_id: int | None = None) -> dict:
    from shanglian.directory.importing.services import import_batch_commit

    batch = import_batch_commit(batch_id=batch_id, actor_id=actor_id)
    return {"status": batch.status, "created": batch.created_count, "updated": batch.updated_count}
