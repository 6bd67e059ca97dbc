"""Which providers are configured on this site, and the sandbox ones for development and tests.

Configuration comes from settings (``PAYMENTS_WECHATPAY`` / ``PAYMENTS_ALIPAY``: dicts with the
fields of ``WeChatPayConfig`` / ``AlipayConfig``, keys as PEM text), which settings.py fills from
environment variables (docs/payments.md). The older names ``CROSSBORDER_WECHATPAY`` /
``CROSSBORDER_ALIPAY`` are still read. Bank transfer is always available.

**Sandbox** (``PAYMENTS_SANDBOX``, default DEBUG or TESTING): a provider that is not configured is
replaced by the same adapter with test keys generated in this process (never valid at WeChat Pay
or Alipay). The "simulate payment" button then signs a notification as the provider would and
feeds it through the same verification as a real one."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings

from shanglian.payments import keys
from shanglian.payments.base import PaymentProvider

SANDBOX_APIV3 = "sandbox-apiv3-key-0123456789abcd"  # 32 characters


def sandbox_enabled() -> bool:
    return bool(getattr(settings, "PAYMENTS_SANDBOX", settings.DEBUG or getattr(settings, "TESTING", False)))


def _setting(name: str) -> dict[str, Any] | None:
    return getattr(settings, f"PAYMENTS_{name}", None) or getattr(settings, f"CROSSBORDER_{name}", None)


@functools.cache
def sandbox_keys() -> dict[str, tuple[str, str]]:
    """(private PEM, public PEM) per role, generated once per process."""
    return {role: keys.new_test_key() for role in ("wechat_merchant", "wechat_platform", "alipay_app",
                                                     "alipay_platform")}


def sandbox_config(code: str) -> dict[str, str]:
    k = sandbox_keys()
    if code == "wechat":
        return {"mchid": "SANDBOX", "appid": "wxSANDBOX", "serial_no": "SANDBOX-M",
                "private_key_pem": k["wechat_merchant"][0], "platform_serial": "SANDBOX-P",
                "platform_public_pem": k["wechat_platform"][1], "apiv3_key": SANDBOX_APIV3}
    return {"app_id": "SANDBOX", "private_key_pem": k["alipay_app"][0], "alipay_public_pem": k["alipay_platform"][1]}


def configured() -> dict[str, Callable[[], PaymentProvider]]:
    """Providers with real (configured) keys."""
    out: dict[str, Callable[[], PaymentProvider]] = {}
    wechat = _setting("WECHATPAY")
    if wechat:
        from shanglian.payments.wechat import WeChatPay, WeChatPayConfig

        out["wechat"] = lambda: WeChatPay(WeChatPayConfig(**wechat))
    alipay = _setting("ALIPAY")
    if alipay:
        from shanglian.payments.alipay import Alipay, AlipayConfig

        out["alipay"] = lambda: Alipay(AlipayConfig(**alipay))
    return out


def is_sandbox(code: str) -> bool:
    return code in ("wechat", "alipay") and code not in configured() and sandbox_enabled()


def available() -> dict[str, Callable[[], PaymentProvider]]:
    """Configured providers, sandbox ones for the rest (when the sandbox is on), and bank transfer."""
    from shanglian.payments.alipay import Alipay, AlipayConfig
    from shanglian.payments.bank import BankTransfer
    from shanglian.payments.wechat import WeChatPay, WeChatPayConfig

    out = configured()
    if sandbox_enabled():
        out.setdefault("wechat", lambda: WeChatPay(WeChatPayConfig(**sandbox_config("wechat"))))
        out.setdefault("alipay", lambda: Alipay(AlipayConfig(**sandbox_config("alipay"))))
    out["bank"] = BankTransfer
    return out
