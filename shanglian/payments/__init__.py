"""Payment providers behind one interface (``base.PaymentProvider``).

The interface knows nothing about the store: it takes a ``Payable`` (reference, amount, currency,
description, payer), so event fees and membership dues can use the same adapters later (today
they are recorded by hand as paid). Adapters: WeChat Pay (API v3, cross-border) and Alipay
(cross-border, RSA2), each with its customs-declaration push, and manual bank transfer for B2B.
No adapter opens a network connection here: they build signed requests and verify notifications;
a transport is injected by whoever sends them (docs/crossborder.md)."""

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
