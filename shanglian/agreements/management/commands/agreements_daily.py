from django.core.management.base import BaseCommand

from shanglian.agreements.services import daily


class Command(BaseCommand):
    help = (
        "Daily agreements housekeeping: flag agreements dormant after six months without activity, send "
        "obligation reminders at 90/60/30 days and instalment reminders (each once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="enqueue the task instead of running it here")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from shanglian.agreements.tasks import agreements_daily_task

            agreements_daily_task.enqueue()
            self.stdout.write("enqueued")
            return
        result = daily()
        self.stdout.write("; ".join(f"{k}: {v}" for k, v in result.items()))
