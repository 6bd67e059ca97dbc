"""Charity drives: campaigns for a named beneficiary charity, pledges, money received (by the
charity: the platform holds none), receipts, in-kind gifts and how the money was used."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated
from shanglian.directory.models import Association, Enterprise

MAX_AMOUNT = Decimal("10000000.00")  # HK$10 million: above this a pledge is a typing mistake


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("籌款中")
        CLOSED = "closed", _("已結束")

    title_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    description_zh_hant = models.TextField(_("說明（繁體）"), blank=True)
    description_zh_hans = models.TextField(_("說明（简体）"), blank=True)
    description_en = models.TextField(_("說明（English）"), blank=True)
    beneficiary_name = models.CharField(_("受惠慈善機構"), max_length=200)
    beneficiary_s88 = models.CharField(_("稅務局第88條檔案編號"), max_length=30)
    permit_number = models.CharField(_("公開籌款許可證編號"), max_length=40, blank=True)
    goal = models.DecimalField(_("目標金額（港元）"), max_digits=12, decimal_places=2)
    deadline = models.DateTimeField(_("截止時間"))
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    recorders = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="charity_campaigns",
                                       verbose_name=_("慈善機構記錄人員"))
    usage_report = models.TextField(_("善款用途報告"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    title = Translated("title")
    description = Translated("description")

    class Meta:
        ordering = ("-deadline", "-pk")
        constraints = [models.CheckConstraint(condition=Q(goal__gt=0), name="charity_goal_positive")]

    def __str__(self) -> str:
        return self.title_zh_hant


class Pledge(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("屬會")
        ENTERPRISE = "enterprise", _("會員企業")
        INDIVIDUAL = "individual", _("個人")

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("已認捐")
        RECEIVED = "received", _("已收款")
        CANCELLED = "cancelled", _("已取消")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pledges")
    kind = models.CharField(_("捐款者類別"), max_length=12, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    association = models.ForeignKey(Association, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    donor_name = models.CharField(_("捐款者名稱"), max_length=200)
    amount = models.DecimalField(_("認捐金額（港元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    in_kind = models.CharField(_("實物捐贈"), max_length=300, blank=True)
    leaderboard_consent = models.BooleanField(_("同意在屬會排行榜計入"), default=False)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.PLEDGED)
    received_amount = models.DecimalField(_("實收金額"), max_digits=12, decimal_places=2, null=True, blank=True)
    received_at = models.DateField(_("收款日期"), null=True, blank=True)
    receipt_number = models.CharField(_("收據編號"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-pk",)
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0, amount__lte=MAX_AMOUNT),
                                   name="charity_pledge_amount_sane"),
            models.CheckConstraint(condition=Q(amount__isnull=False) | ~Q(in_kind=""),
                                   name="charity_pledge_money_or_goods"),
            models.CheckConstraint(condition=Q(received_amount__isnull=True)
                                   | Q(received_amount__gt=0, received_amount__lte=MAX_AMOUNT),
                                   name="charity_received_sane"),
            models.CheckConstraint(condition=~Q(status="received") | Q(received_at__isnull=False),
                                   name="charity_received_dated"),
        ]

    def __str__(self) -> str:
        return f"{self.donor_name} {self.amount or self.in_kind}"
