"""All writes for invitations and applications to join. Keyword-only, atomic, audited; mail on commit."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shanglian.accounts.models import Invitation, MembershipApplication
from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError, Forbidden
from shanglian.core.mail import send_templated_mail, user_language
from shanglian.core.models import UserPreference
from shanglian.core.validation import normalise_phone, normalise_registration
from shanglian.directory.models import Association, AssociationRole, Enterprise, EnterpriseRole, Membership

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


# ------------------------------------------------------------------ helpers
def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def _clean_email(raw: str) -> str:
    email = (raw or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError.field("email", _("請填寫有效的電郵地址。"), code="bad_email") from None
    return email


def _language(code: str) -> str:
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE


def account_for_email(email: str) -> Any:
    """The account that owns ``email`` (as an allauth address or as the user's e-mail), if any."""
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if address is not None:
        return address.user
    return get_user_model().objects.filter(email__iexact=email).first()


def _expiry(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=settings.INVITATION_EXPIRY_DAYS)


def invitation_url(invitation: Invitation, token: str) -> str:
    with translation.override(invitation.language):
        return settings.SITE_URL + reverse("accounts:invitation_accept", args=[token])


def _send_invitation(invitation: Invitation, token: str) -> None:
    inviter = invitation.created_by
    send_templated_mail(
        to=[invitation.email], template="accounts/email/invitation", language=invitation.language,
        context={"invitation": invitation, "url": invitation_url(invitation, token),
                 "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
                 "enterprise": invitation.enterprise, "registration": invitation.registration,
                 "event": invitation.registration.event if invitation.registration_id else None,
                 "expires_at": invitation.expires_at})


# ------------------------------------------------------------------ invitations
@transaction.atomic
def invitation_create(*, actor: Any, email: str, language: str, enterprise: Enterprise | None = None,
                      role: str = "", association: Association | None = None, registration: Any = None,
                      now: datetime.datetime | None = None) -> tuple[Invitation, str]:
    """Invite a person of a member enterprise (with a role) or a staff member registered for an
    event (``registration``). Returns the invitation and the raw token (only e-mailed, never stored)."""
    now = now or timezone.now()
    email = _clean_email(email)
    if enterprise is None and registration is None:
        raise DomainError("enterprise_required", _("請選擇企業。"))
    if enterprise is not None and role not in EnterpriseRole.Role.values:
        raise DomainError.field("role", _("請選擇角色。"), code="bad_role")
    if registration is not None and registration.user_id is not None:
        raise Conflict("has_account", _("此參加者已有自己的登入帳戶。"))
    existing = account_for_email(email)
    if enterprise is not None and existing is not None and EnterpriseRole.objects.filter(
            user=existing, enterprise=enterprise).exists():
        raise Conflict.field("email", _("此電郵地址的帳戶已可代表該企業。"), code="already_represents")
    token, hashed = _new_token()
    invitation = Invitation(
        email=email, enterprise=enterprise if registration is None else None,
        role=role if registration is None else "", association=association, registration=registration,
        language=_language(language), token_hash=hashed, created_by=actor, sent_at=now, expires_at=_expiry(now))
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise Conflict.field("email", _("已向此電郵地址發出邀請，尚未接受：可在邀請列表重新寄出。"),
                             code="invitation_pending") from None
    audit_record(actor=actor, action="invitation.create", target=invitation,
                 association_id=association.pk if association else None,
                 changes={"email": email, "enterprise": enterprise.pk if enterprise else None, "role": role,
                          "registration": registration.pk if registration is not None else None,
                          "language": invitation.language})
    _send_invitation(invitation, token)
    return invitation, token


@transaction.atomic
def invitation_resend(*, actor: Any, invitation: Invitation, now: datetime.datetime | None = None) -> str:
    """A new link (the old one stops working) with a new expiry date, e-mailed again."""
    now = now or timezone.now()
    token, hashed = _new_token()
    updated = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        token_hash=hashed, sent_at=now, expires_at=_expiry(now))
    if not updated:
        raise Conflict("invitation_closed", _("此邀請已被接受或撤回。"))
    invitation.refresh_from_db()
    audit_record(actor=actor, action="invitation.resend", target=invitation, association_id=invitation.association_id,
                 changes={"expires_at": str(invitation.expires_at)})
    _send_invitation(invitation, token)
    return token


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    updated = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED)
    if not updated:
        raise Conflict("invitation_closed", _("此邀請已被接受或撤回。"))
    invitation.refresh_from_db()
    audit_record(actor=actor, action="invitation.revoke", target=invitation, association_id=invitation.association_id,
                 changes={"status": [Invitation.Status.PENDING, Invitation.Status.REVOKED]})
    return invitation


def _mark_email_verified(user: Any, email: str) -> None:
    """The invitation link reached this address: it counts as verified for ``user``."""
    if EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists():
        raise Conflict("email_taken", _("此電郵地址屬於另一個帳戶。"))
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
    if address is None:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=not has_primary)
    elif not address.verified:
        EmailAddress.objects.filter(pk=address.pk).update(verified=True)
    if not user.email:
        type(user).objects.filter(pk=user.pk).update(email=email)
        user.email = email


@transaction.atomic
def invitation_accept(*, user: Any, invitation: Invitation, now: datetime.datetime | None = None) -> Invitation:
    """Single use: only one request turns a pending, unexpired invitation into an accepted one."""
    now = now or timezone.now()
    owner = account_for_email(invitation.email)
    if owner is not None and owner.pk != user.pk:
        raise Forbidden("invitation_other_account", _("此邀請屬於另一個帳戶，請以該帳戶登入後再接受。"))
    updated = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.PENDING,
                                        expires_at__gt=now).update(
        status=Invitation.Status.ACCEPTED, accepted_at=now, accepted_by=user)
    if not updated:
        raise Conflict("invitation_expired", _("此邀請已失效（已使用、已撤回或已過期），請聯絡邀請人重新寄出。"))
    invitation.refresh_from_db()
    _mark_email_verified(user, invitation.email)
    changes: dict[str, Any] = {"user": user.pk}
    if invitation.enterprise_id:
        role, created = EnterpriseRole.objects.get_or_create(user=user, enterprise_id=invitation.enterprise_id,
                                                             defaults={"role": invitation.role})
        changes["enterprise_role"] = role.role if created else "kept"
    if invitation.registration_id:
        from shanglian.events.services.registrations import registration_link_user

        changes["registration_linked"] = registration_link_user(
            actor=user, registration=invitation.registration, user=user)
    audit_record(actor=user, action="invitation.accept", target=invitation, association_id=invitation.association_id,
                 changes=changes)
    return invitation


@transaction.atomic
def account_create_from_invitation(*, invitation: Invitation, username: str, password: str,
                                   first_name: str = "", last_name: str = "") -> Any:
    """A new login for the invited address (verified by the link), then the invitation accepted."""
    user_model = get_user_model()
    if account_for_email(invitation.email) is not None:
        raise Conflict("account_exists", _("此電郵地址已有帳戶，請先登入再接受邀請。"))
    if user_model.objects.filter(username__iexact=username).exists():
        raise Conflict.field("username", _("此用戶名稱已被使用。"), code="username_taken")
    user = user_model(username=username, email=invitation.email, first_name=first_name[:150],
                      last_name=last_name[:150])
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same username taken a moment ago
        raise Conflict.field("username", _("此用戶名稱已被使用。"), code="username_taken")
    EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
    UserPreference.objects.create(user=user, language=invitation.language)
    audit_record(actor=user, action="account.create_from_invitation", target=user,
                 association_id=invitation.association_id, changes={"invitation": invitation.pk})
    invitation_accept(user=user, invitation=invitation)
    return user


# ------------------------------------------------------------------ applications to join
def _clean_new_enterprise(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, list[str]] = {}
    cleaned = {k: (values.get(k) or "").strip() for k in ("name_zh", "name_en", "br_number", "phone", "address")}
    if not (cleaned["name_zh"] or cleaned["name_en"]):
        errors["name_zh"] = [_("請填寫中文或英文名稱。")]
    try:
        cleaned["phone"] = normalise_phone(cleaned["phone"])
    except ValidationError as exc:
        errors["phone"] = exc.messages
    try:
        _kind, cleaned["br_number"] = normalise_registration(cleaned["br_number"])
    except ValidationError as exc:
        errors["br_number"] = exc.messages
    if cleaned["br_number"] and Enterprise.objects.filter(br_number=cleaned["br_number"]).exists():
        errors["br_number"] = [_("此商業登記號碼的企業已在名錄中：請由該企業的負責人申請，或聯絡秘書處。")]
    if errors:
        raise DomainError("invalid", _("請修正標示的欄位。"), fields=errors)
    return cleaned


def _live_membership_exists(association: Association, enterprise: Enterprise) -> bool:
    return Membership.objects.filter(association=association, enterprise=enterprise,
                                     status__in=["pending", "active"]).exists()


def _reviewers(association: Association) -> list[Any]:
    return [role.user for role in AssociationRole.objects.filter(association=association, role="admin")
            .select_related("user__preference") if role.user.email]


@transaction.atomic
def application_submit(*, actor: Any, association: Association, language: str, enterprise: Enterprise | None = None,
                       values: dict[str, Any] | None = None, membership_type: str = Membership.Type.CORPORATE,
                       message: str = "") -> MembershipApplication:
    """``enterprise`` must be one the actor acts for (checked by the caller through access.py)."""
    if association.kind != Association.Kind.MEMBER:
        raise DomainError("association_required", _("請選擇一個屬會。"))
    if membership_type not in Membership.Type.values:
        raise DomainError.field("membership_type", _("請選擇會員類別。"), code="bad_membership_type")
    fields: dict[str, str] = {}
    if enterprise is not None:
        if _live_membership_exists(association, enterprise):
            raise Conflict("already_member", _("該企業已是此商會的會員。"))
    else:
        fields = _clean_new_enterprise(values or {})
    application = MembershipApplication(
        association=association, applicant=actor, enterprise=enterprise, membership_type=membership_type,
        message=(message or "").strip()[:2000], language=_language(language), **fields)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise Conflict("application_pending", _("該企業已向此商會提出申請，正在等候審批。")) from None
    audit_record(actor=actor, action="application.submit", target=application, association_id=association.pk,
                 changes={"enterprise": enterprise.pk if enterprise else None, **fields,
                          "membership_type": membership_type})
    for reviewer in _reviewers(association):
        send_templated_mail(to=[reviewer.email], template="accounts/email/application_received",
                            language=user_language(reviewer), context={"application": application})
    return application


def _decide(application: MembershipApplication, to_status: str, actor: Any, reason: str = "") -> None:
    updated = MembershipApplication.objects.filter(
        pk=application.pk, status=MembershipApplication.Status.PENDING).update(
        status=to_status, reviewed_by=actor, reviewed_at=timezone.now(), reason=reason)
    if not updated:
        raise Conflict("application_decided", _("此申請已處理。"))


def _mail_applicant(application: MembershipApplication) -> None:
    if application.applicant.email:
        send_templated_mail(to=[application.applicant.email], template="accounts/email/application_decided",
                            language=application.language, context={"application": application})


@transaction.atomic
def application_approve(*, actor: Any, application: MembershipApplication,
                        start_date: datetime.date | None = None, end_date: datetime.date | None = None) -> Membership:
    """Approve: the membership is created through the directory services (a new enterprise too,
    with the applicant as its owner)."""
    from shanglian.directory import services as directory_services

    _decide(application, MembershipApplication.Status.APPROVED, actor)
    start = start_date or timezone.localdate()
    enterprise = application.enterprise
    if enterprise is None:
        values = {"name_zh": application.name_zh, "name_en": application.name_en,
                  "br_number": application.br_number, "phone": application.phone, "address": application.address}
        enterprise = directory_services.enterprise_create(actor=actor, values=values)
        EnterpriseRole.objects.get_or_create(user=application.applicant, enterprise=enterprise,
                                             defaults={"role": EnterpriseRole.Role.OWNER})
    membership = directory_services.membership_create(
        actor=actor, association=application.association, enterprise=enterprise, type=application.membership_type,
        start_date=start, end_date=end_date)
    MembershipApplication.objects.filter(pk=application.pk).update(membership=membership, enterprise=enterprise)
    application.refresh_from_db()
    audit_record(actor=actor, action="application.approve", target=application,
                 association_id=application.association_id,
                 changes={"membership": membership.pk, "enterprise": enterprise.pk})
    _mail_applicant(application)
    return membership


@transaction.atomic
def application_reject(*, actor: Any, application: MembershipApplication, reason: str) -> MembershipApplication:
    reason = (reason or "").strip()[:2000]
    if not reason:
        raise DomainError.field("reason", _("請填寫不接納的理由，申請人會收到。"), code="reason_required")
    _decide(application, MembershipApplication.Status.REJECTED, actor, reason)
    application.refresh_from_db()
    audit_record(actor=actor, action="application.reject", target=application,
                 association_id=application.association_id, changes={"reason": reason})
    _mail_applicant(application)
    return application


@transaction.atomic
def application_withdraw(*, actor: Any, application: MembershipApplication) -> MembershipApplication:
    updated = MembershipApplication.objects.filter(
        pk=application.pk, applicant=actor, status=MembershipApplication.Status.PENDING).update(
        status=MembershipApplication.Status.WITHDRAWN)
    if not updated:
        raise Conflict("application_decided", _("此申請已處理。"))
    application.refresh_from_db()
    audit_record(actor=actor, action="application.withdraw", target=application,
                 association_id=application.association_id)
    return application
