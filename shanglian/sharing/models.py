"""大灣區共用經濟平台: listings of member enterprises, their calendars, bookings, messages, reviews.

No double booking is a database rule: every confirmed booking holds ``quantity`` ``Occupancy`` rows,
one per unit (desk 1..8), and on PostgreSQL an exclusion constraint (migration 0002, btree_gist)
forbids two rows of the same listing and unit whose time ranges overlap. See docs/sharing.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated
from shanglian.core.models import Consent, Place
from shanglian.directory.models import Enterprise
from shanglian.sharing.cities import City, Side


class Kind(models.TextChoices):
    SPACE = "space", _("場地空間")
    EQUIPMENT = "equipment", _("機器設備")
    VEHICLE = "vehicle", _("車輛（連司機）")
    SERVICE = "service", _("專業服務")


class Unit(models.TextChoices):
    HOUR = "hour", _("每小時")
    HALF_DAY = "half_day", _("每半天")
    DAY = "day", _("每天")
    MONTH = "month", _("每月")
    JOB = "job", _("每項工作")


class Currency(models.TextChoices):
    HKD = "HKD", _("港元")
    CNY = "CNY", _("人民幣")
    MOP = "MOP", _("澳門元")


class Policy(models.TextChoices):
    FLEXIBLE = "flexible", _("寬鬆：開始前 24 小時可免費取消，其後收取一半")
    MODERATE = "moderate", _("中等：開始前 5 天可免費取消，其後收取一半")
    STRICT = "strict", _("嚴格：確認後取消收取全數")


class Listing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING = "pending", _("待審核")
        PUBLISHED = "published", _("已發佈")
        RETURNED = "returned", _("已退回")
        WITHDRAWN = "withdrawn", _("已撤回")

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("提供企業"), on_delete=models.CASCADE,
                                   related_name="sharing_listings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    kind = models.CharField(_("類別"), max_length=12, choices=Kind.choices, db_index=True)
    title_zh_hant = models.CharField(_("標題（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("標題（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("標題（English）"), max_length=200, blank=True)
    description_zh_hant = models.TextField(_("介紹（繁體）"), max_length=5000)
    description_zh_hans = models.TextField(_("介紹（简体）"), max_length=5000, blank=True)
    description_en = models.TextField(_("介紹（English）"), max_length=5000, blank=True)
    city = models.CharField(_("城市"), max_length=20, choices=City.choices, db_index=True)
    side = models.CharField(_("口岸一方"), max_length=10, choices=Side.choices, db_index=True, editable=False)
    district = models.ForeignKey(Place, verbose_name=_("香港地區"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", limit_choices_to={"kind": "hk_district"})
    district_text = models.CharField(_("區 / 鎮"), max_length=80, blank=True)
    address = models.CharField(_("地址"), max_length=300)
    lat = models.FloatField(_("緯度"), null=True, blank=True)
    lng = models.FloatField(_("經度"), null=True, blank=True)
    time_zone = models.CharField(_("時區"), max_length=20, editable=False)
    capacity = models.PositiveIntegerField(_("數量 / 容量"), default=1,
                                           help_text=_("可同時預約的單位數目，例如 8 張辦公桌。"))
    unit = models.CharField(_("計價單位"), max_length=10, choices=Unit.choices, default=Unit.HOUR)
    currency = models.CharField(_("貨幣"), max_length=3, choices=Currency.choices, default=Currency.HKD)
    price = models.DecimalField(_("單價"), max_digits=12, decimal_places=2, null=True, blank=True,
                                help_text=_("留空即「報價另議」。"))
    deposit = models.DecimalField(_("按金"), max_digits=12, decimal_places=2, default=0)
    policy = models.CharField(_("取消政策"), max_length=10, choices=Policy.choices, default=Policy.MODERATE)
    rules = models.TextField(_("使用守則"), max_length=3000, blank=True)
    lead_time_hours = models.PositiveIntegerField(_("最少預早（小時）"), default=24)
    instant_booking = models.BooleanField(_("即時預約"), default=False,
                                          help_text=_("毋須提供者確認，時段空出即確認。"))
    opens_at = models.TimeField(_("每日開放"), default="09:00")
    closes_at = models.TimeField(_("每日關閉"), default="18:00")
    weekdays = models.JSONField(_("開放日（0=星期一）"), default=list, blank=True)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    review_reason = models.TextField(_("審核意見"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    published_at = models.DateTimeField(_("發佈時間"), null=True, blank=True)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)

    title = Translated("title")
    description = Translated("description")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("共享項目")
        verbose_name_plural = _("共享項目")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="sharing_listing_capacity"),
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gte=0), name="sharing_listing_price"),
            models.CheckConstraint(condition=Q(deposit__gte=0), name="sharing_listing_deposit"),
            models.CheckConstraint(condition=Q(currency__in=["HKD", "CNY", "MOP"]), name="sharing_listing_currency"),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="sharing_listing_hours"),
        ]

    def __str__(self) -> str:
        return self.title_zh_hant

    @property
    def quote_on_request(self) -> bool:
        return self.price is None


class ListingPhoto(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("相片"), upload_to="sharing/photos/")
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("相片")
        verbose_name_plural = _("相片")

    def __str__(self) -> str:
        return f"{self.listing_id}/{self.sort}"


class Block(models.Model):
    """Dates or hours the provider closes the listing (every unit)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="blocks")
    starts_at = models.DateTimeField(_("開始"))
    ends_at = models.DateTimeField(_("結束"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("暫停開放")
        verbose_name_plural = _("暫停開放")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="sharing_block_order")]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.starts_at:%Y-%m-%d %H:%M}"


class Booking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("待提供者回覆")
        COUNTERED = "countered", _("提供者已還價")
        CONFIRMED = "confirmed", _("已確認")
        DECLINED = "declined", _("已婉拒")
        CANCELLED = "cancelled", _("已取消")
        COMPLETED = "completed", _("已完成")

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="bookings")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("預約企業"), on_delete=models.PROTECT,
                                   related_name="sharing_bookings")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    quantity = models.PositiveIntegerField(_("數量"), default=1)
    starts_at = models.DateTimeField(_("開始"))
    ends_at = models.DateTimeField(_("結束"))
    currency = models.CharField(_("貨幣"), max_length=3, choices=Currency.choices)
    amount = models.DecimalField(_("金額"), max_digits=12, decimal_places=2, null=True, blank=True)
    deposit = models.DecimalField(_("按金"), max_digits=12, decimal_places=2, default=0)
    message = models.TextField(_("留言"), max_length=2000, blank=True)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.REQUESTED,
                              db_index=True)
    counter_amount = models.DecimalField(_("還價金額"), max_digits=12, decimal_places=2, null=True, blank=True)
    counter_starts_at = models.DateTimeField(_("建議開始"), null=True, blank=True)
    counter_ends_at = models.DateTimeField(_("建議結束"), null=True, blank=True)
    cancel_fee = models.DecimalField(_("取消費"), max_digits=12, decimal_places=2, null=True, blank=True)
    cancelled_by_side = models.CharField(max_length=10, blank=True)
    settled_at = models.DateField(_("結算日期"), null=True, blank=True)
    settlement_method = models.CharField(_("結算方式"), max_length=20, blank=True)
    settlement_ref = models.CharField(_("結算參考編號"), max_length=80, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("預約")
        verbose_name_plural = _("預約")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="sharing_booking_order"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="sharing_booking_quantity"),
            models.CheckConstraint(condition=Q(currency__in=["HKD", "CNY", "MOP"]), name="sharing_booking_currency"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.listing}"

    @property
    def number(self) -> str:
        return f"SH-{self.pk:06d}"


class Occupancy(models.Model):
    """One unit of a listing held by a confirmed booking for its time range. PostgreSQL: EXCLUDE
    USING gist (listing WITH =, unit_no WITH =, tstzrange(starts_at, ends_at) WITH &&)."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="occupancies")
    unit_no = models.PositiveIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        verbose_name = _("佔用")
        verbose_name_plural = _("佔用")
        indexes = [models.Index(fields=["listing", "starts_at", "ends_at"], name="sharing_occ_range")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="sharing_occ_order"),
            models.CheckConstraint(condition=Q(unit_no__gte=1), name="sharing_occ_unit"),
            models.UniqueConstraint(fields=["booking", "unit_no"], name="sharing_occ_booking_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}#{self.unit_no}"


class Message(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    side = models.CharField(max_length=12)  # "provider" / "requester" / "secretariat"
    body = models.TextField(_("訊息"), max_length=4000)
    attachment = models.FileField(_("附件"), upload_to="sharing/attachments/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("訊息")
        verbose_name_plural = _("訊息")

    def __str__(self) -> str:
        return f"{self.booking_id} {self.side}"


class Review(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="reviews")
    side = models.CharField(max_length=12)  # the author's side: "provider" reviews the requester …
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    rating = models.PositiveSmallIntegerField(_("評分"))
    text = models.TextField(_("評語"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("評價")
        verbose_name_plural = _("評價")
        constraints = [
            models.UniqueConstraint(fields=["booking", "side"], name="sharing_review_once"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="sharing_review_rating"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.side} {self.rating}"


class Dispute(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("處理中")
        RESOLVED = "resolved", _("已解決")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="disputes")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    side = models.CharField(max_length=12)
    reason = models.TextField(_("爭議內容"), max_length=3000)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    resolution = models.TextField(_("處理結果"), blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("爭議")
        verbose_name_plural = _("爭議")

    def __str__(self) -> str:
        return f"{self.booking_id} {self.status}"


class Transfer(models.Model):
    """A booking that sends the requester's contact data across the HK/Macao ↔ Mainland boundary:
    the basis (the GBA cross-boundary standard contract) and the consent it rests on."""

    class Basis(models.TextChoices):
        GBA_CONTRACT = "gba_contract", _("大灣區跨境個人資訊標準合同 + 個人同意")

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="transfer")
    from_side = models.CharField(max_length=10, choices=Side.choices)
    to_side = models.CharField(max_length=10, choices=Side.choices)
    basis = models.CharField(_("傳輸依據"), max_length=20, choices=Basis.choices, default=Basis.GBA_CONTRACT)
    consent = models.ForeignKey(Consent, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("跨境個人資料傳輸")
        verbose_name_plural = _("跨境個人資料傳輸")

    def __str__(self) -> str:
        return f"{self.booking_id} {self.from_side}→{self.to_side}"
