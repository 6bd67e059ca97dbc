"""Reads of the competition, scoped by the caller."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from shanglian.competition.models import (
    Award,
    Competition,
    Entry,
    FraudReport,
    Judge,
    JudgeInvitation,
    PublicVote,
    Round,
    Score,
)


def live_entries(competition: Competition) -> QuerySet[Entry]:
    return competition.entries.filter(status=Entry.Status.SUBMITTED).select_related("category", "age_group")


def live_count(competition: Competition) -> int:
    return live_entries(competition).count()


def gallery(competition: Competition) -> QuerySet[Entry]:
    return live_entries(competition).annotate(n_votes=Count("votes")).order_by("category_id", "pk")


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
