"""Delete the search vocabulary's words that no record is written with any more (run weekly).

    manage.py prune_search_words            # every kind
    manage.py prune_search_words enterprise # one kind
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from shanglian.core import search_words
from shanglian.core.models import SearchWord


class Command(BaseCommand):
    help = "Delete the nearest-words vocabulary's words no record is written with any more (weekly)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="kinds to prune (default: every kind with words)")

    def handle(self, *args, kinds, **options):
        held = sorted(set(SearchWord.objects.values_list("kind", flat=True).distinct()))
        for kind in kinds or held:
            self.stdout.write(f"{kind}: {search_words.prune(kind)} words deleted")
