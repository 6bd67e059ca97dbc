"""Background tasks of the agreements app (django-tasks): the daily housekeeping."""

from __future__ import annotations

from django_tasks import task


@task()
def agreements_daily_task() -> dict[str, int]:
    """Flag dormant agreements, send obligation (90/60/30 days) and instalment reminders; idempotent."""
    from shanglian.agreements.services import daily

    return daily()
