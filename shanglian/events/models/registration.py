"""Registrations, registration questions and answers, and the check-in log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated
from shanglian.directory.models import Enterprise
from shanglian.events.models.event import Event


class RegistrationQuestion(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("文字")
        CHOICE = "choice", _("選擇")
        YESNO = "yesno", _("是 / 否")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    text_zh_hant = models.CharField(_("問題（繁體）"), max_length=200)
    text_zh_hans = models.CharField(_("問題（简体）"), max_length=200, blank=True)
    text_en = models.CharField(_("問題（English）"), max_length=200, blank=True)
    kind = models.CharField(_("類型"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("選項"), blank=True, help_text=_("每行一個"))
    required = models.BooleanField(_("必答"), default=False)
    sort = models.PositiveSmallIntegerField(default=0)
    text = Translated("text")

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("報名問題")
        verbose_name_plural = _("報名問題")

    def __str__(self) -> str:
        return self.text_zh_hant

    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.splitlines() if c.strip()]


ACTIVE_STATUSES = ("pending", "confirmed", "waitlisted")
SEAT_STATUSES = ("pending", "confirmed")


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待審批")
        CONFIRMED = "confirmed", _("已確認")
        WAITLISTED = "waitlisted", _("候補")
        CANCELLED = "cancelled", _("已取消")
        REJECTED = "rejected", _("不獲接納")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    name_zh = models.CharField(_("中文姓名"), max_length=80, blank=True)
    name_en = models.CharField(_("英文姓名"), max_length=120, blank=True)
    title = models.CharField(_("職銜"), max_length=80, blank=True)
    company = models.CharField(_("公司"), max_length=200, blank=True)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="event_registrations", verbose_name=_("會員企業"))
    email = models.EmailField(_("電郵"))
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="event_registrations", verbose_name=_("登入帳戶"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("報名人"))
    language = models.CharField(_("語言"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.CONFIRMED,
                              db_index=True)
    ticket_code = models.CharField(_("門票編號"), max_length=20, unique=True)
    paid = models.BooleanField(_("已付款"), default=False)
    created_at = models.DateTimeField(_("報名時間"), auto_now_add=True, db_index=True)
    checked_in_at = models.DateTimeField(_("簽到時間"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("簽到職員"))
    # Agenda sessions this person will sit in: the meeting scheduler keeps those times free.
    sessions = models.ManyToManyField("events.Session", blank=True, related_name="attendees",
                                      verbose_name=_("出席的議程"))
    name = Translated("name")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("報名")
        verbose_name_plural = _("報名")
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], condition=Q(status__in=ACTIVE_STATUSES),
                                    name="registration_one_active_per_email"),
            models.CheckConstraint(condition=~Q(name_zh="") | ~Q(name_en=""), name="registration_has_name"),
            models.CheckConstraint(condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                                   name="registration_checkin_only_confirmed"),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_queue")]

    def __str__(self) -> str:
        return f"{self.name_zh or self.name_en} · {self.event_id}"

    @property
    def display_name(self) -> str:
        if self.name_zh and self.name_en:
            return f"{self.name_zh} {self.name_en}"
        return self.name_zh or self.name_en

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class RegistrationAnswer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RegistrationQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(_("答案"), blank=True)

    class Meta:
        verbose_name = _("報名答案")
        verbose_name_plural = _("報名答案")
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="registration_answer_unique")]

    def __str__(self) -> str:
        return self.value[:40]


class CheckIn(models.Model):
    """Every scan, kept; ``client_id`` makes offline re-sends idempotent."""

    class Result(models.TextChoices):
        OK = "ok", _("已簽到")
        DUPLICATE = "duplicate", _("重複簽到")
        REFUSED = "refused", _("不獲接納")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checkins")
    registration = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="checkins")
    client_id = models.CharField(max_length=64, null=True, blank=True)
    scanned_at = models.DateTimeField(_("掃描時間"))
    received_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    result = models.CharField(max_length=12, choices=Result.choices)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("簽到紀錄")
        verbose_name_plural = _("簽到紀錄")
        constraints = [
            # Idempotency per event: the same client_id at another event is another scan.
            models.UniqueConstraint(fields=["event", "client_id"], name="checkin_client_id_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.result}"
