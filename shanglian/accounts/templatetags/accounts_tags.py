"""Links into the accounts pages from other apps' templates (dashboard, enterprise page, ticket)."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q

from shanglian.accounts import access
from shanglian.accounts.models import Invitation, MembershipApplication
from shanglian.directory.access import managed_association_ids, own_enterprise_ids
from shanglian.directory.models import Association

register = template.Library()


@register.inclusion_tag("accounts/_dashboard_cards.html", takes_context=True)
def account_dashboard_cards(context: template.Context) -> dict:
    user = context["request"].user
    queues = []
    if user.is_authenticated and not user.is_staff:
        queues = list(Association.objects.filter(pk__in=managed_association_ids(user)).annotate(
            pending_count=Count("applications", filter=Q(applications__status=MembershipApplication.Status.PENDING))))
    elif user.is_authenticated:
        queues = list(Association.objects.filter(kind=Association.Kind.MEMBER).annotate(
            pending_count=Count("applications", filter=Q(applications__status=MembershipApplication.Status.PENDING)))
            .filter(pending_count__gt=0).order_by("sort"))
    return {"queues": queues, "request": context["request"]}


@register.inclusion_tag("accounts/_enterprise_links.html", takes_context=True)
def enterprise_account_links(context: template.Context, enterprise) -> dict:
    user = context["request"].user
    return {"enterprise": enterprise, "can_invite": access.can_invite_for_enterprise(user, enterprise),
            "is_own": enterprise.pk in own_enterprise_ids(user)}


@register.inclusion_tag("accounts/_registration_invite.html", takes_context=True)
def registration_invite(context: template.Context, registration) -> dict:
    user = context["request"].user
    can = registration.is_active and access.can_invite_registration(user, registration)
    pending = can and Invitation.objects.filter(registration=registration, status=Invitation.Status.PENDING).exists()
    return {"registration": registration, "can_invite": can, "pending": pending}
