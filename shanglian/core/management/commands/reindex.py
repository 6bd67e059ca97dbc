from django.core.management.base import BaseCommand

from shanglian.core.models import SearchWord
from shanglian.core.search import REINDEXERS
from shanglian.core.vocabulary_sync import refresh_database_terms


class Command(BaseCommand):
    help = "Rebuild the full-text search index (after changing the regional vocabulary)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help=f"kinds to rebuild (default: all of {sorted(REINDEXERS)})")

    def handle(self, *args, kinds, **options):
        refresh_database_terms()
        for kind in kinds or sorted(REINDEXERS):
            if kind not in REINDEXERS:
                self.stderr.write(f"unknown kind {kind!r}; known: {sorted(REINDEXERS)}")
                continue
            # The kind's vocabulary is recorded anew: the words of records gone since leave it.
            SearchWord.objects.filter(kind=kind).delete()
            count = REINDEXERS[kind]()
            self.stdout.write(f"{kind}: {count} entries")
