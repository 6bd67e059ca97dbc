"""Background work for mailings (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def mailing_send_task(mailing_id: int) -> dict:
    from shanglian.mailings.services import mailing_send

    mailing = mailing_send(mailing_id=mailing_id)
    return {"status": mailing.status, "total": mailing.total, "processed": mailing.processed}


@task()
def mailings_dispatch_task() -> list[int]:
    """Send the scheduled mailings whose time has come; enqueue every minute (cron)."""
    from shanglian.mailings.services import mailings_dispatch

    return mailings_dispatch()
