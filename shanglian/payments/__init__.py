"""Payment providers behind one interface (``base.PaymentProvider``).

The interface knows nothing about the store: it takes a ``Payable`` (reference, amount, currency,
description, payer). Cross-border orders, event fees and membership dues use the same adapters:
WeChat Pay (API v3, cross-border) and Alipay (cross-border, RSA2), each with its customs-declaration
push and refund request, and manual bank transfer. No adapter opens a network connection here: they
build signed requests and verify notifications. The generic ``models.Payment`` record, the purposes
registry and the services are described in docs/payments.md."""

from shanglian.payments.base import (
    Notification,
    Payable,
    PaymentProvider,
    SignatureInvalid,
    SignedRequest,
    get_provider,
    register_provider,
)

__all__ = ["Notification", "Payable", "PaymentProvider", "SignatureInvalid", "SignedRequest", "get_provider",
           "register_provider"]
