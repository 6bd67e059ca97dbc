"""Every write of the sharing platform. Keyword-only arguments, one transaction, an audit entry,
mail on commit.

No double booking: ``_allocate`` locks the listing row (``select_for_update``: a row lock on
PostgreSQL; SQLite runs every transaction as BEGIN IMMEDIATE — settings — so writers are already
serialised), reads which units are taken for the range, and inserts one ``Occupancy`` per unit it
takes. On PostgreSQL the exclusion constraint ``sharing_occ_no_overlap`` refuses an overlapping
row even if a code path forgot the lock; the IntegrityError becomes a 409."""

from __future__ import annotations

import datetime
import io
import math
import zoneinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.core import privacy
from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError, Forbidden
from shanglian.core.mail import send_templated_mail, user_language
from shanglian.core.search import search_index_bulk, search_index_delete, search_index_update
from shanglian.core.uploads import check_image
from shanglian.directory import access as directory
from shanglian.directory.models import Enterprise, EnterpriseRole
from shanglian.sharing.cities import CITY_DATA, TIME_ZONES, City, side_of, time_zone_of
from shanglian.sharing.models import (
    Block,
    Booking,
    Currency,
    Dispute,
    Kind,
    Listing,
    ListingPhoto,
    Message,
    Occupancy,
    Policy,
    Review,
    Transfer,
    Unit,
)

SEARCH_KIND = "sharing.listing"
MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
REVIEW_WINDOW = datetime.timedelta(days=14)
MAX_BOOKING_DAYS = 366
LISTING_FIELDS = (
    "kind", "title_zh_hant", "title_zh_hans", "title_en", "description_zh_hant", "description_zh_hans",
    "description_en", "city", "district", "district_text", "address", "lat", "lng", "capacity", "unit",
    "currency", "price", "deposit", "policy", "rules", "lead_time_hours", "instant_booking", "opens_at",
    "closes_at", "weekdays",
)


# ------------------------------------------------------------------------------------ helpers
def _refuse(code: str, message: str, field: str | None = None, status: int = 400) -> DomainError:
    return DomainError(code, message, status=status, fields={field: [message]} if field else None)


def _decimal(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise _refuse("bad_number", _("請輸入數字。"), field) from exc
    if not number.is_finite() or number < 0 or number >= Decimal("1e10"):
        raise _refuse("bad_number", _("金額必須是零或以上、少於一百億的數字。"), field)
    return number.quantize(Decimal("0.01"))


def _check_currency(currency: Any, field: str = "currency") -> str:
    if currency not in Currency.values:
        raise _refuse("bad_currency", _("貨幣只可以是港元（HKD）、人民幣（CNY）或澳門元（MOP）。"), field)
    return str(currency)


MIN_YEAR, MAX_YEAR = 2000, 2999  # bookings are for real dates


def _zone(listing: Listing) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(listing.time_zone)


def aware(value: datetime.datetime, listing: Listing, field: str) -> datetime.datetime:
    """A naive time is read in the listing's zone; an aware one must carry UTC or the listing's own
    offset (all three GBA zones are UTC+8 without DST: +09:00 is a mistake, not a time)."""
    if not isinstance(value, datetime.datetime) or not MIN_YEAR <= value.year <= MAX_YEAR:
        # years 1 or 9999 cannot be moved to another zone (OverflowError): refused, not a 500
        raise _refuse("bad_time", _("請輸入日期及時間。"), field)
    zone = _zone(listing)
    if timezone.is_naive(value):
        return value.replace(tzinfo=zone)
    offset = value.utcoffset()
    local = value.astimezone(zone).utcoffset()
    if offset not in (datetime.timedelta(0), local):
        hours = (local or datetime.timedelta()).total_seconds() / 3600
        raise _refuse("wrong_time_zone", _("時區不符：此項目的時間以 %(zone)s（UTC+%(hours)s）計算。")
                      % {"zone": listing.time_zone, "hours": f"{hours:g}"}, field)
    return value


def enterprise_users(enterprise: Enterprise) -> list:
    return [r.user for r in EnterpriseRole.objects.filter(enterprise=enterprise).select_related("user__preference")
            if r.user.email and r.user.is_active]


def _mail(users: list, template: str, context: dict[str, Any]) -> None:
    for user in users:
        send_templated_mail(to=[user.email], template=f"sharing/email/{template}", context={**context, "user": user},
                            language=user_language(user))


# ------------------------------------------------------------------------------------ listings
def listing_search_parts(listing: Listing) -> list[str]:
    city = City(listing.city).label if listing.city in City.values else listing.city
    return [listing.title_zh_hant, listing.title_zh_hans, listing.title_en, str(Kind(listing.kind).label),
            str(city), listing.district_text, listing.enterprise.name_zh, listing.enterprise.name_en,
            listing.description_zh_hant, listing.description_zh_hans, listing.description_en]


def listing_reindex_all(*, batch: int = 1000) -> int:
    qs = Listing.objects.filter(status=Listing.Status.PUBLISHED).select_related("enterprise")
    return search_index_bulk(kind=SEARCH_KIND, rows=((x.pk, listing_search_parts(x)) for x in qs.iterator()),
                             batch=batch)


def _clean_listing(values: dict[str, Any]) -> dict[str, Any]:
    data = {k: values[k] for k in LISTING_FIELDS if k in values}
    errors: dict[str, str] = {}
    if data.get("kind") not in Kind.values:
        errors["kind"] = _("請選擇類別。")
    if data.get("city") not in CITY_DATA:
        errors["city"] = _("請選擇大灣區十一個城市之一。")
    if not (data.get("title_zh_hant") or "").strip():
        errors["title_zh_hant"] = _("請填寫標題。")
    if not (data.get("description_zh_hant") or "").strip():
        errors["description_zh_hant"] = _("請填寫介紹。")
    if not (data.get("address") or "").strip():
        errors["address"] = _("請填寫地址。")
    if data.get("unit", Unit.HOUR) not in Unit.values:
        errors["unit"] = _("請選擇計價單位。")
    if data.get("policy", Policy.MODERATE) not in Policy.values:
        errors["policy"] = _("請選擇取消政策。")
    if errors:
        raise DomainError("invalid", _("請修正標示的欄位。"), fields=errors)
    data["currency"] = _check_currency(data.get("currency", Currency.HKD))
    data["price"] = _decimal(data.get("price"), "price")
    data["deposit"] = _decimal(data.get("deposit"), "deposit") or Decimal("0")
    capacity = data.get("capacity", 1)
    if not isinstance(capacity, int) or not 1 <= capacity <= 10_000:
        raise _refuse("bad_capacity", _("數量須為 1 至 10,000。"), "capacity")
    lat, lng = data.get("lat"), data.get("lng")
    if (lat is None) != (lng is None):
        raise _refuse("bad_point", _("請同時填寫緯度及經度，或兩者都留空。"), "lat")
    if lat is not None and not (21.0 <= float(lat) <= 24.5 and 111.0 <= float(lng) <= 116.0):
        raise _refuse("bad_point", _("座標不在大灣區範圍內。"), "lat")
    opens, closes = data.get("opens_at"), data.get("closes_at")
    if opens is not None and closes is not None and closes <= opens:
        raise _refuse("bad_hours", _("關閉時間必須遲於開放時間。"), "closes_at")
    weekdays = data.get("weekdays")
    if weekdays is not None:
        if not isinstance(weekdays, list) or any(not isinstance(d, int) or not 0 <= d <= 6 for d in weekdays):
            raise _refuse("bad_weekdays", _("開放日須為星期一至星期日。"), "weekdays")
        data["weekdays"] = sorted(set(weekdays))
    district = data.get("district")
    if district is not None and (data["city"] != City.HONG_KONG or getattr(district, "kind", "") != "hk_district"):
        raise _refuse("bad_district", _("只有香港的項目可選香港地區。"), "district")
    lead = data.get("lead_time_hours", 24)
    if not isinstance(lead, int) or not 0 <= lead <= 24 * 90:
        raise _refuse("bad_lead_time", _("預早時間須為 0 至 2,160 小時。"), "lead_time_hours")
    return data


def _check_time_zone(city: str, time_zone: str | None) -> str:
    expected = time_zone_of(city)
    if time_zone and time_zone != expected:
        if time_zone not in TIME_ZONES:
            raise _refuse("bad_time_zone", _("時區須為 Asia/Hong_Kong、Asia/Macau 或 Asia/Shanghai。"), "time_zone")
        raise _refuse("wrong_time_zone", _("時區與城市不符：%(city)s 的時區是 %(zone)s。")
                      % {"city": City(city).label, "zone": expected}, "time_zone")
    return expected


def _read_photos(photos: list[Any]) -> list[ContentFile]:
    """Every photo checked and re-encoded BEFORE anything is written."""
    from PIL import Image

    out = []
    if len(photos) > MAX_PHOTOS:
        raise _refuse("too_many_photos", _("最多上載 %(n)s 張相片。") % {"n": MAX_PHOTOS}, "photos")
    for upload in photos:
        upload.seek(0)
        data = upload.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            raise _refuse("too_big", _("相片太大（上限 8 MB）。"), "photos")
        try:
            check_image(data)
        except DomainError as exc:
            raise _refuse(exc.code, str(exc.message), "photos") from exc
        try:
            with Image.open(io.BytesIO(data)) as image:
                image = image.convert("RGB")
                image.thumbnail((1600, 1600))
                buffer = io.BytesIO()
                image.save(buffer, "JPEG", quality=85)
        except (OSError, ValueError, SyntaxError) as exc:
            raise _refuse("not_image", _("上載的檔案不是相片（請用 JPEG、PNG 或 WebP）。"), "photos") from exc
        out.append(ContentFile(buffer.getvalue(), name="photo.jpg"))
    return out


@transaction.atomic
def _require_current_member(actor: Any, enterprise_id: int) -> None:
    """Listing *as* an enterprise (changing, submitting) needs it to be a current member today
    (the directory's rule: status and validity dates); whoever manages it is checked separately."""
    if not directory.is_secretariat(actor) and not directory.current_memberships().filter(
            enterprise_id=enterprise_id).exists():
        raise Forbidden("not_member", _("只有現屆會員企業可以刊登共享項目。"))


def listing_save(*, actor: Any, enterprise: Enterprise | None = None, listing: Listing | None = None,
                 values: dict[str, Any], photos: list[Any] | None = None, time_zone: str | None = None) -> Listing:
    """Create (``enterprise``) or change (``listing``) a listing; a change of a published listing
    sends it back to review. Photos are added (up to six)."""
    if listing is None:
        if enterprise is None or not directory.can_manage_enterprise(actor, enterprise):
            raise Forbidden()
        if not directory.is_secretariat(actor) and enterprise.pk not in directory.current_member_enterprise_ids(actor):
            raise Forbidden("not_member", _("只有現屆會員企業可以刊登共享項目。"))
    elif not directory.can_manage_enterprise(actor, listing.enterprise):
        raise Forbidden()
    else:
        _require_current_member(actor, listing.enterprise_id)
    data = _clean_listing(values)
    data["time_zone"] = _check_time_zone(data["city"], time_zone)
    data["side"] = side_of(data["city"])
    if data["city"] != City.HONG_KONG:
        data["district"] = None
    files = _read_photos(photos or [])
    existing = listing.photos.count() if listing is not None else 0
    if existing + len(files) > MAX_PHOTOS:
        raise _refuse("too_many_photos", _("最多上載 %(n)s 張相片。") % {"n": MAX_PHOTOS}, "photos")
    if listing is None:
        listing = Listing(enterprise=enterprise, created_by=actor if actor.is_authenticated else None)
        action = "sharing.listing.create"
    else:
        action = "sharing.listing.update"
        if listing.status == Listing.Status.PUBLISHED:
            listing.status = Listing.Status.PENDING
            search_index_delete(kind=SEARCH_KIND, object_id=listing.pk)
    for key, value in data.items():
        setattr(listing, key, value)
    listing.save()
    for i, content in enumerate(files):
        photo = ListingPhoto(listing=listing, sort=existing + i)
        photo.image.save(f"listing-{listing.pk}-{existing + i}.jpg", content, save=True)
    audit_record(actor=actor, action=action, target=listing, changes={"photos": len(files)})
    return listing


def _set_status(listing: Listing, to: str, **extra: Any) -> None:
    Listing.objects.filter(pk=listing.pk).update(status=to, **extra)
    listing.status = to
    for key, value in extra.items():
        setattr(listing, key, value)


@transaction.atomic
def listing_submit(*, actor: Any, listing: Listing) -> Listing:
    if not directory.can_manage_enterprise(actor, listing.enterprise):
        raise Forbidden()
    _require_current_member(actor, listing.enterprise_id)
    if listing.status not in (Listing.Status.DRAFT, Listing.Status.RETURNED, Listing.Status.WITHDRAWN):
        raise Conflict("not_draft", _("此項目已提交或已發佈。"))
    _set_status(listing, Listing.Status.PENDING)
    audit_record(actor=actor, action="sharing.listing.submit", target=listing)
    return listing


@transaction.atomic
def listing_review(*, actor: Any, listing: Listing, approve: bool, reason: str = "") -> Listing:
    if not directory.is_secretariat(actor):
        raise Forbidden()
    if listing.status != Listing.Status.PENDING:
        raise Conflict("not_pending", _("此項目不在待審核狀態。"))
    if approve:
        _set_status(listing, Listing.Status.PUBLISHED, reviewed_by=actor, review_reason="",
                    published_at=timezone.now())
        search_index_update(kind=SEARCH_KIND, object_id=listing.pk, parts=listing_search_parts(listing))
        transaction.on_commit(lambda: offer_to_needs(listing=listing))
    else:
        if not reason.strip():
            raise _refuse("reason_required", _("退回時請寫明原因。"), "reason")
        _set_status(listing, Listing.Status.RETURNED, reviewed_by=actor, review_reason=reason.strip()[:2000])
    audit_record(actor=actor, action="sharing.listing.approve" if approve else "sharing.listing.return",
                 target=listing, changes={"reason": reason[:200]})
    _mail(enterprise_users(listing.enterprise), "listing_reviewed", {"listing": listing, "approved": approve})
    return listing


@transaction.atomic
def listing_withdraw(*, actor: Any, listing: Listing) -> Listing:
    if not directory.can_manage_enterprise(actor, listing.enterprise):
        raise Forbidden()
    if listing.status == Listing.Status.WITHDRAWN:
        return listing
    _set_status(listing, Listing.Status.WITHDRAWN)
    search_index_delete(kind=SEARCH_KIND, object_id=listing.pk)
    audit_record(actor=actor, action="sharing.listing.withdraw", target=listing)
    return listing


def offer_to_needs(*, listing: Listing, limit: int = 5) -> int:
    """A newly published listing is offered to the matchmaking needs it may answer (published
    "need" opportunities found by core.search on the listing's title): their enterprises are told
    by e-mail. Runs after commit; matching has no registry for outside counterparts, so this goes
    through its public selector and the shared search index only."""
    from shanglian.sharing.selectors import needs_for_listing

    sent = 0
    for opportunity in needs_for_listing(listing, limit=limit):
        if opportunity.enterprise_id == listing.enterprise_id:
            continue
        _mail(enterprise_users(opportunity.enterprise), "need_offer", {"listing": listing, "need": opportunity})
        sent += 1
    return sent


# ------------------------------------------------------------------------------------ calendar
@transaction.atomic
def block_add(*, actor: Any, listing: Listing, starts_at: datetime.datetime, ends_at: datetime.datetime,
              reason: str = "") -> Block:
    if not directory.can_manage_enterprise(actor, listing.enterprise):
        raise Forbidden()
    starts_at, ends_at = aware(starts_at, listing, "starts_at"), aware(ends_at, listing, "ends_at")
    if ends_at <= starts_at:
        raise _refuse("end_before_start", _("結束時間必須遲於開始時間。"), "ends_at")
    Listing.objects.select_for_update().filter(pk=listing.pk).first()
    if Block.objects.filter(listing=listing, starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
        raise Conflict("overlapping_block", _("與已設定的暫停時段重疊。"), fields={"starts_at": [
            _("與已設定的暫停時段重疊。")]})
    if Occupancy.objects.filter(listing=listing, starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
        raise Conflict("block_over_booking", _("此時段已有確認的預約，請先與預約企業協商取消。"))
    block = Block.objects.create(listing=listing, starts_at=starts_at, ends_at=ends_at, reason=reason[:200])
    audit_record(actor=actor, action="sharing.block.add", target=listing,
                 changes={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()})
    return block


@transaction.atomic
def block_remove(*, actor: Any, block: Block) -> None:
    if not directory.can_manage_enterprise(actor, block.listing.enterprise):
        raise Forbidden()
    audit_record(actor=actor, action="sharing.block.remove", target=block.listing,
                 changes={"starts_at": block.starts_at.isoformat()})
    block.delete()


def units_for(listing: Listing, starts_at: datetime.datetime, ends_at: datetime.datetime) -> Decimal:
    """How many price units a range is (hours, half-days of 4 hours, days, 30-day months, 1 job)."""
    hours = Decimal(str((ends_at - starts_at).total_seconds() / 3600))
    if listing.unit == Unit.HOUR:
        return Decimal(math.ceil(hours))
    if listing.unit == Unit.HALF_DAY:
        return Decimal(math.ceil(hours / 4))
    if listing.unit == Unit.DAY:
        return Decimal(math.ceil(hours / 24))
    if listing.unit == Unit.MONTH:
        return Decimal(math.ceil(hours / (24 * 30)))
    return Decimal(1)


def _check_range(listing: Listing, starts_at: datetime.datetime, ends_at: datetime.datetime,
                 now: datetime.datetime, *, lead: bool = True) -> tuple[datetime.datetime, datetime.datetime]:
    starts_at, ends_at = aware(starts_at, listing, "starts_at"), aware(ends_at, listing, "ends_at")
    if ends_at <= starts_at:
        raise _refuse("end_before_start", _("結束時間必須遲於開始時間。"), "ends_at")
    if starts_at < now:
        raise _refuse("in_past", _("不能預約已過去的時間。"), "starts_at")
    if lead and starts_at < now + datetime.timedelta(hours=listing.lead_time_hours):
        raise _refuse("lead_time", _("此項目須最少提前 %(hours)s 小時預約。") % {"hours": listing.lead_time_hours},
                      "starts_at")
    if ends_at - starts_at > datetime.timedelta(days=MAX_BOOKING_DAYS):
        raise _refuse("too_long", _("每次預約最長一年。"), "ends_at")
    zone = _zone(listing)
    local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if listing.weekdays and local_start.weekday() not in listing.weekdays:
        raise _refuse("closed_day", _("此項目在該日不開放。"), "starts_at")
    if listing.unit in (Unit.HOUR, Unit.HALF_DAY):
        next_day = local_start.date() + datetime.timedelta(days=1)
        same_day = local_end.date() == local_start.date() or (
            local_end.date() == next_day and local_end.time() == datetime.time(0))
        end_time = local_end.time() if local_end.date() == local_start.date() else datetime.time(23, 59, 59)
        if not same_day or local_start.time() < listing.opens_at or end_time > listing.closes_at:
            raise _refuse("outside_hours", _("請在開放時間 %(opens)s–%(closes)s（%(zone)s）之內預約。")
                          % {"opens": listing.opens_at.strftime("%H:%M"), "closes": listing.closes_at.strftime("%H:%M"),
                             "zone": listing.time_zone}, "starts_at")
    return starts_at, ends_at


def _allocate(booking: Booking) -> None:
    """Take ``booking.quantity`` free units for its range, or raise Conflict (nothing written)."""
    listing = Listing.objects.select_for_update().get(pk=booking.listing_id)  # serialises per listing
    s, e = booking.starts_at, booking.ends_at
    if Block.objects.filter(listing_id=listing.pk, starts_at__lt=e, ends_at__gt=s).exists():
        raise Conflict("blocked", _("提供者在此時段暫停開放。"))
    taken = set(Occupancy.objects.filter(listing_id=listing.pk, starts_at__lt=e, ends_at__gt=s)
                .values_list("unit_no", flat=True))
    free = [u for u in range(1, listing.capacity + 1) if u not in taken][:booking.quantity]
    if len(free) < booking.quantity:
        left = listing.capacity - len(taken)
        raise Conflict("fully_booked", _("此時段已被預約（餘下 %(n)s 個單位）。") % {"n": left})
    try:
        with transaction.atomic():
            Occupancy.objects.bulk_create([Occupancy(listing_id=listing.pk, booking=booking, unit_no=u,
                                                     starts_at=s, ends_at=e) for u in free])
    except IntegrityError as exc:  # PostgreSQL's exclusion constraint: someone took it first
        raise Conflict("fully_booked", _("此時段剛被其他企業預約。")) from exc


def booking_amount(listing: Listing, starts_at, ends_at, quantity: int) -> Decimal | None:
    if listing.price is None:
        return None
    return (listing.price * units_for(listing, starts_at, ends_at) * quantity).quantize(Decimal("0.01"))


@transaction.atomic
def booking_request(*, actor: Any, listing: Listing, enterprise: Enterprise, starts_at: datetime.datetime,
                    ends_at: datetime.datetime, quantity: int = 1, message: str = "", currency: str | None = None,
                    transfer_consent: bool = False, now: datetime.datetime | None = None) -> Booking:
    """A member asks for a listing. Instant-booking listings with a price are confirmed at once (or
    refused with 409 when the range is taken); the others wait for the provider."""
    now = now or timezone.now()
    if listing.status != Listing.Status.PUBLISHED \
            or not directory.current_memberships().filter(enterprise_id=listing.enterprise_id).exists():
        raise Conflict("not_published", _("此項目暫不接受預約。"))
    if not directory.is_secretariat(actor) and enterprise.pk not in directory.current_member_enterprise_ids(actor):
        raise Forbidden("not_member", _("只有現屆會員企業可以預約。"))
    if enterprise.pk == listing.enterprise_id:
        raise _refuse("own_listing", _("不能預約自己企業的項目。"))
    if currency not in (None, "") and _check_currency(currency) != listing.currency:
        raise _refuse("wrong_currency", _("此項目以 %(currency)s 計價。") % {"currency": listing.currency}, "currency")
    if not isinstance(quantity, int) or not 1 <= quantity <= listing.capacity:
        raise _refuse("bad_quantity", _("數量須為 1 至 %(n)s。") % {"n": listing.capacity}, "quantity")
    starts_at, ends_at = _check_range(listing, starts_at, ends_at, now)
    requester_side = _enterprise_side(enterprise)
    crossing = requester_side is not None and (requester_side == "mainland") != (listing.side == "mainland")
    if crossing and not transfer_consent:
        raise _refuse("transfer_consent", _("此預約會把你的聯絡資料傳送到邊境另一方，請先同意跨境個人資料傳輸。"),
                      "transfer_consent")
    booking = Booking.objects.create(
        listing=listing, enterprise=enterprise, requested_by=actor if actor.is_authenticated else None,
        quantity=quantity, starts_at=starts_at, ends_at=ends_at, currency=listing.currency,
        amount=booking_amount(listing, starts_at, ends_at, quantity), deposit=listing.deposit, message=message[:2000])
    if crossing:
        consent = privacy.consent_record(purpose="sharing_transfer", user=actor, cross_border=True)
        Transfer.objects.create(booking=booking, from_side=requester_side, to_side=listing.side, consent=consent)
    if listing.instant_booking and listing.price is not None:
        _allocate(booking)
        Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CONFIRMED, confirmed_at=now)
        booking.status, booking.confirmed_at = Booking.Status.CONFIRMED, now
    audit_record(actor=actor, action="sharing.booking.request", target=booking,
                 changes={"status": booking.status, "quantity": quantity})
    _mail(enterprise_users(listing.enterprise), "booking_new", {"booking": booking, "listing": listing})
    return booking


def _enterprise_side(enterprise: Enterprise) -> str | None:
    place = enterprise.place
    if place is None:
        return None
    return {"hk_district": "hk", "macao": "macao", "gba_city": "mainland", "mainland": "mainland"}.get(place.kind)


def _lock(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("listing__enterprise", "enterprise").get(pk=booking.pk)


def _other_side_users(booking: Booking, side: str) -> list:
    return enterprise_users(booking.enterprise if side == "provider" else booking.listing.enterprise)


@transaction.atomic
def booking_accept(*, actor: Any, booking: Booking, now: datetime.datetime | None = None) -> Booking:
    """The provider accepts a request (or the requester accepts a counter-offer)."""
    now = now or timezone.now()
    booking = _lock(booking)
    provider = directory.can_manage_enterprise(actor, booking.listing.enterprise)
    requester = directory.can_manage_enterprise(actor, booking.enterprise)
    if booking.status == Booking.Status.REQUESTED and provider:
        pass
    elif booking.status == Booking.Status.COUNTERED and requester:
        booking.amount = booking.counter_amount if booking.counter_amount is not None else booking.amount
        booking.starts_at = booking.counter_starts_at or booking.starts_at
        booking.ends_at = booking.counter_ends_at or booking.ends_at
    elif not (provider or requester):
        raise Forbidden()
    else:
        raise Conflict("bad_state", _("此預約現時不能確認。"))
    if booking.starts_at < now:
        raise Conflict("in_past", _("預約時間已過，不能再確認。"))
    _allocate(booking)
    booking.status, booking.confirmed_at = Booking.Status.CONFIRMED, now
    booking.save(update_fields=["status", "confirmed_at", "amount", "starts_at", "ends_at", "updated_at"])
    audit_record(actor=actor, action="sharing.booking.confirm", target=booking)
    side = "provider" if provider and booking.status else "requester"
    _mail(_other_side_users(booking, side), "booking_status", {"booking": booking})
    return booking


@transaction.atomic
def booking_decline(*, actor: Any, booking: Booking, reason: str = "") -> Booking:
    booking = _lock(booking)
    provider = directory.can_manage_enterprise(actor, booking.listing.enterprise)
    requester = directory.can_manage_enterprise(actor, booking.enterprise)
    if not (provider or requester):
        raise Forbidden()
    if (booking.status == Booking.Status.REQUESTED and provider
            or booking.status == Booking.Status.COUNTERED and requester):
        booking.status = Booking.Status.DECLINED
        booking.save(update_fields=["status", "updated_at"])
    else:
        raise Conflict("bad_state", _("此預約現時不能婉拒。"))
    audit_record(actor=actor, action="sharing.booking.decline", target=booking, changes={"reason": reason[:200]})
    _mail(_other_side_users(booking, "provider" if provider else "requester"), "booking_status", {"booking": booking})
    return booking


@transaction.atomic
def booking_counter(*, actor: Any, booking: Booking, amount: Any = None, currency: str | None = None,
                    starts_at: datetime.datetime | None = None, ends_at: datetime.datetime | None = None,
                    now: datetime.datetime | None = None) -> Booking:
    """The provider answers a request with another price and/or time."""
    now = now or timezone.now()
    booking = _lock(booking)
    if not directory.can_manage_enterprise(actor, booking.listing.enterprise):
        raise Forbidden()
    if booking.status != Booking.Status.REQUESTED:
        raise Conflict("bad_state", _("只可以對待回覆的預約還價。"))
    if currency not in (None, "") and _check_currency(currency) != booking.currency:
        raise _refuse("wrong_currency", _("還價須以預約的貨幣 %(currency)s 計算。") % {"currency": booking.currency},
                      "currency")
    price = _decimal(amount, "amount")
    if price is None and starts_at is None:
        raise _refuse("empty_counter", _("請填寫新價錢或新時間。"), "amount")
    if starts_at is not None or ends_at is not None:
        starts_at, ends_at = _check_range(booking.listing, starts_at or booking.starts_at, ends_at or booking.ends_at,
                                          now, lead=False)
    booking.counter_amount, booking.counter_starts_at, booking.counter_ends_at = price, starts_at, ends_at
    booking.status = Booking.Status.COUNTERED
    booking.save(update_fields=["counter_amount", "counter_starts_at", "counter_ends_at", "status", "updated_at"])
    audit_record(actor=actor, action="sharing.booking.counter", target=booking, changes={"amount": str(price)})
    _mail(_other_side_users(booking, "provider"), "booking_status", {"booking": booking})
    return booking


def cancellation_fee(booking: Booking, *, side: str, now: datetime.datetime) -> Decimal:
    """The listing's policy: free before the deadline, then half (flexible, moderate) or all
    (strict); nothing when the provider cancels or the booking was never confirmed."""
    if side != "requester" or booking.status != Booking.Status.CONFIRMED or not booking.amount:
        return Decimal("0")
    before = booking.starts_at - now
    policy = booking.listing.policy
    if policy == Policy.STRICT:
        return booking.amount
    free = datetime.timedelta(hours=24) if policy == Policy.FLEXIBLE else datetime.timedelta(days=5)
    return Decimal("0") if before >= free else (booking.amount / 2).quantize(Decimal("0.01"))


@transaction.atomic
def booking_cancel(*, actor: Any, booking: Booking, now: datetime.datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking = _lock(booking)
    provider = directory.can_manage_enterprise(actor, booking.listing.enterprise)
    requester = directory.can_manage_enterprise(actor, booking.enterprise)
    if not (provider or requester):
        raise Forbidden()
    if booking.status not in (Booking.Status.REQUESTED, Booking.Status.COUNTERED, Booking.Status.CONFIRMED):
        raise Conflict("bad_state", _("此預約已結束，不能取消。"))
    if booking.status == Booking.Status.CONFIRMED and booking.ends_at <= now:
        raise Conflict("already_used", _("預約時段已過，不能取消；如有問題請提出爭議。"))
    side = "requester" if requester and not provider else "provider"
    booking.cancel_fee = cancellation_fee(booking, side=side, now=now)
    booking.cancelled_by_side = side
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["cancel_fee", "cancelled_by_side", "status", "updated_at"])
    Occupancy.objects.filter(booking=booking).delete()
    audit_record(actor=actor, action="sharing.booking.cancel", target=booking,
                 changes={"side": side, "fee": str(booking.cancel_fee)})
    _mail(_other_side_users(booking, side), "booking_status", {"booking": booking})
    return booking


@transaction.atomic
def booking_complete(*, actor: Any, booking: Booking, now: datetime.datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking = _lock(booking)
    if not directory.can_manage_enterprise(actor, booking.listing.enterprise):
        raise Forbidden()
    if booking.status != Booking.Status.CONFIRMED:
        raise Conflict("bad_state", _("只有已確認的預約可以標示完成。"))
    if booking.ends_at > now:
        raise Conflict("not_over", _("預約時段結束後才可以標示完成。"))
    booking.status, booking.completed_at = Booking.Status.COMPLETED, now
    booking.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(actor=actor, action="sharing.booking.complete", target=booking)
    _mail(_other_side_users(booking, "provider"), "booking_status", {"booking": booking})
    return booking


SETTLEMENT_METHODS = ("bank_transfer", "fps", "cheque", "cash", "other")


@transaction.atomic
def booking_settle(*, actor: Any, booking: Booking, method: str, reference: str = "",
                   paid_on: datetime.date | None = None) -> Booking:
    """Record that the requester paid (outside the platform: bank transfer, FPS …)."""
    booking = _lock(booking)
    if not directory.can_manage_enterprise(actor, booking.listing.enterprise):
        raise Forbidden()
    if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.COMPLETED):
        raise Conflict("bad_state", _("只有已確認或已完成的預約可以記錄付款。"))
    if method not in SETTLEMENT_METHODS:
        raise _refuse("bad_method", _("請選擇付款方式。"), "method")
    booking.settlement_method, booking.settlement_ref = method, reference[:80]
    booking.settled_at = paid_on or timezone.localdate()
    booking.save(update_fields=["settlement_method", "settlement_ref", "settled_at", "updated_at"])
    audit_record(actor=actor, action="sharing.booking.settle", target=booking, changes={"method": method})
    return booking


# ------------------------------------------------------------------------------------ messages
ATTACHMENT_TYPES = {b"%PDF": ("pdf", "application/pdf")}


def _check_attachment(upload: Any) -> tuple[bytes, str]:
    upload.seek(0)
    data = upload.read(MAX_ATTACHMENT_BYTES + 1)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise _refuse("too_big", _("附件太大（上限 10 MB）。"), "attachment")
    if data[:4] == b"%PDF":
        return data, "pdf"
    try:
        check_image(data)
    except DomainError as exc:
        raise _refuse("bad_attachment", _("附件只可以是 PDF 或相片（JPEG、PNG、WebP）。"), "attachment") from exc
    return data, "img"


@transaction.atomic
def message_post(*, actor: Any, booking: Booking, side: str, body: str, attachment: Any = None) -> Message:
    body = (body or "").strip()
    if not body:
        raise _refuse("empty", _("請輸入訊息。"), "body")
    if len(body) > 4000:
        raise _refuse("too_long", _("訊息最長 4,000 字。"), "body")
    data = _check_attachment(attachment) if attachment else None
    message = Message.objects.create(booking=booking, author=actor, side=side, body=body)
    if data is not None:
        name = str(getattr(attachment, "name", "file"))[-120:]
        message.attachment.save(f"booking-{booking.pk}-{message.pk}.{'pdf' if data[1] == 'pdf' else 'img'}",
                                ContentFile(data[0]), save=False)
        message.attachment_name = name
        message.save(update_fields=["attachment", "attachment_name"])
    audit_record(actor=actor, action="sharing.message.post", target=booking, changes={"side": side})
    recipients = (enterprise_users(booking.listing.enterprise) + enterprise_users(booking.enterprise)
                  if side == "secretariat" else _other_side_users(booking, side))
    _mail([u for u in recipients if u != actor], "message", {"booking": booking, "message": message})
    return message


# ------------------------------------------------------------------------------------ reviews
@transaction.atomic
def review_post(*, actor: Any, booking: Booking, side: str, rating: Any, text: str = "") -> Review:
    if side not in ("provider", "requester"):
        raise Forbidden()
    if booking.status != Booking.Status.COMPLETED:
        raise Conflict("not_completed", _("預約完成後才可以評價。"))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise _refuse("bad_rating", _("評分須為 1 至 5。"), "rating")
    try:
        with transaction.atomic():
            review = Review.objects.create(booking=booking, side=side, author=actor, rating=rating, text=text[:2000])
    except IntegrityError as exc:
        raise Conflict("already_reviewed", _("你已評價此預約。")) from exc
    audit_record(actor=actor, action="sharing.review.post", target=booking, changes={"side": side})
    return review


# ------------------------------------------------------------------------------------ disputes
@transaction.atomic
def dispute_open(*, actor: Any, booking: Booking, side: str, reason: str) -> Dispute:
    if side not in ("provider", "requester"):
        raise Forbidden()
    if not reason.strip():
        raise _refuse("reason_required", _("請說明爭議內容。"), "reason")
    if booking.status in (Booking.Status.REQUESTED, Booking.Status.COUNTERED):
        raise Conflict("bad_state", _("預約確認後才可以提出爭議。"))
    dispute = Dispute.objects.create(booking=booking, raised_by=actor, side=side, reason=reason.strip()[:3000])
    audit_record(actor=actor, action="sharing.dispute.open", target=booking)
    from django.contrib.auth import get_user_model

    staff = [u for u in get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")[:20]]
    _mail(staff, "dispute", {"booking": booking, "dispute": dispute})
    return dispute


@transaction.atomic
def dispute_resolve(*, actor: Any, dispute: Dispute, resolution: str) -> Dispute:
    if not directory.is_secretariat(actor):
        raise Forbidden()
    if not resolution.strip():
        raise _refuse("resolution_required", _("請寫下處理結果。"), "resolution")
    updated = Dispute.objects.filter(pk=dispute.pk, status=Dispute.Status.OPEN).update(
        status=Dispute.Status.RESOLVED, resolution=resolution.strip()[:3000], handled_by=actor,
        resolved_at=timezone.now())
    if not updated:
        raise Conflict("already_resolved", _("此爭議已處理。"))
    dispute.refresh_from_db()
    audit_record(actor=actor, action="sharing.dispute.resolve", target=dispute.booking)
    return dispute

