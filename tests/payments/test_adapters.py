"""WeChat Pay v3 and Alipay RSA2: signing and notification verification against sample messages
signed with keys generated here (no network)."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode

import pytest

from shanglian.payments import keys
from shanglian.payments.alipay import Alipay, AlipayConfig, sign_content
from shanglian.payments.base import CustomsPush, Payable, SignatureInvalid
from shanglian.payments.wechat import WeChatPay, WeChatPayConfig

MERCHANT = keys.new_test_key()
PLATFORM = keys.new_test_key()
APIV3_KEY = "0123456789abcdef0123456789abcdef"
NOW = 1_764_900_000


def wechat() -> WeChatPay:
    return WeChatPay(WeChatPayConfig(mchid="1900000109", appid="wxd678efh567hg6787", serial_no="MERCHANTSERIAL",
                                     private_key_pem=MERCHANT[0], platform_serial="PLATFORMSERIAL",
                                     platform_public_pem=PLATFORM[1], apiv3_key=APIV3_KEY), clock=lambda: NOW)


def wechat_notification(**overrides) -> tuple[dict[str, str], str]:
    """What WeChat Pay sends: an encrypted resource, signed with the platform key."""
    plain = {"mchid": "1900000109", "appid": "wxd678efh567hg6787", "out_trade_no": "SL20261204ABCP1",
             "transaction_id": "4200000000202612040000000001", "trade_type": "NATIVE", "trade_state": "SUCCESS",
             "amount": {"total": 32730, "currency": "CNY", "payer_total": 32730, "payer_currency": "CNY"}}
    plain.update(overrides)
    resource = WeChatPay.encrypt_resource(APIV3_KEY, plain, nonce="fdasflkja484", associated_data="transaction")
    body = json.dumps({"id": "EV-2018022511223320873", "create_time": "2026-12-04T10:00:00+08:00",
                       "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS",
                       "summary": "支付成功", "resource": resource}, ensure_ascii=False)
    nonce = "5K8264ILTKCH16CQ2502SI8ZNMTM67VS"
    signature = keys.sha256_rsa_sign(keys.load_private(PLATFORM[0]), f"{NOW}\n{nonce}\n{body}\n")
    return {"Wechatpay-Timestamp": str(NOW), "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature,
            "Wechatpay-Serial": "PLATFORMSERIAL"}, body


def test_wechat_request_signature_is_verifiable():
    request = wechat().create(Payable(reference="SL1P1", amount=Decimal("327.30"), description="订单 SL1"))
    auth = request.headers["Authorization"]
    assert auth.startswith("WECHATPAY2-SHA256-RSA2048 ")
    parts = dict(p.split("=", 1) for p in auth.split(" ", 1)[1].split(","))
    parts = {k: v.strip('"') for k, v in parts.items()}
    assert parts["mchid"] == "1900000109" and parts["serial_no"] == "MERCHANTSERIAL"
    message = f"POST\n/v3/global/transactions/native\n{parts['timestamp']}\n{parts['nonce_str']}\n{request.body}\n"
    assert keys.sha256_rsa_verify(keys.load_public(MERCHANT[1]), message, parts["signature"])
    assert json.loads(request.body)["amount"] == {"total": 32730, "currency": "CNY"}


def test_wechat_good_notification():
    headers, body = wechat_notification()
    note = wechat().verify_notification(headers, body)
    assert note.paid and note.reference == "SL20261204ABCP1" and note.amount == Decimal("327.30")


@pytest.mark.parametrize("tamper", ["body", "signature", "timestamp", "serial", "missing"])
def test_wechat_tampered_notification(tamper):
    headers, body = wechat_notification()
    if tamper == "body":
        body = body.replace("支付成功", "支付成功!")
    elif tamper == "signature":
        headers["Wechatpay-Signature"] = headers["Wechatpay-Signature"][:-8] + "AAAAAAA="
    elif tamper == "timestamp":
        headers["Wechatpay-Timestamp"] = str(NOW - 3600)
    elif tamper == "serial":
        headers["Wechatpay-Serial"] = "OTHER"
    else:
        del headers["Wechatpay-Signature"]
    with pytest.raises(SignatureInvalid):
        wechat().verify_notification(headers, body)


def test_wechat_resource_with_wrong_key_is_refused():
    headers, body = wechat_notification()
    other = WeChatPay(WeChatPayConfig(mchid="1", appid="a", serial_no="s", private_key_pem=MERCHANT[0],
                                      platform_serial="PLATFORMSERIAL", platform_public_pem=PLATFORM[1],
                                      apiv3_key="X" * 32), clock=lambda: NOW)
    with pytest.raises(SignatureInvalid):
        other.verify_notification(headers, body)


def test_wechat_customs_push_encrypts_identity():
    request = wechat().customs_declare(CustomsPush(
        reference="SL1P1", transaction_id="4200", order_no="SL1", amount=Decimal("327.30"), customs="GUANGZHOU_ZS",
        merchant_customs_code="3302461234", merchant_customs_name="觀塘資訊科技", payer_name="张三",
        payer_id_number="11010519491231002X"))
    body = json.loads(request.body)
    assert "11010519491231002X" not in request.body
    assert keys.rsa_oaep_decrypt(keys.load_private(PLATFORM[0]), body["certificate_id"]) == "11010519491231002X"
    assert request.headers["Wechatpay-Serial"] == "PLATFORMSERIAL"
    assert request.url.endswith("/v3/global/customs/orders")


ALIPAY_APP = keys.new_test_key()
ALIPAY_PLATFORM = keys.new_test_key()


def alipay() -> Alipay:
    return Alipay(AlipayConfig(app_id="2021000000000000", private_key_pem=ALIPAY_APP[0],
                               alipay_public_pem=ALIPAY_PLATFORM[1]))


def alipay_notification(**overrides) -> str:
    params = {"notify_time": "2026-12-04 10:00:00", "notify_type": "trade_status_sync", "notify_id": "ac05099524730",
              "app_id": "2021000000000000", "charset": "utf-8", "version": "1.0", "trade_no": "2026120422001",
              "out_trade_no": "SL20261204ABCP2", "trade_status": "TRADE_SUCCESS", "total_amount": "327.30",
              "subject": "订单 SL1", **overrides}
    return urlencode(Alipay.sign_as_alipay(ALIPAY_PLATFORM[0], params))


def test_alipay_request_signature():
    request = alipay().create(Payable(reference="SL1P2", amount=Decimal("10"), description="订单"))
    params = dict(parse_qsl(request.body))
    assert params["sign_type"] == "RSA2" and params["method"] == "alipay.trade.page.pay"
    assert keys.sha256_rsa_verify(keys.load_public(ALIPAY_APP[1]), sign_content(params), params["sign"])


def test_alipay_good_notification():
    note = alipay().verify_notification({}, alipay_notification())
    assert note.paid and note.reference == "SL20261204ABCP2" and note.amount == Decimal("327.30")


@pytest.mark.parametrize("tamper", ["amount", "sign", "sign_type", "app"])
def test_alipay_tampered_notification(tamper):
    body = alipay_notification()
    params = dict(parse_qsl(body))
    if tamper == "amount":
        params["total_amount"] = "0.01"
    elif tamper == "sign":
        params["sign"] = params["sign"][:-6] + "AAAAA="
    elif tamper == "sign_type":
        params["sign_type"] = "RSA"
    else:
        body = alipay_notification(app_id="2099")
        params = None
    with pytest.raises(SignatureInvalid):
        alipay().verify_notification({}, urlencode(params) if params else body)


def test_alipay_customs_declare_is_signed():
    request = alipay().customs_declare(CustomsPush(
        reference="SL1P2", transaction_id="2026120422001", order_no="SL1", amount=Decimal("327.30"),
        customs="HANGZHOU", merchant_customs_code="3302461234", merchant_customs_name="觀塘資訊科技",
        payer_name="张三", payer_id_number="11010519491231002X"))
    params = dict(parse_qsl(request.body))
    assert params["method"] == "alipay.trade.customs.declare"
    assert json.loads(params["biz_content"])["buyer_id_no"] == "11010519491231002X"
    assert keys.sha256_rsa_verify(keys.load_public(ALIPAY_APP[1]), sign_content(params), params["sign"])
