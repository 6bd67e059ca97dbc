from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Mark WeChat Pay / Alipay payment attempts still pending after --hours (default 48) as expired. "
        "Bank transfers keep waiting for staff; a late provider notification is still accepted. "
        "Idempotent; run it hourly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=48, help="age after which a pending attempt expires")

    def handle(self, *args, hours=48, **options):
        from shanglian.payments.services import payments_expire_pending

        if hours < 1:
            self.stderr.write("--hours must be at least 1")
            return
        self.stdout.write(f"expired: {payments_expire_pending(hours=hours)}")
