"""Delete or anonymise personal data past its retention period (run daily; idempotent).

    manage.py privacy_purge            # run now, print what changed
    manage.py privacy_purge --enqueue  # hand it to the task worker instead
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from shanglian.core.privacy import privacy_purge


class Command(BaseCommand):
    help = "Delete or anonymise personal data past its retention period (daily, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="enqueue the task for the worker")

    def handle(self, *args, **options):
        if options["enqueue"]:
            from shanglian.core.tasks import privacy_purge_task

            result = privacy_purge_task.enqueue()
            self.stdout.write(f"enqueued {result.id}")
            return
        for name, count in privacy_purge().items():
            self.stdout.write(f"{name}: {count}")
