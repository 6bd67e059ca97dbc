"""Public and members' pages: search, listing, booking, provider's own listings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import form_add_domain_error, messages_add_domain_error
from shanglian.core.formatting import site_url
from shanglian.core.params import id_param, int_param
from shanglian.events.calendar import ics
from shanglian.matching.access import opportunity_for_user
from shanglian.sharing import access, documents, selectors, services
from shanglian.sharing.cities import City, Side
from shanglian.sharing.forms import (
    BlockForm,
    BookingForm,
    CounterForm,
    DisputeForm,
    ListingForm,
    MessageForm,
    ReviewForm,
    SettleForm,
)
from shanglian.sharing.models import Booking, Currency, Kind, Listing


def home(request: HttpRequest) -> HttpResponse:
    f = selectors.ListingFilters.from_query(request.GET)
    page = Paginator(selectors.search_listings(f), 20).get_page(int_param(request.GET.get("page"), 1, minimum=1))
    rows = list(page.object_list)
    badges = selectors.badges([x.enterprise_id for x in rows])
    for x in rows:
        x.badges = badges.get(x.enterprise_id, [])
        x.distance = selectors.distance_km(x, f.lat, f.lng)
    return render(request, "sharing/home.html", {
        "f": f, "page": page, "rows": rows, "kinds": Kind.choices, "cities": City.choices, "sides": Side.choices,
        "currencies": Currency.choices, "sorts": [("relevance", _("相關程度")), ("newest", _("最新")),
                                                   ("price", _("價錢由低至高")), ("distance", _("距離"))],
        "query": request.GET.urlencode() if request.GET else "",
        "map": _map(f, request),
        "filters_on": sum(1 for v in (f.kind, f.city, f.side, f.currency, f.max_price, f.capacity, f.starts_at,
                                      f.sort != "relevance", f.lat is not None and not f.city) if v),
    })


def _map(f: selectors.ListingFilters, request: HttpRequest) -> dict:
    from shanglian.sharing.geo import build_map

    by_city, districts = selectors.map_counts(f)
    return build_map(by_city, districts, selected_city=f.city or ("hong-kong" if f.district else ""),
                     selected_district=f.district, query={k: request.GET.get(k) for k in request.GET})


def listing(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.listing_for_user(request.user, pk)
    start = timezone.localdate()
    return render(request, "sharing/listing.html", {
        "listing": obj, **selectors.listing_page(obj, request.user),
        "calendar": selectors.availability(obj, start=start, days=28),
        "can_book": bool(access.acting_enterprises(request.user)) and obj.status == Listing.Status.PUBLISHED,
        "needs": selectors.needs_for_listing(obj) if obj.status == Listing.Status.PUBLISHED else [],
    })


def listing_ics(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.listing_for_user(request.user, pk)
    response = HttpResponse(ics(selectors.ics_entries_for_listing(obj)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="listing-{obj.pk}.ics"'
    return response


def feed(request: HttpRequest, token: str) -> HttpResponse:
    enterprise_id = documents.feed_enterprise(token)
    if enterprise_id is None:
        raise Http404
    response = HttpResponse(ics(selectors.ics_entries_for_enterprise(enterprise_id)),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sharing.ics"'
    return response


def need(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = opportunity_for_user(request.user, pk)
    return render(request, "sharing/need.html", {"need": opportunity,
                                                 "rows": selectors.listings_for_need(opportunity)})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    enterprises = access.acting_enterprises(request.user)
    return render(request, "sharing/mine.html", {
        "listings": selectors.my_listings(request.user)[:100], **selectors.my_bookings(request.user),
        "dash": selectors.provider_dashboard(request.user), "enterprises": enterprises,
        "feeds": [(e, site_url(f"/sharing/feed/{documents.feed_token(e.pk)}.ics")) for e in enterprises],
    })


def _listing_form(request: HttpRequest, obj: Listing | None) -> HttpResponse:
    enterprises = access.acting_enterprises(request.user)
    if obj is None and not enterprises:
        messages.error(request, _("只有現屆會員企業的用戶可以刊登共享項目。"))
        return redirect("sharing:mine")
    form = ListingForm(request.POST or None, request.FILES or None, instance=obj,
                       enterprises=access.acting_enterprises_qs(request.user))
    if request.method == "POST" and form.is_valid():
        photos = [request.FILES["photo"]] if request.FILES.get("photo") else []
        try:
            saved = services.listing_save(
                actor=request.user, listing=obj, enterprise=None if obj else form.cleaned_data["enterprise"],
                values=form.values(), photos=photos, time_zone=form.cleaned_data.get("time_zone") or None)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已儲存。提交後由秘書處審核，通過即發佈。"))
            return redirect("sharing:listing", pk=saved.pk)
    return render(request, "sharing/listing_form.html", {"form": form, "listing": obj})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    return _listing_form(request, None)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _listing_form(request, access.listing_for_user(request.user, pk, write=True))


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.listing_for_user(request.user, pk, write=True)
    try:
        services.listing_submit(actor=request.user, listing=obj)
        messages.success(request, _("已提交秘書處審核。"))
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    return redirect("sharing:listing", pk=obj.pk)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.listing_for_user(request.user, pk, write=True)
    services.listing_withdraw(actor=request.user, listing=obj)
    messages.success(request, _("已撤回，不再公開。"))
    return redirect("sharing:listing", pk=obj.pk)


@login_required
def blocks(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.listing_for_user(request.user, pk, write=True)
    with timezone.override(obj.time_zone):
        form = BlockForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.block_add(actor=request.user, listing=obj, **form.cleaned_data)
            except ValidationError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("已加入暫停時段。"))
                return redirect("sharing:blocks", pk=obj.pk)
        return render(request, "sharing/blocks.html", {
            "listing": obj, "form": form, **selectors.listing_page(obj, request.user),
            "calendar": selectors.availability(obj, start=timezone.localdate(), days=56)})


@login_required
def book(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access.listing_for_user(request.user, pk)
    enterprises = access.acting_enterprises(request.user)
    if not enterprises:
        messages.error(request, _("只有現屆會員企業的用戶可以預約。"))
        return redirect("sharing:listing", pk=obj.pk)
    with timezone.override(obj.time_zone):
        form = BookingForm(request.POST or None, enterprises=enterprises)
        if request.method == "POST" and form.is_valid():
            chosen = next(e for e in enterprises if e.pk == form.cleaned_data["enterprise"])
            try:
                booking = services.booking_request(
                    actor=request.user, listing=obj, enterprise=chosen, starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"], quantity=form.cleaned_data["quantity"],
                    message=form.cleaned_data["message"], transfer_consent=form.cleaned_data["transfer_consent"])
            except ValidationError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("預約已確認。") if booking.status == Booking.Status.CONFIRMED
                                 else _("已送出預約請求，提供者回覆後會以電郵通知你。"))
                return redirect("sharing:booking", pk=booking.pk)
        return render(request, "sharing/book.html", {"listing": obj, "form": form})


@login_required
def booking(request: HttpRequest, pk: int) -> HttpResponse:
    obj, side = access.booking_for_user(request.user, pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_post(actor=request.user, booking=obj, side=side, body=form.cleaned_data["body"],
                                  attachment=form.cleaned_data.get("attachment"))
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("訊息已送出。"))
            return redirect("sharing:booking", pk=obj.pk)
    with timezone.override(obj.listing.time_zone):
        return render(request, "sharing/booking.html", {
            "booking": obj, "form": form, **selectors.booking_page(obj, side, request.user),
            "counter_form": CounterForm(), "review_form": ReviewForm(), "dispute_form": DisputeForm(),
            "settle_form": SettleForm(initial={"paid_on": timezone.localdate()}),
            "fee": services.cancellation_fee(obj, side=side, now=timezone.now()),
            "is_provider": side == access.PROVIDER, "is_requester": side == access.REQUESTER,
            "over": obj.ends_at <= timezone.now()})


ACTIONS = {"accept": services.booking_accept, "decline": services.booking_decline,
           "cancel": services.booking_cancel, "complete": services.booking_complete}


@login_required
@require_POST
def booking_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    obj, side = access.booking_for_user(request.user, pk, sides=(access.PROVIDER, access.REQUESTER))
    action = ACTIONS.get(name)
    if action is None:
        raise Http404
    try:
        action(actor=request.user, booking=obj)
        messages.success(request, _("已更新預約。"))
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    return redirect("sharing:booking", pk=obj.pk)


def _post_form(request: HttpRequest, obj: Booking, form, call) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
            messages.success(request, _("已更新預約。"))
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("sharing:booking", pk=obj.pk)


@login_required
@require_POST
def booking_counter(request: HttpRequest, pk: int) -> HttpResponse:
    obj, side = access.booking_for_user(request.user, pk, sides=(access.PROVIDER,))
    with timezone.override(obj.listing.time_zone):
        return _post_form(request, obj, CounterForm(request.POST), lambda d: services.booking_counter(
            actor=request.user, booking=obj, amount=d["amount"], starts_at=d["starts_at"], ends_at=d["ends_at"]))


@login_required
@require_POST
def booking_settle(request: HttpRequest, pk: int) -> HttpResponse:
    obj, side = access.booking_for_user(request.user, pk, sides=(access.PROVIDER,))
    return _post_form(request, obj, SettleForm(request.POST), lambda d: services.booking_settle(
        actor=request.user, booking=obj, method=d["method"], reference=d["reference"], paid_on=d["paid_on"]))


@login_required
@require_POST
def booking_review(request: HttpRequest, pk: int) -> HttpResponse:
    obj, side = access.booking_for_user(request.user, pk, sides=(access.PROVIDER, access.REQUESTER))
    return _post_form(request, obj, ReviewForm(request.POST), lambda d: services.review_post(
        actor=request.user, booking=obj, side=side, rating=d["rating"], text=d["text"]))


@login_required
@require_POST
def booking_dispute(request: HttpRequest, pk: int) -> HttpResponse:
    obj, side = access.booking_for_user(request.user, pk, sides=(access.PROVIDER, access.REQUESTER))
    return _post_form(request, obj, DisputeForm(request.POST), lambda d: services.dispute_open(
        actor=request.user, booking=obj, side=side, reason=d["reason"]))


@login_required
def booking_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    obj, side = access.booking_for_user(request.user, pk)
    if kind not in ("quote", "invoice"):
        raise Http404
    if kind == "invoice" and obj.status not in (Booking.Status.CONFIRMED, Booking.Status.COMPLETED):
        raise Http404
    response = HttpResponse(documents.booking_pdf(obj, kind=kind), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{obj.number}-{kind}.pdf"'
    return response


@login_required
def attachment(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    obj, side = access.booking_for_user(request.user, pk)
    message = selectors.booking_message(obj, id_param(message_id))
    if message is None or not message.attachment:
        raise Http404
    name = message.attachment.name
    return FileResponse(message.attachment.open("rb"), as_attachment=True,
                        filename=(message.attachment_name or name.rsplit("/", 1)[-1])[:120])

