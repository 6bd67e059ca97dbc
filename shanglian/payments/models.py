"""One payment attempt for one payable object of a registered purpose (event fee, dues)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Payment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待付款")
        PAID = "paid", _("已付款")
        FAILED = "failed", _("失敗")
        REFUNDED = "refunded", _("已退款")
        EXPIRED = "expired", _("已過期")

    class Provider(models.TextChoices):
        WECHAT = "wechat", _("微信支付香港")
        ALIPAY = "alipay", _("支付寶香港")
        BANK = "bank", _("銀行轉賬")

    class Currency(models.TextChoices):
        HKD = "HKD", _("港元")
        CNY = "CNY", _("人民幣")

    purpose = models.CharField(_("用途"), max_length=40)
    object_type = models.CharField(_("對象類型"), max_length=60)  # "events.registration"
    object_id = models.CharField(_("對象編號"), max_length=40)
    provider = models.CharField(_("付款方式"), max_length=10, choices=Provider.choices)
    reference = models.CharField(_("付款參考編號"), max_length=32, unique=True)
    amount = models.DecimalField(_("金額"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("貨幣"), max_length=3, choices=Currency.choices, default=Currency.HKD)
    description = models.CharField(_("說明"), max_length=200, blank=True)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    transaction_id = models.CharField(_("交易編號"), max_length=64, blank=True)
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="payments", verbose_name=_("付款人"))
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    paid_at = models.DateTimeField(_("付款時間"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("確認人"))
    refunded_at = models.DateTimeField(_("退款時間"), null=True, blank=True)
    refunded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("退款經辦人"))
    note = models.CharField(_("備註"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("付款")
        verbose_name_plural = _("付款")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(fields=["purpose", "object_type", "object_id"], condition=Q(status="paid"),
                                    name="payment_one_paid_per_payable"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_at__isnull=False),
                                   name="payment_paid_has_time"),
        ]
        indexes = [models.Index(fields=["object_type", "object_id"], name="payment_payable")]

    def __str__(self) -> str:
        return f"{self.reference} · {self.amount} {self.currency}"
