"""Member mailings: a message composed once (繁 master, 简 draft, EN by hand), sent to a segment,
one delivery row per address in the recipient's own language; topics with per-topic opt-out;
suppressions (unsubscribed, bounced, complained); the PDPO Part 6A direct-marketing consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated
from shanglian.core.models import Consent


class Topic(models.Model):
    """What a mailing is about; recipients unsubscribe per topic. A promotional topic is direct
    marketing under PDPO Part 6A: its mailings go only to addresses with a recorded consent."""

    slug = models.SlugField(_("代號"), max_length=40, unique=True)
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=80)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=80, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=80, blank=True)
    promotional = models.BooleanField(_("推廣（直接促銷）"), default=False,
                                      help_text=_("直接促銷只寄給已同意的收件人（《個人資料（私隱）條例》第6A部）"))
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    name = Translated("name")

    class Meta:
        ordering = ["sort", "pk"]
        verbose_name = _("通訊主題")
        verbose_name_plural = _("通訊主題")

    def __str__(self) -> str:
        return self.name_zh_hant


class Mailing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SCHEDULED = "scheduled", _("已排期")
        SENDING = "sending", _("發送中")
        SENT = "sent", _("已發送")
        CANCELLED = "cancelled", _("已取消")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("會員企業")
        OFFICE_BEARERS = "office_bearers", _("會長、會董等職員")
        EVENT_PARTICIPANTS = "event_participants", _("活動參加者")
        FESTIVAL_MERCHANTS = "festival_merchants", _("購物節商戶")

    association = models.ForeignKey("directory.Association", verbose_name=_("發件商會"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="mailings",
                                    help_text=_("留空即由聯會秘書處發出"))
    topic = models.ForeignKey(Topic, verbose_name=_("主題"), on_delete=models.PROTECT, related_name="mailings")
    subject_zh_hant = models.CharField(_("標題（繁體）"), max_length=200)
    subject_zh_hans = models.CharField(_("標題（简体）"), max_length=200, blank=True)
    subject_en = models.CharField(_("標題（English）"), max_length=200, blank=True)
    body_zh_hant = models.TextField(_("內容（繁體）"))
    body_zh_hans = models.TextField(_("內容（简体）"), blank=True)
    body_en = models.TextField(_("內容（English）"), blank=True)
    audience = models.CharField(_("收件對象"), max_length=30, choices=Audience.choices, default=Audience.MEMBERS)
    segment = models.JSONField(_("篩選條件"), default=dict, blank=True)
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    send_at = models.DateTimeField(_("發送時間"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("撰寫人"))
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)
    started_at = models.DateTimeField(_("開始發送"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成發送"), null=True, blank=True)
    total = models.PositiveIntegerField(_("收件人數"), default=0)
    processed = models.PositiveIntegerField(_("已處理"), default=0)
    kind_tag = models.CharField(_("來源"), max_length=40, blank=True, help_text=_("例如 news-digest-2026-11"))
    # The sending worker's lease: a random id written when it claims the mailing and a heartbeat
    # bumped after every batch. A mailing "sending" whose heartbeat is older than the lease
    # (MAILINGS_LEASE_SECONDS) belongs to a dead worker and is reclaimed by mailings_dispatch.
    lease = models.CharField(max_length=32, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    subject = Translated("subject")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("會員通訊")
        verbose_name_plural = _("會員通訊")
        constraints = [
            models.CheckConstraint(condition=Q(processed__lte=models.F("total")), name="mailing_processed_lte_total"),
            models.UniqueConstraint(fields=["kind_tag"], condition=~Q(kind_tag=""), name="mailing_one_per_kind_tag"),
        ]

    def __str__(self) -> str:
        return self.subject_zh_hant

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def progress_percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else (100 if self.status == "sent" else 0)


class Delivery(models.Model):
    """One address of one mailing, in the language it is written to."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待發送")
        SENT = "sent", _("已發送")
        FAILED = "failed", _("發送失敗")
        SKIPPED = "skipped", _("略過")
        BOUNCED = "bounced", _("退回")
        # Handed to SMTP by a worker that has not yet reported back; if that worker dies, the
        # reclaim marks it "interrupted" (it may have gone out: never sent again).
        SENDING = "sending", _("發送中")
        INTERRUPTED = "interrupted", _("中斷（不重發）")

    class Skip(models.TextChoices):
        NO_CONSENT = "no_consent", _("未同意直接促銷")
        UNSUBSCRIBED = "unsubscribed", _("已取消訂閱")
        BOUNCED = "bounced", _("地址曾退回")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(_("電郵"))
    name = models.CharField(_("名稱"), max_length=200, blank=True)
    language = models.CharField(_("語言"), max_length=10, choices=settings.LANGUAGES)
    token = models.CharField(max_length=32, unique=True)
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    skip_reason = models.CharField(_("略過原因"), max_length=20, choices=Skip.choices, blank=True)
    lease = models.CharField(max_length=32, blank=True, editable=False)  # the worker that took it
    error = models.CharField(_("錯誤"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("發送時間"), null=True, blank=True)
    opened_at = models.DateTimeField(_("開啟時間"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("點擊時間"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("寄送記錄")
        verbose_name_plural = _("寄送記錄")
        constraints = [models.UniqueConstraint(fields=["mailing", "email"], name="delivery_one_per_address")]
        indexes = [models.Index(fields=["mailing", "status"])]

    def __str__(self) -> str:
        return self.email


class Suppression(models.Model):
    """An address that must not receive a topic (topic set) or anything (topic empty: bounced,
    complained, or unsubscribed from everything)."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("取消訂閱")
        BOUNCED = "bounced", _("退回（硬性）")
        COMPLAINED = "complained", _("投訴為垃圾郵件")

    email = models.EmailField(_("電郵"), db_index=True)
    topic = models.ForeignKey(Topic, verbose_name=_("主題"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="suppressions", help_text=_("留空即所有通訊"))
    reason = models.CharField(_("原因"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("時間"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("停止寄送")
        verbose_name_plural = _("停止寄送")
        constraints = [
            models.UniqueConstraint(fields=["email", "topic"], condition=Q(topic__isnull=False),
                                    name="suppression_one_per_topic"),
            models.UniqueConstraint(fields=["email"], condition=Q(topic__isnull=True), name="suppression_one_global"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"


class MarketingConsent(models.Model):
    """PDPO Part 6A: the data subject's consent to direct marketing by e-mail, recorded (with the
    notice version, through core.privacy) before any promotional mailing reaches the address.
    Withdrawing keeps the row (the record) and stamps ``withdrawn_at``."""

    email = models.EmailField(_("電郵"), unique=True)
    consent = models.ForeignKey(Consent, verbose_name=_("同意記錄"), on_delete=models.CASCADE, related_name="+")
    given_at = models.DateTimeField(_("同意時間"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("撤回時間"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("直接促銷同意")
        verbose_name_plural = _("直接促銷同意")

    def __str__(self) -> str:
        return self.email

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None
