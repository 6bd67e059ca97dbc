from django.core.management.base import BaseCommand

from shanglian.incubation.services import kpi_reminders_send


class Command(BaseCommand):
    help = (
        "Daily incubation housekeeping: remind every active start-up whose report for the last finished "
        "quarter is missing (once per start-up and quarter, in the recipient's language)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="enqueue the task instead of running it here")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from shanglian.incubation.tasks import kpi_reminders_task

            kpi_reminders_task.enqueue()
            self.stdout.write("enqueued")
            return
        self.stdout.write(f"kpi_reminders: {kpi_reminders_send()}")
