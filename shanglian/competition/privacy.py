"""What the photography competition holds about a person, registered with core.privacy for
export, erasure and the daily retention purge.

- **Entries** (by the entrant's account): the entrant's name and birth date, a minor's guardian
  name and consent time, the photo (the original keeps its EXIF), notices sent. Erasure deletes
  the entries and their files (their scores and awards go with them).
- **Public votes** (by phone): only a keyed hash of the phone and the voter's address are kept.
  Erasure and retention replace the hash by an unlinkable one and clear the address: the vote
  still counts, but no longer points at anyone.
- **Fraud reports** (by the reporter's account): erasure removes the reporter, keeps the report.
- **Judge invitations** (by the accounts' e-mail addresses): erased. Judges themselves are part
  of the judging record and are exported, not erased here (the account erasure removes them).

Retention (``privacy_purge``, daily): votes are anonymised ``COMPETITION_VOTE_RETENTION_DAYS``
(90) after the vote closed; withdrawn entries are deleted ``COMPETITION_WITHDRAWN_RETENTION_DAYS``
(90) after the entry deadline; judge invitations no longer pending (or expired) are deleted after
90 days.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from shanglian.competition.models import Entry, FraudReport, Judge, JudgeInvitation, PublicVote
from shanglian.competition.services import entry_unindex, phone_hash
from shanglian.core.privacy import Subject, register_personal_data, register_retention


def _days(name: str, default: int) -> datetime.timedelta:
    return datetime.timedelta(days=int(getattr(settings, name, default)))


def _emails(subject: Subject) -> set[str]:
    emails = get_user_model().objects.filter(pk__in=subject.user_ids).values_list("email", flat=True)
    return {e.strip().lower() for e in emails if e}


def _votes(subject: Subject):
    return PublicVote.objects.filter(phone_hash__in=[phone_hash(p) for p in subject.phones])


def export(subject: Subject) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for e in Entry.objects.filter(user_id__in=subject.user_ids).select_related("competition", "category",
                                                                                "age_group"):
        rows.append({"kind": "entry", "competition": e.competition.title_zh_hant, "code": e.code, "title": e.title,
                     "entrant_name": e.entrant_name, "birth_date": e.birth_date.isoformat(),
                     "guardian_name": e.guardian_name,
                     "guardian_consent_at": e.guardian_consent_at.isoformat() if e.guardian_consent_at else None,
                     "category": e.category.name_zh_hant, "age_group": e.age_group.name_zh_hant,
                     "status": e.status, "status_reason": e.status_reason, "exif": e.exif,
                     "notices": list(e.notices.values_list("kind", flat=True)),
                     "created_at": e.created_at.isoformat()})
    for v in _votes(subject).select_related("entry", "competition"):
        rows.append({"kind": "public_vote", "competition": v.competition.title_zh_hant, "entry": v.entry.code,
                     "ip": v.ip, "created_at": v.created_at.isoformat()})
    for r in FraudReport.objects.filter(reporter_id__in=subject.user_ids).select_related("entry"):
        rows.append({"kind": "fraud_report", "entry": r.entry.code, "reason": r.reason,
                     "created_at": r.created_at.isoformat()})
    for j in Judge.objects.filter(user_id__in=subject.user_ids).select_related("competition"):
        rows.append({"kind": "judge", "competition": j.competition.title_zh_hant,
                     "scores": j.scores.count(), "conflicts": j.conflicts.count()})
    for i in JudgeInvitation.objects.filter(email__in=_emails(subject)).select_related("competition"):
        rows.append({"kind": "judge_invitation", "competition": i.competition.title_zh_hant, "email": i.email,
                     "name": i.name, "status": i.status, "created_at": i.created_at.isoformat()})
    return rows


def _delete_entries(entries) -> int:
    n = 0
    for entry in entries:
        for field in (entry.original, entry.public_image, entry.thumbnail):
            if field:
                field.delete(save=False)
        entry_unindex(entry_id=entry.pk)
        entry.delete()
        n += 1
    return n


def _anonymise_votes(votes) -> int:
    n = 0
    for vote in votes.exclude(phone_hash__startswith="x:").only("pk"):
        PublicVote.objects.filter(pk=vote.pk).update(phone_hash="x:" + secrets.token_hex(16), ip="")
        n += 1
    return n


def erase(subject: Subject) -> int:
    n = _delete_entries(Entry.objects.filter(user_id__in=subject.user_ids))
    n += _anonymise_votes(_votes(subject))
    n += FraudReport.objects.filter(reporter_id__in=subject.user_ids).update(reporter=None)
    n += JudgeInvitation.objects.filter(email__in=_emails(subject)).delete()[0]
    return n


def purge_votes(now: datetime.datetime) -> int:
    cutoff = now - _days("COMPETITION_VOTE_RETENTION_DAYS", 90)
    return _anonymise_votes(PublicVote.objects.filter(competition__vote_closes__lt=cutoff))


def purge_withdrawn(now: datetime.datetime) -> int:
    cutoff = now - _days("COMPETITION_WITHDRAWN_RETENTION_DAYS", 90)
    return _delete_entries(Entry.objects.filter(status=Entry.Status.WITHDRAWN, competition__entry_deadline__lt=cutoff))


def purge_invitations(now: datetime.datetime) -> int:
    cutoff = now - datetime.timedelta(days=90)
    return JudgeInvitation.objects.filter(created_at__lt=cutoff).filter(
        ~Q(status=JudgeInvitation.Status.PENDING) | Q(expires_at__lt=now)).delete()[0]


def register() -> None:
    register_personal_data("competition", export=export, erase=erase)
    register_retention("competition.votes", purge_votes)
    register_retention("competition.withdrawn_entries", purge_withdrawn)
    register_retention("competition.judge_invitations", purge_invitations)
