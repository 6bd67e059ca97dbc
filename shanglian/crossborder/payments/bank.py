"""Manual bank transfer (B2B, and today's event fees and dues): no signature; the secretariat or
the seller marks the payment received in the order desk after seeing it on the bank statement."""

from __future__ import annotations

from shanglian.crossborder.payments.base import CustomsPush, Notification, Payable, SignatureInvalid, SignedRequest


class BankTransfer:
    code = "bank"
    manual = True

    def create(self, payable: Payable) -> SignedRequest | None:
        return None

    def verify_notification(self, headers: dict[str, str], body: str | bytes) -> Notification:
        raise SignatureInvalid("bank transfers have no notifications")

    def customs_declare(self, push: CustomsPush) -> SignedRequest | None:
        return None
