"""WeChat Pay API v3 (cross-border merchants, pay.weixin.qq.com/doc/global/v3).

- Requests: ``Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,nonce_str=…,signature=…,
  timestamp=…,serial_no=…`` where the signature is SHA256withRSA by the merchant's API key over
  ``METHOD\\nURL\\ntimestamp\\nnonce\\nbody\\n``.
- Notifications: headers ``Wechatpay-Timestamp``, ``Wechatpay-Nonce``, ``Wechatpay-Signature``,
  ``Wechatpay-Serial``; the signature is verified with WeChat Pay's platform public key over
  ``timestamp\\nnonce\\nbody\\n``; timestamps older than five minutes are refused (replays). The
  ``resource`` is AEAD_AES_256_GCM with the merchant's 32-byte APIv3 key (nonce, associated_data,
  base64 ciphertext with the 16-byte tag at its end).
- Customs declaration: ``POST /v3/global/customs/orders`` with the payer's name and ID number
  encrypted by RSA-OAEP with the platform key (``Wechatpay-Serial`` names that key).
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shanglian.payments import keys
from shanglian.payments.base import CustomsPush, Notification, Payable, SignatureInvalid, SignedRequest

API = "https://api.mch.weixin.qq.com"
MAX_SKEW = 300  # seconds


@dataclass
class WeChatPayConfig:
    mchid: str
    appid: str
    serial_no: str  # the merchant API certificate's serial
    private_key_pem: str  # the merchant API private key
    platform_serial: str  # WeChat Pay platform certificate serial
    platform_public_pem: str  # WeChat Pay platform public key (or certificate)
    apiv3_key: str  # 32 ASCII characters


def _header(headers: dict[str, str], name: str) -> str:
    lower = {k.lower(): v for k, v in headers.items()}
    return lower.get(name.lower(), "")


class WeChatPay:
    code = "wechat"
    manual = False

    def __init__(self, config: WeChatPayConfig, *, clock: Any = time.time):
        self.config = config
        self.clock = clock
        self._private = keys.load_private(config.private_key_pem)
        self._platform = keys.load_public(config.platform_public_pem)

    # ------------------------------------------------------------------ requests
    def sign(self, method: str, url_path: str, body: str, *, timestamp: int | None = None,
             nonce: str | None = None) -> SignedRequest:
        timestamp = int(self.clock()) if timestamp is None else timestamp
        nonce = nonce or secrets.token_hex(16)
        message = f"{method}\n{url_path}\n{timestamp}\n{nonce}\n{body}\n"
        signature = keys.sha256_rsa_sign(self._private, message)
        auth = (f'WECHATPAY2-SHA256-RSA2048 mchid="{self.config.mchid}",nonce_str="{nonce}",'
                f'signature="{signature}",timestamp="{timestamp}",serial_no="{self.config.serial_no}"')
        return SignedRequest(method, API + url_path, {"Authorization": auth, "Content-Type": "application/json",
                                                      "Accept": "application/json"}, body)

    def create(self, payable: Payable) -> SignedRequest:
        body = json.dumps({
            "appid": self.config.appid, "mchid": self.config.mchid, "description": payable.description[:127],
            "out_trade_no": payable.reference, "notify_url": payable.notify_url, "trade_type": "NATIVE",
            "amount": {"total": int(payable.amount * 100), "currency": payable.currency},
        }, ensure_ascii=False, separators=(",", ":"))
        return self.sign("POST", "/v3/global/transactions/native", body)

    def customs_declare(self, push: CustomsPush) -> SignedRequest:
        body = json.dumps({
            "appid": self.config.appid, "mchid": self.config.mchid, "out_trade_no": push.reference,
            "transaction_id": push.transaction_id, "customs": push.customs,
            "merchant_customs_no": push.merchant_customs_code, "sub_order_no": push.order_no,
            "fee_type": "CNY", "order_fee": int(push.amount * 100),
            "certificate_type": "IDCARD",
            "certificate_id": keys.rsa_oaep_encrypt(self._platform, push.payer_id_number),
            "certificate_name": keys.rsa_oaep_encrypt(self._platform, push.payer_name),
        }, ensure_ascii=False, separators=(",", ":"))
        request = self.sign("POST", "/v3/global/customs/orders", body)
        request.headers["Wechatpay-Serial"] = self.config.platform_serial
        return request

    def refund(self, *, reference: str, refund_no: str, amount: Decimal, total: Decimal,
               currency: str = "CNY", reason: str = "") -> SignedRequest:
        """``POST /v3/global/refunds``: the signed refund request (amounts in cents)."""
        body = json.dumps({
            "mchid": self.config.mchid, "appid": self.config.appid, "out_trade_no": reference,
            "out_refund_no": refund_no, "reason": reason[:80],
            "amount": {"refund": int(amount * 100), "total": int(total * 100), "currency": currency},
        }, ensure_ascii=False, separators=(",", ":"))
        return self.sign("POST", "/v3/global/refunds", body)

    # ------------------------------------------------------------------ notifications
    def verify_signature(self, headers: dict[str, str], body: str | bytes) -> None:
        timestamp = _header(headers, "Wechatpay-Timestamp")
        nonce = _header(headers, "Wechatpay-Nonce")
        signature = _header(headers, "Wechatpay-Signature")
        serial = _header(headers, "Wechatpay-Serial")
        if not (timestamp.isdigit() and nonce and signature):
            raise SignatureInvalid("missing signature headers")
        if serial and serial != self.config.platform_serial:
            raise SignatureInvalid("unknown platform certificate")
        if abs(self.clock() - int(timestamp)) > MAX_SKEW:
            raise SignatureInvalid("stale timestamp")
        text = body.decode() if isinstance(body, bytes) else body
        if not keys.sha256_rsa_verify(self._platform, f"{timestamp}\n{nonce}\n{text}\n", signature):
            raise SignatureInvalid("bad signature")

    def decrypt_resource(self, resource: dict[str, Any]) -> dict[str, Any]:
        if resource.get("algorithm") != "AEAD_AES_256_GCM":
            raise SignatureInvalid("unknown algorithm")
        try:
            aes = AESGCM(self.config.apiv3_key.encode())
            plain = aes.decrypt(str(resource["nonce"]).encode(), base64.b64decode(resource["ciphertext"]),
                                str(resource.get("associated_data", "")).encode())
            return json.loads(plain)
        except (InvalidTag, KeyError, ValueError, TypeError) as exc:
            raise SignatureInvalid("resource does not decrypt") from exc

    def verify_notification(self, headers: dict[str, str], body: str | bytes) -> Notification:
        self.verify_signature(headers, body)
        try:
            envelope = json.loads(body)
            data = self.decrypt_resource(envelope["resource"])
        except (ValueError, KeyError, TypeError) as exc:
            raise SignatureInvalid("malformed notification") from exc
        amount = data.get("amount") or {}
        return Notification(
            reference=str(data.get("out_trade_no", "")), transaction_id=str(data.get("transaction_id", "")),
            paid=data.get("trade_state") == "SUCCESS",
            amount=Decimal(int(amount.get("total", 0))) / 100, currency=str(amount.get("currency", "CNY")),
            raw=data)

    # ------------------------------------------------------------------ test helpers (recorded samples)
    @staticmethod
    def encrypt_resource(apiv3_key: str, plain: dict[str, Any], *, nonce: str, associated_data: str) -> dict[str, str]:
        cipher = AESGCM(apiv3_key.encode()).encrypt(nonce.encode(), json.dumps(plain).encode(),
                                                    associated_data.encode())
        return {"algorithm": "AEAD_AES_256_GCM", "ciphertext": base64.b64encode(cipher).decode(),
                "associated_data": associated_data, "original_type": "transaction", "nonce": nonce}

    @staticmethod
    def sign_as_wechatpay(*, platform_private_pem: str, apiv3_key: str, platform_serial: str, plain: dict[str, Any],
                          timestamp: int) -> tuple[dict[str, str], str]:
        """What WeChat Pay does when it notifies: encrypt the resource, sign with the platform key
        (the sandbox's simulated notification and the tests' samples)."""
        resource = WeChatPay.encrypt_resource(apiv3_key, plain, nonce=secrets.token_hex(6),
                                              associated_data="transaction")
        body = json.dumps({"id": f"EV-{secrets.token_hex(8)}", "resource_type": "encrypt-resource",
                           "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功", "resource": resource},
                          ensure_ascii=False)
        nonce = secrets.token_hex(16)
        signature = keys.sha256_rsa_sign(keys.load_private(platform_private_pem), f"{timestamp}\n{nonce}\n{body}\n")
        return {"Wechatpay-Timestamp": str(timestamp), "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature,
                "Wechatpay-Serial": platform_serial}, body
