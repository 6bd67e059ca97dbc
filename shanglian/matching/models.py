"""Opportunities (offers and needs), their matches, introductions with consent, notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shanglian.core.models import Industry, Place
from shanglian.directory.models import Enterprise


class Kind(models.TextChoices):
    OFFER = "offer", _("供應 / 提供")
    NEED = "need", _("需求 / 尋找")


class Subtype(models.TextChoices):
    # Offers
    PRODUCT = "product", _("供應產品")
    SERVICE = "service", _("提供服務")
    CAPACITY = "capacity", _("提供產能 / 代工")
    INVESTMENT_AVAILABLE = "investment_available", _("提供投資")
    AGENCY = "agency", _("招募分銷商 / 代理")
    DISTRIBUTION = "distribution", _("提供分銷渠道")
    # Needs
    SOURCING = "sourcing", _("採購")
    PARTNER = "partner", _("尋找合作夥伴")
    DISTRIBUTOR = "distributor", _("尋找分銷商 / 代理")
    INVESTMENT_WANTED = "investment_wanted", _("尋求投資")
    MARKET_ENTRY = "market_entry", _("開拓市場")
    SITE = "site", _("尋找場地 / 廠房")


OFFER_SUBTYPES = ("product", "service", "capacity", "investment_available", "agency", "distribution")
NEED_SUBTYPES = ("sourcing", "partner", "distributor", "investment_wanted", "market_entry", "site")


class Region(models.TextChoices):
    """Broad target markets on top of the places (core Place has cities and districts only)."""

    HONG_KONG = "hk", _("香港（全港）")
    MACAO = "macao", _("澳門")
    GBA = "gba", _("粵港澳大灣區")
    MAINLAND = "mainland", _("內地（全國）")
    OVERSEAS = "overseas", _("海外")


class Language(models.TextChoices):
    ZH_HANT = "zh-hant", _("繁體中文")
    ZH_HANS = "zh-hans", _("简体中文")
    EN = "en", _("English")


class Opportunity(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING = "pending", _("待審核")
        PUBLISHED = "published", _("已發佈")
        RETURNED = "returned", _("已退回")
        EXPIRED = "expired", _("已過期")
        FULFILLED = "fulfilled", _("已完成")
        WITHDRAWN = "withdrawn", _("已撤回")

    kind = models.CharField(_("類型"), max_length=10, choices=Kind.choices)
    subtype = models.CharField(_("細分"), max_length=24, choices=Subtype.choices)
    title = models.CharField(_("標題"), max_length=200)
    description = models.TextField(_("內容"), max_length=5000)
    language = models.CharField(_("撰寫語言"), max_length=10, choices=Language.choices, default=Language.ZH_HANT)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企業"), on_delete=models.CASCADE,
                                   related_name="opportunities")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("發佈人"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="opportunities")
    industry = models.ForeignKey(Industry, verbose_name=_("行業"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="opportunities")
    category = models.CharField(_("產品 / 服務類別"), max_length=80, blank=True)
    target_markets = models.ManyToManyField(Place, verbose_name=_("目標市場（城市 / 地區）"), blank=True,
                                            related_name="opportunities")
    target_regions = models.JSONField(_("目標市場（區域）"), default=list, blank=True)
    budget = models.CharField(_("預算"), max_length=80, blank=True)
    quantity = models.CharField(_("數量"), max_length=80, blank=True)
    expires_on = models.DateField(_("有效期至"))
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    review_reason = models.TextField(_("審核意見"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("審核人"))
    reviewed_at = models.DateTimeField(_("審核時間"), null=True, blank=True)
    published_at = models.DateTimeField(_("發佈時間"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)
    # The embedding of title + description (float32 bytes), so a restart needs no recompute.
    vector = models.BinaryField(null=True, blank=True, editable=False)
    vector_model = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("商機")
        verbose_name_plural = _("商機")
        indexes = [models.Index(fields=["status", "kind"], name="opp_status_kind"),
                   # The engine's sync (ranking._changes) reads only these: answered from the index.
                   models.Index(fields=["status", "expires_on", "updated_at"], name="opp_live_sync"),
                   models.Index(fields=["updated_at"], name="opp_updated")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="offer", subtype__in=OFFER_SUBTYPES) | Q(kind="need", subtype__in=NEED_SUBTYPES)),
                name="opportunity_subtype_fits_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Match(models.Model):
    """A proposed counterpart for an opportunity: another opportunity or an enterprise."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="matches")
    counterpart = models.ForeignKey(Opportunity, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="+", verbose_name=_("對方商機"))
    counterpart_enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.CASCADE,
                                               related_name="+", verbose_name=_("對方企業"))
    score = models.FloatField(_("分數"))
    # Reasons are codes + parameters, rendered in the viewer's language (see reasons.py).
    reasons = models.JSONField(_("原因"), default=list, blank=True)
    curated = models.BooleanField(_("聯會推薦"), default=False)
    curated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    curated_note = models.CharField(_("推薦說明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-curated", "-score", "id"]
        verbose_name = _("配對")
        verbose_name_plural = _("配對")
        constraints = [
            models.CheckConstraint(
                condition=(Q(counterpart__isnull=False, counterpart_enterprise__isnull=True)
                           | Q(counterpart__isnull=True, counterpart_enterprise__isnull=False)),
                name="match_one_counterpart"),
            models.UniqueConstraint(fields=["opportunity", "counterpart"], name="match_unique_opportunity",
                                    condition=Q(counterpart__isnull=False)),
            models.UniqueConstraint(fields=["opportunity", "counterpart_enterprise"],
                                    name="match_unique_enterprise", condition=Q(counterpart_enterprise__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} → {self.counterpart_id or ('e' + str(self.counterpart_enterprise_id))}"

    @property
    def target_enterprise_id(self) -> int:
        return self.counterpart.enterprise_id if self.counterpart_id else self.counterpart_enterprise_id


def pair_key(opportunity_id: int, counterpart_id: int | None = None, enterprise_id: int | None = None) -> str:
    """One key per unordered pair, so A→B and B→A are the same introduction."""
    if counterpart_id is not None:
        low, high = sorted((opportunity_id, counterpart_id))
        return f"o{low}-o{high}"
    return f"o{opportunity_id}-e{enterprise_id}"


class Introduction(models.Model):
    """An introduction asked for by one enterprise to another, with the other side's consent."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("已表示興趣")
        ACCEPTED = "accepted", _("雙方同意")
        DECLINED = "declined", _("對方婉拒")
        NOT_INTERESTED = "not_interested", _("不感興趣")

    class Outcome(models.TextChoices):
        TALKS = "talks", _("洽談中")
        DEAL = "deal", _("達成交易")
        MOU = "mou", _("簽署合作備忘錄")
        NO_FIT = "no_fit", _("未能合作")

    pair = models.CharField(max_length=40, unique=True)
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="introductions_out",
                                    verbose_name=_("我方商機"))
    counterpart = models.ForeignKey(Opportunity, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="introductions_in", verbose_name=_("對方商機"))
    requester = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="introductions_requested",
                                  verbose_name=_("提出方"))
    target = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="introductions_received",
                               verbose_name=_("對方"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    message = models.TextField(_("留言"), max_length=1000, blank=True)
    status = models.CharField(_("狀態"), max_length=16, choices=Status.choices, default=Status.REQUESTED,
                              db_index=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    meeting_requested_at = models.DateTimeField(_("約見時間（提出）"), null=True, blank=True)
    meeting_note = models.CharField(_("約見安排"), max_length=300, blank=True)
    # A meeting asked for at an event's B2B sessions (商貿對接): the events app owns the request.
    meeting_request = models.ForeignKey("events.MeetingRequest", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="introductions", verbose_name=_("活動洽談邀請"))
    outcome = models.CharField(_("結果"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(_("結果備註"), max_length=300, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("引薦")
        verbose_name_plural = _("引薦")
        constraints = [
            models.CheckConstraint(condition=~Q(requester=models.F("target")), name="introduction_two_sides"),
            models.CheckConstraint(condition=Q(outcome="") | Q(status="accepted"),
                                   name="introduction_outcome_after_accept"),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.target} ({self.status})"


class Notification(models.Model):
    """An in-site notice; its text is rendered in the reader's language from ``verb`` + objects."""

    class Verb(models.TextChoices):
        INTEREST = "interest", _("有企業對你的商機表示興趣")
        ACCEPTED = "accepted", _("對方接受了引薦")
        DECLINED = "declined", _("對方婉拒了引薦")
        APPROVED = "approved", _("商機已通過審核")
        RETURNED = "returned", _("商機被退回")
        MEETING = "meeting", _("對方提出約見")
        SUBMITTED = "submitted", _("有商機待審核")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matching_notices")
    verb = models.CharField(max_length=16, choices=Verb.choices)
    opportunity = models.ForeignKey(Opportunity, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    introduction = models.ForeignKey(Introduction, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")

    def __str__(self) -> str:
        return f"{self.user} {self.verb}"


class EnterpriseVector(models.Model):
    """The embedding of an enterprise profile (directory owns Enterprise; the vector lives here)."""

    enterprise = models.OneToOneField(Enterprise, on_delete=models.CASCADE, related_name="matching_vector")
    vector = models.BinaryField()
    vector_model = models.CharField(max_length=40)
    text_hash = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("企業向量")
        verbose_name_plural = _("企業向量")

    def __str__(self) -> str:
        return str(self.enterprise_id)
