"""The heart of the festival: phone verification, claiming a limited coupon, redeeming it.

Claim rule (see docs/festival.md): in one transaction, a conditional UPDATE raises the campaign's
``claimed`` counter only while ``claimed < quota`` and the claim window is open, then the coupon
row is inserted under two unique constraints — (campaign, phone, seq) for the per-person limit and
(phone, idempotency_key) for retries. If the insert violates either, the whole transaction (the
counter included) rolls back and the caller hears "already claimed" or gets the coupon of the
first attempt. The counter can therefore never pass the quota (also a CheckConstraint), and each
"claimed" answer is a committed row. It holds with many server processes on PostgreSQL (the
UPDATE takes the campaign's row lock) and on SQLite (IMMEDIATE transactions serialise writers).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import secrets
import sys
import weakref
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import DateTimeField, F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.errors import DomainError
from shanglian.core.models import AuditEntry
from shanglian.core.validation import normalise_phone
from shanglian.festival.codes import new_token, verify_code
from shanglian.festival.models import (
    Coupon,
    CouponCampaign,
    Edition,
    Merchant,
    MerchantStaff,
    Offer,
    PhoneVerification,
    Shop,
)
from shanglian.festival.sms import send_sms

OTP_TTL = datetime.timedelta(minutes=5)
OTP_MAX_ATTEMPTS = 5
PHONE_SESSION_TTL = datetime.timedelta(hours=12)
PHONE_TOKEN_SALT = "festival.phone"


class FestivalError(DomainError):
    """A refusal with a machine code, an HTTP status for the API (409 unless said) and a translated
    message: the project's DomainError, so the API and pages map it like every other refusal."""

    default_status = 409


# ------------------------------------------------------------------------------------ phones
def clean_mobile(raw: str) -> str:
    """E.164 of a HK / Macao / Mainland *mobile* number (an SMS must reach it), or a DomainError
    (422) on the ``phone`` field."""
    if not (raw or "").strip():
        raise DomainError.field("phone", _("請輸入手機號碼。"), code="bad_phone", status=422)
    try:
        phone = normalise_phone(raw)
    except ValidationError as exc:
        raise DomainError.field("phone", exc.messages[0], code="bad_phone", status=422) from exc
    kind = phonenumbers.number_type(phonenumbers.parse(phone))
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise DomainError.field("phone", _("「%(value)s」不是手機號碼，收不到短訊驗證碼。") % {"value": raw.strip()},
                                code="bad_phone", status=422)
    return phone


def _key(purpose: str) -> bytes:
    return hashlib.sha256((purpose + ":" + settings.SECRET_KEY).encode()).digest()


def _otp_hash(phone: str, code: str) -> str:
    return hmac.new(_key("festival.otp"), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _requester_hash(requester: str) -> str:
    return hmac.new(_key("festival.otp.requester"), requester.encode(), hashlib.sha256).hexdigest()


def new_requester() -> str:
    """A secret naming one requester (a browser session): only its holder can check codes."""
    return secrets.token_urlsafe(24)


def otp_request(*, phone: str, requester: str, now: datetime.datetime | None = None) -> tuple[PhoneVerification, str]:
    """Create a verification and send its code by SMS (after commit). ``phone`` is E.164
    (``clean_mobile``); ``requester`` is the secret of the asking session (``new_requester``), so
    only that session can spend the attempts; rate limits are the caller's job. Returns the row
    (its ``handle`` is the random name to verify with) and the code (for development hints and
    tests only; it is stored hashed)."""
    if not requester:
        raise ValueError("otp_request needs the requester's secret")
    now = now or timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        verification = PhoneVerification.objects.create(
            phone=phone, handle=secrets.token_urlsafe(32), requester=_requester_hash(requester),
            code_hash=_otp_hash(phone, code), expires_at=now + OTP_TTL)
        text = _("【全港購物節】你的驗證碼是 %(code)s，5 分鐘內有效。切勿告訴他人。") % {"code": code}
        transaction.on_commit(lambda: send_sms(phone, text))
    return verification, code


def otp_verify(*, handle: str, code: str, requester: str, now: datetime.datetime | None = None) -> PhoneVerification:
    """Check a code for the verification named ``handle``, asked for by ``requester``. Each try
    counts (a conditional UPDATE, committed even when the code is wrong); expired, used (replayed)
    or over-tried verifications are refused. A handle that does not exist and one asked for by
    someone else get the same answer, and spend nothing."""
    now = now or timezone.now()
    code = (code or "").strip()
    handle = (handle or "").strip()
    if not handle or len(handle) > 64 or not requester:
        raise FestivalError("otp_unknown", _("驗證已失效，請重新索取驗證碼。"), 422)
    mine = PhoneVerification.objects.filter(handle=handle, requester=_requester_hash(requester))
    live = mine.filter(verified_at__isnull=True, expires_at__gt=now, attempts__lt=OTP_MAX_ATTEMPTS)
    if not live.update(attempts=F("attempts") + 1):
        row = mine.first()
        if row is None:
            raise FestivalError("otp_unknown", _("驗證已失效，請重新索取驗證碼。"), 422)
        if row.verified_at is not None:
            raise FestivalError("otp_used", _("此驗證碼已使用過，請重新索取驗證碼。"), 422)
        if row.expires_at <= now:
            raise FestivalError("otp_expired", _("驗證碼已過期，請重新索取。"), 422)
        raise FestivalError("otp_attempts", _("嘗試次數過多，請重新索取驗證碼。"), 422)
    row = mine.get()
    if not (code.isascii() and code.isdigit() and hmac.compare_digest(row.code_hash, _otp_hash(row.phone, code))):
        left = max(0, OTP_MAX_ATTEMPTS - row.attempts)
        raise FestivalError("otp_wrong", _("驗證碼不正確（尚餘 %(n)s 次機會）。") % {"n": left}, 422)
    # Mark it used exactly once: a replay of the same code finds verified_at already set.
    if not PhoneVerification.objects.filter(pk=row.pk, verified_at__isnull=True).update(verified_at=now):
        raise FestivalError("otp_used", _("此驗證碼已使用過，請重新索取驗證碼。"), 422)
    row.verified_at = now
    return row


def phone_token(verification: PhoneVerification) -> str:
    """A signed bearer token standing for a verified phone (kept in the session, or sent to the API
    as the ``X-Phone-Token`` header). It names the verification and its phone; whoever relies on
    it still checks the verification in the database (``phone_from_token``, or the claim's read)."""
    return signing.dumps([verification.pk, verification.phone], salt=PHONE_TOKEN_SALT)


def read_phone_token(token: str | None) -> tuple[int, str] | None:
    """(verification id, phone) from a token's signature alone (no query), or None. Callers must
    still check the verification (``coupon_claim(verification_id=…)`` does it in its one read)."""
    if not token or len(token) > 300:
        return None
    try:
        value = signing.loads(token, salt=PHONE_TOKEN_SALT, max_age=PHONE_SESSION_TTL)
    except signing.BadSignature:
        return None
    if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], str)):
        return value[0], value[1]
    return None


def phone_from_token(token: str | None, *, now: datetime.datetime | None = None) -> str | None:
    """The phone a token stands for, if its verification is still in the database (not purged or
    erased) and was verified less than 12 hours ago."""
    read = read_phone_token(token)
    if read is None:
        return None
    now = now or timezone.now()
    pk, phone = read
    return (PhoneVerification.objects.filter(pk=pk, phone=phone, verified_at__gt=now - PHONE_SESSION_TTL)
            .values_list("phone", flat=True).first())


# ------------------------------------------------------------------------------------ claims
@dataclass
class ClaimResult:
    coupon: Coupon
    created: bool


def _why_not(campaign_id: int, now: datetime.datetime, campaign: CouponCampaign | None = None) -> FestivalError:
    """Why a claim was refused; reads the campaign again unless a fresh read is given."""
    if campaign is None:
        campaign = CouponCampaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return FestivalError("not_found", _("找不到此優惠券活動。"), 404)
    if now < campaign.claim_starts:
        when = date_format(timezone.localtime(campaign.claim_starts), "DATETIME_FORMAT")
        return FestivalError("not_started", _("尚未開始領取（%(when)s 開始）。") % {"when": when}, 409)
    if now >= campaign.claim_ends:
        return FestivalError("closed", _("領取時間已過。"), 409)
    return FestivalError("sold_out", _("優惠券已派完。"), 409)


def _already(limit: int) -> FestivalError:
    if limit == 1:
        return FestivalError("already_claimed", _("此手機號碼已領取過這張優惠券。"), 409)
    message = _("此手機號碼已領取 %(n)s 張，已達上限。") % {"n": limit}
    return FestivalError("already_claimed", message, 409)


def _eligible(campaign: CouponCampaign, user: Any) -> bool:
    if campaign.eligibility == CouponCampaign.Eligibility.PHONE:
        return True
    from shanglian.directory.access import is_current_member

    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or is_current_member(user)))


def _replay(phone: str, key: str, campaign_id: int) -> ClaimResult | None:
    existing = Coupon.objects.select_related("campaign").filter(phone=phone, idempotency_key=key).first()
    if existing is None:
        return None
    if existing.campaign_id != campaign_id:
        raise FestivalError("idempotency_conflict", _("此 Idempotency-Key 已用於另一個活動。"), 422)
    return ClaimResult(existing, False)


@dataclass
class _ClaimRead:
    id: int
    quota: int
    claimed: int
    per_person_limit: int
    eligibility: str
    open_now: bool
    held: int
    replay_id: int | None
    verified: bool
    valid_from: datetime.datetime
    valid_until: datetime.datetime


def _datetime(value: Any) -> datetime.datetime:
    """A datetime column read by plain SQL: PostgreSQL gives it aware, SQLite as naive UTC text."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def _campaign_for_claim(campaign_id: int, phone: str, key: str | None, now: datetime.datetime,
                        verification_id: int | None = None) -> _ClaimRead | None:
    """The hot read of a claim, ONE statement: the campaign (only of an offer consumers can see:
    published, approved merchant, current edition — ``access.public_offer_q``, in SQL), whether
    its claim window is open, how many coupons this phone holds of it, the coupon a retried
    idempotency key already got (any campaign) and whether the phone's verification still stands.
    Plain SQL (the same on SQLite and PostgreSQL): the ORM's compilation of this query cost more
    than running it (bench/festival_claim_profile.py)."""
    t = {m.__name__: m._meta.db_table for m in (CouponCampaign, Coupon, PhoneVerification, Offer, Merchant, Edition)}
    ops = connection.ops
    at = ops.adapt_datetimefield_value(now)
    replay = (f"(SELECT k.id FROM {t['Coupon']} k WHERE k.phone = %s AND k.idempotency_key = %s LIMIT 1)"
              if key else "NULL")
    verified = (f"(SELECT COUNT(*) FROM {t['PhoneVerification']} v WHERE v.id = %s AND v.phone = %s "
                f"AND v.verified_at > %s)" if verification_id is not None else "1")
    sql = (f"SELECT c.id, c.quota, c.claimed, c.per_person_limit, c.eligibility, c.valid_from, c.valid_until, "
           f"CASE WHEN c.claim_starts <= %s AND c.claim_ends > %s THEN 1 ELSE 0 END, "
           f"(SELECT COUNT(*) FROM {t['Coupon']} h WHERE h.campaign_id = c.id AND h.phone = %s), {replay}, {verified} "
           f"FROM {t['CouponCampaign']} c JOIN {t['Offer']} o ON o.id = c.offer_id "
           f"JOIN {t['Merchant']} m ON m.id = o.merchant_id JOIN {t['Edition']} e ON e.id = m.edition_id "
           f"WHERE c.id = %s AND o.is_published AND m.status = '{Merchant.Status.APPROVED.value}' AND e.is_current")
    params: list[Any] = [at, at, phone]
    if key:
        params += [phone, key]
    if verification_id is not None:
        params += [verification_id, phone, ops.adapt_datetimefield_value(now - PHONE_SESSION_TTL)]
    params += [campaign_id]
    row = _fetch_one_prepared(sql, params)
    if row is None:
        return None
    return _ClaimRead(id=row[0], quota=row[1], claimed=row[2], per_person_limit=row[3], eligibility=row[4],
                      valid_from=_datetime(row[5]), valid_until=_datetime(row[6]), open_now=bool(row[7]),
                      held=row[8], replay_id=row[9], verified=bool(row[10]))


def _fetch_one_prepared(sql: str, params: list[Any], *, force: bool = False) -> tuple | None:
    """Run the claim's read. On PostgreSQL as a server-side prepared statement (planned once per
    connection: planning this query cost several times its execution — see
    bench/festival_claim_profile.py); Django's own cursors bind client-side and never prepare.
    Database errors still go through Django's wrapper, so a broken connection is discarded."""
    if connection.vendor != "postgresql" or not (force or getattr(settings, "FESTIVAL_PREPARED_READ", True)):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    with connection.wrap_database_errors, psycopg.Cursor(raw) as cursor:
        if raw not in _PREPARING:
            # Django opens its connections with ``prepare_threshold=None``, which makes psycopg ignore
            # ``prepare=True``: these statements were sent unprepared and planned on every call
            # (pg_stat_statements in the rush: 0.53–0.82 ms of planning per read for 0.09–0.12 ms of
            # execution, 0.13–0.16 ms per write). A threshold that is never reached lets psycopg
            # prepare exactly the statements that ask for it; Django's own cursors bind client-side
            # and are never prepared whatever the threshold.
            raw.prepare_threshold = sys.maxsize
            # And PostgreSQL would still re-plan a prepared statement for its values ("custom plan")
            # while the generic plan's estimate looks dearer. Every lookup of both statements is by
            # a unique key (campaign id, phone + key, verification id), so the generic plan is right
            # whatever the values. Session-wide, but only prepared statements keep plans.
            cursor.execute("SET plan_cache_mode = force_generic_plan")
            if not connection.in_atomic_block:  # in a transaction a rollback would undo the SET: redo it
                _PREPARING.add(raw)
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchone()


_PREPARING: weakref.WeakSet = weakref.WeakSet()  # psycopg connections set up for the two prepared statements


def coupon_claim(*, campaign_id: int, phone: str, user: Any = None, idempotency_key: str | None = None,
                 verification_id: int | None = None, now: datetime.datetime | None = None) -> ClaimResult:
    """Claim one coupon for a verified ``phone`` (E.164). Raises FestivalError (sold out, already
    claimed, window closed …). A retry with the same idempotency key returns the first coupon.
    ``verification_id`` (from ``read_phone_token``): check that the phone's verification still
    stands in the same read (the API does; the pages check the session's phone beforehand).

    The common answers cost one read (campaign + this phone's coupons + the key's coupon + the
    verification, one statement); a new coupon adds one transaction: the conditional UPDATE, the
    INSERT and its audit entry."""
    now = now or timezone.now()
    key = (idempotency_key or "").strip()[:80] or None
    read = _campaign_for_claim(campaign_id, phone, key, now, verification_id)
    if read is not None and not read.verified:
        raise FestivalError("phone_unverified", _("請先驗證手機號碼。"), 401)
    if read is None:
        if verification_id is not None and not PhoneVerification.objects.filter(
                pk=verification_id, phone=phone, verified_at__gt=now - PHONE_SESSION_TTL).exists():
            raise FestivalError("phone_unverified", _("請先驗證手機號碼。"), 401)
        # Not claimable (unknown, unpublished …); a retried key still finds its coupon.
        replay = _replay(phone, key, campaign_id) if key else None
        if replay is not None:
            return replay
        raise FestivalError("not_found", _("找不到此優惠券活動。"), 404)
    if key and read.replay_id:
        replay = _replay_read(read.replay_id, campaign_id)
        if replay is not None:
            replay.coupon.campaign = _campaign_as_read(read, claimed=read.claimed)
            return replay
    if read.eligibility != CouponCampaign.Eligibility.PHONE:
        campaign = CouponCampaign.objects.get(pk=campaign_id)
        if not _eligible(campaign, user):
            raise FestivalError("members_only", _("此優惠券只限商會會員領取，請先登入。"), 403)
    held = read.held
    user_id: int | None = None  # read from ``user`` only for a write: the refusals need no session
    for _attempt in range(3):
        # Cheap early answer for repeat claimants; the unique constraint has the last word.
        if held >= read.per_person_limit:
            raise _already(read.per_person_limit)
        # Answer sold out / closed without taking a write lock: ``claimed`` only ever grows once
        # committed, so a read showing the quota reached is final. Positive answers are still
        # decided by the conditional UPDATE below.
        if not read.open_now:
            raise _why_not(campaign_id, now)
        if read.claimed >= read.quota:
            raise FestivalError("sold_out", _("優惠券已派完。"), 409)
        if user_id is None and getattr(user, "is_authenticated", False):
            user_id = user.pk
        try:
            coupon = _claim_write(campaign_id=campaign_id, phone=phone, seq=held + 1, user=user, user_id=user_id,
                                  key=key, now=now)
            if coupon is None:
                raise _why_not(campaign_id, now)
        except IntegrityError:
            # A concurrent claim by this phone took seq (or this key): our counter increment was
            # rolled back with the insert. A retried key gets its coupon; otherwise look again.
            if key:
                replay = _replay(phone, key, campaign_id)
                if replay is not None:
                    return replay
            held = Coupon.objects.filter(campaign_id=campaign_id, phone=phone).count()
            continue
        coupon.campaign = _campaign_as_read(read, claimed=read.claimed + 1)
        return ClaimResult(coupon, True)
    raise _already(read.per_person_limit)


def _campaign_as_read(read: _ClaimRead, *, claimed: int) -> CouponCampaign:
    """The campaign as the claim's read saw it (the other fields load on first use, like a deferred
    queryset's)."""
    known = {"id": read.id, "quota": read.quota, "claimed": claimed, "eligibility": read.eligibility,
             "per_person_limit": read.per_person_limit, "valid_from": read.valid_from,
             "valid_until": read.valid_until}
    names = [f.attname for f in CouponCampaign._meta.concrete_fields if f.attname in known]
    return CouponCampaign.from_db(connection.alias, names, [known[n] for n in names])


def _replay_read(coupon_id: int, campaign_id: int) -> ClaimResult | None:
    """The coupon a retried key already got, named by the claim's read (``replay_id``): one plain
    SELECT by primary key (the ORM's compilation of the select_related query cost about as much as
    a whole new coupon — bench/festival_claim_profile.py, "retry"). The caller attaches the campaign
    from its read. None if it is gone meanwhile; a key used for another campaign is refused."""
    fields = Coupon._meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(connection.ops.quote_name(f.column) for f in fields)} "
                       f"FROM {connection.ops.quote_name(Coupon._meta.db_table)} WHERE id = %s", [coupon_id])
        row = cursor.fetchone()
    if row is None:
        return None
    values = [_datetime(v) if v is not None and isinstance(f, DateTimeField) else v
              for f, v in zip(fields, row, strict=True)]
    coupon = Coupon.from_db(connection.alias, [f.attname for f in fields], values)
    if coupon.campaign_id != campaign_id:
        raise FestivalError("idempotency_conflict", _("此 Idempotency-Key 已用於另一個活動。"), 422)
    return ClaimResult(coupon, False)


def _claim_write(*, campaign_id: int, phone: str, seq: int, user: Any, user_id: int | None, key: str | None,
                 now: datetime.datetime) -> Coupon | None:
    """The write of a new coupon: raise the campaign's counter while ``claimed < quota`` and the
    window is open, insert the coupon (its unique constraints decide per-person limit and retried
    keys) and its audit entry, all or nothing. None when the counter was not raised (sold out or
    closed meanwhile); IntegrityError when a constraint refused the coupon (nothing is kept).

    On PostgreSQL this is ONE statement (UPDATE … RETURNING feeding both INSERTs in a CTE, a
    server-side prepared statement), so outside a transaction it commits on its own: one round
    trip instead of BEGIN, UPDATE, INSERT, INSERT, COMMIT, and the campaign row's lock — which
    every new coupon of a rush queues for — is held for one statement and its commit only.
    Elsewhere (SQLite) the same three writes run through the ORM in one transaction."""
    token = new_token()
    if connection.vendor == "postgresql" and getattr(settings, "FESTIVAL_ONE_STATEMENT_CLAIM", True):
        claimed_at = timezone.now()
        t = {m.__name__: m._meta.db_table for m in (CouponCampaign, Coupon, AuditEntry)}
        sql = (f"WITH c AS (UPDATE {t['CouponCampaign']} SET claimed = claimed + 1 WHERE id = %s AND claimed < quota "
               f"AND claim_starts <= %s AND claim_ends > %s RETURNING id), "
               f"k AS (INSERT INTO {t['Coupon']} (campaign_id, phone, seq, user_id, token, idempotency_key, "
               f"claimed_at) SELECT c.id, %s, %s, %s, %s, %s, %s FROM c RETURNING id), "
               f"a AS (INSERT INTO {t['AuditEntry']} (at, actor_id, action, target_type, target_id, target_repr, "
               f"changes) SELECT %s, %s, %s, %s, k.id::text, %s || k.id::text, %s::jsonb FROM k) "
               f"SELECT id FROM k")
        params = [campaign_id, now, now, phone, seq, user_id, token, key, claimed_at,
                  claimed_at, user_id, "festival.coupon.claim", Coupon._meta.label_lower, f"{campaign_id}#",
                  json.dumps({"campaign": campaign_id, "seq": seq})]
        if connection.in_atomic_block:  # a caller's transaction: a savepoint keeps it usable on refusal
            with transaction.atomic():
                row = _fetch_one_prepared(sql, params, force=True)
        else:
            row = _fetch_one_prepared(sql, params, force=True)
        if row is None:
            return None
        coupon = Coupon(id=row[0], campaign_id=campaign_id, phone=phone, seq=seq, user_id=user_id, token=token,
                        idempotency_key=key, claimed_at=claimed_at)
        coupon._state.adding, coupon._state.db = False, connection.alias
        return coupon
    with transaction.atomic():
        raised = CouponCampaign.objects.filter(
            pk=campaign_id, claimed__lt=F("quota"), claim_starts__lte=now, claim_ends__gt=now,
        ).update(claimed=F("claimed") + 1)
        if not raised:
            return None
        coupon = Coupon.objects.create(campaign_id=campaign_id, phone=phone, seq=seq, user_id=user_id,
                                       token=token, idempotency_key=key)
        # Audited like a redemption; the entry names the coupon by id, not by its code
        # (the code is the bearer secret) nor by the phone.
        audit_record(actor=user, action="festival.coupon.claim", target=coupon,
                     target_repr=f"{campaign_id}#{coupon.pk}", changes={"campaign": campaign_id, "seq": seq})
    return coupon


# ------------------------------------------------------------------------------------ redeem
def staff_can_redeem_at(user: Any, shop: Shop) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return MerchantStaff.objects.filter(user=user, merchant_id=shop.merchant_id, merchant__status="approved").filter(
        Q(shop__isnull=True) | Q(shop=shop)).exists()


def coupon_redeem(*, actor: Any, code: str, shop: Shop, campaign_id: int | None = None,
                  now: datetime.datetime | None = None) -> Coupon:
    """Redeem a scanned or typed code at ``shop``, once. Refusals are FestivalErrors with a message
    the counter can read out (forged, other campaign / shop, already used when and where, expired)."""
    now = now or timezone.now()
    token = verify_code(code)
    if token is None:  # no database query for a forged or mistyped code
        raise FestivalError("forged", _("這不是有效的優惠券編號（可能是偽造或輸入錯誤）。"), 422)
    if not staff_can_redeem_at(actor, shop):
        raise FestivalError("forbidden", _("你不是此分店的職員。"), 403)
    coupon = Coupon.objects.select_related("campaign__offer", "redeemed_shop").filter(token=token).first()
    if coupon is None:
        raise FestivalError("unknown", _("找不到此優惠券。"), 404)
    campaign = coupon.campaign
    if campaign_id is not None and campaign.pk != campaign_id:
        message = _("此優惠券屬於另一個活動（%(label)s）。") % {"label": str(campaign)}
        raise FestivalError("other_campaign", message, 409)
    if not campaign.shops.filter(pk=shop.pk).exists():
        raise FestivalError("other_shop", _("此優惠券不適用於本分店。"), 409)
    if coupon.redeemed_at is not None:
        raise _already_redeemed(coupon)
    if now < campaign.valid_from:
        when = date_format(timezone.localtime(campaign.valid_from), "DATETIME_FORMAT")
        raise FestivalError("not_yet_valid", _("此優惠券 %(when)s 起才可使用。") % {"when": when}, 409)
    if now > campaign.valid_until:
        when = date_format(timezone.localtime(campaign.valid_until), "DATETIME_FORMAT")
        raise FestivalError("expired", _("此優惠券已於 %(when)s 過期。") % {"when": when}, 409)
    with transaction.atomic():
        done = Coupon.objects.filter(pk=coupon.pk, redeemed_at__isnull=True).update(
            redeemed_at=now, redeemed_shop=shop, redeemed_by=actor)
        if not done:  # another counter was a moment faster
            coupon.refresh_from_db()
            raise _already_redeemed(Coupon.objects.select_related("redeemed_shop").get(pk=coupon.pk))
        coupon.redeemed_at, coupon.redeemed_shop, coupon.redeemed_by = now, shop, actor
        audit_record(actor=actor, action="festival.coupon.redeem", target=coupon,
                     changes={"shop": shop.pk, "campaign": campaign.pk})
    return coupon


def _already_redeemed(coupon: Coupon) -> FestivalError:
    when = date_format(timezone.localtime(coupon.redeemed_at), "DATETIME_FORMAT")
    where = str(coupon.redeemed_shop) if coupon.redeemed_shop else ""
    message = _("此優惠券已於 %(when)s 在「%(shop)s」使用。") % {"when": when, "shop": where}
    return FestivalError("already_redeemed", message, 409, redeemed_at=coupon.redeemed_at.isoformat(), shop=where)
