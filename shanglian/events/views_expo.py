"""Expo pages: exhibitors and their products, searchable across scripts; visitors bookmark exhibitors;
organisers add exhibitors and products (photos resized)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.forms import attach_errors as _attach_errors
from shanglian.core.http import safe_next
from shanglian.events import access, selectors
from shanglian.events.forms import ExhibitorForm, ProductForm
from shanglian.events.services import expo as svc


def exhibitors(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug)
    q = (request.GET.get("q") or "").strip()[:100]
    mine = request.GET.get("mine") == "1" and request.user.is_authenticated
    qs = selectors.exhibitor_list(event, q=q, bookmarked_by=request.user if mine else None)
    bookmarked = selectors.bookmarked_exhibitor_ids(request.user, event)
    can_organise = access.can_organise(request.user, event)
    form = None
    if can_organise:
        form = ExhibitorForm(request.POST or None, prefix="x")
        if request.method == "POST" and form.is_valid():
            try:
                ex = svc.exhibitor_save(actor=request.user, event=event, values=form.cleaned_data)
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("已新增參展商。"))
                return redirect("events:exhibitor", slug=event.slug, pk=ex.pk)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "events/exhibitors.html", {"event": event, "page": page, "q": q, "mine": mine,
                                                       "bookmarked": bookmarked, "form": form})


def exhibitor(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = access.event_for_user(request.user, slug)
    can_organise = access.can_organise(request.user, event)
    ex = access.exhibitor_for_user(request.user, event, pk, write=request.method == "POST")
    form = None
    if can_organise:
        form = ProductForm(request.POST or None, request.FILES or None, prefix="p")
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "photo"}
            try:
                svc.product_save(actor=request.user, exhibitor=ex, values=data, photo=form.cleaned_data.get("photo"))
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("已新增產品。"))
                return redirect("events:exhibitor", slug=event.slug, pk=ex.pk)
    bookmarked = selectors.is_bookmarked(request.user, ex)
    return render(request, "events/exhibitor.html", {"event": event, "ex": ex, "form": form,
                                                      "products": selectors.exhibitor_products(ex),
                                                      "bookmarked": bookmarked})


@login_required
@require_POST
def bookmark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = access.event_for_user(request.user, slug)
    ex = access.exhibitor_for_user(request.user, event, pk)
    on = svc.bookmark_toggle(actor=request.user, exhibitor=ex)
    if request.htmx:
        return render(request, "events/_bookmark.html", {"event": event, "ex": ex, "on": on})
    messages.success(request, _("已收藏。") if on else _("已取消收藏。"))
    return redirect(safe_next(request, reverse("events:exhibitors", kwargs={"slug": event.slug})))
