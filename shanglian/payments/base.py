"""The provider interface and its registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol


class SignatureInvalid(Exception):
    """A notification whose signature (or encrypted resource) does not verify."""


@dataclass(frozen=True)
class Payable:
    """What is to be paid: an order, an event fee or a year's dues."""

    reference: str  # our out_trade_no, unique per attempt
    amount: Decimal  # in ``currency``, two decimals
    currency: str = "CNY"
    description: str = ""
    payer_name: str = ""  # real-name payment: customs checks buyer = payer
    payer_id_number: str = ""
    notify_url: str = ""


@dataclass(frozen=True)
class SignedRequest:
    method: str
    url: str
    headers: dict[str, str]
    body: str


@dataclass(frozen=True)
class Notification:
    """A verified payment result."""

    reference: str
    transaction_id: str
    paid: bool
    amount: Decimal
    currency: str = "CNY"
    payer_name: str = ""
    payer_id_number: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CustomsPush:
    """What the payment company declares to customs for one order (the payment document)."""

    reference: str  # out_trade_no
    transaction_id: str
    order_no: str
    amount: Decimal
    customs: str  # customs office code, e.g. "HANGZHOU_ZS" / "GUANGZHOU_ZS"
    merchant_customs_code: str  # ebcCode
    merchant_customs_name: str
    payer_name: str
    payer_id_number: str


class PaymentProvider(Protocol):
    code: str
    manual: bool

    def create(self, payable: Payable) -> SignedRequest | None:
        """The signed request that starts a payment (None for manual providers)."""

    def verify_notification(self, headers: dict[str, str], body: str | bytes) -> Notification:
        """Check the signature and decode; raise SignatureInvalid."""

    def customs_declare(self, push: CustomsPush) -> SignedRequest | None:
        """The signed customs-declaration push (None if the provider has none)."""

    def refund(self, *, reference: str, refund_no: str, amount: Decimal, total: Decimal, currency: str = "CNY",
               reason: str = "") -> SignedRequest | None:
        """The signed refund request (None for manual providers: paid back by hand)."""


_providers: dict[str, Callable[[], PaymentProvider]] = {}


def register_provider(code: str, factory: Callable[[], PaymentProvider]) -> None:
    _providers[code] = factory


def get_provider(code: str) -> PaymentProvider:
    if code not in _providers:
        raise KeyError(code)
    return _providers[code]()


def provider_codes() -> list[str]:
    return sorted(_providers)
