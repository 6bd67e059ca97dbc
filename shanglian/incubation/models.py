"""Youth innovation bases: programmes, calls (with eligibility rules and application forms as
data), applications with teams and files, review (panels, rubric, conflicts, assignments),
decisions, incubatees (one directory enterprise from application to alumni), space, money, KPIs
and mentoring. See docs/incubation.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated


class Base(models.TextChoices):
    SZ_HK = "sz_hk", _("深港青年創新創業基地")
    HZ_HK = "hz_hk", _("惠港青年創新創業基地")
    FUTIAN = "futian", _("福田深港商貿科技基地")


class Residency(models.TextChoices):
    HK = "hk", _("香港永久居民")
    MACAO = "macao", _("澳門永久居民")
    MAINLAND = "mainland", _("內地居民")
    OTHER = "other", _("其他")


class Stage(models.TextChoices):
    IDEA = "idea", _("構思")
    PROTOTYPE = "prototype", _("原型")
    REVENUE = "revenue", _("已有收入")
    GROWTH = "growth", _("擴展")


class Programme(models.Model):
    base = models.CharField(_("基地"), max_length=10, choices=Base.choices)
    code = models.SlugField(_("代號"), max_length=60, unique=True)
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    name = Translated("name")

    class Meta:
        verbose_name = _("計劃")
        verbose_name_plural = _("計劃")
        ordering = ["base", "code"]

    def __str__(self) -> str:
        return self.name_zh_hant


class Call(models.Model):
    """One call for applications. ``eligibility`` and ``form_fields`` are data (see rules.py and
    formconfig.py); both are validated whenever they are saved."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("計劃"))
    slug = models.SlugField(_("代號"), max_length=60, unique=True)
    title_zh_hant = models.CharField(_("標題（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("標題（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("標題（English）"), max_length=200, blank=True)
    title = Translated("title")
    description = models.TextField(_("簡介"), blank=True)
    opens_at = models.DateTimeField(_("開始接受申請"))
    closes_at = models.DateTimeField(_("截止時間"))
    time_zone = models.CharField(_("時區"), max_length=40, default="Asia/Hong_Kong")
    quota = models.PositiveIntegerField(_("名額"), default=20)
    reviews_per_application = models.PositiveSmallIntegerField(_("每份申請評審人數"), default=3)
    blind_review = models.BooleanField(_("匿名評審"), default=False)
    is_published = models.BooleanField(_("已發佈"), default=False)
    eligibility = models.JSONField(_("資格規則"), default=list, blank=True)
    form_fields = models.JSONField(_("申請表欄位"), default=list, blank=True)
    pitch_event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("路演日")
    )

    class Meta:
        verbose_name = _("招募")
        verbose_name_plural = _("招募")
        ordering = ["-opens_at"]
        constraints = [models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="incubation_call_period")]

    def __str__(self) -> str:
        return self.title_zh_hant


class Criterion(models.Model):
    """A rubric line: weight in percent (the weights of a call add up to 100), scores 0..max_score."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name_zh_hant = models.CharField(_("準則（繁體）"), max_length=200)
    name_zh_hans = models.CharField(_("準則（简体）"), max_length=200, blank=True)
    name_en = models.CharField(_("準則（English）"), max_length=200, blank=True)
    name = Translated("name")
    weight = models.PositiveSmallIntegerField(_("比重（%）"))
    max_score = models.PositiveSmallIntegerField(_("最高分"), default=10)
    sort = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gt=0) & Q(weight__lte=100), name="incubation_criterion_ranges"
            )
        ]

    def __str__(self) -> str:
        return self.name_zh_hant


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        INELIGIBLE = "ineligible", _("不符合資格")
        REVIEW = "review", _("評審中")
        OFFERED = "offered", _("獲取錄")
        WAITLISTED = "waitlisted", _("候補")
        REJECTED = "rejected", _("未獲取錄")
        ACCEPTED = "accepted", _("已接受")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("招募"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incubation_applications",
        verbose_name=_("申請人"),
    )
    enterprise = models.ForeignKey(
        "directory.Enterprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incubation_applications",
        verbose_name=_("企業"),
    )
    project_name = models.CharField(_("項目名稱"), max_length=200)
    stage = models.CharField(_("發展階段"), max_length=10, choices=Stage.choices, default=Stage.IDEA)
    tags = models.JSONField(_("領域標籤"), default=list, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    language = models.CharField(_("語言"), max_length=10, default="zh-hant")
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    reference = models.CharField(_("編號"), max_length=20, blank=True)
    submitted_at = models.DateTimeField(_("提交時間"), null=True, blank=True)
    eligibility_results = models.JSONField(default=list, blank=True)
    eligible = models.BooleanField(null=True)
    override = models.BooleanField(_("職員覆核結果"), null=True, blank=True)
    override_note = models.TextField(_("覆核說明"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    agreement = models.FileField(_("協議"), upload_to="incubation/agreements/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("申請")
        verbose_name_plural = _("申請")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "applicant"], name="incubation_one_application_per_call")
        ]
        indexes = [models.Index(fields=["call", "status", "submitted_at"], name="incubation_app_list")]

    def __str__(self) -> str:
        return self.reference or self.project_name

    @property
    def is_eligible(self) -> bool | None:
        return self.override if self.override is not None else self.eligible


class TeamMember(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=120)
    email = models.EmailField(_("電郵"), blank=True)
    birth_date = models.DateField(_("出生日期"))
    residency = models.CharField(_("居民身份"), max_length=10, choices=Residency.choices)
    share_pct = models.DecimalField(_("持股（%）"), max_digits=5, decimal_places=2, default=0)
    is_founder = models.BooleanField(_("創辦人"), default=True)
    role = models.CharField(_("職務"), max_length=80, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_pct__gte=0) & Q(share_pct__lte=100), name="incubation_member_share_range"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationFile(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    field_key = models.CharField(max_length=40)
    file = models.FileField(upload_to="incubation/files/%Y/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "field_key"], name="incubation_one_file_per_field")
        ]

    def __str__(self) -> str:
        return self.name


class Panel(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(_("名稱"), max_length=120)

    def __str__(self) -> str:
        return self.name


class Reviewer(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="incubation_reviewer_roles"
    )
    expertise = models.JSONField(_("專長標籤"), default=list, blank=True)
    max_load = models.PositiveSmallIntegerField(_("評審上限"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="incubation_reviewer_once_per_panel")]

    def __str__(self) -> str:
        return str(self.user)


class Conflict(models.Model):
    """A conflict-of-interest declaration: the reviewer never reviews that application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("原因"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "user"], name="incubation_conflict_once")]

    def __str__(self) -> str:
        return f"{self.user_id} × {self.application_id}"


class Assignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="assignments")
    scores = models.JSONField(default=dict, blank=True)
    total = models.FloatField(null=True, blank=True)
    comment = models.TextField(_("評語"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    match = models.PositiveSmallIntegerField(_("專長配對"), null=True, blank=True)
    match_reasons = models.JSONField(default=list, blank=True)  # [[application term, reviewer term, cosine %]]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="incubation_assignment_once"),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | (Q(total__gte=0) & Q(total__lte=100)),
                name="incubation_assignment_total_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} → {self.application_id}"


class Incubatee(models.Model):
    """An admitted start-up: the same directory enterprise from application to alumni."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("培育中")
        ALUMNI = "alumni", _("已畢業")

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="incubatee")
    enterprise = models.ForeignKey("directory.Enterprise", on_delete=models.PROTECT, related_name="incubatees")
    base = models.CharField(_("基地"), max_length=10, choices=Base.choices)
    start_date = models.DateField(_("開始日期"))
    end_date = models.DateField(_("結束日期"), null=True, blank=True)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("培育協議"),
    )

    def __str__(self) -> str:
        return str(self.application)


class Space(models.Model):
    class Kind(models.TextChoices):
        DESK = "desk", _("辦公桌")
        OFFICE = "office", _("獨立辦公室")
        ROOM = "room", _("會議室")

    base = models.CharField(_("基地"), max_length=10, choices=Base.choices)
    code = models.CharField(_("編號"), max_length=20)
    kind = models.CharField(_("類型"), max_length=10, choices=Kind.choices)
    capacity = models.PositiveSmallIntegerField(_("座位"), default=1)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["base", "kind", "code"]
        constraints = [models.UniqueConstraint(fields=["base", "code"], name="incubation_space_code")]

    def __str__(self) -> str:
        return f"{self.get_base_display()} {self.code}"


class Allocation(models.Model):
    """A space held by an incubatee from ``start`` to ``end`` (end exclusive). No two allocations of
    one space overlap: a PostgreSQL exclusion constraint (migration 0002), and a serialised check
    in ``allocation_create`` on every database."""

    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="allocations")
    incubatee = models.ForeignKey(Incubatee, on_delete=models.CASCADE, related_name="allocations")
    start = models.DateField(_("開始"))
    end = models.DateField(_("結束"))
    licence_ref = models.CharField(_("使用許可編號"), max_length=40, blank=True)
    licence = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("使用許可協議"),
    )

    class Meta:
        ordering = ["space", "start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="incubation_allocation_period")]

    def __str__(self) -> str:
        return f"{self.space_id} {self.start}–{self.end}"


class Instalment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("待提交證明")
        EVIDENCED = "evidenced", _("已提交證明")
        RELEASED = "released", _("已發放")

    incubatee = models.ForeignKey(Incubatee, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("期數"))
    amount = models.DecimalField(_("金額（港元）"), max_digits=12, decimal_places=2)
    milestone = models.CharField(_("里程碑"), max_length=200)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    evidence = models.FileField(_("證明文件"), upload_to="incubation/evidence/%Y/", blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["incubatee", "number"]
        constraints = [
            models.UniqueConstraint(fields=["incubatee", "number"], name="incubation_instalment_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="incubation_instalment_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.incubatee_id} #{self.number}"


class KpiReport(models.Model):
    incubatee = models.ForeignKey(Incubatee, on_delete=models.CASCADE, related_name="kpis")
    year = models.PositiveSmallIntegerField(_("年份"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    revenue = models.DecimalField(_("收入（港元）"), max_digits=14, decimal_places=2, default=0)
    jobs = models.PositiveIntegerField(_("創造職位"), default=0)
    funds_raised = models.DecimalField(_("融資（港元）"), max_digits=14, decimal_places=2, default=0)
    ip_count = models.PositiveIntegerField(_("知識產權"), default=0)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["incubatee", "year", "quarter"], name="incubation_kpi_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="incubation_kpi_q"),
        ]

    def __str__(self) -> str:
        return f"{self.incubatee_id} {self.year}Q{self.quarter}"


class KpiReminder(models.Model):
    """One reminder per start-up and quarter: the row is written before the e-mail, so a second run
    of the daily job (or two at once) sends nothing more."""

    incubatee = models.ForeignKey(Incubatee, on_delete=models.CASCADE, related_name="kpi_reminders")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incubatee", "year", "quarter"], name="incubation_kpi_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.incubatee_id} {self.year}Q{self.quarter}"


class Mentor(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="incubation_mentor")
    enterprise = models.ForeignKey("directory.Enterprise", on_delete=models.CASCADE, related_name="+")
    expertise = models.JSONField(_("專長標籤"), default=list, blank=True)

    def __str__(self) -> str:
        return str(self.user)


class MentoringSession(models.Model):
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="sessions")
    incubatee = models.ForeignKey(Incubatee, on_delete=models.CASCADE, related_name="mentoring")
    date = models.DateField(_("日期"))
    minutes = models.PositiveSmallIntegerField(_("分鐘"))
    notes = models.TextField(_("紀錄"), blank=True)

    def __str__(self) -> str:
        return f"{self.mentor_id} {self.date}"
