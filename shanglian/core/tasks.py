"""Background tasks of core (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def privacy_purge_task() -> dict[str, int]:
    """The daily retention purge (see core.privacy.privacy_purge); enqueue once a day."""
    from shanglian.core.privacy import privacy_purge

    return privacy_purge()
