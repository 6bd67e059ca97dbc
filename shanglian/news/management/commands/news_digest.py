"""Create and schedule the monthly news digest (cron: early each month). Idempotent per month:
the digest mailing's kind_tag ``news-digest-YYYY-MM`` is unique, so a second run (or a run after
an editor pressed the button) changes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import timezone


def previous_month(today: datetime.date) -> datetime.date:
    first = today.replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


class Command(BaseCommand):
    help = "Create and schedule the monthly news digest (default: the previous month); idempotent"

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: the month before today)")
        parser.add_argument("--no-send", action="store_true", help="create the mailing as a draft only")

    def handle(self, *args, **options):
        from shanglian.news.services import digest_create

        if options["month"]:
            try:
                month = datetime.datetime.strptime(options["month"], "%Y-%m").date()
            except ValueError:
                raise CommandError("--month must be YYYY-MM") from None
        else:
            month = previous_month(timezone.localdate())
        try:
            mailing = digest_create(actor=None, month=month, send=not options["no_send"])
        except IntegrityError:  # another run created it at the same moment (unique kind_tag)
            self.stdout.write(f"{month:%Y-%m}: exists")
            return
        except ValidationError as exc:
            code = getattr(exc, "code", "") or ""
            if code in ("exists", "empty"):  # already made this month / nothing published: fine
                self.stdout.write(f"{month:%Y-%m}: {code}")
                return
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{month:%Y-%m}: mailing {mailing.pk} {mailing.status}")
