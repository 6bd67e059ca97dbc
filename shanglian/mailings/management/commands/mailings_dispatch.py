"""Send the scheduled mailings whose time has come (run every minute from cron, or --queue to
hand the work to the task queue's worker)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Send scheduled mailings that are due"

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="enqueue the dispatch task instead of running it")

    def handle(self, *args, **options):
        if options["queue"]:
            from shanglian.mailings.tasks import mailings_dispatch_task

            mailings_dispatch_task.enqueue()
            self.stdout.write("queued")
            return
        from shanglian.mailings.services import mailings_dispatch

        done = mailings_dispatch()
        self.stdout.write(f"sent {len(done)} mailing(s)")
