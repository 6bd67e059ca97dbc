"""Merchant pages: apply to an edition, shops and staff, publish offers, statistics, and the
counter's redeem page (camera scan with jsQR, or a typed code)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core import privacy
from shanglian.core.errors import form_add_domain_error
from shanglian.core.validation import normalise_phone
from shanglian.festival import access, claims, ratelimit, selectors, services
from shanglian.festival.forms import MerchantApplyForm, OfferForm, ShopForm, StaffForm
from shanglian.festival.models import Merchant


@login_required
def merchant_home(request: HttpRequest) -> HttpResponse:
    page = selectors.merchants_page(request.user)
    merchants = page["merchants"]
    return render(request, "festival/merchant_home.html", {
        "merchants": merchants, "edition": services.current_edition(),
        "can_redeem": page["can_redeem"],
    })


@login_required
def merchant_apply(request: HttpRequest) -> HttpResponse:
    edition = services.current_edition()
    if edition is None:
        messages.error(request, _("現時沒有接受申請的購物節。"))
        return redirect("festival:merchant_home")
    form = MerchantApplyForm(request.POST or None)
    consent_errors: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        try:
            contact_phone = normalise_phone(form.cleaned_data.get("contact_phone", ""))
        except ValidationError:
            contact_phone = ""  # the service says what is wrong with it
        consent_errors = privacy.consent_errors(request.POST, phone=contact_phone)
    if request.method == "POST" and form.is_valid() and not consent_errors:
        try:
            merchant = services.merchant_apply(
                actor=request.user, edition=edition, values=form.merchant_values(),
                brands=[(form.cleaned_data["brand_zh"], form.cleaned_data.get("brand_en", ""))],
                shops=[form.shop_values()])
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            privacy.consent_record(purpose="merchant_application", phone=merchant.contact_phone, user=request.user,
                                   cross_border=privacy.needs_cross_border(merchant.contact_phone))
            messages.success(request, _("已收到申請，秘書處審批後會通知你。"))
            return redirect("festival:merchant", pk=merchant.pk)
    return render(request, "festival/merchant_apply.html", {"form": form, "edition": edition,
                                                            "consent_errors": consent_errors})


@login_required
def merchant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    merchant = access.merchant_for_user(request.user, pk)
    stats = selectors.merchant_stats(merchant.pk)
    return render(request, "festival/merchant_detail.html", {
        "merchant": merchant, "stats": stats, **selectors.merchant_page(merchant),
        "can_manage": access.manages_merchant(request.user, pk),
        "approved": merchant.status == Merchant.Status.APPROVED,
    })


@login_required
def offer_new(request: HttpRequest, pk: int) -> HttpResponse:
    merchant = access.merchant_for_user(request.user, pk, write=True)
    if merchant.status != Merchant.Status.APPROVED:
        messages.error(request, _("商戶申請獲批准後才可發佈優惠。"))
        return redirect("festival:merchant", pk=pk)
    form = OfferForm(request.POST or None, request.FILES or None, merchant=merchant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = services.offer_create(actor=request.user, merchant=merchant, values=data,
                                          shops=list(data["shops"]), photo=data.get("photo"))
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已發佈優惠。"))
            return redirect(offer.get_absolute_url())
    return render(request, "festival/merchant_form.html", {"form": form, "merchant": merchant,
                                                           "heading": _("發佈優惠"), "multipart": True})


def _offer_initial(offer) -> dict:
    fields = ("title_zh_hant", "title_zh_hans", "title_en", "terms_zh_hant", "terms_zh_hans", "terms_en",
              "category", "brand", "valid_from", "valid_until")
    initial = {f: getattr(offer, f) for f in fields}
    initial["shops"] = selectors.offer_shop_list(offer)
    return initial


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = access.offer_for_user(request.user, pk, write=True)  # 404 other merchants, 403 cashiers
    merchant = offer.merchant
    form = OfferForm(request.POST or None, request.FILES or None, merchant=merchant, initial=_offer_initial(offer),
                     has_photo=bool(offer.photo))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.offer_update(actor=request.user, offer=offer, values=data, shops=list(data["shops"]),
                                  photo=data.get("photo"), remove_photo=data.get("remove_photo", False))
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已更新優惠。"))
            return redirect("festival:merchant", pk=merchant.pk)
    return render(request, "festival/merchant_form.html", {"form": form, "merchant": merchant,
                                                           "heading": _("修改優惠"), "subject": offer.title,
                                                           "multipart": True, "current_photo": offer.photo or None})


@login_required
@require_POST
def offer_publish(request: HttpRequest, pk: int) -> HttpResponse:
    offer = access.offer_for_user(request.user, pk, write=True)
    published = request.POST.get("published") == "1"
    services.offer_set_published(actor=request.user, offer=offer, published=published)
    messages.success(request, _("已重新發佈優惠。") if published else _("已暫停發佈優惠，已領取的優惠券仍然有效。"))
    return redirect("festival:merchant", pk=offer.merchant_id)


@login_required
def shop_new(request: HttpRequest, pk: int) -> HttpResponse:
    merchant = access.merchant_for_user(request.user, pk, write=True)
    form = ShopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_create(actor=request.user, merchant=merchant, values=form.shop_values())
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已新增分店。"))
            return redirect("festival:merchant", pk=pk)
    return render(request, "festival/merchant_form.html", {"form": form, "merchant": merchant,
                                                           "heading": _("新增分店")})


@login_required
def staff_new(request: HttpRequest, pk: int) -> HttpResponse:
    merchant = access.merchant_for_user(request.user, pk, write=True)
    form = StaffForm(request.POST or None, merchant=merchant)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.staff_add(actor=request.user, merchant=merchant, user=d["username"], shop=d.get("shop"),
                               role=d["role"])
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已設定職員。"))
            return redirect("festival:merchant", pk=pk)
    return render(request, "festival/merchant_form.html", {"form": form, "merchant": merchant,
                                                           "heading": _("新增職員")})


@login_required
def redeem(request: HttpRequest) -> HttpResponse:
    shops = selectors.redeem_shop_list(request.user)
    selected = request.POST.get("shop") or request.GET.get("shop") or request.session.get("festival_redeem_shop")
    shop = next((s for s in shops if str(s.pk) == str(selected)), shops[0] if shops else None)
    result: dict = {}
    if request.method == "POST":
        if shop is None:
            result = {"ok": False, "message": _("你不是任何分店的職員。")}
        elif not ratelimit.hit("redeem_user", str(request.user.pk)):
            result = {"ok": False, "message": _("請求太頻繁，請稍後再試。")}
        else:
            request.session["festival_redeem_shop"] = shop.pk
            try:
                coupon = claims.coupon_redeem(actor=request.user, code=request.POST.get("code", "")[:200], shop=shop)
            except claims.FestivalError as exc:
                result = {"ok": False, "message": exc.message, "code": exc.code}
            else:
                result = {"ok": True, "coupon": coupon,
                          "message": _("已使用：%(label)s（%(offer)s）") % {"label": coupon.campaign.label,
                                                                       "offer": coupon.campaign.offer.title}}
        if request.htmx:
            return render(request, "festival/_redeem_result.html", result)
    return render(request, "festival/redeem.html", {"shops": shops, "shop": shop, **result})
