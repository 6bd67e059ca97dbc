"""Public catalogue and the consumer's pages (cart, profile, addresses, checkout, my orders)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import DomainError, form_add_domain_error
from shanglian.core.params import id_param, int_param
from shanglian.crossborder import access, selectors, services
from shanglian.crossborder.forms import AddressForm, CartForm, ProfileForm
from shanglian.crossborder.models import Mode


def store_home(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "")[:200]
    seller_id = id_param(request.GET.get("seller"))
    page = Paginator(selectors.catalogue(q, seller_id), 24).get_page(int_param(request.GET.get("page"), 1))
    return render(request, "crossborder/home.html", {
        "q": q, "page": page, "sellers": selectors.approved_sellers()[:30], "seller_id": seller_id,
        "buyer": access.buyer_of(request)})


def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = access.product_for_user(request.user, pk)
    modes = [m for m, on in ((Mode.DIRECT, product.seller.mode_9610), (Mode.BONDED, product.seller.mode_1210)) if on]
    lines = services.priced_lines_for(product)
    return render(request, "crossborder/product.html", {
        "product": product, "modes": [(m, Mode(m).label, product.stock_for(m)) for m in modes], "tax": lines,
        "can_edit": access.can_manage_seller(request.user, product.seller_id)})


def seller_page(request: HttpRequest, pk: int) -> HttpResponse:
    seller = access.seller_for_user(request.user, pk)
    page = Paginator(selectors.catalogue("", seller.pk), 24).get_page(int_param(request.GET.get("page"), 1))
    return render(request, "crossborder/seller.html", {"seller": seller, "page": page})


# ------------------------------------------------------------------------------ consumer
def _phone_url(request: HttpRequest) -> str:
    return f"{reverse('festival:phone')}?next={request.get_full_path()}"


def buyer_required(view):
    """Consumer pages: a phone verified on this session (the festival's phone page), else go there."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        buyer = access.buyer_of(request, create=True)
        if buyer is None:
            return redirect(_phone_url(request))
        request.buyer = buyer  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


@buyer_required
def cart(request: HttpRequest) -> HttpResponse:
    buyer = request.buyer  # type: ignore[attr-defined]
    if request.method == "POST":
        form = CartForm(request.POST)
        if form.is_valid():
            try:
                product = access.product_for_user(None, form.cleaned_data["product"])
                services.cart_set(buyer=buyer, product=product, mode=form.cleaned_data["mode"],
                                  qty=form.cleaned_data["qty"])
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("購物車已更新。"))
        else:
            messages.error(request, _("請選擇數量及發貨模式。"))
        return redirect("crossborder:cart")
    return render(request, "crossborder/cart.html", {
        "groups": services.cart_groups(buyer), "buyer": buyer, "year": selectors.year_summary(buyer)})


@buyer_required
def profile(request: HttpRequest) -> HttpResponse:
    buyer = request.buyer  # type: ignore[attr-defined]
    form = ProfileForm(request.POST or None, initial={"real_name": buyer.real_name, "email": buyer.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.buyer_profile_save(buyer=buyer, language=get_language() or "zh-hans", **form.cleaned_data)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("實名資料已保存。"))
            return redirect(request.GET.get("next") == "checkout" and "crossborder:checkout" or "crossborder:profile")
    return render(request, "crossborder/profile.html", {"form": form, "buyer": buyer,
                                                        "addresses": selectors.buyer_addresses(buyer),
                                                        "address_form": AddressForm(),
                                                        "year": selectors.year_summary(buyer)})


@buyer_required
@require_POST
def address_add(request: HttpRequest) -> HttpResponse:
    buyer = request.buyer  # type: ignore[attr-defined]
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            services.address_add(buyer=buyer, values=form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("地址已保存。"))
    else:
        messages.error(request, _("請填寫收貨人、電話及完整地址。"))
    return redirect(request.POST.get("back") == "checkout" and "crossborder:checkout" or "crossborder:profile")


@buyer_required
@require_POST
def address_delete(request: HttpRequest, pk: int) -> HttpResponse:
    buyer = request.buyer  # type: ignore[attr-defined]
    services.address_delete(buyer=buyer, address=access.address_for_buyer(buyer, pk))
    messages.success(request, _("地址已刪除。"))
    return redirect("crossborder:profile")


@buyer_required
def checkout(request: HttpRequest) -> HttpResponse:
    """GET shows the orders-to-be; POST with ``action=recalculate`` (the "re-calculate" button
    without JavaScript, or htmx when a coupon is picked) prices them again with the chosen
    coupons — htmx gets only the totals fragment; any other POST places the orders."""
    buyer = request.buyer  # type: ignore[attr-defined]
    chosen = {name[len("coupon-"):][:40]: value[:80] for name, value in list(request.POST.items())[:200]
              if name.startswith("coupon-")}
    preview = selectors.checkout_preview(buyer, chosen)
    addresses = list(selectors.buyer_addresses(buyer))
    context: dict[str, Any] = {"buyer": buyer, "addresses": addresses, "address_form": AddressForm(),
                               "year": selectors.year_summary(buyer), **preview,
                               "address_id": id_param(request.POST.get("address")),
                               "notice_checked": request.POST.get("notice") == "1"}
    if request.method == "POST" and request.POST.get("action") == "recalculate":
        if request.headers.get("HX-Request"):
            return render(request, "crossborder/_checkout_totals.html", context)
        return render(request, "crossborder/checkout.html", context)
    if request.method == "POST":
        address_id = context["address_id"]
        try:
            address = access.address_for_buyer(buyer, address_id or 0)
        except Exception:  # noqa: BLE001 - Http404: not one of the buyer's addresses
            context["error"] = _("請選擇收貨地址。")
        else:
            try:
                orders = services.checkout(buyer=buyer, address=address,
                                           notice_accepted=request.POST.get("notice") == "1",
                                           coupons={k: v for k, v in chosen.items() if v})
            except DomainError as exc:
                context["error"] = exc.message
            else:
                messages.success(request, _("已建立 %(n)s 張訂單，請付款。") % {"n": len(orders)})
                return redirect("crossborder:my_order", orders[0].pk)
    return render(request, "crossborder/checkout.html", context)


@buyer_required
def my_orders(request: HttpRequest) -> HttpResponse:
    buyer = request.buyer  # type: ignore[attr-defined]
    page = Paginator(selectors.buyer_orders(buyer), 20).get_page(int_param(request.GET.get("page"), 1))
    return render(request, "crossborder/my_orders.html", {"page": page, "buyer": buyer,
                                                          "year": selectors.year_summary(buyer)})


@buyer_required
def my_order(request: HttpRequest, pk: int) -> HttpResponse:
    buyer = request.buyer  # type: ignore[attr-defined]
    order = access.order_for_buyer(buyer, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                services.order_cancel(buyer=buyer, order=order)
                messages.success(request, _("訂單已取消，年度額度已恢復。"))
            elif action == "pay":
                provider = request.POST.get("provider", "")
                services.payment_checkout(order=order, provider=provider)
                messages.success(request, _("已付款（測試環境模擬付款）。"))
            else:
                messages.error(request, _("請選擇操作。"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("crossborder:my_order", order.pk)
    return render(request, "crossborder/my_order.html", {
        "order": order, "buyer": buyer, "providers": services.payment_choices(),
        "returns": selectors.order_returns(order),
        "sandbox": services.payment_sandbox()})
