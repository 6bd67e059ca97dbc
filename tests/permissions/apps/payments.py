"""Permission rows of payments: the payer (member_a, owner of enterprise A) pays A's dues; A's
association admin and the secretariat confirm bank transfers (never the payer); the providers'
notification endpoints answer unsigned posts with 400 for everyone (NOOP: answered, nothing changes)."""

from __future__ import annotations

from decimal import Decimal

from tests.permissions.matrix import GP, NOOP, P, logged_in, only, row, rule

LABELS = ("payments",)
BANK = {"reference": "payment_bank.reference"}
WECHAT = {"reference": "payment_wechat.reference"}

PAGES = {
    "payments:pay": row(only("member_a"), kwargs={"purpose": "dues", "object_id": "membership_a.pk"}, methods=GP,
                        data={"provider": "bank"}),
    "payments:detail": row(only("member_a", "admin_a", "secretariat"), kwargs=BANK),
    "payments:simulate": row(only("member_a"), kwargs=WECHAT, methods=P),
    "payments:confirm": row(only("admin_a", "secretariat"), kwargs=BANK, methods=P, data={"bank_reference": "X1"}),
    "payments:transfers": row(logged_in()),
    "payments:notify_wechat": row(rule(NOOP), methods=P, data={"x": "1"}),
    "payments:notify_alipay": row(rule(NOOP), methods=P, data={"x": "1"}),
}
API: dict = {}


def build(w) -> None:
    from shanglian.directory.models import Membership
    from shanglian.payments import services

    Membership.objects.filter(pk=w.membership_a.pk).update(dues_amount=Decimal("500.00"))
    w.membership_a.refresh_from_db()
    w.payment_bank = services.payment_start(actor=w.member_a, purpose="dues", obj=w.membership_a, provider="bank")
    w.payment_wechat = services.payment_start(actor=w.member_a, purpose="dues", obj=w.membership_a,
                                              provider="wechat")
