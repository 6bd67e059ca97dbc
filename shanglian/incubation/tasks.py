"""Background tasks of the incubation app (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def kpi_reminders_task() -> int:
    """Daily (`manage.py incubation_daily --enqueue` from cron): remind start-ups whose last quarter's KPI
    report is missing, once per start-up and quarter."""
    from shanglian.incubation.services import kpi_reminders_send

    return kpi_reminders_send()
