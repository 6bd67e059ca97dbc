"""Agreements and what they led to: external organisations, agreements (parties, language
versions, PDF files, status workflow), obligations with reminders, the activity timeline,
signing ceremonies, provenance links (matches, introductions, meetings, events), outcomes,
and projects with pledges and instalments. See docs/agreements.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated
from shanglian.directory.models import Association, Enterprise

LANGUAGE_CHOICES = [("zh-hant", _("繁體中文")), ("zh-hans", _("简体中文")), ("en", _("English"))]


class Organisation(models.Model):
    """A body outside the directory: a government department, a chamber, a fund, a trade body."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府部門")
        CHAMBER = "chamber", _("商會 / 工商聯")
        FUND = "fund", _("基金")
        TRADE_BODY = "trade_body", _("外國貿易機構")
        OTHER = "other", _("其他機構")

    kind = models.CharField(_("類別"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    country = models.CharField(_("國家 / 地區"), max_length=80, blank=True, help_text=_("例如：中國內地、韓國、日本"))
    region = models.CharField(_("省市"), max_length=80, blank=True, help_text=_("例如：廣東省、首爾"))
    website = models.URLField(_("網站"), blank=True)
    contact_name = models.CharField(_("聯絡人"), max_length=120, blank=True)
    contact_title = models.CharField(_("聯絡人職銜"), max_length=120, blank=True)
    contact_email = models.EmailField(_("聯絡電郵"), blank=True)
    contact_phone = models.CharField(_("聯絡電話"), max_length=40, blank=True)
    notes = models.TextField(_("備註"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    name = Translated("name")

    class Meta:
        ordering = ["name_zh_hant", "id"]
        verbose_name = _("外部機構")
        verbose_name_plural = _("外部機構")
        constraints = [models.UniqueConstraint(fields=["name_zh_hant"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name_zh_hant


class Agreement(models.Model):
    class Kind(models.TextChoices):
        MOU = "mou", _("合作備忘錄")
        COOPERATION = "cooperation", _("合作協議")
        FUND = "fund", _("基金")
        INVESTMENT = "investment", _("投資協議")
        BUILDING = "building", _("建設項目")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草擬中")
        APPROVED = "approved", _("理事會已批准")
        SIGNED = "signed", _("已簽署")
        ACTIVE = "active", _("執行中")
        DORMANT = "dormant", _("停滯")
        EXPIRED = "expired", _("已屆滿")
        RENEWED = "renewed", _("已續約")
        TERMINATED = "terminated", _("已終止")

    reference = models.CharField(_("編號"), max_length=30, unique=True)
    kind = models.CharField(_("類別"), max_length=20, choices=Kind.choices, default=Kind.MOU)
    title_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    scope_zh_hant = models.TextField(_("合作範圍（繁體）"), blank=True)
    scope_zh_hans = models.TextField(_("合作範圍（简体）"), blank=True)
    scope_en = models.TextField(_("合作範圍（English）"), blank=True)
    association = models.ForeignKey(
        Association, verbose_name=_("負責商會"), on_delete=models.PROTECT, related_name="agreements"
    )
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    signed_on = models.DateField(_("簽署日期"), null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    expires_on = models.DateField(_("屆滿日期"), null=True, blank=True)
    languages = models.CharField(
        _("語言版本"), max_length=40, default="zh-hant", help_text=_("以逗號分隔，例如 zh-hant,en")
    )
    prevailing_language = models.CharField(
        _("以何語言版本為準"), max_length=10, choices=LANGUAGE_CHOICES, default="zh-hant"
    )
    board_approved_on = models.DateField(_("理事會批准日期"), null=True, blank=True)
    board_resolution = models.CharField(_("理事會決議編號"), max_length=120, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("記錄批准者"),
    )
    is_public = models.BooleanField(_("在合作成果頁公開"), default=False, db_index=True)
    news_url = models.URLField(_("相關新聞連結"), blank=True)
    photo = models.ImageField(_("簽約儀式相片"), upload_to="agreements/photos/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(_("最後活動"), db_index=True)
    title = Translated("title")
    scope = Translated("scope")

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("協議")
        verbose_name_plural = _("協議")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(signed_on__isnull=True) | Q(expires_on__gte=F("signed_on")),
                name="agreement_expiry_after_signature",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title_zh_hant}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:detail", args=[self.pk])

    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    def language_labels(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.language_list()]


class Party(models.Model):
    """One signing party: the federation or an association, a member enterprise, or an organisation."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("聯會 / 屬會")
    )
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("會員企業")
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name=_("外部機構"),
    )
    signatory_name = models.CharField(_("簽署人"), max_length=120, blank=True)
    signatory_title = models.CharField(_("簽署人職銜"), max_length=160, blank=True)
    order = models.PositiveSmallIntegerField(_("簽署次序"), default=1)
    seat = models.CharField(_("座位"), max_length=20, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("協議方")
        verbose_name_plural = _("協議方")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(association__isnull=False, enterprise__isnull=True, organisation__isnull=True)
                    | Q(association__isnull=True, enterprise__isnull=False, organisation__isnull=True)
                    | Q(association__isnull=True, enterprise__isnull=True, organisation__isnull=False)
                ),
                name="party_exactly_one",
            ),
            models.UniqueConstraint(
                fields=["agreement", "association"],
                condition=Q(association__isnull=False),
                name="party_unique_association",
            ),
            models.UniqueConstraint(
                fields=["agreement", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="party_unique_enterprise",
            ),
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                condition=Q(organisation__isnull=False),
                name="party_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return str(self.target)

    @property
    def target(self) -> Association | Enterprise | Organisation:
        return self.association or self.enterprise or self.organisation  # type: ignore[return-value]

    @property
    def kind_label(self) -> str:
        if self.association_id:
            return str(_("聯會") if self.association.kind == Association.Kind.FEDERATION else _("屬會"))
        return str(_("會員企業") if self.enterprise_id else _("外部機構"))


class AgreementFile(models.Model):
    """A PDF of one language version; a new upload of the same language is the next version."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("語言版本"), max_length=10, choices=LANGUAGE_CHOICES)
    version = models.PositiveSmallIntegerField(_("版本"))
    file = models.FileField(_("檔案"), upload_to="agreements/files/")
    filename = models.CharField(_("檔案名稱"), max_length=200)
    size = models.PositiveIntegerField(_("大小"))
    note = models.CharField(_("說明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language", "-version"]
        verbose_name = _("協議檔案")
        verbose_name_plural = _("協議檔案")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "language", "version"], name="agreement_file_version_unique")
        ]

    def __str__(self) -> str:
        return self.filename


class Obligation(models.Model):
    class Kind(models.TextChoices):
        OBLIGATION = "obligation", _("責任")
        MILESTONE = "milestone", _("里程碑")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(_("類別"), max_length=12, choices=Kind.choices, default=Kind.OBLIGATION)
    title = models.CharField(_("內容"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreement_obligations",
        verbose_name=_("負責人"),
    )
    due_on = models.DateField(_("限期"), db_index=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("責任及里程碑")
        verbose_name_plural = _("責任及里程碑")

    def __str__(self) -> str:
        return self.title


class ObligationReminder(models.Model):
    """One reminder sent (90, 60 or 30 days before): the unique constraint makes each go once."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reminders")
    days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["obligation", "days"], name="obligation_reminder_once")]

    def __str__(self) -> str:
        return f"{self.obligation_id} −{self.days}d"


class Activity(models.Model):
    """The timeline of an agreement: every change, note and link, newest first."""

    class Verb(models.TextChoices):
        CREATED = "created", _("建立協議")
        UPDATED = "updated", _("更新資料")
        STATUS = "status", _("狀態變更")
        PARTY = "party", _("加入協議方")
        FILE = "file", _("上載檔案")
        OBLIGATION = "obligation", _("新增責任 / 里程碑")
        DONE = "done", _("完成責任 / 里程碑")
        NOTE = "note", _("進度備註")
        LINK = "link", _("連結來源")
        OUTCOME = "outcome", _("記錄成果")
        CEREMONY = "ceremony", _("安排簽約儀式")
        DORMANT = "dormant", _("自動標記為停滯")
        REMINDER = "reminder", _("發出提醒")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="activities")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=12, choices=Verb.choices)
    text = models.TextField(blank=True)
    obligation = models.ForeignKey(Obligation, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def display_text(self) -> str:
        """The entry's detail in the reader's language: codes are stored, labels shown."""
        if self.verb == self.Verb.STATUS and self.text in Agreement.Status.values:
            return str(Agreement.Status(self.text).label)
        if self.verb == self.Verb.DORMANT:
            return str(_("六個月沒有任何活動。"))
        if self.verb in (self.Verb.LINK, self.Verb.OUTCOME) and ":" in self.text:
            code, _sep, rest = self.text.partition(":")
            labels = {**dict(Source.Kind.choices), **dict(Outcome.Kind.choices)}
            if code in labels:
                return f"{labels[code]} {rest}".strip()
        return self.text

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("協議動態")
        verbose_name_plural = _("協議動態")

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.verb}"


class Source(models.Model):
    """Provenance: a match, an introduction, a B2B meeting or an event that led to the agreement."""

    class Kind(models.TextChoices):
        MATCH = "match", _("商機配對")
        INTRODUCTION = "introduction", _("引薦")
        MEETING = "meeting", _("商貿洽談")
        EVENT = "event", _("活動")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("來源類別"), max_length=12, choices=Kind.choices)
    match = models.ForeignKey("matching.Match", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    introduction = models.ForeignKey(
        "matching.Introduction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey("events.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event = models.ForeignKey("events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("協議來源")
        verbose_name_plural = _("協議來源")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "match"], condition=Q(match__isnull=False), name="source_unique_match"
            ),
            models.UniqueConstraint(
                fields=["agreement", "introduction"],
                condition=Q(introduction__isnull=False),
                name="source_unique_introduction",
            ),
            models.UniqueConstraint(
                fields=["agreement", "meeting"], condition=Q(meeting__isnull=False), name="source_unique_meeting"
            ),
            models.UniqueConstraint(
                fields=["agreement", "event"], condition=Q(event__isnull=False), name="source_unique_event"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.kind}"


class Project(models.Model):
    """A project the federation runs (a headquarters building …), funded by pledges."""

    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    description = models.TextField(_("簡介"), blank=True)
    association = models.ForeignKey(
        Association, verbose_name=_("負責商會"), on_delete=models.PROTECT, related_name="agreement_projects"
    )
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects", verbose_name=_("相關協議")
    )
    budget = models.DecimalField(_("預算（港元）"), max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    name = Translated("name")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("項目")
        verbose_name_plural = _("項目")
        constraints = [models.CheckConstraint(condition=Q(budget__gt=0), name="project_budget_positive")]

    def __str__(self) -> str:
        return self.name_zh_hant

    def get_absolute_url(self) -> str:
        return reverse("agreements:project", args=[self.pk])


class Outcome(models.Model):
    """What followed an agreement: a deal, an investment, jobs, a project."""

    class Kind(models.TextChoices):
        DEAL = "deal", _("交易")
        INVESTMENT = "investment", _("投資")
        JOBS = "jobs", _("就業")
        PROJECT = "project", _("項目")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("類別"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("金額（港元）"), max_digits=16, decimal_places=2, null=True, blank=True)
    jobs = models.PositiveIntegerField(_("職位數目"), null=True, blank=True)
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes", verbose_name=_("項目")
    )
    description = models.CharField(_("說明"), max_length=300, blank=True)
    recorded_on = models.DateField(_("日期"))

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("成果")
        verbose_name_plural = _("成果")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="outcome_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.kind}"


class Ceremony(models.Model):
    """The signing of an agreement at an event: a session in the event's programme, plus the
    run-of-show (signing order and seats are on the parties) and the backdrop text."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="ceremony")
    event = models.ForeignKey("events.Event", on_delete=models.PROTECT, related_name="+", verbose_name=_("活動"))
    session = models.ForeignKey("events.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    starts_at = models.DateTimeField(_("開始時間"))
    ends_at = models.DateTimeField(_("結束時間"))
    room = models.CharField(_("場地"), max_length=120, blank=True)
    backdrop_zh_hant = models.CharField(_("背板文字（繁體）"), max_length=200)
    backdrop_zh_hans = models.CharField(_("背板文字（简体）"), max_length=200, blank=True)
    backdrop_en = models.CharField(_("背板文字（English）"), max_length=200, blank=True)
    notes = models.TextField(_("流程備註"), blank=True)
    backdrop = Translated("backdrop")

    class Meta:
        verbose_name = _("簽約儀式")
        verbose_name_plural = _("簽約儀式")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="ceremony_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.agreement_id} @ {self.event_id}"


class Pledge(models.Model):
    """A promise of money to a project by an association or a member enterprise (no money moves here)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pledges")
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("屬會")
    )
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("會員企業")
    )
    amount = models.DecimalField(_("認捐金額（港元）"), max_digits=14, decimal_places=2)
    pledged_on = models.DateField(_("認捐日期"))
    acknowledged_at = models.DateTimeField(_("已致謝"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pledged_on", "-id"]
        verbose_name = _("認捐")
        verbose_name_plural = _("認捐")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(
                condition=(
                    Q(association__isnull=False, enterprise__isnull=True)
                    | Q(association__isnull=True, enterprise__isnull=False)
                ),
                name="pledge_one_pledger",
            ),
        ]

    @property
    def pledger(self) -> Association | Enterprise:
        return self.association or self.enterprise  # type: ignore[return-value]

    def __str__(self) -> str:
        return f"{self.project_id} {self.amount}"


class Instalment(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="instalments")
    due_on = models.DateField(_("到期日"))
    amount = models.DecimalField(_("金額（港元）"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("收款日期"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("分期")
        verbose_name_plural = _("分期")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.pledge_id} {self.due_on} {self.amount}"
