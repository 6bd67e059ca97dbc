"""Invitations (a person of a member enterprise, or a staff member registered for an event as a
group, gets their own login) and applications to join an association."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shanglian.directory.models import Association, Enterprise, EnterpriseRole, Membership


class Invitation(models.Model):
    """An e-mailed, expiring, single-use link. Only the SHA-256 of the token is stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待接受")
        ACCEPTED = "accepted", _("已接受")
        REVOKED = "revoked", _("已撤回")

    email = models.EmailField(_("電郵"))
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企業"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("角色"), max_length=10, choices=EnterpriseRole.Role.choices, blank=True)
    # The association whose admin sent it (None: the secretariat or an event contact).
    association = models.ForeignKey(Association, verbose_name=_("商會"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="invitations")
    # A staff member registered for an event as a group: accepting links the registration.
    registration = models.ForeignKey("events.Registration", verbose_name=_("活動報名"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="invitations")
    language = models.CharField(_("郵件語言"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("邀請人"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    sent_at = models.DateTimeField(_("寄出時間"), default=timezone.now)
    expires_at = models.DateTimeField(_("有效至"))
    accepted_at = models.DateTimeField(_("接受時間"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接受帳戶"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("邀請")
        verbose_name_plural = _("邀請")
        constraints = [
            models.CheckConstraint(condition=Q(enterprise__isnull=False) | Q(registration__isnull=False),
                                   name="invitation_has_target"),
            models.CheckConstraint(condition=Q(enterprise__isnull=True) | ~Q(role=""),
                                   name="invitation_enterprise_has_role"),
            models.UniqueConstraint(fields=["enterprise", "email"],
                                    condition=Q(status="pending", enterprise__isnull=False, registration__isnull=True),
                                    name="invitation_one_pending_per_enterprise"),
            models.UniqueConstraint(fields=["registration"], condition=Q(status="pending"),
                                    name="invitation_one_pending_per_registration"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_status_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class MembershipApplication(models.Model):
    """An enterprise (through one of its users) applies to join an association; the association
    reviews it; approval creates the membership (and, for a new enterprise, the enterprise)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待審批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("不獲接納")
        WITHDRAWN = "withdrawn", _("已撤回")

    association = models.ForeignKey(Association, verbose_name=_("商會"), on_delete=models.CASCADE,
                                    related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申請人"), on_delete=models.CASCADE,
                                  related_name="membership_applications")
    # An enterprise the applicant already acts for, or (when empty) a new one described below.
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企業"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="applications")
    name_zh = models.CharField(_("中文名稱"), max_length=200, blank=True)
    name_en = models.CharField(_("英文名稱"), max_length=200, blank=True)
    br_number = models.CharField(_("商業登記號碼"), max_length=32, blank=True)
    phone = models.CharField(_("電話"), max_length=32, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    membership_type = models.CharField(_("會員類別"), max_length=20, choices=Membership.Type.choices,
                                       default=Membership.Type.CORPORATE)
    message = models.TextField(_("附言"), blank=True, max_length=2000)
    language = models.CharField(_("語言"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    reason = models.TextField(_("理由"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("申請時間"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("審批時間"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("審批人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    membership = models.ForeignKey(Membership, verbose_name=_("會籍"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("入會申請")
        verbose_name_plural = _("入會申請")
        constraints = [
            models.CheckConstraint(condition=Q(enterprise__isnull=False) | ~Q(name_zh="") | ~Q(name_en=""),
                                   name="application_names_enterprise"),
            models.UniqueConstraint(fields=["association", "enterprise"],
                                    condition=Q(status="pending", enterprise__isnull=False),
                                    name="application_one_pending_per_enterprise"),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(reason=""),
                                   name="application_rejection_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} → {self.association}"

    @property
    def display_name(self) -> str:
        if self.enterprise_id:
            return str(self.enterprise)
        return self.name_zh or self.name_en
