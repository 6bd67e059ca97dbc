"""Reads of the agreements app, scoped to a viewer (through access.py), and the conversion funnel.

Other apps' records (matches, introductions, meetings, events) are read here, read-only, through
their public models; never through their views or underscored helpers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils.translation import get_language

from shanglian.agreements import access
from shanglian.agreements.models import (
    Activity,
    Agreement,
    AgreementFile,
    Ceremony,
    Instalment,
    Obligation,
    Organisation,
    Outcome,
    Party,
    Pledge,
    Project,
    Source,
)
from shanglian.agreements.services import SEARCH_KIND
from shanglian.core.search import search_filter
from shanglian.directory.models import Association, Enterprise

SIGNED_STATUSES = (
    Agreement.Status.SIGNED,
    Agreement.Status.ACTIVE,
    Agreement.Status.DORMANT,
    Agreement.Status.EXPIRED,
    Agreement.Status.RENEWED,
    Agreement.Status.TERMINATED,
)
PUBLIC_STATUSES = SIGNED_STATUSES


# ---- organisations and the combined search --------------------------------------------------


def organisations(q: str = "", kind: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    if kind in Organisation.Kind.values:
        qs = qs.filter(kind=kind)
    if q:
        return search_filter(qs, kind=SEARCH_KIND, query=q).order_by("-search_rank", "id")
    return qs.order_by("name_zh_hant", "id")


def enterprises_matching(q: str, *, limit: int = 20) -> list[Enterprise]:
    """Member enterprises for the same query, through the directory's own public search."""
    from shanglian.directory.selectors import DirectoryFilters, enterprise_directory

    if not q:
        return []
    return list(enterprise_directory(DirectoryFilters(q=q))[:limit])


def organisation_page(organisation: Organisation, user: Any) -> dict[str, Any]:
    agreements = access.visible_agreements(user).filter(parties__organisation=organisation).distinct()
    return {
        "organisation": organisation,
        "agreements": list(agreements.select_related("association")[:50]),
        "contacts": access.can_manage_any(user),
    }


# ---- agreements -----------------------------------------------------------------------------


def agreement_list(
    user: Any, *, status: str = "", kind: str = "", association: int | None = None, manage: bool = False
) -> QuerySet[Agreement]:
    qs = access.managed_agreements(user) if manage else access.visible_agreements(user)
    if status in Agreement.Status.values:
        qs = qs.filter(status=status)
    if kind in Agreement.Kind.values:
        qs = qs.filter(kind=kind)
    if association:
        qs = qs.filter(association_id=association)
    return (
        qs.select_related("association")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("association", "enterprise", "organisation"))
        )
        .order_by(F("signed_on").desc(nulls_last=True), "-id")
    )


def public_agreements(kind: str = "") -> QuerySet[Agreement]:
    qs = Agreement.objects.filter(is_public=True, status__in=PUBLIC_STATUSES)
    if kind:
        qs = qs.filter(kind=kind)
    return (
        qs.select_related("association")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("association", "enterprise", "organisation"))
        )
        .order_by(F("signed_on").desc(nulls_last=True), "-id")
    )


def public_figures() -> dict[str, Any]:
    base = Agreement.objects.filter(is_public=True, status__in=PUBLIC_STATUSES)
    outcomes = Outcome.objects.filter(agreement__in=base).aggregate(amount=Sum("amount"), jobs=Sum("jobs"))
    return {"agreements": base.count(), "amount": outcomes["amount"] or Decimal(0), "jobs": outcomes["jobs"] or 0}


def agreement_page(agreement: Agreement, user: Any) -> dict[str, Any]:
    from shanglian.agreements.services import TRANSITIONS

    manage = access.can_manage_agreement(user, agreement)
    ceremony = Ceremony.objects.filter(agreement=agreement).select_related("event").first()
    return {
        "agreement": agreement,
        "manage": manage,
        "parties": list(agreement.parties.select_related("association", "enterprise", "organisation")),
        "files": list(AgreementFile.objects.filter(agreement=agreement).select_related("uploaded_by")),
        "obligations": list(Obligation.objects.filter(agreement=agreement).select_related("owner")),
        "activities": list(Activity.objects.filter(agreement=agreement).select_related("actor", "obligation")[:200]),
        "sources": list(
            Source.objects.filter(agreement=agreement).select_related(
                "match__opportunity",
                "introduction__requester",
                "introduction__target",
                "meeting__event",
                "meeting__slot",
                "event",
            )
        ),
        "outcomes": list(Outcome.objects.filter(agreement=agreement).select_related("project")),
        "ceremony": ceremony,
        "next_statuses": [(s, Agreement.Status(s).label) for s in TRANSITIONS.get(agreement.status, ())]
        if manage
        else [],
    }


def party_choices(user: Any) -> dict[str, list[tuple[str, str]]]:
    """Grouped choices for a party select: "a:<id>", "e:<id>", "o:<id>"."""
    enterprises = Enterprise.objects.filter(is_active=True)
    if not access.is_secretariat(user):
        from shanglian.directory.access import current_membership_q
        from shanglian.directory.models import Membership

        assocs = access.admin_association_ids(user)
        enterprises = enterprises.filter(
            pk__in=Membership.objects.filter(current_membership_q(), association_id__in=assocs).values("enterprise_id")
        )
    return {
        "associations": [(f"a:{a.pk}", str(a.name)) for a in Association.objects.all()],
        "organisations": [(f"o:{o.pk}", str(o.name)) for o in Organisation.objects.order_by("name_zh_hant")],
        "enterprises": [(f"e:{e.pk}", str(e.name)) for e in enterprises.order_by("name_zh", "id")[:2000]],
    }


def party_target(code: str, user: Any) -> tuple[str, Any] | None:
    """Resolve "a:<id>" / "e:<id>" / "o:<id>" to (kind, object), or None."""
    from shanglian.core.params import id_param

    kind, _sep, raw = (code or "").partition(":")
    pk = id_param(raw)
    if pk is None:
        return None
    if kind == "a":
        found: Any = Association.objects.filter(pk=pk).first()
    elif kind == "e":
        allowed = dict(party_choices(user)["enterprises"])
        found = Enterprise.objects.filter(pk=pk).first() if f"e:{pk}" in allowed else None
    elif kind == "o":
        found = Organisation.objects.filter(pk=pk).first()
    else:
        return None
    return (kind, found) if found is not None else None


def source_target(kind: str, pk: int | None) -> Any:
    """The match / introduction / meeting / event with this id, read-only, or None."""
    if pk is None:
        return None
    from shanglian.events.models import Event, Meeting
    from shanglian.matching.models import Introduction, Match

    model = {"match": Match, "introduction": Introduction, "meeting": Meeting, "event": Event}.get(kind)
    return model.objects.filter(pk=pk).first() if model else None


def obligation_for(agreement: Agreement, pk: int | None) -> Obligation | None:
    return Obligation.objects.filter(agreement=agreement, pk=pk).first() if pk else None


def obligations_of(agreement: Agreement) -> list[Obligation]:
    return list(Obligation.objects.filter(agreement=agreement))


def owner_user(pk: int | None, owners: list[tuple[int, str]]) -> Any:
    from django.contrib.auth import get_user_model

    if pk is None or pk not in {p for p, _n in owners}:
        return None
    return get_user_model().objects.filter(pk=pk).first()


def party_for(agreement: Agreement, pk: int | None) -> Party | None:
    return Party.objects.filter(agreement=agreement, pk=pk).first() if pk else None


def agreement_file(agreement: Agreement, pk: int | None) -> AgreementFile | None:
    return AgreementFile.objects.filter(agreement=agreement, pk=pk).first() if pk else None


def owner_choices(agreement: Agreement) -> list[tuple[int, str]]:
    """Who may own an obligation: the responsible association's admins and the secretariat."""
    from django.contrib.auth import get_user_model

    users = (
        get_user_model()
        .objects.filter(Q(is_staff=True) | Q(association_roles__association=agreement.association))
        .filter(is_active=True)
        .distinct()
        .order_by("username")
    )
    return [(u.pk, u.get_full_name() or u.username) for u in users[:200]]


def ceremony_events(user: Any) -> list[Any]:
    from shanglian.events.access import events_organised_by

    return list(events_organised_by(user).order_by("-starts_at")[:100])


def ceremony_run_of_show(agreement: Agreement) -> dict[str, Any]:
    ceremony = Ceremony.objects.filter(agreement=agreement).select_related("event").first()
    parties = list(
        agreement.parties.select_related("association", "enterprise", "organisation").order_by("order", "id")
    )
    return {"ceremony": ceremony, "parties": parties}


def agreement_export_rows(qs: QuerySet[Agreement]) -> list[list[Any]]:
    rows = []
    for a in qs:
        rows.append(
            [
                a.reference,
                a.get_kind_display(),
                a.title_zh_hant,
                a.title_en,
                str(a.association),
                a.get_status_display(),
                a.signed_on,
                a.effective_on,
                a.expires_on,
                "; ".join(f"{p.target} ({p.signatory_name} {p.signatory_title})".strip() for p in a.parties.all()),
                ", ".join(a.language_list()),
                a.prevailing_language,
                a.board_approved_on,
                a.board_resolution,
                "Y" if a.is_public else "",
            ]
        )
    return rows


# ---- the funnel -----------------------------------------------------------------------------


def _year_bounds(year: int, *, dates: bool) -> tuple[Any, Any]:
    if dates:
        return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return datetime.datetime(year, 1, 1, tzinfo=tz), datetime.datetime(year + 1, 1, 1, tzinfo=tz)


def _by_year(field: str, years: list[int], *, dates: bool, count: str = "id") -> dict[str, Count]:
    """One conditional COUNT per year (a range on the column, so indexes and native comparisons
    serve; extracting the year per row is a Python function call per row on SQLite)."""
    out = {}
    for y in years:
        low, high = _year_bounds(y, dates=dates)
        out[f"y{y}"] = Count(count, filter=Q(**{f"{field}__gte": low, f"{field}__lt": high}))
    return out


FUNNEL_YEARS = 5  # the funnel covers this many years up to the current one (or the year asked for)
FUNNEL_CACHE_SECONDS = 300


def _funnel_years(year: int | None) -> list[int]:
    if year:
        return [year]
    this_year = datetime.date.today().year
    last = this_year + 1 if _meetings_scheduled_after(this_year) else this_year
    return list(range(this_year - FUNNEL_YEARS + 1, last + 1))


def _meetings_scheduled_after(year: int) -> bool:
    """Whether B2B meetings are already scheduled in a later year: an expo early next year has its
    meetings in the funnel as soon as they are scheduled, under next year."""
    from shanglian.events.models import Meeting

    return (
        Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
        .filter(slot__starts_at__year__gt=year)
        .exists()
    )


def funnel(
    user: Any, *, year: int | None = None, association: int | None = None, cached: bool = True
) -> dict[str, Any]:
    """The funnel below, kept FUNNEL_CACHE_SECONDS in the shared cache per (scope, year, association):
    a dashboard figure may be five minutes old; the first view after that recomputes it."""
    from django.core.cache import cache

    scope = "all" if access.is_secretariat(user) else ",".join(map(str, sorted(access.admin_association_ids(user))))
    key = f"agreements:funnel:v1:{scope}:{year or ''}:{association or ''}:{get_language()}"
    if cached:
        hit = cache.get(key)
        if hit is not None:
            return hit
    data = funnel_uncached(user, year=year, association=association)
    cache.set(key, data, FUNNEL_CACHE_SECONDS)
    return data


def funnel_uncached(user: Any, *, year: int | None = None, association: int | None = None) -> dict[str, Any]:
    """matches → meetings → agreements → outcomes, by association and year, in aggregate queries.

    - matches: proposed matches, counted for each association the opportunity's enterprise is a
      member of (one count per association, however many membership periods), by the year made;
    - meetings: B2B meetings scheduled (not cancelled) at the association's events, by slot year;
    - agreements: agreements signed (any status from "signed" on), by the responsible association and
      signing year; ``traced`` of them link to a match, introduction or meeting;
    - outcomes: outcomes recorded on those associations' agreements, with amounts and jobs.
    Each stage is one GROUP BY with a conditional COUNT per year (see ``_by_year``).
    """
    from shanglian.directory.models import Membership
    from shanglian.events.models import Event, Meeting
    from shanglian.matching.models import Match, Opportunity

    scope = None if access.is_secretariat(user) else access.admin_association_ids(user)
    if association:
        scope = [association] if scope is None or association in scope else []
    years = _funnel_years(year)
    rows: dict[tuple[int, int], dict[str, Any]] = defaultdict(
        lambda: {
            "matches": 0,
            "meetings": 0,
            "agreements": 0,
            "traced": 0,
            "outcomes": 0,
            "amount": Decimal(0),
            "jobs": 0,
        }
    )

    def scoped(qs: QuerySet, field: str) -> QuerySet:
        return qs.filter(**{f"{field}__in": scope}) if scope is not None else qs

    if years:
        # matches: grouped per opportunity (the foreign key's index, no join), then to enterprises
        # and on to associations through one memberships query
        per_opportunity = (
            Match.objects.values("opportunity_id").annotate(**_by_year("created_at", years, dates=False)).order_by()
        )
        enterprise_of = dict(Opportunity.objects.values_list("pk", "enterprise_id"))
        members: dict[int, set[int]] = defaultdict(set)
        for e, a in (
            scoped(Membership.objects.filter(enterprise__isnull=False), "association_id")
            .values_list("enterprise_id", "association_id")
            .distinct()
        ):
            members[e].add(a)
        for r in per_opportunity:
            for a in members.get(enterprise_of.get(r["opportunity_id"]), ()):
                for y in years:
                    if r[f"y{y}"]:
                        rows[(a, y)]["matches"] += r[f"y{y}"]
        # meetings: grouped per event (no join to the events table), then to the organising association
        association_of = dict(Event.objects.values_list("pk", "association_id"))
        allowed = set(scope) if scope is not None else None
        for r in (
            Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
            .values("event_id")
            .annotate(**_by_year("slot__starts_at", years, dates=False))
            .order_by()
        ):
            a = association_of.get(r["event_id"])
            if allowed is not None and a not in allowed:
                continue
            for y in years:
                if r[f"y{y}"]:
                    rows[(a, y)]["meetings"] += r[f"y{y}"]
        traced_ids = Source.objects.filter(
            kind__in=[Source.Kind.MATCH, Source.Kind.INTRODUCTION, Source.Kind.MEETING]
        ).values("agreement_id")
        signed = scoped(Agreement.objects.filter(status__in=SIGNED_STATUSES, signed_on__isnull=False), "association_id")
        traced_counts = {
            f"t{y}": Count(
                "id",
                filter=Q(
                    pk__in=traced_ids,
                    signed_on__gte=_year_bounds(y, dates=True)[0],
                    signed_on__lt=_year_bounds(y, dates=True)[1],
                ),
            )
            for y in years
        }
        for r in (
            signed.values(a=F("association_id"))
            .annotate(**_by_year("signed_on", years, dates=True), **traced_counts)
            .order_by()
        ):
            for y in years:
                if r[f"y{y}"]:
                    rows[(r["a"], y)]["agreements"] += r[f"y{y}"]
                    rows[(r["a"], y)]["traced"] += r[f"t{y}"]
        for y in years:
            low, high = _year_bounds(y, dates=True)
            for r in (
                scoped(Outcome.objects.filter(recorded_on__gte=low, recorded_on__lt=high), "agreement__association_id")
                .values(a=F("agreement__association_id"))
                .annotate(n=Count("id"), amount=Sum("amount"), jobs=Sum("jobs"))
                .order_by()
            ):
                row = rows[(r["a"], y)]
                row["outcomes"] += r["n"]
                row["amount"] += r["amount"] or 0
                row["jobs"] += r["jobs"] or 0
    names = {a.pk: a for a in Association.objects.filter(pk__in={a for a, _y in rows})}
    table = [
        {"association": names.get(a), "year": y, **values}
        for (a, y), values in sorted(
            rows.items(), key=lambda kv: (-kv[0][1], getattr(names.get(kv[0][0]), "sort", 0), kv[0][0])
        )
    ]
    totals = {
        key: sum(r[key] for r in table)
        for key in ("matches", "meetings", "agreements", "traced", "outcomes", "amount", "jobs")
    }
    for stage, before in (("meetings", "matches"), ("agreements", "meetings"), ("outcomes", "agreements")):
        totals[f"{stage}_rate"] = round(100 * totals[stage] / totals[before], 1) if totals[before] else None
    return {
        "rows": table,
        "totals": totals,
        "years": _funnel_years(None)[::-1],
    }


def funnel_associations(user: Any) -> QuerySet[Association]:
    return access.managed_associations(user)


# ---- projects and pledges -------------------------------------------------------------------


def project_list(user: Any) -> list[Project]:
    projects = list(
        access.visible_projects(user)
        .select_related("association")
        .annotate(pledged=Sum("pledges__amount"))
        .order_by("-created_at", "-id")
    )
    paid = dict(
        Instalment.objects.filter(pledge__project__in=[p.pk for p in projects], paid_on__isnull=False)
        .values("pledge__project_id")
        .annotate(s=Sum("amount"))
        .values_list("pledge__project_id", "s")
    )
    for p in projects:
        p.pledged = p.pledged or Decimal(0)
        p.paid = paid.get(p.pk) or Decimal(0)
    return projects


def project_page(project: Project, user: Any) -> dict[str, Any]:
    manage = access.can_manage_project(user, project)
    pledges = (
        Pledge.objects.filter(project=project)
        .select_related("association", "enterprise")
        .prefetch_related("instalments")
    )
    if not manage:
        assocs, ents = access.admin_association_ids(user), access.enterprise_ids(user)
        pledges = pledges.filter(Q(association_id__in=assocs) | Q(enterprise_id__in=ents))
    pledges = list(pledges)
    for pledge in pledges:
        pledge.paid = sum((i.amount for i in pledge.instalments.all() if i.paid_on), Decimal(0))
    totals = Pledge.objects.filter(project=project).aggregate(pledged=Sum("amount"))
    paid = Instalment.objects.filter(pledge__project=project, paid_on__isnull=False).aggregate(s=Sum("amount"))["s"]
    pledged = totals["pledged"] or Decimal(0)
    return {
        "project": project,
        "manage": manage,
        "pledges": pledges,
        "pledged": pledged,
        "paid": paid or Decimal(0),
        "outstanding": pledged - (paid or Decimal(0)),
        "percent": int(min(100, 100 * pledged / project.budget)) if project.budget else 0,
    }


def instalment_for(pledge: Pledge, pk: int | None) -> Instalment | None:
    return Instalment.objects.filter(pledge=pledge, pk=pk).first() if pk else None


def pledge_totals(pledge: Pledge) -> dict[str, Decimal]:
    paid = pledge.instalments.filter(paid_on__isnull=False).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return {"paid": paid, "outstanding": pledge.amount - paid}


def dashboard_summary(user: Any) -> dict[str, Any]:
    today = datetime.date.today()
    managed = access.managed_agreements(user)
    return {
        "manage": access.can_manage_any(user),
        "open_obligations": Obligation.objects.filter(
            agreement__in=managed.values("pk"), done_on__isnull=True, due_on__lte=today + datetime.timedelta(days=30)
        ).count(),
        "dormant": managed.filter(status=Agreement.Status.DORMANT).count(),
    }


def agreement_parties(agreement: Agreement) -> list[Party]:
    return list(agreement.parties.all())
