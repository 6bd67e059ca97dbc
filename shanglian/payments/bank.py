"""Manual bank transfer (B2B orders, event fees, membership dues): no signature; the payer quotes our
reference, and whoever may confirm (the seller, the organiser, the association admin, the
secretariat) records the money as received after seeing it on the bank statement."""

from __future__ import annotations

from shanglian.payments.base import CustomsPush, Notification, Payable, SignatureInvalid, SignedRequest


class BankTransfer:
    code = "bank"
    manual = True

    def create(self, payable: Payable) -> SignedRequest | None:
        return None

    def verify_notification(self, headers: dict[str, str], body: str | bytes) -> Notification:
        raise SignatureInvalid("bank transfers have no notifications")

    def refund(self, **kwargs: object) -> SignedRequest | None:
        return None  # paid back by hand

    def customs_declare(self, push: CustomsPush) -> SignedRequest | None:
        return None
