"""All writes to opportunities. Keyword-only, atomic, audited; mail and matching on commit.

Introductions and notifications are in ``introductions.py``; the ranking in ``ranking.py``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record, diff, snapshot
from shanglian.core.errors import Conflict, DomainError
from shanglian.core.models import Place
from shanglian.core.search import search_index_delete, search_index_update
from shanglian.directory.access import is_secretariat, own_enterprise_ids
from shanglian.directory.models import Enterprise
from shanglian.matching.cleaning import clean_text, detect_language, validate_post_text
from shanglian.matching.counterparts import Counterpart, register_counterpart_source
from shanglian.matching.engine.corpus import text_parts
from shanglian.matching.models import NEED_SUBTYPES, OFFER_SUBTYPES, Opportunity, Region

__all__ = ["Counterpart", "register_counterpart_source"]  # other apps plug their counterparts in (counterparts.py)

SEARCH_KIND = "opportunity"
DEFAULT_VALIDITY_DAYS = 90
MAX_VALIDITY_DAYS = 366
S = Opportunity.Status
EDITABLE = (S.DRAFT, S.RETURNED, S.PENDING, S.PUBLISHED, S.EXPIRED)
FIELDS = ("kind", "subtype", "title", "description", "language", "industry", "category", "budget",
          "quantity", "expires_on", "target_regions")


def opportunity_search_parts(opportunity: Opportunity) -> list[str]:
    # The same parts feed the match engine's BM25 (ranking.py reads these stored tokens), so
    # industry names are left out: the engine scores industry agreement on its own.
    return text_parts(opportunity.title, opportunity.description, opportunity.category)


def opportunity_reindex(*, opportunity: Opportunity) -> None:
    search_index_update(kind=SEARCH_KIND, object_id=opportunity.pk, parts=opportunity_search_parts(opportunity))


def opportunity_reindex_all(*, batch: int = 1000) -> int:
    from shanglian.core.search import search_index_bulk

    qs = Opportunity.objects.order_by("pk")
    return search_index_bulk(kind=SEARCH_KIND, batch=batch,
                             rows=((o.pk, opportunity_search_parts(o)) for o in qs.iterator(chunk_size=batch)))


def _clean(values: dict[str, Any], *, today: datetime.date) -> dict[str, Any]:
    cleaned = dict(values)
    for key in ("title", "description", "category", "budget", "quantity"):
        if key in cleaned:
            cleaned[key] = clean_text(cleaned[key])
    cleaned["title"] = cleaned.get("title", "").replace("\n", " ")
    errors = validate_post_text(cleaned.get("title", ""), cleaned.get("description", ""))
    kind, subtype = cleaned.get("kind"), cleaned.get("subtype")
    if kind not in ("offer", "need"):
        errors["kind"] = [_("請選擇供應或需求。")]
    elif subtype not in (OFFER_SUBTYPES if kind == "offer" else NEED_SUBTYPES):
        errors["subtype"] = [_("細分與類型不符。")]
    expires = cleaned.get("expires_on") or today + datetime.timedelta(days=DEFAULT_VALIDITY_DAYS)
    if expires < today:
        errors["expires_on"] = [_("有效期不能早於今天。")]
    elif expires > today + datetime.timedelta(days=MAX_VALIDITY_DAYS):
        errors["expires_on"] = [_("有效期最長一年。")]
    cleaned["expires_on"] = expires
    regions = [r for r in cleaned.get("target_regions") or [] if r in Region.values]
    cleaned["target_regions"] = sorted(set(regions))
    if not cleaned.get("language"):
        cleaned["language"] = detect_language(cleaned.get("title", "") + " " + cleaned.get("description", ""))
    if errors:
        raise DomainError("invalid", _("請修正標示的欄位。"), fields=errors)
    return cleaned


def _check_author(actor: Any, enterprise: Enterprise) -> None:
    if not (is_secretariat(actor) or enterprise.pk in own_enterprise_ids(actor)):
        raise PermissionDenied


@transaction.atomic
def opportunity_create(*, actor: Any, enterprise: Enterprise, values: dict[str, Any],
                       markets: list[Place] | None = None, submit: bool = False) -> Opportunity:
    _check_author(actor, enterprise)
    cleaned = _clean({k: v for k, v in values.items() if k in FIELDS}, today=timezone.localdate())
    opportunity = Opportunity(enterprise=enterprise, author=actor if actor.is_authenticated else None, **cleaned)
    opportunity.full_clean(exclude=["target_markets", "vector"])
    opportunity.save()
    if markets:
        opportunity.target_markets.set(markets)
    audit_record(actor=actor, action="opportunity.create", target=opportunity, changes=snapshot(opportunity))
    opportunity_reindex(opportunity=opportunity)
    if submit:
        opportunity_submit(actor=actor, opportunity=opportunity)
        opportunity.refresh_from_db()
    return opportunity


@transaction.atomic
def opportunity_update(*, actor: Any, opportunity: Opportunity, values: dict[str, Any],
                       markets: list[Place] | None = None) -> Opportunity:
    """Edit. A published post that changes goes back to review (the public sees reviewed text only)."""
    _check_author(actor, opportunity.enterprise)
    opp = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opp.status not in EDITABLE:
        raise Conflict(None, _("此商機已結束，不能修改。"))
    before = snapshot(opp)
    merged = {k: getattr(opp, k) for k in FIELDS} | {k: v for k, v in values.items() if k in FIELDS}
    if "language" not in values:
        merged["language"] = ""
    cleaned = _clean(merged, today=timezone.localdate())
    for key, value in cleaned.items():
        setattr(opp, key, value)
    changes = diff(before, snapshot(opp))
    text_changed = bool({"title", "description", "kind", "subtype"} & set(changes))
    if text_changed:
        opp.vector = None
    if opp.status == S.PUBLISHED and text_changed and not is_secretariat(actor):
        opp.status = S.PENDING
        changes["status"] = [S.PUBLISHED, S.PENDING]
    opp.full_clean(exclude=["target_markets", "vector"])
    opp.save()
    if markets is not None:
        opp.target_markets.set(markets)
    if changes:
        audit_record(actor=actor, action="opportunity.update", target=opp, changes=changes)
    opportunity_reindex(opportunity=opp)
    if opp.status == S.PUBLISHED:
        _refresh_matches_on_commit(opp.pk)
    return opp


def _transition(*, actor: Any, opportunity: Opportunity, from_statuses: tuple[str, ...], to: str,
                action: str, extra: dict[str, Any] | None = None) -> Opportunity:
    """Conditional UPDATE: only one concurrent transition from the expected status wins."""
    extra = extra or {}
    updated = Opportunity.objects.filter(pk=opportunity.pk, status__in=from_statuses).update(status=to, **extra)
    if not updated:
        raise Conflict(None, _("此商機目前的狀態不能進行這項操作。"))
    before = opportunity.status
    opportunity.refresh_from_db()
    audit_record(actor=actor, action=action, target=opportunity,
                 changes={"status": [before, to], **{k: str(v) for k, v in extra.items()}})
    return opportunity


@transaction.atomic
def opportunity_submit(*, actor: Any, opportunity: Opportunity) -> Opportunity:
    from shanglian.matching.introductions import notify_secretariat_submitted

    _check_author(actor, opportunity.enterprise)
    opp = _transition(actor=actor, opportunity=opportunity, from_statuses=(S.DRAFT, S.RETURNED), to=S.PENDING,
                      action="opportunity.submit")
    notify_secretariat_submitted(opportunity=opp)
    return opp


@transaction.atomic
def opportunity_approve(*, actor: Any, opportunity: Opportunity) -> Opportunity:
    from shanglian.matching.introductions import notify_enterprise

    if not is_secretariat(actor):
        raise PermissionDenied
    now = timezone.now()
    opp = _transition(actor=actor, opportunity=opportunity, from_statuses=(S.PENDING,), to=S.PUBLISHED,
                      action="opportunity.approve",
                      extra={"reviewed_by": actor, "reviewed_at": now, "published_at": now, "review_reason": ""})
    notify_enterprise(enterprise=opp.enterprise, verb="approved", opportunity=opp)
    _refresh_matches_on_commit(opp.pk)
    return opp


@transaction.atomic
def opportunity_return(*, actor: Any, opportunity: Opportunity, reason: str) -> Opportunity:
    from shanglian.matching.introductions import notify_enterprise

    if not is_secretariat(actor):
        raise PermissionDenied
    reason = clean_text(reason)[:1000]
    if not reason:
        raise DomainError.field("reason", _("退回時請寫明原因。"))
    opp = _transition(actor=actor, opportunity=opportunity, from_statuses=(S.PENDING, S.PUBLISHED), to=S.RETURNED,
                      action="opportunity.return",
                      extra={"reviewed_by": actor, "reviewed_at": timezone.now(), "review_reason": reason})
    notify_enterprise(enterprise=opp.enterprise, verb="returned", opportunity=opp)
    _drop_matches_on_commit(opp.pk)
    return opp


@transaction.atomic
def opportunity_renew(*, actor: Any, opportunity: Opportunity, days: int = DEFAULT_VALIDITY_DAYS) -> Opportunity:
    """Extend validity; an expired post goes back to published (it was reviewed already)."""
    _check_author(actor, opportunity.enterprise)
    days = max(1, min(days, MAX_VALIDITY_DAYS))
    new_date = timezone.localdate() + datetime.timedelta(days=days)
    opp = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opp.status not in (S.PUBLISHED, S.EXPIRED):
        raise Conflict(None, _("只有已發佈或已過期的商機可以續期。"))
    before = {"status": opp.status, "expires_on": str(opp.expires_on)}
    Opportunity.objects.filter(pk=opp.pk).update(status=S.PUBLISHED, expires_on=new_date)
    opp.refresh_from_db()
    audit_record(actor=actor, action="opportunity.renew", target=opp,
                 changes=diff(before, {"status": opp.status, "expires_on": str(opp.expires_on)}))
    _refresh_matches_on_commit(opp.pk)
    return opp


@transaction.atomic
def opportunity_close(*, actor: Any, opportunity: Opportunity) -> Opportunity:
    _check_author(actor, opportunity.enterprise)
    opp = _transition(actor=actor, opportunity=opportunity, from_statuses=(S.PUBLISHED, S.EXPIRED), to=S.FULFILLED,
                      action="opportunity.fulfilled")
    _drop_matches_on_commit(opp.pk)
    return opp


@transaction.atomic
def opportunity_withdraw(*, actor: Any, opportunity: Opportunity) -> Opportunity:
    _check_author(actor, opportunity.enterprise)
    opp = _transition(actor=actor, opportunity=opportunity,
                      from_statuses=(S.DRAFT, S.PENDING, S.RETURNED, S.PUBLISHED, S.EXPIRED), to=S.WITHDRAWN,
                      action="opportunity.withdraw")
    _drop_matches_on_commit(opp.pk)
    return opp


@transaction.atomic
def opportunity_expire_due(*, today: datetime.date | None = None) -> int:
    """Mark published posts past their date expired (daily, from the recompute command)."""
    today = today or timezone.localdate()
    ids = list(Opportunity.objects.filter(status=S.PUBLISHED, expires_on__lt=today).values_list("pk", flat=True))
    count = Opportunity.objects.filter(pk__in=ids, status=S.PUBLISHED).update(status=S.EXPIRED)
    if count:
        audit_record(actor=None, action="opportunity.expire", target_type="matching.opportunity",
                     changes={"ids": ids[:500], "count": count})
    return count


def opportunity_delete_index(*, opportunity_id: int) -> None:
    search_index_delete(kind=SEARCH_KIND, object_id=opportunity_id)


def _refresh_matches_on_commit(opportunity_id: int) -> None:
    from shanglian.matching.ranking import matches_refresh

    transaction.on_commit(lambda: matches_refresh(opportunity_id=opportunity_id))


def _drop_matches_on_commit(opportunity_id: int) -> None:
    from shanglian.matching.ranking import matches_drop

    transaction.on_commit(lambda: matches_drop(opportunity_id=opportunity_id))
