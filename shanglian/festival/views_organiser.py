"""Organiser (secretariat) pages: statistics with charts and .xlsx export, merchant applications,
featured offers, coupon campaigns. Editions and categories are edited in the admin."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from shanglian.core.errors import form_add_domain_error, messages_add_domain_error
from shanglian.core.i18n import pick
from shanglian.festival import access, selectors, services
from shanglian.festival.forms import CampaignForm, CategoryForm, EditionForm, ReviewForm
from shanglian.festival.models import Edition, Merchant


def _edition(request: HttpRequest) -> Edition | None:
    code = request.GET.get("edition")
    if code:
        edition = selectors.edition_by_code(code)
        if edition is None:
            raise Http404
        return edition
    return selectors.default_edition()


class _Named:
    """Wraps a values() row so core.i18n.pick() can choose the district/category name."""

    def __init__(self, row: dict, prefix: str):
        for suffix in ("zh_hant", "zh_hans", "en"):
            setattr(self, f"name_{suffix}", row.get(f"{prefix}__name_{suffix}") or "")


def _labelled(stats: dict) -> dict:
    for row in stats["by_district"]:
        row["label"] = pick(_Named(row, "district"), "name")
    for row in stats["by_category"]:
        row["label"] = pick(_Named(row, "category__parent"), "name") or "—"
    return stats


@staff_member_required
def organiser(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    stats = _labelled(selectors.edition_stats(edition.pk)) if edition else None
    if edition and request.GET.get("format") == "xlsx":
        return _xlsx(edition, stats)
    chart = None
    if stats:
        chart = {
            "district": {"labels": [r["label"] for r in stats["by_district"]],
                         "shops": [r["shops"] for r in stats["by_district"]],
                         "redemptions": [r["redemptions"] for r in stats["by_district"]]},
            "category": {"labels": [r["label"] for r in stats["by_category"]],
                         "claims": [r["claims"] for r in stats["by_category"]]},
            "day": {"labels": [d.isoformat() for d, _c, _r in stats["by_day"]],
                    "claims": [c for _d, c, _r in stats["by_day"]],
                    "redemptions": [r for _d, _c, r in stats["by_day"]]},
        }
    return render(request, "festival/organiser.html", {
        "edition": edition, "stats": stats, "chart": chart, "editions": selectors.editions(),
        "featured": selectors.featured_offers(edition),
    })


def _xlsx(edition: Edition, stats: dict) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = _("總數")[:31]
    labels = {"merchants": _("商戶"), "applications": _("待審批申請"), "shops": _("分店"), "offers": _("優惠"),
              "claims": _("已領取"), "redemptions": _("已使用"), "redemption_rate": _("使用率（%）")}
    ws.append([str(edition), ""])
    for key, value in stats["totals"].items():
        ws.append([str(labels[key]), value])
    ws = wb.create_sheet(_("地區")[:31])
    ws.append([_("地區"), _("分店"), _("已使用")])
    for r in stats["by_district"]:
        ws.append([r["label"], r["shops"], r["redemptions"]])
    ws = wb.create_sheet(_("優惠類別")[:31])
    ws.append([_("優惠類別"), _("優惠"), _("已領取")])
    for r in stats["by_category"]:
        ws.append([r["label"], r["offers"], r["claims"]])
    ws = wb.create_sheet(_("每日")[:31])
    ws.append([_("日期"), _("已領取"), _("已使用")])
    for d, c, r in stats["by_day"]:
        ws.append([d, c, r])
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="festival-{edition.code}.xlsx"'
    return response


@staff_member_required
def applications(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    status = request.GET.get("status", Merchant.Status.APPLIED)
    merchants = selectors.applications(edition, status)
    return render(request, "festival/applications.html", {"merchants": merchants, "status": status,
                                                          "statuses": Merchant.Status.choices, "edition": edition})


@staff_member_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    merchant = access.merchant_for_user(request.user, pk, write=True)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.merchant_review(actor=request.user, merchant=merchant,
                                     approve=form.cleaned_data["decision"] == "approve",
                                     reason=form.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
        else:
            messages.success(request, _("已審批「%(name)s」。") % {"name": merchant.name})
    return redirect("festival:applications")


@staff_member_required
@require_POST
def feature(request: HttpRequest, pk: int) -> HttpResponse:
    offer = access.offer_for_user(request.user, pk, write=True)
    services.offer_set_featured(actor=request.user, offer=offer, featured=request.POST.get("featured") == "1")
    messages.success(request, _("已更新精選優惠。"))
    return redirect(offer.get_absolute_url())


@staff_member_required
def campaign_new(request: HttpRequest, pk: int) -> HttpResponse:
    offer = access.offer_for_user(request.user, pk, write=True)
    form = CampaignForm(request.POST or None, offer=offer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.campaign_create(actor=request.user, offer=offer, values=data,
                                     shops=list(data["shops"]) or None)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已建立優惠券活動。"))
            return redirect(offer.get_absolute_url())
    return render(request, "festival/merchant_form.html", {"form": form, "merchant": offer.merchant,
                                                           "heading": _("建立優惠券活動"), "subject": offer})


@staff_member_required
def setup(request: HttpRequest) -> HttpResponse:
    """Editions and the category tree."""
    edition_form = EditionForm(request.POST if request.POST.get("form") == "edition" else None, prefix="e")
    category_form = CategoryForm(request.POST if request.POST.get("form") == "category" else None, prefix="c")
    for form, save in ((edition_form, lambda d: services.edition_create(actor=request.user, values=d)),
                       (category_form, lambda d: services.category_create(actor=request.user, **d))):
        if form.is_bound and form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("已儲存。"))
                return redirect("festival:setup")
    return render(request, "festival/setup.html", {
        "edition_form": edition_form, "category_form": category_form, "editions": selectors.editions(),
        "categories": selectors.top_categories(),
    })
