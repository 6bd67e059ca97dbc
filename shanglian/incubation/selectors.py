"""Reads of the incubation app, scoped to the viewer."""

from __future__ import annotations

import datetime
import statistics
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shanglian.incubation.models import (
    Allocation,
    Application,
    Assignment,
    Base,
    Call,
    Incubatee,
    Instalment,
    KpiReport,
    Mentor,
    Reviewer,
    Space,
)


def open_calls() -> QuerySet[Call]:
    now = timezone.now()
    return Call.objects.filter(is_published=True, closes_at__gt=now).select_related("programme").order_by("closes_at")


def published_calls() -> QuerySet[Call]:
    return Call.objects.filter(is_published=True).select_related("programme").order_by("-opens_at")


def all_calls() -> QuerySet[Call]:
    return (
        Call.objects.select_related("programme")
        .annotate(n_applications=Count("applications", filter=~Q(applications__status=Application.Status.DRAFT)))
        .order_by("-opens_at")
    )


def my_applications(user: Any) -> QuerySet[Application]:
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return Application.objects.filter(applicant=user).select_related("call__programme").order_by("-created_at")


def application_of(user: Any, call: Call) -> Application | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Application.objects.filter(applicant=user, call=call).first()


def call_applications(call: Call, *, status: str = "", page: int = 1, size: int = 50) -> tuple[list[Application], int]:
    """One page of a call's submitted applications: the page's ids come from the index first
    (call, status, submitted_at), then only those 50 rows are joined and counted."""
    qs = Application.objects.filter(call=call).exclude(status=Application.Status.DRAFT)
    if status in Application.Status.values:
        qs = qs.filter(status=status)
    total = qs.count()
    start = (page - 1) * size
    ids = list(qs.order_by("-submitted_at", "-pk").values_list("pk", flat=True)[start : start + size])
    rows = {
        a.pk: a
        for a in Application.objects.filter(pk__in=ids).select_related("applicant").annotate(n_members=Count("members"))
    }
    for a in rows.values():
        a.review_assignments = []
    for assignment in (
        Assignment.objects.filter(application_id__in=ids).select_related("reviewer__user").order_by("-match", "pk")
    ):
        rows[assignment.application_id].review_assignments.append(assignment)
    return [rows[i] for i in ids if i in rows], total


def files_of(application: Application) -> list:
    return list(application.files.order_by("field_key"))


def reviewer_queue(user: Any) -> list[Assignment]:
    """The reviewer's assignments, never those on an application they declared a conflict with."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Assignment.objects.filter(reviewer__user=user)
        .exclude(application__conflicts__user=user)
        .select_related("application__call")
        .order_by("submitted_at", "application__pk")
    )


def reviewers_of(call: Call) -> list[Reviewer]:
    return list(
        Reviewer.objects.filter(panel__call=call)
        .select_related("user", "panel")
        .annotate(load=Count("assignments", filter=Q(assignments__application__call=call)))
        .order_by("panel", "pk")
    )


def ranking(call: Call) -> list[dict[str, Any]]:
    """Applications in review or decided, with the raw mean and the mean of per-reviewer z-scores
    (each reviewer's totals standardised over their own reviews in the call: a harsh and a lenient
    reviewer count alike). Sorted by the normalised score."""
    reviews = list(
        Assignment.objects.filter(application__call=call, submitted_at__isnull=False).values_list(
            "reviewer_id", "application_id", "total"
        )
    )
    by_reviewer: dict[int, list[float]] = {}
    for reviewer_id, _app, total in reviews:
        by_reviewer.setdefault(reviewer_id, []).append(total)
    stats = {r: (statistics.fmean(v), statistics.pstdev(v) if len(v) > 1 else 0.0) for r, v in by_reviewer.items()}
    per_app: dict[int, list[tuple[float, float]]] = {}
    for reviewer_id, app_id, total in reviews:
        mean, sd = stats[reviewer_id]
        per_app.setdefault(app_id, []).append((total, (total - mean) / sd if sd else 0.0))
    apps = (
        Application.objects.filter(
            call=call,
            status__in=[
                Application.Status.REVIEW,
                Application.Status.OFFERED,
                Application.Status.WAITLISTED,
                Application.Status.REJECTED,
                Application.Status.ACCEPTED,
            ],
        )
        .annotate(n_assigned=Count("assignments"))
        .order_by("pk")
    )
    rows = []
    for a in apps:
        scores = per_app.get(a.pk, [])
        rows.append(
            {
                "application": a,
                "reviews": len(scores),
                "assigned": a.n_assigned,
                "raw": statistics.fmean(s for s, _z in scores) if scores else None,
                "z": statistics.fmean(z for _s, z in scores) if scores else None,
            }
        )
    rows.sort(key=lambda r: (r["z"] is None, -(r["z"] or 0), -(r["raw"] or 0)))
    for i, r in enumerate(rows, start=1):
        r["rank"] = i
    return rows


def occupancy(day: datetime.date | None = None) -> list[dict[str, Any]]:
    day = day or timezone.localdate()
    busy = set(Allocation.objects.filter(start__lte=day, end__gt=day).values_list("space_id", flat=True))
    out = []
    for value, label in Base.choices:
        spaces = list(Space.objects.filter(base=value))
        kinds = []
        for kind, kind_label in Space.Kind.choices:
            of_kind = [s for s in spaces if s.kind == kind]
            used = sum(1 for s in of_kind if s.pk in busy)
            kinds.append(
                {
                    "kind": kind_label,
                    "total": len(of_kind),
                    "used": used,
                    "pct": round(100 * used / len(of_kind)) if of_kind else 0,
                }
            )
        used = sum(1 for s in spaces if s.pk in busy)
        out.append(
            {
                "base": value,
                "label": label,
                "total": len(spaces),
                "used": used,
                "kinds": kinds,
                "pct": round(100 * used / len(spaces)) if spaces else 0,
                "incubatees": Incubatee.objects.filter(base=value, status=Incubatee.Status.ACTIVE).count(),
            }
        )
    return out


def spaces() -> list[Space]:
    return list(Space.objects.order_by("base", "kind", "code"))


def allocations(day: datetime.date | None = None) -> list[Allocation]:
    day = day or timezone.localdate()
    return list(
        Allocation.objects.filter(end__gt=day)
        .select_related("space", "incubatee__enterprise")
        .order_by("space__base", "space__code", "start")[:300]
    )


def incubatees(user: Any = None) -> QuerySet[Incubatee]:
    qs = Incubatee.objects.select_related("enterprise", "application__call")
    if user is not None and not getattr(user, "is_staff", False):
        qs = qs.filter(application__applicant=user) if getattr(user, "is_authenticated", False) else qs.none()
    return qs.order_by("base", "pk")


def instalments_of(incubatee: Incubatee) -> list[Instalment]:
    return list(incubatee.instalments.order_by("number"))


def kpis_of(incubatee: Incubatee) -> list[KpiReport]:
    return list(incubatee.kpis.order_by("-year", "-quarter"))


def funder_rows() -> list[list[Any]]:
    rows = []
    for inc in incubatees().prefetch_related("instalments", "kpis"):
        released = sum((i.amount for i in inc.instalments.all() if i.status == Instalment.Status.RELEASED), 0)
        planned = sum((i.amount for i in inc.instalments.all()), 0)
        latest = max(inc.kpis.all(), key=lambda k: (k.year, k.quarter), default=None)
        rows.append(
            [
                inc.application.reference,
                inc.enterprise.name_zh or inc.enterprise.name_en,
                inc.get_base_display(),
                str(inc.start_date),
                inc.get_status_display(),
                float(planned),
                float(released),
                f"{latest.year}Q{latest.quarter}" if latest else "",
                float(latest.revenue) if latest else 0,
                latest.jobs if latest else 0,
                float(latest.funds_raised) if latest else 0,
                latest.ip_count if latest else 0,
            ]
        )
    return rows


def dashboard_summary(user: Any) -> dict[str, Any]:
    return {
        "incubation_my_apps": list(my_applications(user)[:5]),
        "incubation_reviews_due": sum(1 for a in reviewer_queue(user) if a.submitted_at is None),
    }


def members_of(application: Application) -> list:
    return list(application.members.all())


def criteria_of(call: Call) -> list:
    return list(call.criteria.all())


def allocations_of(incubatee: Incubatee) -> list[Allocation]:
    return list(incubatee.allocations.select_related("space").order_by("start"))


def mentoring_of(incubatee: Incubatee) -> list:
    return list(incubatee.mentoring.select_related("mentor__user", "mentor__enterprise").order_by("-date"))


def mentor_suggestions(incubatee: Incubatee, limit: int = 5) -> list[dict[str, Any]]:
    """Mentors from member enterprises, ranked by how well their expertise (and their enterprise)
    meets the start-up's needs — its tags and what it is about — through the matching engine's
    sentence model (``expertise.match``), with the pairs behind each score as reasons."""
    from shanglian.incubation import expertise

    mentors = list(Mentor.objects.select_related("user", "enterprise").order_by("pk"))
    if not mentors:
        return []
    matched = expertise.match(
        [expertise.application_profile(incubatee.application)], [expertise.mentor_profile(m) for m in mentors]
    )
    rows = [
        {"mentor": m, "score": int(matched.scores[0][j]), "reasons": matched.reasons(0, j)}
        for j, m in enumerate(mentors)
    ]
    rows.sort(key=lambda r: (-r["score"], r["mentor"].pk))
    return [r for r in rows if r["score"] > 0][:limit]


def host_association():
    """The association that hosts pitch days: the first in the federation's order (the federation itself)."""
    from shanglian.directory.models import Association

    federation = Association.objects.filter(kind=Association.Kind.FEDERATION).order_by("sort", "pk").first()
    return federation or Association.objects.order_by("sort", "pk").first()


def pitch_shortlist(call: Call, limit: int = 30) -> list[Application]:
    keep = {Application.Status.REVIEW, Application.Status.OFFERED, Application.Status.WAITLISTED}
    return [r["application"] for r in ranking(call) if r["application"].status in keep][:limit]


def agreements_of(incubatee: Incubatee) -> list[dict[str, Any]]:
    """The start-up's agreements in the agreements register: the incubation agreement made on
    acceptance and one space licence per allocation, each with its parties and dates."""
    rows: list[dict[str, Any]] = []
    if incubatee.agreement_id:
        rows.append({"agreement": incubatee.agreement, "allocation": None})
    for allocation in incubatee.allocations.select_related("space", "licence").order_by("start"):
        if allocation.licence_id:
            rows.append({"agreement": allocation.licence, "allocation": allocation})
    for row in rows:
        row["parties"] = list(
            row["agreement"].parties.select_related("association", "enterprise", "organisation").order_by("order")
        )
    return rows


def application_count(call: Call) -> int:
    return Application.objects.filter(call=call).count()
