"""Introductions with consent, curated matches, and notifications (in-site + e-mail).

Flow: a member expresses interest in a match → the other side is notified (in its own
language) → accepts or declines → only when accepted are contact details shown to both.
A declined or "not interested" pair is never proposed again (ranking.excluded_pairs).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError
from shanglian.core.mail import send_templated_mail, user_language
from shanglian.directory.access import is_secretariat, own_enterprise_ids
from shanglian.directory.models import Enterprise
from shanglian.matching.cleaning import clean_text
from shanglian.matching.models import Introduction, Match, Notification, Opportunity, pair_key

I = Introduction.Status  # noqa: E741 - short alias for the statuses


def _enterprise_users(enterprise: Enterprise) -> list[Any]:
    return list(get_user_model().objects.filter(enterprise_roles__enterprise=enterprise, is_active=True)
                .select_related("preference"))


def _notify(users: list[Any], *, verb: str, opportunity: Opportunity | None = None,
            introduction: Introduction | None = None) -> None:
    Notification.objects.bulk_create([
        Notification(user=u, verb=verb, opportunity=opportunity, introduction=introduction) for u in users])
    for user in users:
        if user.email:
            send_templated_mail(to=[user.email], template="matching/email/notice", language=user_language(user),
                                context={"user": user, "verb": verb, "verb_label": Notification.Verb(verb).label,
                                         "opportunity": opportunity, "introduction": introduction})


def notify_enterprise(*, enterprise: Enterprise, verb: str, opportunity: Opportunity | None = None,
                      introduction: Introduction | None = None) -> None:
    _notify(_enterprise_users(enterprise), verb=verb, opportunity=opportunity, introduction=introduction)


def notify_secretariat_submitted(*, opportunity: Opportunity) -> None:
    staff = list(get_user_model().objects.filter(is_staff=True, is_active=True)[:20])
    Notification.objects.bulk_create([Notification(user=u, verb="submitted", opportunity=opportunity) for u in staff])


@transaction.atomic
def notifications_mark_read(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def _sides(match: Match) -> tuple[Opportunity, Opportunity | None, Enterprise]:
    target = match.counterpart.enterprise if match.counterpart_id else match.counterpart_enterprise
    return match.opportunity, match.counterpart, target


@transaction.atomic
def introduction_request(*, actor: Any, match: Match, message: str = "") -> Introduction:
    """Express interest in a match (from the side that owns ``match.opportunity``)."""
    opportunity, counterpart, target = _sides(match)
    if opportunity.enterprise_id not in own_enterprise_ids(actor):
        raise PermissionDenied
    if opportunity.status != Opportunity.Status.PUBLISHED or (counterpart and counterpart.status != "published"):
        raise Conflict(None, _("只有已發佈的商機可以提出引薦。"))
    key = pair_key(opportunity.pk, counterpart.pk if counterpart else None, target.pk)
    intro = Introduction(pair=key, opportunity=opportunity, counterpart=counterpart, requester=opportunity.enterprise,
                         target=target, requested_by=actor, message=clean_text(message)[:1000])
    try:
        with transaction.atomic():
            intro.save()  # the unique pair key decides: one introduction per pair, ever
    except IntegrityError as exc:
        raise Conflict(None, _("你們之間已有引薦紀錄。")) from exc
    audit_record(actor=actor, action="introduction.request", target=intro, changes={"pair": key})
    notify_enterprise(enterprise=target, verb="interest", opportunity=counterpart or opportunity, introduction=intro)
    return intro


@transaction.atomic
def match_dismiss(*, actor: Any, match: Match) -> Introduction:
    """"Not interested": the pair is recorded so it is never proposed again, and nobody is told."""
    opportunity, counterpart, target = _sides(match)
    if opportunity.enterprise_id not in own_enterprise_ids(actor) and not is_secretariat(actor):
        raise PermissionDenied
    key = pair_key(opportunity.pk, counterpart.pk if counterpart else None, target.pk)
    intro, created = Introduction.objects.get_or_create(pair=key, defaults={
        "opportunity": opportunity, "counterpart": counterpart, "requester": opportunity.enterprise,
        "target": target, "requested_by": actor, "status": I.NOT_INTERESTED})
    if not created and intro.status != I.NOT_INTERESTED:
        raise Conflict(None, _("你們之間已有引薦紀錄。"))
    Match.objects.filter(pk=match.pk).delete()
    _delete_reverse(opportunity, counterpart)
    audit_record(actor=actor, action="match.dismiss", target=intro, changes={"pair": key})
    return intro


def _delete_reverse(opportunity: Opportunity, counterpart: Opportunity | None) -> None:
    if counterpart is not None:
        Match.objects.filter(opportunity=counterpart, counterpart=opportunity).delete()


def _respond(*, actor: Any, intro: Introduction, to: str, action: str) -> Introduction:
    if intro.target_id not in own_enterprise_ids(actor):
        raise PermissionDenied
    updated = Introduction.objects.filter(pk=intro.pk, status=I.REQUESTED).update(
        status=to, responded_by=actor, responded_at=timezone.now())
    if not updated:
        raise Conflict(None, _("此引薦已回覆。"))
    intro.refresh_from_db()
    audit_record(actor=actor, action=action, target=intro, changes={"status": [I.REQUESTED, to]})
    return intro


@transaction.atomic
def introduction_accept(*, actor: Any, introduction: Introduction) -> Introduction:
    intro = _respond(actor=actor, intro=introduction, to=I.ACCEPTED, action="introduction.accept")
    notify_enterprise(enterprise=intro.requester, verb="accepted", opportunity=intro.opportunity, introduction=intro)
    return intro


@transaction.atomic
def introduction_decline(*, actor: Any, introduction: Introduction) -> Introduction:
    intro = _respond(actor=actor, intro=introduction, to=I.DECLINED, action="introduction.decline")
    Match.objects.filter(opportunity=intro.opportunity, counterpart=intro.counterpart,
                         counterpart_enterprise=None if intro.counterpart_id else intro.target).delete()
    if intro.counterpart_id:
        _delete_reverse(intro.opportunity, intro.counterpart)
    notify_enterprise(enterprise=intro.requester, verb="declined", opportunity=intro.opportunity, introduction=intro)
    return intro


def _other_side(actor: Any, intro: Introduction) -> Enterprise:
    own = own_enterprise_ids(actor)
    if intro.requester_id in own:
        return intro.target
    if intro.target_id in own:
        return intro.requester
    raise PermissionDenied


@transaction.atomic
def introduction_request_meeting(*, actor: Any, introduction: Introduction, note: str) -> Introduction:
    other = _other_side(actor, introduction)
    note = clean_text(note)[:300]
    if not note:
        raise DomainError.field("note", _("請寫下建議的時間或地點。"))
    updated = Introduction.objects.filter(pk=introduction.pk, status=I.ACCEPTED).update(
        meeting_requested_at=timezone.now(), meeting_note=note)
    if not updated:
        raise Conflict(None, _("雙方同意引薦後才可約見。"))
    introduction.refresh_from_db()
    audit_record(actor=actor, action="introduction.meeting", target=introduction, changes={"note": note})
    notify_enterprise(enterprise=other, verb="meeting", opportunity=introduction.opportunity,
                      introduction=introduction)
    return introduction


@transaction.atomic
def introduction_record_outcome(*, actor: Any, introduction: Introduction, outcome: str,
                                note: str = "") -> Introduction:
    _other_side(actor, introduction)
    if outcome not in Introduction.Outcome.values:
        raise DomainError.field("outcome", _("請選擇結果。"))
    updated = Introduction.objects.filter(pk=introduction.pk, status=I.ACCEPTED).update(
        outcome=outcome, outcome_note=clean_text(note)[:300], outcome_at=timezone.now())
    if not updated:
        raise Conflict(None, _("雙方同意引薦後才可記錄結果。"))
    introduction.refresh_from_db()
    audit_record(actor=actor, action="introduction.outcome", target=introduction, changes={"outcome": outcome})
    return introduction


@transaction.atomic
def match_curate(*, actor: Any, opportunity: Opportunity, counterpart: Opportunity | None = None,
                 enterprise: Enterprise | None = None, note: str = "") -> Match:
    """The secretariat recommends a counterpart by hand ("recommended by the federation")."""
    if not is_secretariat(actor):
        raise PermissionDenied
    if (counterpart is None) == (enterprise is None):
        raise DomainError("invalid", _("請選擇一個對方商機或企業。"))
    other_ent = counterpart.enterprise_id if counterpart else enterprise.pk
    if other_ent == opportunity.enterprise_id:
        raise DomainError("invalid", _("不能推薦同一企業。"))
    lookup = {"counterpart": counterpart} if counterpart else {"counterpart_enterprise": enterprise}
    match, _created = Match.objects.update_or_create(
        opportunity=opportunity, **lookup,
        defaults={"curated": True, "curated_by": actor, "curated_note": clean_text(note)[:300]},
        create_defaults={"curated": True, "curated_by": actor, "curated_note": clean_text(note)[:300],
                         "score": 1.0, "reasons": [{"code": "curated"}]})
    audit_record(actor=actor, action="match.curate", target=match,
                 changes={"opportunity": opportunity.pk, **{k: v.pk for k, v in lookup.items()}})
    return match
