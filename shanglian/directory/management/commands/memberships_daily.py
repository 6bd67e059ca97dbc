from django.core.management.base import BaseCommand

from shanglian.directory.services import memberships_expire_due, memberships_send_renewal_reminders


class Command(BaseCommand):
    help = "Daily membership housekeeping: expire memberships past their end date, send renewal reminders."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="remind this many days before expiry")

    def handle(self, *args, days, **options):
        expired = memberships_expire_due(actor=None)
        reminded = memberships_send_renewal_reminders(actor=None, days=days)
        self.stdout.write(f"expired: {expired}; reminders sent: {reminded}")
