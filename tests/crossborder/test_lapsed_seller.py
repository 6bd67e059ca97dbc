"""A seller whose federation membership lapsed (dates past, status not yet flipped by the daily job)
stops selling: out of the catalogue, search and product pages, its cart cannot be checked out,
and its desk says why. Renewal brings everything back; nothing is deleted."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.core.errors import DomainError
from shanglian.crossborder import access, selectors, services
from shanglian.crossborder.models import CartItem, Order
from shanglian.directory.models import Membership
from shanglian.festival.models import Merchant
from tests.crossborder.conftest import make_product
from tests.crossborder.test_pages import phone_client

pytestmark = pytest.mark.django_db


def _lapse(enterprise, *, status=None):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    values = {"start_date": yesterday - datetime.timedelta(days=400), "end_date": yesterday}
    if status:
        values["status"] = status
    Membership.objects.filter(enterprise=enterprise).update(**values)
    return yesterday


def _renew(enterprise):
    Membership.objects.filter(enterprise=enterprise).update(
        status=Membership.Status.ACTIVE, end_date=timezone.localdate() + datetime.timedelta(days=300))


def test_lapsed_sellers_products_leave_catalogue_search_and_pages(client, seller, secretariat, kt_enterprise,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product(seller, secretariat, title="維他命C軟糖")
    assert list(selectors.catalogue("維他命")) == [product]
    _lapse(kt_enterprise)  # dates past, status still "active"
    assert list(selectors.catalogue("維他命")) == [] and list(selectors.catalogue()) == []
    assert seller not in list(selectors.approved_sellers())
    assert client.get(reverse("crossborder:product", args=[product.pk])).status_code == 404
    assert client.get(reverse("crossborder:seller", args=[seller.pk])).status_code == 404
    assert "維他命C軟糖" not in client.get(reverse("crossborder:home") + "?q=維他命").content.decode()
    assert client.get("/api/v1/crossborder/products").json()["count"] == 0
    assert client.get(f"/api/v1/crossborder/products/{product.pk}").status_code == 404
    _renew(kt_enterprise)
    assert list(selectors.catalogue("維他命")) == [product]
    assert client.get(reverse("crossborder:product", args=[product.pk])).status_code == 200


@pytest.mark.parametrize("status", [None, Membership.Status.EXPIRED])
def test_lapsed_seller_cart_is_refused_at_checkout(buyer, address, seller, secretariat, kt_enterprise, status):
    product = make_product(seller, secretariat)
    services.cart_set(buyer=buyer, product=product, mode="9610", qty=1)
    _lapse(kt_enterprise, status=status)
    with pytest.raises(DomainError) as exc:
        services.checkout(buyer=buyer, address=address, notice_accepted=True)
    assert exc.value.code == "seller_not_selling" and seller.name in exc.value.message
    assert not Order.objects.exists() and CartItem.objects.filter(buyer=buyer).exists()
    with pytest.raises(DomainError) as exc:
        services.cart_set(buyer=buyer, product=product, mode="9610", qty=2)
    assert exc.value.code == "seller_not_selling"
    (group,) = services.cart_groups(buyer)
    assert group["not_selling"]


@pytest.mark.parametrize("lang,text", [("zh-hant", "暫停銷售"), ("zh-hans", "暂停销售"), ("en", "suspended")])
def test_checkout_page_says_why(client, buyer, address, seller, secretariat, kt_enterprise, lang, text):
    product = make_product(seller, secretariat)
    services.cart_set(buyer=buyer, product=product, mode="9610", qty=1)
    _lapse(kt_enterprise)
    c = phone_client(client)
    assert text in c.get(f"/{lang}/crossborder/checkout/").content.decode()
    assert text in c.get(f"/{lang}/crossborder/cart/").content.decode()
    r = c.post(f"/{lang}/crossborder/checkout/", {"address": address.pk, "notice": "1", "action": "order"})
    assert r.status_code == 200 and text in r.content.decode() and not Order.objects.exists()


@pytest.mark.parametrize("lang,text", [("zh-hant", "會籍已於"), ("zh-hans", "会籍已于"), ("en", "membership")])
def test_desk_shows_why(client, seller, secretariat, kt_member, kt_enterprise, lang, text):
    make_product(seller, secretariat)
    day = _lapse(kt_enterprise)
    client.force_login(kt_member)
    page = client.get(f"/{lang}/crossborder/sellers/{seller.pk}/desk/").content.decode()
    assert text in page and day.isoformat() in page
    standing = access.seller_standing(seller)
    assert standing["code"] == "membership_lapsed" and standing["until"] == day
    # the owner still reaches the product (to edit it), the secretariat too
    product = seller.products.get()
    assert access.product_for_user(kt_member, product.pk) == product
    assert access.product_for_user(secretariat, product.pk) == product


def test_festival_merchant_seller_stops_when_the_merchant_is_no_longer_approved(fseller, secretariat, merchant):
    product = make_product(fseller, secretariat)
    assert list(selectors.catalogue()) == [product] and access.seller_standing(fseller)["ok"]
    Merchant.objects.filter(pk=merchant.pk).update(status=Merchant.Status.REJECTED, rejection_reason="違規")
    assert list(selectors.catalogue()) == [] and access.seller_standing(fseller)["code"] == "merchant_inactive"


def test_current_member_seller_is_selling(seller):
    assert access.seller_standing(seller) == {"ok": True, "code": "", "until": None, "message": ""}
