"""Reads: the rules in force on a day (as the pure ``RulesSnapshot``), declarations scoped to a viewer,
the hub directory."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from shanglian.customs.models import (
    CodeEntry,
    Declaration,
    LimitRule,
    Partner,
    PositiveListItem,
    PositiveListVersion,
    TaxRate,
)
from shanglian.customs.rules import PositiveEntry, RulesSnapshot


def in_force(day: datetime.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def positive_list_in_force(day: datetime.date | None = None) -> PositiveListVersion | None:
    return PositiveListVersion.objects.filter(in_force(day or timezone.localdate())).order_by("-valid_from").first()


def _longest(prefixes: dict[str, TaxRate], code: str) -> TaxRate | None:
    for n in range(len(code), 1, -1):
        rate = prefixes.get(code[:n])
        if rate is not None:
            return rate
    return None


def _modes(value: str) -> frozenset[str]:
    return frozenset(m.strip() for m in value.replace("/", ",").split(",") if m.strip())


def _excluded(value: str) -> tuple[str, ...]:
    """The remark's excluded words in both scripts (a Hong Kong seller writes 繁體)."""
    from shanglian.core.reading import opencc_convert

    words = [w.strip() for w in value.replace("，", ",").split(",") if w.strip()]
    both = words + [opencc_convert("s2hk", w) for w in words] + [opencc_convert("hk2s", w) for w in words]
    return tuple(dict.fromkeys(both))


def entry_from_item(item: PositiveListItem, rate: TaxRate | None = None) -> PositiveEntry:
    return PositiveEntry(
        hs_code=item.hs_code, name=item.name_zh_hans or item.name_zh_hant, remark=str(item.remark),
        modes=_modes(item.modes), max_net_weight=item.max_net_weight,
        excluded_names=_excluded(item.excluded_names),
        vat_rate=rate.vat_rate if rate else None, ct_rate=rate.ct_rate if rate else None,
        tariff_rate=rate.tariff_rate if rate else None)


def rules_snapshot(day: datetime.date | None = None) -> RulesSnapshot:
    """The rules in force on ``day`` (today by default). Without a limits row the statutory defaults
    of 財關稅〔2018〕49號 apply; without a positive-list version no goods pass."""
    day = day or timezone.localdate()
    limit = LimitRule.objects.filter(in_force(day)).order_by("-valid_from").first()
    rates = {r.hs_prefix: r for r in TaxRate.objects.filter(in_force(day)).order_by("valid_from")}
    version = positive_list_in_force(day)
    entries: tuple[PositiveEntry, ...] = ()
    if version is not None:
        entries = tuple(entry_from_item(item, _longest(rates, item.hs_code)) for item in version.items.all())
    codes = CodeEntry.objects.filter(in_force(day))
    id_types = frozenset(codes.filter(table=CodeEntry.Table.ID_TYPE).values_list("code", flat=True)) or frozenset({"1"})
    kwargs: dict[str, Any] = {}
    if limit is not None:
        kwargs = {"per_order_limit": limit.per_order_limit, "annual_limit": limit.annual_limit,
                  "tax_factor": Decimal(limit.tax_factor), "default_vat_rate": Decimal(limit.default_vat_rate),
                  "amount_tolerance": Decimal(limit.amount_tolerance)}
    return RulesSnapshot(positive_list=entries, positive_list_version=version.code if version else "",
                         id_types=id_types, currencies=frozenset({"142"}), on=day, **kwargs)


def positive_item_for(gcode: str, day: datetime.date | None = None) -> PositiveListItem | None:
    """The positive-list line (longest prefix) for an HS code in the version in force."""
    version = positive_list_in_force(day)
    if version is None or not gcode:
        return None
    prefixes = [gcode[:n] for n in range(len(gcode), 1, -1)]
    items = {i.hs_code: i for i in version.items.filter(hs_code__in=prefixes)}
    for p in prefixes:
        if p in items:
            return items[p]
    return None


def codes(table: str, day: datetime.date | None = None) -> QuerySet[CodeEntry]:
    return CodeEntry.objects.filter(in_force(day or timezone.localdate()), table=table)


# ------------------------------------------------------------------------------ declarations

def partners_of(user: Any) -> QuerySet[Partner]:
    if not getattr(user, "is_authenticated", False):
        return Partner.objects.none()
    return Partner.objects.filter(members=user)


def agent_ids(user: Any) -> list[int]:
    return list(partners_of(user).filter(kind=Partner.Kind.AGENT).values_list("pk", flat=True))


def declarations_visible_to(user: Any) -> QuerySet[Declaration]:
    """The secretariat: all; an enterprise's users: their enterprise's; an agent's accounts: theirs."""
    from shanglian.directory.access import own_enterprise_ids

    qs = Declaration.objects.select_related("enterprise", "agent")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_staff:
        return qs
    return qs.filter(Q(enterprise_id__in=list(own_enterprise_ids(user))) | Q(agent_id__in=agent_ids(user)))


def agent_inbox(agent: Partner) -> QuerySet[Declaration]:
    return Declaration.objects.filter(agent=agent, status=Declaration.Status.READY)


def hub_directory(*, kind: str = "", city: str = "") -> QuerySet[Partner]:
    qs = Partner.objects.filter(is_active=True)
    if kind in Partner.Kind.values:
        qs = qs.filter(kind=kind)
    if city in Partner.City.values:
        qs = qs.filter(city=city)
    return qs


def status_counts(qs: QuerySet[Declaration]) -> dict[str, int]:
    from django.db.models import Count

    return {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("pk"))}


def bundles_of(agents: QuerySet[Partner]) -> QuerySet[Any]:
    from shanglian.customs.models import Bundle

    return Bundle.objects.filter(agent__in=agents).select_related("agent").defer("content")[:50]


def inbox_of(agents: QuerySet[Partner]) -> QuerySet[Declaration]:
    return Declaration.objects.filter(agent__in=agents, status=Declaration.Status.READY).select_related("agent")


def awaiting_agent(user: Any) -> QuerySet[Declaration]:
    """Ready declarations without an agent, of the user's enterprises (or all for the secretariat)."""
    return declarations_visible_to(user).filter(status=Declaration.Status.READY, agent__isnull=True)


def batches_of(user: Any) -> QuerySet[Any]:
    from shanglian.customs.models import WorkbenchBatch
    from shanglian.directory.access import own_enterprise_ids

    qs = WorkbenchBatch.objects.select_related("enterprise")
    if getattr(user, "is_staff", False):
        return qs[:30]
    return qs.filter(enterprise_id__in=list(own_enterprise_ids(user)))[:30]


def dossiers_of(user: Any) -> QuerySet[Any]:
    from shanglian.customs.models import ExportDossier
    from shanglian.directory.access import own_enterprise_ids

    qs = ExportDossier.objects.select_related("enterprise")
    if getattr(user, "is_staff", False):
        return qs[:50]
    return qs.filter(enterprise_id__in=list(own_enterprise_ids(user)))[:50]


def declaration_page(user: Any, *, status: str = "") -> QuerySet[Declaration]:
    qs = declarations_visible_to(user)
    if status in Declaration.Status.values:
        qs = qs.filter(status=status)
    return qs


def declaration_detail(declaration: Declaration) -> dict[str, Any]:
    return {"timeline": list(declaration.timeline.select_related("actor")),
            "ceb_messages": list(declaration.messages.defer("xml")),
            "receipts": list(declaration.receipts.defer("xml"))}


def message_of(declaration: Declaration, pk: Any) -> Any:
    from shanglian.core.params import id_param

    pk = id_param(pk)
    return declaration.messages.filter(pk=pk).first() if pk else None


def rules_page(day: datetime.date | None = None, *, hs: str = "") -> dict[str, Any]:
    day = day or timezone.localdate()
    version = positive_list_in_force(day)
    hs = "".join(ch for ch in (hs or "") if ch.isdigit())[:10]
    items = version.items.all() if version else PositiveListItem.objects.none()
    if hs:
        items = items.filter(hs_code__startswith=hs[:4]).order_by("hs_code")
        exact = positive_item_for(hs, day) if len(hs) >= 4 else None
    else:
        exact = None
    return {
        "day": day, "limit": LimitRule.objects.filter(in_force(day)).order_by("-valid_from").first(),
        "limits": list(LimitRule.objects.all()), "rates": list(TaxRate.objects.filter(in_force(day))),
        "version": version, "items": list(items[:200]), "item_count": version.items.count() if version else 0,
        "hs": hs, "exact": exact,
        "codes": {table: list(codes(table, day)) for table in CodeEntry.Table.values},
    }


def dashboard_counts(user: Any) -> dict[str, Any]:
    qs = declarations_visible_to(user)
    return {"counts": status_counts(qs), "total": qs.count(), "agents": partners_of(user).exists()}


def declaration_for_source(source: str, ref: str) -> Declaration | None:
    """The latest declaration another app prepared for its own reference (the store: its order number)."""
    return Declaration.objects.filter(source=source, source_ref=ref).order_by("-pk").first()


def positive_list_page(day: datetime.date | None = None) -> dict[str, Any]:
    """The versions (newest first, with their item counts and which is in force) and recent uploads."""
    from django.db.models import Count

    from shanglian.customs.models import PositiveListImport

    day = day or timezone.localdate()
    current = positive_list_in_force(day)
    return {"versions": PositiveListVersion.objects.annotate(n_items=Count("items")).order_by("-valid_from"),
            "current": current, "today": day,
            "imports": PositiveListImport.objects.select_related("version").order_by("-created_at")[:10]}
