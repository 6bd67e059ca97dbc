"""Reads of charity drives: totals, the leaderboard by association (consenting pledges only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from shanglian.charity.models import Campaign, Pledge

LIVE = ~Q(status=Pledge.Status.CANCELLED)


def totals(campaign: Campaign) -> dict[str, Any]:
    agg = campaign.pledges.filter(LIVE).aggregate(
        pledged=Sum("amount"), received=Sum("received_amount", filter=Q(status=Pledge.Status.RECEIVED)),
        donors=Count("pk"), in_kind=Count("pk", filter=~Q(in_kind="")))
    pledged, received = agg["pledged"] or Decimal(0), agg["received"] or Decimal(0)
    percent = min(100, int(received * 100 / campaign.goal)) if campaign.goal else 0
    return {"pledged": pledged, "received": received, "donors": agg["donors"], "in_kind": agg["in_kind"],
            "percent": percent}


def leaderboard(campaign: Campaign) -> list[dict[str, Any]]:
    """Associations by money pledged through them (their own and their members'), counting only
    pledges whose donor agreed to be counted."""
    rows = (campaign.pledges.filter(LIVE, leaderboard_consent=True, association__isnull=False)
            .values("association__name_zh", "association__name_en", "association__short_name_zh")
            .annotate(total=Sum("amount"), received=Sum("received_amount"), n=Count("pk"))
            .order_by("-total", "association__name_zh"))
    return [r for r in rows if r["total"]]


def in_kind_gifts(campaign: Campaign) -> QuerySet[Pledge]:
    return campaign.pledges.filter(LIVE).exclude(in_kind="").order_by("pk")


def pledges_for_manager(campaign: Campaign) -> QuerySet[Pledge]:
    return campaign.pledges.select_related("association", "enterprise").order_by("-pk")


def my_pledges(user: Any) -> QuerySet[Pledge]:
    if not getattr(user, "is_authenticated", False):
        return Pledge.objects.none()
    return Pledge.objects.filter(user=user).select_related("campaign").order_by("-pk")


def open_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(status=Campaign.Status.OPEN).order_by("deadline")
