"""Consultations of the members and the 意見書 (policy submissions) compiled from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated
from shanglian.core.models import Industry
from shanglian.directory.models import Association, Enterprise


class Consultation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("諮詢中")
        CLOSED = "closed", _("已截止")

    title_zh_hant = models.CharField(_("題目（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("題目（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("題目（English）"), max_length=200, blank=True)
    description_zh_hant = models.TextField(_("說明（繁體）"), blank=True)
    description_zh_hans = models.TextField(_("說明（简体）"), blank=True)
    description_en = models.TextField(_("說明（English）"), blank=True)
    deadline = models.DateTimeField(_("截止時間"))
    audience_all = models.BooleanField(_("全體會員"), default=True)
    associations = models.ManyToManyField(Association, blank=True, related_name="consultations",
                                          verbose_name=_("屬會"))
    allow_anonymous = models.BooleanField(_("可匿名回應"), default=True)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    title = Translated("title")
    description = Translated("description")

    class Meta:
        ordering = ("-deadline", "-pk")

    def __str__(self) -> str:
        return self.title_zh_hant

    def is_open(self, now=None) -> bool:
        return self.status == self.Status.OPEN and (now or timezone.now()) < self.deadline


class Question(models.Model):
    class Kind(models.TextChoices):
        CHOICE = "choice", _("選擇題")
        SCALE = "scale", _("評分（1–5）")
        TEXT = "text", _("文字")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("類型"), max_length=10, choices=Kind.choices)
    prompt_zh_hant = models.CharField(_("問題（繁體）"), max_length=300)
    prompt_zh_hans = models.CharField(_("問題（简体）"), max_length=300, blank=True)
    prompt_en = models.CharField(_("問題（English）"), max_length=300, blank=True)
    choices = models.TextField(_("選項（每行一項）"), blank=True)
    sort = models.PositiveSmallIntegerField(default=0)

    prompt = Translated("prompt")

    class Meta:
        ordering = ("sort", "pk")

    def __str__(self) -> str:
        return self.prompt_zh_hant

    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.splitlines() if c.strip()]


class Response(models.Model):
    """One member enterprise's answer to a consultation (edited until the deadline)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    association = models.ForeignKey(Association, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    anonymous = models.BooleanField(_("對其他會員匿名"), default=False)
    proposal = models.TextField(_("其他建議"), blank=True, max_length=4000)
    language = models.CharField(max_length=10, default="zh-hant")
    proposal_vector = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("consultation", "enterprise"),
                                               name="consultation_one_response_per_enterprise")]
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"#{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=200, blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=4000)
    vector = models.BinaryField(null=True, editable=False)  # int8 sentence vector of ``text`` (synthesis)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("response", "question"), name="consultation_one_answer_per_question"),
            models.CheckConstraint(condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                                   name="consultation_scale_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class Submission(models.Model):
    """The 意見書: drafted from the synthesis, approved by the council, sent, answered."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        APPROVED = "approved", _("理事會已通過")
        SENT = "sent", _("已遞交")

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="submissions")
    title_zh_hant = models.CharField(_("標題（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("標題（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("標題（English）"), max_length=200, blank=True)
    body_zh_hant = models.TextField(_("內文（繁體）"), blank=True)
    body_zh_hans = models.TextField(_("內文（简体）"), blank=True)
    body_en = models.TextField(_("內文（English）"), blank=True)
    # True while the 简体 title/body are the machine draft (core.drafts) no editor has corrected.
    zh_hans_machine = models.BooleanField(_("简体為機器草稿（未校對）"), default=False)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    council_minute = models.CharField(_("理事會會議紀錄編號"), max_length=100, blank=True)
    sent_to = models.CharField(_("遞交對象"), max_length=300, blank=True)
    sent_at = models.DateField(_("遞交日期"), null=True, blank=True)
    government_response = models.TextField(_("政府回應"), blank=True)
    response_at = models.DateField(_("回應日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    title = Translated("title")

    class Meta:
        ordering = ("-pk",)
        constraints = [models.CheckConstraint(
            condition=~Q(status="sent") | (Q(sent_at__isnull=False) & ~Q(sent_to="")),
            name="submission_sent_has_recipient")]

    def __str__(self) -> str:
        return self.title_zh_hant
