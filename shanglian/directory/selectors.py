"""Reads scoped to a viewer: the directory search used by pages, exports and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from shanglian.core.models import AuditEntry
from shanglian.core.search import search_filter
from shanglian.directory.access import current_membership_q
from shanglian.directory.models import (
    LIVE_STATUSES,
    Association,
    Enterprise,
    ImportBatch,
    Membership,
    OfficeBearer,
    Person,
    Term,
)
from shanglian.directory.services import SEARCH_KIND


@dataclass
class DirectoryFilters:
    q: str = ""
    association: str = ""  # slug
    place: str = ""  # Place.code
    industry: str = ""  # Industry.code

    @classmethod
    def from_mapping(cls, data: Any) -> DirectoryFilters:
        return cls(**{k: (data.get(k) or "").strip()[:200] for k in ("q", "association", "place", "industry")})


def _sort_name(prefix: str) -> Coalesce:
    """Chinese name, or the English one when there is none (so English-only names don't sort first)."""
    return Coalesce(NullIf(f"{prefix}name_zh", Value("")), f"{prefix}name_en")


def live_memberships_prefetch() -> Prefetch:
    """Prefetch used by Enterprise.current_associations(): current memberships (directory.access's
    rule: live status, end date not past) with their association."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(current_membership_q()).select_related("association")
        .only("id", "enterprise_id", "association_id", "association__slug", "association__name_zh",
              "association__name_en").order_by("id"),
        to_attr="live_memberships",
    )


def enterprise_directory(
    filters: DirectoryFilters, *, base: QuerySet[Enterprise] | None = None
) -> QuerySet[Enterprise]:
    """Active enterprises matching the filters, best match first when there is a query."""
    qs = (base if base is not None else Enterprise.objects.filter(is_active=True))
    if filters.association:
        qs = qs.filter(pk__in=Membership.objects.filter(current_membership_q(), association__slug=filters.association)
                       .values("enterprise_id"))
    if filters.place:
        qs = qs.filter(Q(place__code=filters.place))
    if filters.industry:
        qs = qs.filter(Q(industry__code=filters.industry) | Q(industry__parent__code=filters.industry))
    qs = qs.select_related("industry", "place").prefetch_related(live_memberships_prefetch())
    if filters.q:
        return search_filter(qs, kind=SEARCH_KIND, query=filters.q).order_by("-search_rank", "id")
    return qs.annotate(sort_name=_sort_name("")).order_by("sort_name", "id")


def association_members(association: Association, *, include_inactive: bool = False) -> QuerySet[Membership]:
    qs = association.memberships.select_related("enterprise", "person", "enterprise__industry", "enterprise__place")
    if not include_inactive:
        qs = qs.filter(status__in=["active", "pending"])
    return qs.annotate(sort_name=_sort_name("enterprise__")).order_by("sort_name", "person__name_zh", "id")


def current_term(association: Association, *, today: datetime.date | None = None) -> Term | None:
    today = today or datetime.date.today()
    return (association.terms.filter(start_date__lte=today)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).order_by("-number").first()
            or association.terms.order_by("-number").first())


def term_office_bearers(term: Term) -> QuerySet[OfficeBearer]:
    return term.office_bearers.select_related("person", "person__enterprise").order_by("sort", "id")


def home_context(user: Any) -> dict[str, Any]:
    """What the platform's home page shows of the directory."""
    return {
        "associations": Association.objects.filter(kind=Association.Kind.MEMBER).order_by("sort")
        .prefetch_related("districts"),
        "federation": Association.objects.filter(kind=Association.Kind.FEDERATION).first(),
        "enterprise_count": Enterprise.objects.filter(is_active=True).count(),
    }


def dashboard_context(user: Any) -> dict[str, Any]:
    """The viewer's associations to manage and own enterprises, for their dashboard."""
    from shanglian.directory.access import managed_associations, own_enterprises

    return {"managed": managed_associations(user), "own_enterprises": own_enterprises(user)}


def filter_choices() -> dict[str, Any]:
    """The directory's filter lists: member associations, places, top-level industries."""
    from shanglian.core.selectors import places, top_industries

    return {
        "associations": Association.objects.filter(kind=Association.Kind.MEMBER).only("slug", "name_zh", "name_en"),
        "places": places(kinds=["hk_district", "macao", "gba_city", "mainland"]),
        "industries": top_industries(),
    }


def restrict(enterprises: QuerySet[Enterprise], scope: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    return enterprises.filter(pk__in=scope.values("pk"))


def enterprise_page(enterprise: Enterprise, *, contacts: bool) -> dict[str, Any]:
    return {
        "memberships": enterprise.memberships.select_related("association").filter(status__in=LIVE_STATUSES),
        "people": list(enterprise.people.all()) if contacts else [],
    }


def enterprise_dues(enterprise: Enterprise) -> list[Membership]:
    """The enterprise's memberships that carry dues, newest first, each with ``.payment`` (the
    payment that tells its state, or None) — for its own admins on the member's page."""
    from shanglian.directory.payment_purpose import PURPOSE
    from shanglian.payments.selectors import payments_by_object

    rows = list(enterprise.memberships.select_related("association").filter(dues_amount__gt=0)
                .order_by("-start_date", "-pk")[:10])
    payments = payments_by_object(PURPOSE, [m.pk for m in rows])
    for m in rows:
        m.payment = payments.get(str(m.pk))
    return rows


def enterprise_people(enterprise: Enterprise) -> list[Person]:
    return list(enterprise.people.all())


def association_list() -> QuerySet[Association]:
    return Association.objects.prefetch_related("districts").order_by("kind", "sort")


def association_terms(association: Association) -> QuerySet[Term]:
    return association.terms.order_by("-number")


def term_exists(association: Association, number: int) -> bool:
    return Term.objects.filter(association=association, number=number).exists()


def association_page(association: Association) -> dict[str, Any]:
    return {
        "terms": association_terms(association),
        "member_count": association.memberships.filter(current_membership_q()).count(),
        "member_associations": Association.objects.filter(kind=Association.Kind.MEMBER).order_by("sort")
        if association.kind == Association.Kind.FEDERATION else [],
    }


def search_members(memberships: QuerySet[Membership], q: str) -> QuerySet[Membership]:
    matching = search_filter(Enterprise.objects.all(), kind=SEARCH_KIND, query=q)
    return memberships.filter(enterprise__in=matching.values("pk"))


def recent_import_batches(limit: int = 20) -> list[ImportBatch]:
    return list(ImportBatch.objects.select_related("uploaded_by").defer("preview")[:limit])


def association_activity_entries(association_id: int, *, action: str = "") -> QuerySet[AuditEntry]:
    """Entries written for the association, plus changes to its current members' enterprise and
    contact records (those concern every association the enterprise belongs to, so carry no single
    one). Once an enterprise has left (or moved to another association), later changes to its
    records — phones and e-mails included — are no longer this association's."""
    from shanglian.directory.access import current_memberships

    enterprise_ids = current_memberships().filter(association_id=association_id, enterprise__isnull=False) \
        .values_list("enterprise_id", flat=True)
    person_ids = Person.objects.filter(enterprise_id__in=enterprise_ids).values_list("pk", flat=True)
    as_text = [str(pk) for pk in enterprise_ids], [str(pk) for pk in person_ids]
    entries = AuditEntry.objects.filter(
        Q(association_id=association_id)
        | Q(target_type="directory.enterprise", target_id__in=as_text[0])
        | Q(target_type="directory.person", target_id__in=as_text[1])
    ).select_related("actor")
    if action:
        entries = entries.filter(action=action)
    return entries.order_by("-at", "-id")


# ------------------------------------------------------------------ mailing contacts (public selectors)
# Used by the mailings app to resolve a segment: (email, name, language) rows, one per address.
def _guess_language(*, preferred: str | None, mainland: bool, has_chinese_name: bool) -> str:
    if preferred:
        return preferred
    if mainland:
        return "zh-hans"
    return "zh-hant" if has_chinese_name else "en"


def member_contacts(*, association_ids: list[int] | None = None, industry_ids: list[int] | None = None,
                    district_ids: list[int] | None = None) -> list[tuple[str, str, str]]:
    """Enterprises with a current membership (of ``association_ids`` when given), filtered by
    industry and place: (e-mail, name, language). The language is the owner's account preference,
    else Simplified for Mainland enterprises (USCC or a Mainland place), Traditional otherwise."""
    from django.db.models import OuterRef, Subquery

    from shanglian.core.models import UserPreference
    from shanglian.directory.access import current_memberships
    from shanglian.directory.models import EnterpriseRole

    members = current_memberships()
    if association_ids is not None:
        members = members.filter(association_id__in=association_ids)
    qs = Enterprise.objects.filter(is_active=True, pk__in=members.values("enterprise_id")).exclude(email="")
    if industry_ids:
        qs = qs.filter(Q(industry_id__in=industry_ids) | Q(industry__parent_id__in=industry_ids))
    if district_ids:
        qs = qs.filter(place_id__in=district_ids)
    owner_language = UserPreference.objects.filter(
        user_id__in=EnterpriseRole.objects.filter(enterprise_id=OuterRef(OuterRef("pk"))).values("user_id"),
    ).values("language")[:1]
    rows = qs.annotate(pref=Subquery(owner_language)).values_list(
        "email", "name_zh", "name_en", "br_kind", "place__kind", "pref").order_by("pk")
    return [(email, name_zh or name_en, _guess_language(
        preferred=pref, mainland=br_kind == "cn_uscc" or place_kind in ("mainland", "gba_city"),
        has_chinese_name=bool(name_zh))) for email, name_zh, name_en, br_kind, place_kind, pref in rows]


def office_bearer_contacts(*, association_ids: list[int] | None = None,
                           positions: list[str] | None = None) -> list[tuple[str, str, str]]:
    """Office bearers (會長, 會董 …) of the associations' current terms: (e-mail, name, language)."""
    from django.utils import timezone

    today = timezone.localdate()
    terms = Term.objects.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    if association_ids is not None:
        terms = terms.filter(association_id__in=association_ids)
    qs = OfficeBearer.objects.filter(term__in=terms).exclude(person__email="")
    if positions:
        qs = qs.filter(position__in=positions)
    rows = qs.values_list("person__email", "person__name_zh", "person__name_en",
                          "person__user__preference__language").order_by("pk")
    return [(email, name_zh or name_en, _guess_language(preferred=pref, mainland=False, has_chinese_name=bool(name_zh)))
            for email, name_zh, name_en, pref in rows]
