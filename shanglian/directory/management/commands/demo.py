"""manage.py demo — load the federation's real structure and a synthetic membership (idempotent).

    manage.py demo                    # 4,000 enterprises; a second run skips in well under a second
    manage.py demo --enterprises 200  # smaller set (tests, quick looks)
    manage.py demo --reset            # delete the demo data first, then load it again

Other apps add their own demo data: each of ``shanglian.<app>.demo`` (matching, events, festival and every later app)
that exists and defines ``load_demo(*, stdout)`` is called at the end.
"""

from __future__ import annotations

import importlib
import time

from django.core.management.base import BaseCommand, CommandParser

from shanglian.directory.demo.loader import DEMO_PASSWORD, load_demo, reset_demo

OTHER_APPS = ("matching", "events", "festival", "accounts", "customs", "crossborder", "sharing", "incubation",
              "agreements", "mailings", "news", "consultations", "charity", "competition")


class Command(BaseCommand):
    help = "Load the demo data set (federation, 15 associations, ~4,000 enterprises, demo logins)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, default=4000, help="number of demo enterprises")
        parser.add_argument("--reset", action="store_true", help="delete the demo data before loading")

    def handle(self, *args, enterprises: int, reset: bool, **options) -> None:
        started = time.monotonic()
        if reset:
            reset_demo(stdout=self.stdout)
        result = load_demo(enterprises=max(0, enterprises), stdout=self.stdout)
        for label in OTHER_APPS:
            self._call_app_demo(label)
        self.stdout.write(f"Done in {time.monotonic() - started:.1f}s.")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for line in result["users"]:
            self.stdout.write(line)

    def _call_app_demo(self, label: str) -> None:
        name = f"shanglian.{label}.demo"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name in (name, f"shanglian.{label}"):
                return  # that app has no demo data (yet)
            raise
        loader = getattr(module, "load_demo", None)
        if callable(loader):
            loader(stdout=self.stdout)
