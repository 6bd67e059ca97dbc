from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Cancel cross-border orders left unpaid longer than CROSSBORDER_UNPAID_MINUTES (default 30): each "
        "order's stock, annual-limit reservation and festival coupon come back in one transaction. Idempotent; "
        "run it every few minutes from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=None, help="override CROSSBORDER_UNPAID_MINUTES")
        parser.add_argument("--enqueue", action="store_true", help="enqueue the task instead of running it here")

    def handle(self, *args, minutes=None, enqueue=False, **options):
        if enqueue:
            from shanglian.crossborder.tasks import expire_unpaid_orders_task

            expire_unpaid_orders_task.enqueue()
            self.stdout.write("enqueued")
            return
        from shanglian.crossborder.services import orders_expire_unpaid

        if minutes is not None and minutes < 1:
            self.stderr.write("--minutes must be at least 1")
            return
        done = orders_expire_unpaid(minutes=minutes)
        self.stdout.write(f"expired: {done}")
