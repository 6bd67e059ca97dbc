"""Alipay cross-border (OpenAPI, RSA2: SHA256withRSA).

- Requests: common parameters (``app_id``, ``method``, ``format``, ``charset``, ``sign_type=RSA2``,
  ``timestamp``, ``version``, ``notify_url``, ``biz_content``); the string to sign is every
  non-empty parameter except ``sign``, sorted by name, as ``name=value`` joined by ``&`` (values
  not URL-encoded); the signature is base64 SHA256withRSA by the merchant's application key.
- Asynchronous notifications (form-encoded POST): drop ``sign`` and ``sign_type``, sort, join the
  same way and verify with Alipay's public key; ``TRADE_SUCCESS`` / ``TRADE_FINISHED`` mean paid.
- Customs declaration: ``alipay.trade.customs.declare`` (trade number, customs place, merchant's
  customs code and name, the buyer's name and ID number for the buyer = payer check).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl, urlencode

from shanglian.payments import keys
from shanglian.payments.base import CustomsPush, Notification, Payable, SignatureInvalid, SignedRequest

GATEWAY = "https://openapi.alipay.com/gateway.do"


@dataclass
class AlipayConfig:
    app_id: str
    private_key_pem: str  # the application's private key
    alipay_public_pem: str  # Alipay's public key


def sign_content(params: dict[str, Any], *, exclude: tuple[str, ...] = ("sign",)) -> str:
    return "&".join(f"{k}={params[k]}" for k in sorted(params)
                    if k not in exclude and params[k] not in (None, ""))


class Alipay:
    code = "alipay"
    manual = False

    def __init__(self, config: AlipayConfig, *, now: Any = None):
        self.config = config
        self._now = now or (lambda: datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))))
        self._private = keys.load_private(config.private_key_pem)
        self._public = keys.load_public(config.alipay_public_pem)

    def signed_params(self, method: str, biz: dict[str, Any], *, notify_url: str = "") -> dict[str, str]:
        params = {"app_id": self.config.app_id, "method": method, "format": "JSON", "charset": "utf-8",
                  "sign_type": "RSA2", "timestamp": self._now().strftime("%Y-%m-%d %H:%M:%S"), "version": "1.0",
                  "notify_url": notify_url,
                  "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":"))}
        params = {k: v for k, v in params.items() if v}
        params["sign"] = keys.sha256_rsa_sign(self._private, sign_content(params))
        return params

    def _request(self, params: dict[str, str]) -> SignedRequest:
        return SignedRequest("POST", GATEWAY, {"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"},
                             urlencode(params))

    def create(self, payable: Payable) -> SignedRequest:
        biz = {"out_trade_no": payable.reference, "total_amount": f"{payable.amount:.2f}",
               "subject": payable.description[:256] or payable.reference, "product_code": "FAST_INSTANT_TRADE_PAY"}
        if payable.currency != "CNY":  # a price in a foreign currency (HKD): trans_currency names it
            biz["trans_currency"] = payable.currency
        return self._request(self.signed_params("alipay.trade.page.pay", biz, notify_url=payable.notify_url))

    def refund(self, *, reference: str, refund_no: str, amount: Decimal, total: Decimal,
               currency: str = "CNY", reason: str = "") -> SignedRequest:
        """``alipay.trade.refund``: the signed refund request."""
        biz = {"out_trade_no": reference, "refund_amount": f"{amount:.2f}", "out_request_no": refund_no,
               "refund_reason": reason[:256]}
        if currency != "CNY":
            biz["refund_currency"] = currency
        return self._request(self.signed_params("alipay.trade.refund", biz))

    def customs_declare(self, push: CustomsPush) -> SignedRequest:
        return self._request(self.signed_params("alipay.trade.customs.declare", {
            "out_request_no": push.order_no, "trade_no": push.transaction_id,
            "merchant_customs_code": push.merchant_customs_code, "merchant_customs_name": push.merchant_customs_name,
            "amount": f"{push.amount:.2f}", "customs_place": push.customs,
            "buyer_name": push.payer_name, "buyer_id_no": push.payer_id_number,
        }))

    def verify_params(self, params: dict[str, str]) -> None:
        signature = params.get("sign", "")
        if params.get("sign_type", "RSA2") != "RSA2" or not signature:
            raise SignatureInvalid("not RSA2")
        if not keys.sha256_rsa_verify(self._public, sign_content(params, exclude=("sign", "sign_type")), signature):
            raise SignatureInvalid("bad signature")

    def verify_notification(self, headers: dict[str, str], body: str | bytes) -> Notification:
        text = body.decode() if isinstance(body, bytes) else body
        params = dict(parse_qsl(text, keep_blank_values=True))
        self.verify_params(params)
        if params.get("app_id") and params["app_id"] != self.config.app_id:
            raise SignatureInvalid("another application's notification")
        try:
            amount = Decimal(params.get("total_amount", "0"))
        except InvalidOperation as exc:
            raise SignatureInvalid("bad amount") from exc
        return Notification(
            reference=params.get("out_trade_no", ""), transaction_id=params.get("trade_no", ""),
            paid=params.get("trade_status") in ("TRADE_SUCCESS", "TRADE_FINISHED"), amount=amount,
            currency=params.get("trans_currency", "CNY") or "CNY", raw=params)

    # test helper: what Alipay itself does when it signs a notification
    @staticmethod
    def sign_as_alipay(private_pem: str, params: dict[str, str]) -> dict[str, str]:
        signed = dict(params, sign_type="RSA2")
        signed["sign"] = keys.sha256_rsa_sign(keys.load_private(private_pem),
                                              sign_content(signed, exclude=("sign", "sign_type")))
        return signed
