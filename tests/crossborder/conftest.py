"""Cross-border fixtures: an approved seller of a member enterprise, products, a buyer with a
complete real-name profile and an address."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shanglian.crossborder import services
from shanglian.crossborder.models import Buyer, Product, Seller
from shanglian.crossborder.rules import id_check_digit

BUYER_PHONE = "+8613800138000"


def valid_id(first17: str = "11010519491231002") -> str:
    return first17 + id_check_digit(first17)


READY = {"name_zh": "觀塘健康生活館", "name_en": "Kwun Tong Wellness", "contact_email": "shop@example.invalid",
         "trademark": "HK303012345", "mainland_agent": "廈門某報關有限公司",
         "agent_code": "3502980001", "customs_code": "3701", "ebc_code": "3302461234",
         "ebc_name": "觀塘資訊科技有限公司", "mode_9610": True, "mode_1210": True,
         "warehouse_partner": "廈門象嶼保稅倉"}


@pytest.fixture(autouse=True)
def _customs_rules(db):
    """The shipped rules come from a data migration; a transactional test flushes them."""
    from shanglian.customs.models import PositiveListVersion
    from shanglian.customs.reference import load_rules

    if not PositiveListVersion.objects.exists():
        load_rules()


@pytest.fixture
def seller(kt_member, kt_enterprise, secretariat) -> Seller:
    s = services.seller_apply(actor=kt_member, enterprise=kt_enterprise, values=READY)
    return services.seller_review(actor=secretariat, seller=s, approve=True)


def make_product(seller, secretariat, *, price="100", stock=100, bonded=0, indivisible=False, title="維他命C軟糖",
                 **extra) -> Product:
    values = {"title_zh_hant": title, "title_zh_hans": title, "title_en": "Vitamin C gummies",
              "hs_code": "3304990010", "origin": "澳洲", "brand": "健樂", "net_weight_kg": Decimal("0.25"),
              "unit": "瓶", "vat_rate": Decimal("0.13"), "ct_rate": Decimal("0"), "price_cny": Decimal(price),
              "hk_stock": stock, "indivisible": indivisible, "elabel": "品名：维生素C软糖", **extra}
    product = services.product_create(actor=secretariat, seller=seller, values=values)
    if bonded:
        services.bonded_record(actor=secretariat, product=product, kind="in", qty=bonded, reference="IN-1")
        product.refresh_from_db()
    return product


@pytest.fixture
def product(seller, secretariat) -> Product:
    return make_product(seller, secretariat)


def make_buyer(phone: str = BUYER_PHONE) -> Buyer:
    buyer = services.buyer_for_phone(phone)
    return services.buyer_profile_save(buyer=buyer, real_name="张三", id_number=valid_id(), id_consent=True,
                                       transfer_consent=True, email="buyer@example.invalid", language="zh-hans")


@pytest.fixture
def buyer(db) -> Buyer:
    return make_buyer()


@pytest.fixture
def address(buyer):
    return services.address_add(buyer=buyer, values={"consignee": "张三", "phone": "13800138000", "province": "福建省",
                                                     "city": "厦门市", "district": "思明区", "street": "环岛路 1 号"})


def order_of(buyer, address, product, qty=1, mode="9610"):
    services.cart_set(buyer=buyer, product=product, mode=mode, qty=qty)
    return services.checkout(buyer=buyer, address=address, notice_accepted=True)


# festival merchants selling cross-border, and their coupons (festival's own fixtures)
from tests.festival.conftest import (  # noqa: E402, F401, I001
    edition,
    make_campaign,
    merchant,
    merchant_user,
    offer,
    other_merchant,
    other_merchant_user,
    shop,
)


@pytest.fixture
def fseller(merchant, merchant_user, secretariat) -> Seller:  # noqa: F811
    s = services.seller_apply(actor=merchant_user, festival_merchant=merchant,
                              values={**READY, "name_zh": "冰室跨境店"})
    return services.seller_review(actor=secretariat, seller=s, approve=True)


@pytest.fixture
def online_campaign(offer, secretariat):  # noqa: F811
    return make_campaign(offer, secretariat, online=True, quota=10)
