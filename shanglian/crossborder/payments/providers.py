"""Which providers are configured on this site (settings; none by default).

``settings.CROSSBORDER_WECHATPAY`` / ``settings.CROSSBORDER_ALIPAY``: dicts with the fields of
``WeChatPayConfig`` / ``AlipayConfig`` (keys as PEM text, read from the environment or a secret
store by the deployment). Bank transfer is always available for B2B and staff-recorded payments."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from shanglian.crossborder.payments.base import PaymentProvider


def configured() -> dict[str, Callable[[], PaymentProvider]]:
    out: dict[str, Callable[[], PaymentProvider]] = {}
    wechat = getattr(settings, "CROSSBORDER_WECHATPAY", None)
    if wechat:
        from shanglian.crossborder.payments.wechat import WeChatPay, WeChatPayConfig

        out["wechat"] = lambda: WeChatPay(WeChatPayConfig(**wechat))
    alipay = getattr(settings, "CROSSBORDER_ALIPAY", None)
    if alipay:
        from shanglian.crossborder.payments.alipay import Alipay, AlipayConfig

        out["alipay"] = lambda: Alipay(AlipayConfig(**alipay))
    return out
