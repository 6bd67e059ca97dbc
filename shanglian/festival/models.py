"""The shopping festival: editions, categories, merchants, shops, offers, coupons, redemptions.

Limits live in the database: a campaign's ``claimed`` counter can never pass its quota
(CheckConstraint; claims raise it with a conditional UPDATE), a phone can hold at most
``per_person_limit`` coupons of a campaign (UniqueConstraint on (campaign, phone, seq) with
seq ≤ limit), a retried request (same idempotency key) finds its coupon, and a coupon is
redeemed once (conditional UPDATE … WHERE redeemed_at IS NULL).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated

KM_PER_DEGREE = 111.195  # mean Earth radius × π / 180


class Edition(models.Model):
    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=120)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=120, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=120, blank=True)
    theme_zh_hant = models.CharField(_("主題（繁體）"), max_length=200, blank=True)
    theme_zh_hans = models.CharField(_("主題（简体）"), max_length=200, blank=True)
    theme_en = models.CharField(_("主題（English）"), max_length=200, blank=True)
    starts_on = models.DateField(_("開始日期"))
    ends_on = models.DateField(_("結束日期"))
    is_current = models.BooleanField(_("本屆"), default=False)
    name = Translated("name")
    theme = Translated("theme")

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("購物節")
        verbose_name_plural = _("購物節")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="festival_edition_dates"),
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True),
                                    name="festival_one_current_edition"),
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """衣 / 食 / 住 / 行 / 專業服務 and their sub-categories (seeded by migration 0002)."""

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("上層"))
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=80)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=80, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=80, blank=True)
    sort = models.PositiveSmallIntegerField(default=0)
    name = Translated("name")

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("優惠類別")
        verbose_name_plural = _("優惠類別")

    def __str__(self) -> str:
        return self.name


class Merchant(models.Model):
    """A company's application to an edition; once approved it is a merchant of that edition."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("待審批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("已拒絕")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="merchants",
                                verbose_name=_("購物節"))
    name_zh = models.CharField(_("公司名稱（中文）"), max_length=200)
    name_en = models.CharField(_("公司名稱（英文）"), max_length=200, blank=True)
    br_number = models.CharField(_("商業登記號碼"), max_length=32, blank=True)
    contact_name = models.CharField(_("聯絡人姓名"), max_length=100)
    contact_phone = models.CharField(_("聯絡電話"), max_length=32)
    contact_email = models.EmailField(_("電郵"), blank=True)
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.APPLIED,
                              db_index=True)
    rejection_reason = models.TextField(_("拒絕原因"), blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("申請人"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("審批人"))
    reviewed_at = models.DateTimeField(_("審批時間"), null=True, blank=True)
    created_at = models.DateTimeField(_("申請時間"), auto_now_add=True)
    name = Translated("name")

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("商戶")
        verbose_name_plural = _("商戶")
        constraints = [
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                                   name="festival_rejection_has_reason"),
        ]

    def __str__(self) -> str:
        return self.name


class Brand(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="brands",
                                 verbose_name=_("商戶"))
    name_zh = models.CharField(_("品牌（中文）"), max_length=120)
    name_en = models.CharField(_("品牌（英文）"), max_length=120, blank=True)
    name = Translated("name")

    class Meta:
        ordering = ["name_zh"]
        verbose_name = _("品牌")
        verbose_name_plural = _("品牌")
        constraints = [models.UniqueConstraint(fields=["merchant", "name_zh"], name="festival_brand_unique")]

    def __str__(self) -> str:
        return self.name


class Shop(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="shops", verbose_name=_("商戶"))
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="shops",
                              verbose_name=_("品牌"))
    name_zh = models.CharField(_("分店名稱（中文）"), max_length=120)
    name_en = models.CharField(_("分店名稱（英文）"), max_length=120, blank=True)
    address = models.CharField(_("地址"), max_length=300)
    district = models.ForeignKey("core.Place", on_delete=models.PROTECT, related_name="+",
                                 limit_choices_to={"kind": "hk_district"}, verbose_name=_("地區"))
    opening_hours = models.CharField(_("營業時間"), max_length=200, blank=True)
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    lat = models.FloatField(_("緯度"), null=True, blank=True)
    lng = models.FloatField(_("經度"), null=True, blank=True)
    name = Translated("name")

    class Meta:
        ordering = ["merchant_id", "name_zh"]
        verbose_name = _("分店")
        verbose_name_plural = _("分店")
        # "Nearest first" looks for shops in a box around the visitor (offer_lists._near_slice).
        indexes = [models.Index(fields=["lat", "lng"], name="festival_shop_lat_lng")]
        constraints = [
            models.CheckConstraint(condition=Q(lat__isnull=True) | Q(lat__gte=-90, lat__lte=90),
                                   name="festival_shop_lat"),
            models.CheckConstraint(condition=Q(lng__isnull=True) | Q(lng__gte=-180, lng__lte=180),
                                   name="festival_shop_lng"),
        ]

    def __str__(self) -> str:
        return self.name


class MerchantStaff(models.Model):
    """A user working for a merchant: a manager (everything of the merchant) or counter staff
    (redeems at one shop, or at all the merchant's shops when shop is empty)."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("管理員")
        CASHIER = "cashier", _("前線職員")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="festival_roles")
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="staff", verbose_name=_("商戶"))
    shop = models.ForeignKey(Shop, null=True, blank=True, on_delete=models.CASCADE, related_name="staff",
                             verbose_name=_("分店"))
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices, default=Role.CASHIER)

    class Meta:
        verbose_name = _("商戶職員")
        verbose_name_plural = _("商戶職員")
        constraints = [models.UniqueConstraint(fields=["user", "merchant"], name="festival_staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.merchant} ({self.role})"


class Offer(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="offers", verbose_name=_("商戶"))
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="offers",
                              verbose_name=_("品牌"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="offers", verbose_name=_("優惠類別"))
    title_zh_hant = models.CharField(_("標題（繁體）"), max_length=200, blank=True)
    title_zh_hans = models.CharField(_("標題（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("標題（English）"), max_length=200, blank=True)
    terms_zh_hant = models.TextField(_("條款（繁體）"), blank=True)
    terms_zh_hans = models.TextField(_("條款（简体）"), blank=True)
    terms_en = models.TextField(_("條款（English）"), blank=True)
    shops = models.ManyToManyField(Shop, related_name="offers", verbose_name=_("適用分店"))
    valid_from = models.DateField(_("有效期由"))
    valid_until = models.DateField(_("有效期至"))
    photo = models.ImageField(_("相片"), upload_to="festival/offers/", blank=True)
    is_featured = models.BooleanField(_("精選"), default=False, db_index=True)
    is_published = models.BooleanField(_("已發佈"), default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    title = Translated("title")
    terms = Translated("terms")

    class Meta:
        ordering = ["-is_featured", "-created_at", "-id"]
        verbose_name = _("優惠")
        verbose_name_plural = _("優惠")
        # The public list's order: a page is read by walking it (offer_lists.OfferResults).
        indexes = [models.Index(fields=["is_featured", "created_at", "id"], name="festival_offer_list_order")]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=F("valid_from")), name="festival_offer_validity"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("festival:offer", args=[self.pk])

    @property
    def distance_km(self) -> float | None:
        """Set when the list was sorted by distance (selectors.sort_by_distance)."""
        d2 = getattr(self, "nearest_d2", None)
        return None if d2 is None else (d2 ** 0.5) * KM_PER_DEGREE


class CouponCampaign(models.Model):
    class Kind(models.TextChoices):
        VALUE = "value", _("現金券")
        DISCOUNT = "discount", _("折扣券")

    class Eligibility(models.TextChoices):
        PHONE = "phone", _("任何已驗證手機號碼")
        MEMBERS = "members", _("只限商會會員")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="campaigns", verbose_name=_("優惠"))
    kind = models.CharField(_("類型"), max_length=10, choices=Kind.choices, default=Kind.VALUE)
    value = models.DecimalField(_("面值（港元）"), max_digits=8, decimal_places=2, null=True, blank=True)
    discount_percent = models.PositiveSmallIntegerField(_("折扣（%）"), null=True, blank=True)
    quota = models.PositiveIntegerField(_("名額"))
    claimed = models.PositiveIntegerField(_("已領取"), default=0)
    per_person_limit = models.PositiveSmallIntegerField(_("每人限領"), default=1)
    claim_starts = models.DateTimeField(_("領取開始"))
    claim_ends = models.DateTimeField(_("領取結束"))
    valid_from = models.DateTimeField(_("使用期由"))
    valid_until = models.DateTimeField(_("使用期至"))
    shops = models.ManyToManyField(Shop, related_name="campaigns", verbose_name=_("適用分店"))
    eligibility = models.CharField(_("領取資格"), max_length=10, choices=Eligibility.choices,
                                   default=Eligibility.PHONE)
    online = models.BooleanField(_("可於網上商店使用"), default=False, db_default=False,
                                 help_text=_("商戶的全港生活圈跨境網店結算時可使用此優惠券（每張一次）。"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_starts", "id"]
        verbose_name = _("優惠券活動")
        verbose_name_plural = _("優惠券活動")
        constraints = [
            models.CheckConstraint(condition=Q(claimed__lte=F("quota")), name="festival_campaign_not_oversold"),
            models.CheckConstraint(condition=Q(per_person_limit__gte=1), name="festival_campaign_limit_positive"),
            models.CheckConstraint(condition=Q(claim_ends__gt=F("claim_starts")),
                                   name="festival_campaign_claim_window"),
            models.CheckConstraint(condition=Q(valid_until__gt=F("valid_from")), name="festival_campaign_validity"),
            models.CheckConstraint(
                condition=(Q(kind="value", value__gt=0) | Q(kind="discount", discount_percent__gte=1,
                                                            discount_percent__lte=99)),
                name="festival_campaign_value"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} · {self.label}"

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        if self.kind == self.Kind.VALUE:
            from shanglian.core.formatting import money

            return gettext("%(value)s 現金券") % {"value": money(self.value)}
        return gettext("%(pct)s%% 折扣券") % {"pct": self.discount_percent}

    @property
    def remaining(self) -> int:
        return max(0, self.quota - self.claimed)


class PhoneVerification(models.Model):
    """A one-time code sent to a phone; once verified it stands for that phone for a while.

    ``handle`` is the random, unguessable name the requester uses to check the code (never the
    sequential id); ``requester`` is an HMAC of a secret kept in the requester's session, so only
    the browser that asked for the code can spend its attempts."""

    phone = models.CharField(max_length=20, db_index=True)
    handle = models.CharField(max_length=43, unique=True)
    requester = models.CharField(max_length=64, default="")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="festival_phoneverif_created")]
        verbose_name = _("手機驗證")
        verbose_name_plural = _("手機驗證")

    def __str__(self) -> str:
        return self.phone


class Coupon(models.Model):
    # No index of its own: the (campaign, phone, seq) unique index leads with the campaign, and a
    # second index on the campaign alone tempted the planner into scanning a campaign's coupons
    # for the per-phone count of every claim.
    campaign = models.ForeignKey(CouponCampaign, on_delete=models.PROTECT, related_name="coupons",
                                 verbose_name=_("優惠券活動"), db_index=False)
    phone = models.CharField(_("手機號碼"), max_length=20)
    seq = models.PositiveSmallIntegerField(default=1)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    token = models.CharField(max_length=16, unique=True)  # the random part of the code
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    claimed_at = models.DateTimeField(_("領取時間"), auto_now_add=True, db_index=True)
    redeemed_at = models.DateTimeField(_("使用時間"), null=True, blank=True, db_index=True)
    redeemed_shop = models.ForeignKey(Shop, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="coupon_redemptions",
                                      verbose_name=_("使用分店"))
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    # Spent online (the cross-border store's checkout): the order's reference instead of a shop.
    # db_default: the claim inserts coupons with plain SQL (claims._claim_write), naming no new column
    redeemed_online_ref = models.CharField(_("網上使用的訂單"), max_length=60, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-claimed_at", "-id"]
        verbose_name = _("優惠券")
        verbose_name_plural = _("優惠券")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "phone", "seq"], name="festival_coupon_per_person"),
            models.UniqueConstraint(fields=["phone", "idempotency_key"], name="festival_coupon_idempotency"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="festival_coupon_seq_positive"),
            models.CheckConstraint(
                condition=(Q(redeemed_at__isnull=True) | Q(redeemed_shop__isnull=False)
                           | ~Q(redeemed_online_ref="")),
                name="festival_coupon_redeemed_where"),
            models.CheckConstraint(condition=Q(redeemed_online_ref="") | Q(redeemed_shop__isnull=True),
                                   name="festival_coupon_online_or_shop"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        from shanglian.festival.codes import sign_token

        return sign_token(self.token)

    def get_absolute_url(self) -> str:
        return coupon_url(self.code)


_CODE_SLOT = "CODE0SLOT"  # stands for a code in the cached URL (codes are A–Z, 2–7 and dashes)


@functools.lru_cache(maxsize=64)
def _coupon_url_parts(language: str | None, script_prefix: str, urlconf: str) -> tuple[str, str]:
    head, tail = reverse("festival:coupon", args=[_CODE_SLOT], urlconf=urlconf).split(_CODE_SLOT)
    return head, tail


def coupon_url(code: str) -> str:
    """``reverse("festival:coupon", args=[code])`` without resolving per coupon (a claim rush
    answers thousands a minute): the URL around the code is reversed once per language, script
    prefix and URLconf. A code needs no quoting (base32 letters, digits and dashes)."""
    head, tail = _coupon_url_parts(get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{head}{code}{tail}"


class OfferView(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="views")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["offer", "day"], name="festival_offer_view_day")]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.day}: {self.count}"
