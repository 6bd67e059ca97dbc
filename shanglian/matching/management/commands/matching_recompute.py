"""Recompute every match from scratch (also expires due posts); shows progress."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from shanglian.matching.ranking import recompute_all


class Command(BaseCommand):
    help = "Embed what is missing, rank every published opportunity and rewrite the proposed matches."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=256)

    def handle(self, *args, batch: int, **options):
        started = time.monotonic()
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if done == total or now - last[0] > 1:
                last[0] = now
                self.stdout.write(f"{stage}: {done}/{total} ({now - started:.1f}s)")

        result = recompute_all(progress=progress, batch=batch)
        self.stdout.write(self.style.SUCCESS(
            f"{result['opportunities']} opportunities, {result['enterprises']} enterprises, "
            f"{result['matches']} matches, {result['expired']} expired; {time.monotonic() - started:.1f}s"))
