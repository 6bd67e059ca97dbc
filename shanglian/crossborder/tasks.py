"""Background tasks of the cross-border store (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def expire_unpaid_orders_task() -> int:
    """Cancel orders unpaid for 30 minutes (quota and stock back); enqueue every few minutes."""
    from shanglian.crossborder.services import orders_expire_unpaid

    return orders_expire_unpaid()
