"""Sellers (apply, desk, products, stock, order desk), the secretariat (review, dashboard) and the
payment providers' notification endpoint."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shanglian.core.errors import DomainError, form_add_domain_error
from shanglian.core.params import id_param, int_param
from shanglian.crossborder import access, selectors, services
from shanglian.crossborder.forms import ProductForm, SellerForm, ShipForm, StockForm
from shanglian.crossborder.models import Order


@login_required
def seller_apply(request: HttpRequest) -> HttpResponse:
    origins = access.seller_origins(request.user)
    mine = list(access.managed_sellers(request.user))
    form = SellerForm(request.POST or None, origins=origins)
    if request.method == "POST" and form.is_valid():
        origin = form.cleaned_data.pop("origin")
        kind, pk = origin[:1], id_param(origin[1:])
        enterprise = next((e for e in origins["enterprises"] if kind == "e" and e.pk == pk), None)
        merchant = next((m for m in origins["merchants"] if kind == "m" and m.pk == pk), None)
        try:
            seller = services.seller_apply(actor=request.user, values=form.cleaned_data, enterprise=enterprise,
                                           festival_merchant=merchant, language=get_language() or "zh-hant")
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("申請已提交，秘書處審批後會以電郵通知你。"))
            return redirect("crossborder:desk", seller.pk)
    return render(request, "crossborder/seller_apply.html", {
        "form": form, "mine": mine, "can_apply": bool(origins["enterprises"] or origins["merchants"])})


@login_required
def desk(request: HttpRequest, pk: int) -> HttpResponse:
    seller = access.seller_for_user(request.user, pk, write=True)
    form = SellerForm(request.POST or None, instance=seller)
    if request.method == "POST" and form.is_valid():
        try:
            services.seller_update(actor=request.user, seller=seller, values=form.cleaned_data)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("crossborder:desk", seller.pk)
    status = request.GET.get("status", "")
    if status not in Order.Status.values:
        status = ""
    return render(request, "crossborder/desk.html", {
        "seller": seller, "form": form, "products": selectors.seller_products(seller),
        "orders": selectors.seller_orders(seller, status)[:100], "status": status,
        "statuses": Order.Status.choices, "standing": access.seller_standing(seller)})


@login_required
def product_new(request: HttpRequest, pk: int) -> HttpResponse:
    seller = access.seller_for_user(request.user, pk, write=True)
    form = ProductForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        photo = values.pop("photo_upload", None)
        try:
            product = services.product_create(actor=request.user, seller=seller, values=values, photo=photo)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("商品已上架。"))
            return redirect("crossborder:product", product.pk)
    return render(request, "crossborder/product_form.html", {"form": form, "seller": seller, "product": None})


@login_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = access.product_for_user(request.user, pk, write=True)
    form = ProductForm(request.POST or None, request.FILES or None, instance=product)
    if "hk_stock" in form.fields:
        del form.fields["hk_stock"]
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        photo = values.pop("photo_upload", None)
        try:
            services.product_update(actor=request.user, product=product, values=values, photo=photo)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("crossborder:product", product.pk)
    return render(request, "crossborder/product_form.html", {"form": form, "seller": product.seller,
                                                             "product": product})


@login_required
def stock(request: HttpRequest, pk: int) -> HttpResponse:
    product = access.product_for_user(request.user, pk, write=True)
    form = StockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == "hk":
                services.hk_stock_add(actor=request.user, product=product, qty=data["qty"],
                                      reference=data["reference"])
            else:
                services.bonded_record(actor=request.user, product=product, kind=data["kind"], qty=data["qty"],
                                       reference=data["reference"])
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("庫存已更新。"))
            return redirect("crossborder:stock", product.pk)
    return render(request, "crossborder/stock.html", {"product": product, "form": form,
                                                      "ledger": selectors.bonded_ledger(product)})


@login_required
def order_desk(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.seller_order_for_user(request.user, pk)
    form = ShipForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "ship":
                if form.is_valid():
                    order = services.order_ship(actor=request.user, order=order, **form.cleaned_data)
                    if order.status == Order.Status.DECLARED:
                        messages.success(request, _("已記錄運單，三單已通過檢查並交申報代理。"))
                    else:
                        messages.error(request, order.customs_note)
                    return redirect("crossborder:order_desk", order.pk)
            elif action == "dispatch":
                services.order_dispatch(actor=request.user, order=order)
                messages.success(request, _("已記錄發貨，並以電郵通知買家。"))
                return redirect("crossborder:order_desk", order.pk)
            elif action == "return":
                # "return-<line id>" = units; all empty → the whole order (what is left of it)
                picked = {id_param(name[len("return-"):]) or 0: int_param(value.strip(), -1)
                          for name, value in list(request.POST.items())[:300]
                          if name.startswith("return-") and value.strip()}
                order = services.order_return(actor=request.user, order=order,
                                              reason=request.POST.get("reason", "")[:500],
                                              lines={pk: n for pk, n in picked.items() if n} if picked else None)
                if order.status == Order.Status.RETURN_REQUESTED:
                    messages.success(request, _("已向海關申報退貨；海關接受後，稅款及買家年度額度會按退回的比例恢復。"))
                else:
                    messages.success(request, _("已辦理退貨，買家的稅款及年度額度已按退回的比例恢復。"))
                return redirect("crossborder:order_desk", order.pk)
            elif action == "bank_received":
                services.payment_bank_received(actor=request.user, order=order,
                                               reference=request.POST.get("reference", "")[:64])
                messages.success(request, _("已記錄銀行轉賬付款。"))
                return redirect("crossborder:order_desk", order.pk)
            else:
                messages.error(request, _("請選擇操作。"))
        except ValidationError as exc:
            form_add_domain_error(form, exc)
    return render(request, "crossborder/order_desk.html", {
        "order": order, "form": form, "returns": selectors.order_returns(order),
        "partial_ok": order.status in services.PARTIAL_RETURNABLE})


@login_required
def review(request: HttpRequest) -> HttpResponse:
    access.require_secretariat(request.user)
    if request.method == "POST":
        seller = access.seller_for_user(request.user, id_param(request.POST.get("seller")) or 0, write=True)
        try:
            services.seller_review(actor=request.user, seller=seller, approve=request.POST.get("decision") == "approve",
                                   reason=request.POST.get("reason", "")[:2000])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已審批「%(name)s」。") % {"name": seller.name})
        return redirect("crossborder:review")
    return render(request, "crossborder/review.html", {"applications": selectors.applications(),
                                                       "dashboard": selectors.federation_dashboard()})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not access.is_secretariat(request.user):
        raise PermissionDenied
    return render(request, "crossborder/dashboard.html", {"d": selectors.federation_dashboard()})


@csrf_exempt
@require_POST
def notify(request: HttpRequest, provider: str) -> HttpResponse:
    """WeChat Pay / Alipay asynchronous notifications (signature-verified; no session)."""
    try:
        services.payment_notify(provider=provider, headers=dict(request.headers), body=request.body[:65536])
    except DomainError as exc:
        return JsonResponse({"code": "FAIL", "message": exc.code}, status=exc.status)
    if provider == "alipay":
        return HttpResponse("success", content_type="text/plain")
    return HttpResponse(status=204)
