"""Associations, enterprises, people, memberships, office-bearers by term, and roles."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shanglian.core.covers import association_colour
from shanglian.core.i18n import Translated
from shanglian.core.models import Industry, Place
from shanglian.core.reading import for_reader


class Association(models.Model):
    """The federation itself (kind=federation) or one of its member associations."""

    class Kind(models.TextChoices):
        FEDERATION = "federation", _("聯會")
        MEMBER = "member", _("屬會")

    kind = models.CharField(_("類別"), max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    slug = models.SlugField(_("網址代號"), max_length=60, unique=True)
    name_zh = models.CharField(_("中文名稱"), max_length=120, unique=True)
    name_en = models.CharField(_("英文名稱"), max_length=160, blank=True)
    short_name_zh = models.CharField(_("簡稱"), max_length=40, blank=True)
    former_names = models.TextField(_("曾用名稱"), blank=True, help_text=_("每行一個，可附年份"))
    founded = models.DateField(_("成立日期"), null=True, blank=True)
    districts = models.ManyToManyField(Place, verbose_name=_("地區"), blank=True, related_name="associations")
    address = models.CharField(_("地址"), max_length=300, blank=True)
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    email = models.EmailField(_("電郵"), blank=True)
    website = models.URLField(_("網站"), blank=True)
    logo = models.ImageField(_("標誌"), upload_to="associations/", blank=True)
    colour = models.CharField(_("代表色"), max_length=7, blank=True,
                              validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("請輸入 #RRGGBB 格式的顏色"))],
                              help_text=_("例如 #A3121F；留空則使用系統配色"))
    description_zh = models.TextField(_("簡介（中文）"), blank=True)
    description_en = models.TextField(_("簡介（英文）"), blank=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    name = Translated("name")
    description = Translated("description")

    class Meta:
        ordering = ["kind", "sort", "id"]
        verbose_name = _("商會")
        verbose_name_plural = _("商會")

    def __str__(self) -> str:
        return self.name_zh

    def get_absolute_url(self) -> str:
        return reverse("directory:association", args=[self.slug])

    @property
    def brand_colour(self) -> str:
        return self.colour or association_colour(self.sort)

    @property
    def emblem_text(self) -> str:
        """Two characters of the district (觀塘) for the emblem, initials for English readers."""
        if get_language() == "en" and self.name_en:
            words = [w for w in self.name_en.replace("&", " ").split()
                     if w[:1].isupper() and w not in {"Hong", "Kong", "Industrial", "Commercial", "Association"}]
            return "".join(w[0] for w in words[:3]) or self.name_en[:2]
        name = str(for_reader(self.short_name_zh or self.name_zh))  # 观塘 for 简体 readers
        for prefix in ("香港", "全港"):
            name = name.removeprefix(prefix)
        return name[:2]


LIVE_STATUSES = ("pending", "active")


class EmployeesBand(models.TextChoices):
    MICRO = "1-9", _("1–9 人")
    SMALL = "10-49", _("10–49 人")
    MEDIUM = "50-249", _("50–249 人")
    LARGE = "250-999", _("250–999 人")
    XLARGE = "1000+", _("1000 人或以上")


class Enterprise(models.Model):
    class RegistrationKind(models.TextChoices):
        HK_BR = "hk_br", _("香港商業登記號碼")
        CN_USCC = "cn_uscc", _("內地統一社會信用代碼")
        MO = "mo", _("澳門商業登記")
        OTHER = "other", _("其他")

    name_zh = models.CharField(_("中文名稱"), max_length=200, blank=True, db_index=True)
    name_en = models.CharField(_("英文名稱"), max_length=200, blank=True, db_index=True)
    br_kind = models.CharField(_("登記類別"), max_length=10, choices=RegistrationKind.choices, blank=True)
    br_number = models.CharField(_("商業登記號碼"), max_length=32, null=True, blank=True, unique=True)
    industry = models.ForeignKey(Industry, verbose_name=_("行業"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="enterprises")
    place = models.ForeignKey(Place, verbose_name=_("地區 / 城市"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="enterprises")
    address = models.CharField(_("地址"), max_length=300, blank=True)
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    email = models.EmailField(_("電郵"), blank=True)
    website = models.URLField(_("網站"), blank=True)
    description = models.TextField(_("簡介"), blank=True)
    employees = models.CharField(_("員工人數"), max_length=10, choices=EmployeesBand.choices, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)
    associations = models.ManyToManyField(Association, through="Membership",
                                          through_fields=("enterprise", "association"),
                                          related_name="enterprises", verbose_name=_("所屬商會"))
    name = Translated("name")

    class Meta:
        ordering = ["name_zh", "name_en", "id"]
        verbose_name = _("企業")
        verbose_name_plural = _("企業")
        constraints = [
            models.CheckConstraint(condition=~Q(name_zh="") | ~Q(name_en=""), name="enterprise_has_name"),
        ]

    def __str__(self) -> str:
        return self.name_zh or self.name_en

    def get_absolute_url(self) -> str:
        return reverse("directory:enterprise", args=[self.pk])

    def current_associations(self) -> list[Association]:
        """Associations with a current membership (directory.access), once each, in membership order.

        Uses the ``live_memberships`` prefetch of directory.selectors when present.
        """
        memberships = getattr(self, "live_memberships", None)
        if memberships is None:
            from shanglian.directory.access import current_membership_q  # the one membership rule

            memberships = self.memberships.filter(current_membership_q()).select_related("association")
        found: dict[int, Association] = {}
        for membership in memberships:
            found.setdefault(membership.association_id, membership.association)
        return list(found.values())


class Person(models.Model):
    """A contact of an enterprise, or an individual member; never shown publicly with contacts."""

    name_zh = models.CharField(_("中文姓名"), max_length=80, blank=True)
    name_en = models.CharField(_("英文姓名"), max_length=120, blank=True)
    title = models.CharField(_("稱謂 / 職銜"), max_length=80, blank=True)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企業"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="people")
    email = models.EmailField(_("電郵"), blank=True)
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="person", verbose_name=_("登入帳戶"))
    name = Translated("name")

    class Meta:
        ordering = ["name_zh", "name_en", "id"]
        verbose_name = _("人士")
        verbose_name_plural = _("人士")
        constraints = [
            models.CheckConstraint(condition=~Q(name_zh="") | ~Q(name_en=""), name="person_has_name"),
        ]

    def __str__(self) -> str:
        return self.name_zh or self.name_en


class Membership(models.Model):
    """A membership of an enterprise or a person in an association; renewals chain by ``renewed_from``."""

    class Type(models.TextChoices):
        CORPORATE = "corporate", _("商號會員")
        INDIVIDUAL = "individual", _("個人會員")
        HONORARY = "honorary", _("名譽會員")
        LIFE = "life", _("永久會員")

    class Status(models.TextChoices):
        PENDING = "pending", _("待批")
        ACTIVE = "active", _("有效")
        EXPIRED = "expired", _("已過期")
        RENEWED = "renewed", _("已續會")
        TERMINATED = "terminated", _("已終止")

    class Dues(models.TextChoices):
        UNPAID = "unpaid", _("未繳")
        PAID = "paid", _("已繳")
        WAIVED = "waived", _("豁免")

    association = models.ForeignKey(Association, verbose_name=_("商會"), on_delete=models.PROTECT,
                                    related_name="memberships")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企業"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, verbose_name=_("個人"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="memberships")
    type = models.CharField(_("會員類別"), max_length=20, choices=Type.choices, default=Type.CORPORATE)
    status = models.CharField(_("狀態"), max_length=20, choices=Status.choices, default=Status.ACTIVE,
                              db_index=True)
    start_date = models.DateField(_("開始日期"))
    end_date = models.DateField(_("屆滿日期"), null=True, blank=True, help_text=_("永久及名譽會員可留空"))
    dues_amount = models.DecimalField(_("會費（港元）"), max_digits=10, decimal_places=2, default=0)
    dues_status = models.CharField(_("繳費狀態"), max_length=10, choices=Dues.choices, default=Dues.UNPAID)
    dues_paid_on = models.DateField(_("繳費日期"), null=True, blank=True)
    renewed_from = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="renewal", verbose_name=_("續會自"))
    note = models.CharField(_("備註"), max_length=300, blank=True)

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("會籍")
        verbose_name_plural = _("會籍")
        constraints = [
            models.CheckConstraint(
                condition=(Q(enterprise__isnull=False, person__isnull=True)
                           | Q(enterprise__isnull=True, person__isnull=False)),
                name="membership_one_member",
            ),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                                   name="membership_dates_ordered"),
            models.CheckConstraint(condition=Q(dues_amount__gte=0), name="membership_dues_non_negative"),
            # One live (pending/active) membership per member and association.
            models.UniqueConstraint(fields=["association", "enterprise"],
                                    condition=Q(status__in=["pending", "active"], enterprise__isnull=False),
                                    name="membership_one_live_enterprise"),
            models.UniqueConstraint(fields=["association", "person"],
                                    condition=Q(status__in=["pending", "active"], person__isnull=False),
                                    name="membership_one_live_person"),
        ]

    def __str__(self) -> str:
        member = self.enterprise or self.person
        return f"{member} @ {self.association} ({self.get_status_display()})"


class Term(models.Model):
    """A numbered term of office (屆) of an association or the federation."""

    association = models.ForeignKey(Association, verbose_name=_("商會"), on_delete=models.CASCADE,
                                    related_name="terms")
    number = models.PositiveSmallIntegerField(_("屆數"))
    start_date = models.DateField(_("開始日期"))
    end_date = models.DateField(_("結束日期"), null=True, blank=True)

    class Meta:
        ordering = ["association", "-number"]
        verbose_name = _("屆別")
        verbose_name_plural = _("屆別")
        constraints = [
            models.UniqueConstraint(fields=["association", "number"], name="term_unique_number"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                                   name="term_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.label}"

    @property
    def label(self) -> str:
        from shanglian.directory.terms import term_label

        return term_label(self.number)


class OfficeBearer(models.Model):
    class Position(models.TextChoices):
        PERMANENT_HONORARY_PRESIDENT = "permanent_honorary_president", _("永遠榮譽會長")
        HONORARY_PRESIDENT = "honorary_president", _("名譽會長")
        CHAIRMAN = "chairman", _("主席")
        PRESIDENT = "president", _("會長")
        EXECUTIVE_VICE_PRESIDENT = "executive_vice_president", _("常務副會長")
        VICE_PRESIDENT = "vice_president", _("副會長")
        SECRETARY_GENERAL = "secretary_general", _("秘書長")
        TREASURER = "treasurer", _("司庫")
        COMMITTEE_CHAIR = "committee_chair", _("委員會主席")
        DIRECTOR = "director", _("會董")

    term = models.ForeignKey(Term, verbose_name=_("屆別"), on_delete=models.CASCADE, related_name="office_bearers")
    person = models.ForeignKey(Person, verbose_name=_("人士"), on_delete=models.PROTECT, related_name="offices")
    position = models.CharField(_("職位"), max_length=40, choices=Position.choices)
    committee = models.CharField(_("委員會"), max_length=80, blank=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["term", "sort", "id"]
        verbose_name = _("會務職位")
        verbose_name_plural = _("會務職位")
        constraints = [
            models.UniqueConstraint(fields=["term", "person", "position", "committee"],
                                    name="office_bearer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.term}: {self.get_position_display()} {self.person}"


class AssociationRole(models.Model):
    """Who may manage an association's records: roles are data."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("商會管理員")
        STAFF = "staff", _("商會職員")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="association_roles")
    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices, default=Role.ADMIN)

    class Meta:
        verbose_name = _("商會角色")
        verbose_name_plural = _("商會角色")
        constraints = [models.UniqueConstraint(fields=["user", "association"], name="association_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.association} ({self.get_role_display()})"


class EnterpriseRole(models.Model):
    """A login that acts for a member enterprise (keeps its profile, posts offers, registers staff)."""

    class Role(models.TextChoices):
        OWNER = "owner", _("負責人")
        STAFF = "staff", _("職員")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enterprise_roles")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices, default=Role.OWNER)

    class Meta:
        verbose_name = _("企業角色")
        verbose_name_plural = _("企業角色")
        constraints = [models.UniqueConstraint(fields=["user", "enterprise"], name="enterprise_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.enterprise} ({self.get_role_display()})"


class ImportBatch(models.Model):
    """One uploaded enterprise file: its parsed preview, then the progress and result of its commit."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("待確認")
        COMMITTING = "committing", _("匯入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失敗")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上載者"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("上載時間"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("完成時間"), null=True, blank=True)
    filename = models.CharField(_("檔案名稱"), max_length=255)
    status = models.CharField(_("狀態"), max_length=20, choices=Status.choices, default=Status.PREVIEWED,
                              db_index=True)
    preview = models.JSONField(_("預覽"), default=dict, blank=True)
    progress_done = models.PositiveIntegerField(_("已處理行數"), default=0)
    progress_total = models.PositiveIntegerField(_("總行數"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    rejected_count = models.PositiveIntegerField(_("拒絕"), default=0)
    error_message = models.TextField(_("錯誤訊息"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("匯入批次")
        verbose_name_plural = _("匯入批次")
        constraints = [
            models.CheckConstraint(condition=Q(progress_done__lte=models.F("progress_total")),
                                   name="import_batch_progress_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("directory:import_batch", args=[self.pk])

    @property
    def stage(self) -> str:
        """While committing: 'check' (first half of the steps), 'index' (second half), 'write'."""
        if self.progress_total and self.progress_done >= self.progress_total:
            return "write"
        return "index" if self.progress_done * 2 > self.progress_total else "check"

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0
