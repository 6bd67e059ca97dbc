"""Reads of the competition, scoped by the caller."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from shanglian.competition.models import (
    AgeGroup,
    Award,
    Category,
    Competition,
    Entry,
    FraudReport,
    Judge,
    JudgeInvitation,
    PublicVote,
    Round,
    Score,
)
from shanglian.competition.services import SEARCH_KIND
from shanglian.core.search import search_filter


def live_entries(competition: Competition) -> QuerySet[Entry]:
    return competition.entries.filter(status=Entry.Status.SUBMITTED).select_related("category", "age_group")


def live_count(competition: Competition) -> int:
    return live_entries(competition).count()


def gallery(competition: Competition, *, q: str = "", category: Category | None = None,
            age_group: AgeGroup | None = None) -> QuerySet[Entry]:
    """The public gallery: live entries by category, then as they came in; with ``q``, the
    matches best first (core.search: 繁體, 简体 and English alike). ``category`` and ``age_group``
    must be the competition's own (``gallery_category`` / ``gallery_age_group``). No vote counts:
    the public vote is not shown while it runs."""
    qs = live_entries(competition).order_by("category_id", "pk")
    if category is not None:
        qs = qs.filter(category=category)
    if age_group is not None:
        qs = qs.filter(age_group=age_group)
    if (q or "").strip():
        # within: the head is ranked among this gallery's entries (not every competition's), so a
        # broad word still fills the first page from the index's ranked head.
        qs = search_filter(qs, kind=SEARCH_KIND, query=q, within=qs).order_by("-search_rank", "category_id", "pk")
    return qs


def gallery_category(competition: Competition, pk: int | None) -> Category | None:
    """The competition's own category with this id, or None (unknown, or another competition's)."""
    return competition.categories.filter(pk=pk).first() if pk else None


def gallery_age_group(competition: Competition, pk: int | None) -> AgeGroup | None:
    return competition.age_groups.filter(pk=pk).first() if pk else None


def categories(competition: Competition) -> QuerySet[Category]:
    return competition.categories.order_by("pk")


def age_groups(competition: Competition) -> QuerySet[AgeGroup]:
    return competition.age_groups.all()


def my_entries(user: Any) -> QuerySet[Entry]:
    if not getattr(user, "is_authenticated", False):
        return Entry.objects.none()
    return Entry.objects.filter(user=user).select_related("competition", "category", "age_group").order_by("-pk")


def current_round(competition: Competition) -> Round | None:
    return competition.rounds.filter(closed_at__isnull=True).order_by("number").first()


def judging_sheet(judge: Judge, round: Round) -> list[dict[str, Any]]:
    """The entries of a round as a judge sees them: code, category, age group, public image,
    EXIF; never the entrant's name. Entries the judge declared a conflict with are marked."""
    conflicts = set(judge.conflicts.values_list("entry_id", flat=True))
    mine = {s.entry_id: s for s in Score.objects.filter(round=round, judge=judge)}
    rows = []
    live = round.entries.filter(status=Entry.Status.SUBMITTED).select_related("category", "age_group")
    for e in live.order_by("code"):
        rows.append({"pk": e.pk, "code": e.code, "title": e.title, "category": e.category.name,
                     "age_group": e.age_group.name, "exif": e.exif, "width": e.width, "height": e.height,
                     "conflict": e.pk in conflicts, "score": mine.get(e.pk)})
    return rows


def round_progress(round: Round) -> dict[str, Any]:
    counts = dict(Score.objects.filter(round=round).values_list("entry_id").annotate(n=Count("pk")))
    entries = list(round.entries.filter(status=Entry.Status.SUBMITTED).values_list("pk", flat=True))
    short = sum(1 for pk in entries if counts.get(pk, 0) < round.quorum)
    return {"entries": len(entries), "short_of_quorum": short}


def results(competition: Competition) -> QuerySet[Award]:
    return Award.objects.filter(entry__competition=competition).select_related(
        "entry", "entry__category", "entry__age_group").order_by("entry__category_id", "place", "entry_id")


def public_favourite(competition: Competition) -> Entry | None:
    return live_entries(competition).annotate(n_votes=Count("votes")).filter(n_votes__gt=0).order_by(
        "-n_votes", "pk").first()


def fraud_reports(competition: Competition) -> QuerySet[FraudReport]:
    return FraudReport.objects.filter(entry__competition=competition, resolved=False).select_related("entry")


def duplicates(competition: Competition) -> QuerySet[Entry]:
    return live_entries(competition).filter(duplicate_of__isnull=False).select_related("duplicate_of")


def suspicious_votes(competition: Competition, *, per_ip: int = 20) -> list[dict[str, Any]]:
    """Addresses that cast many votes, for the organisers' review."""
    return list(PublicVote.objects.filter(competition=competition).exclude(ip="").values("ip")
                .annotate(n=Count("pk")).filter(n__gte=per_ip).order_by("-n")[:50])


def judges(competition: Competition) -> QuerySet[Judge]:
    return competition.judges.select_related("user")


def open_competitions() -> QuerySet[Competition]:
    return Competition.objects.filter(~Q(status=Competition.Status.DRAFT)).order_by("-entry_deadline")


def all_competitions() -> QuerySet[Competition]:
    """Every competition, drafts included (the secretariat's list)."""
    return Competition.objects.order_by("-entry_deadline", "-pk")


def judge_invitations(competition: Competition) -> QuerySet[JudgeInvitation]:
    return competition.judge_invitations.filter(status=JudgeInvitation.Status.PENDING).order_by("-created_at")
