"""Every write of the photography competition: entries, judging rounds, the public vote, fraud
reports and results. Limits live in the database (one vote per phone, one score per judge and
entry, one judge per user, a minor's entry needs a guardian's consent)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shanglian.competition import images
from shanglian.competition.models import (
    AgeGroup,
    Award,
    Category,
    Competition,
    Conflict,
    Entry,
    EntryNotice,
    FraudReport,
    Judge,
    JudgeInvitation,
    PublicVote,
    Round,
    Score,
)
from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict as ConflictError
from shanglian.core.errors import DomainError, Forbidden, LimitReached
from shanglian.core.formatting import site_url
from shanglian.core.mail import send_templated_mail, user_language
from shanglian.core.search import search_index_bulk, search_index_delete, search_index_update

ADULT_AGE = 18
FINALISTS = 50
CRITERIA = ("composition", "creativity", "technique")
SEARCH_KIND = "competition_entry"


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def phone_hash(phone: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"competition-vote:{phone}".encode(), hashlib.sha256).hexdigest()


# ------------------------------------------------------------------------------- search
def entry_search_parts(entry: Entry) -> list[str]:
    """What a voter types to find an entry in the gallery: its title (twice: a title match
    outranks a category match) and its category in the three languages. Never the entrant's
    name, birth date or code: the gallery is anonymous (minors among the entrants, blind judging)."""
    category = entry.category
    return [entry.title, entry.title, category.name_zh_hant, category.name_zh_hans, category.name_en]


def entry_reindex(*, entry: Entry) -> None:
    """Index a live entry, drop any other one (withdrawn, disqualified) from the search."""
    if entry.status == Entry.Status.SUBMITTED:
        search_index_update(kind=SEARCH_KIND, object_id=entry.pk, parts=entry_search_parts(entry))
    else:
        search_index_delete(kind=SEARCH_KIND, object_id=entry.pk)


def entry_unindex(*, entry_id: int) -> None:
    search_index_delete(kind=SEARCH_KIND, object_id=entry_id)


def _live_for_index(competition: Competition | None = None):
    qs = Entry.objects.filter(status=Entry.Status.SUBMITTED).select_related("category").order_by("pk")
    return qs.filter(competition=competition) if competition is not None else qs


def entry_reindex_all(*, competition: Competition | None = None) -> int:
    """(Re)index every live entry (``manage.py reindex competition_entry``), or one competition's
    (its categories were renamed)."""
    return search_index_bulk(kind=SEARCH_KIND, rows=((e.pk, entry_search_parts(e))
                                                     for e in _live_for_index(competition).iterator(500)))


@transaction.atomic
def competition_create(*, actor: Any, values: dict[str, Any], categories: list[str],
                       age_groups: list[tuple[str, int, int]]) -> Competition:
    competition = Competition.objects.create(**values)
    for name in categories:
        Category.objects.create(competition=competition, name_zh_hant=name)
    for name, lo, hi in age_groups:
        AgeGroup.objects.create(competition=competition, name_zh_hant=name, min_age=lo, max_age=hi)
    audit_record(actor=actor, action="competition.create", target=competition)
    return competition


def _clean_lines(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split("|")] for line in (text or "").splitlines() if line.strip()]


def parse_categories(text: str) -> list[tuple[str, str, str]]:
    """One category a line: ``繁體名稱 | 简体名称 | English name`` (简体 and English optional)."""
    rows = []
    for parts in _clean_lines(text):
        parts = (parts + ["", ""])[:3]
        if not parts[0]:
            message = _("每行須以繁體名稱開始。")
            raise DomainError("categories", message, fields={"categories": message})
        rows.append((parts[0][:100], parts[1][:100], parts[2][:100]))
    if not rows:
        raise DomainError("categories", _("最少要有一個組別。"), fields={"categories": _("最少要有一個組別。")})
    if len({r[0] for r in rows}) != len(rows):
        raise DomainError("categories", _("組別名稱重複。"), fields={"categories": _("組別名稱重複。")})
    return rows


def parse_age_groups(text: str) -> list[tuple[str, int, int, str, str]]:
    """One age group a line: ``繁體名稱 | 最低年齡 | 最高年齡 | 简体名称 | English name``."""
    rows = []
    error = _("每行格式：名稱 | 最低年齡 | 最高年齡（例如「少年組 | 12 | 17」），最低年齡不可大於最高年齡。")
    for parts in _clean_lines(text):
        parts = (parts + ["", "", "", ""])[:5]
        lo, hi = parts[1], parts[2]
        if not (parts[0] and lo.isascii() and lo.isdigit() and hi.isascii() and hi.isdigit()
                and int(lo) <= int(hi) <= 120):
            raise DomainError("age_groups", error, fields={"age_groups": error})
        rows.append((parts[0][:100], int(lo), int(hi), parts[3][:100], parts[4][:100]))
    if not rows:
        raise DomainError("age_groups", _("最少要有一個年齡組別。"), fields={"age_groups": _("最少要有一個年齡組別。")})
    if len({r[0] for r in rows}) != len(rows):
        raise DomainError("age_groups", _("年齡組別名稱重複。"), fields={"age_groups": _("年齡組別名稱重複。")})
    return rows


def _check_dates(values: dict[str, Any]) -> None:
    if values["vote_opens"] >= values["vote_closes"]:
        raise DomainError("dates", _("公眾投票結束時間須遲於開始時間。"),
                          fields={"vote_closes": _("公眾投票結束時間須遲於開始時間。")})


@transaction.atomic
def competition_save(*, actor: Any, values: dict[str, Any], categories: str, age_groups: str,
                     competition: Competition | None = None) -> Competition:
    """Create or edit a competition from the staff page: its fields, its categories and age
    groups (matched by 繁體 name; one that already has entries cannot be removed) and the
    quorum, which also applies to the round under way."""
    if not (actor is not None and getattr(actor, "is_staff", False)):
        raise Forbidden()
    cats = parse_categories(categories)
    groups = parse_age_groups(age_groups)
    _check_dates(values)
    names_before = categories_text(competition) if competition is not None else ""
    if competition is None:
        competition = Competition.objects.create(**values)
        action = "competition.create"
    else:
        competition = Competition.objects.select_for_update().get(pk=competition.pk)
        for key, value in values.items():
            setattr(competition, key, value)
        competition.save()
        action = "competition.update"
    _sync(competition.categories.all(), Category, competition,
          {c[0]: {"name_zh_hans": c[1], "name_en": c[2]} for c in cats}, "categories", _("組別"))
    _sync(competition.age_groups.all(), AgeGroup, competition,
          {g[0]: {"min_age": g[1], "max_age": g[2], "name_zh_hans": g[3], "name_en": g[4]} for g in groups},
          "age_groups", _("年齡組別"))
    Round.objects.filter(competition=competition, closed_at__isnull=True).update(quorum=competition.quorum)
    if names_before and categories_text(competition) != names_before:  # the entries' indexed category names
        saved = competition
        transaction.on_commit(lambda: entry_reindex_all(competition=saved))
    audit_record(actor=actor, action=action, target=competition,
                 changes={"categories": [c[0] for c in cats], "age_groups": [g[0] for g in groups]})
    return competition


def _sync(existing, model, competition: Competition, wanted: dict[str, dict[str, Any]], field: str, label) -> None:
    current = {row.name_zh_hant: row for row in existing}
    for name, row in current.items():
        if name not in wanted:
            if row.entries.exists():
                message = _("「%(name)s」已有參賽作品，不能刪除。") % {"name": name}
                raise DomainError(field, message, fields={field: message})
            row.delete()
    for name, extra in wanted.items():
        if name in current:
            for key, value in extra.items():
                setattr(current[name], key, value)
            current[name].save()
        else:
            model.objects.create(competition=competition, name_zh_hant=name, **extra)


def categories_text(competition: Competition) -> str:
    return "\n".join(" | ".join((c.name_zh_hant, c.name_zh_hans, c.name_en)).rstrip(" |")
                     for c in competition.categories.all())


def age_groups_text(competition: Competition) -> str:
    return "\n".join(" | ".join((g.name_zh_hant, str(g.min_age), str(g.max_age), g.name_zh_hans, g.name_en))
                     .rstrip(" |") for g in competition.age_groups.all())


# ------------------------------------------------------------------------------- e-mails
def _notify(entry: Entry, kind: str, **context: Any) -> bool:
    """E-mail the entrant one notice of ``kind`` in their language, at most once per entry (the
    unique EntryNotice row decides); sent after commit through core.mail."""
    email = (getattr(entry.user, "email", "") or "").strip()
    if not email:
        return False
    _notice, created = EntryNotice.objects.get_or_create(entry=entry, kind=kind)
    if not created:
        return False
    language = user_language(entry.user)
    with translation.override(language):
        links = {"mine_url": site_url(reverse("competition:mine")),
                 "results_url": site_url(reverse("competition:results", args=[entry.competition_id]))}
    send_templated_mail(to=[email], template=f"competition/email/{kind}", language=language,
                        context={"entry": entry, "competition": entry.competition, **links, **context})
    return True


def _notify_many(entries, kind: str, **context: Any) -> int:
    return sum(_notify(e, kind, **context) for e in entries)


@transaction.atomic
def competition_set_status(*, actor: Any, competition: Competition, status: str) -> Competition:
    if status not in Competition.Status.values:
        raise DomainError("status", _("狀態無效。"))
    Competition.objects.filter(pk=competition.pk).update(status=status)
    competition.status = status
    live = competition.entries.filter(status=Entry.Status.SUBMITTED).select_related(
        "user", "competition", "user__preference")
    if status == Competition.Status.JUDGING and not competition.rounds.exists():
        first = Round.objects.create(competition=competition, number=1, kind=Round.Kind.SHORTLIST,
                                     quorum=competition.quorum)
        first.entries.set(live)
        _notify_many(live, EntryNotice.Kind.ACCEPTED)
    if status == Competition.Status.RESULTS:
        for entry in live:
            award = Award.objects.filter(entry=entry).first()
            _notify(entry, EntryNotice.Kind.RESULTS, place=award.place if award else None)
    audit_record(actor=actor, action="competition.status", target=competition, changes={"status": status})
    return competition


def _new_code() -> str:
    return "P" + "".join(secrets.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(7))


def entry_submit(*, actor: Any, competition: Competition, category_id: int | None, age_group_id: int | None,
                 entrant_name: str, birth_date: datetime.date, title: str, data: bytes,
                 guardian_name: str = "", guardian_consent: bool = False,
                 now: datetime.datetime | None = None) -> Entry:
    now = now or timezone.now()
    if not getattr(actor, "is_authenticated", False):
        raise Forbidden()
    category = Category.objects.filter(competition=competition, pk=category_id).first()
    group = AgeGroup.objects.filter(competition=competition, pk=age_group_id).first()
    errors: dict[str, str] = {}
    if category is None:
        errors["category"] = _("請選擇組別。")
    if group is None:
        errors["age_group"] = _("請選擇年齡組別。")
    if not (entrant_name or "").strip():
        errors["entrant_name"] = _("請填寫參賽者姓名。")
    if not (title or "").strip():
        errors["title"] = _("請填寫作品名稱。")
    age = age_on(birth_date, competition.entry_deadline.date()) if birth_date else -1
    if group is not None and not (group.min_age <= age <= group.max_age):
        errors["age_group"] = _("參賽者於截止日 %(age)s 歲，不屬此年齡組別（%(lo)s–%(hi)s 歲）。") % {
            "age": age, "lo": group.min_age, "hi": group.max_age}
    minor = 0 <= age < ADULT_AGE
    if minor and not (guardian_consent and (guardian_name or "").strip()):
        errors["guardian_consent"] = _("未滿 18 歲的參賽者須由家長或監護人填寫姓名並同意參賽。")
    if errors:
        raise DomainError("entry", _("請修正標示的欄位。"), fields=errors)
    processed = images.process(data, max_bytes=competition.max_bytes, min_width=competition.min_width,
                               min_height=competition.min_height)
    with transaction.atomic():
        locked = Competition.objects.select_for_update().get(pk=competition.pk)
        if not locked.accepting_entries(now):
            raise ConflictError("closed", _("比賽已截止收件。"))
        mine = Entry.objects.filter(competition=locked, user=actor, status=Entry.Status.SUBMITTED)
        if mine.count() >= locked.entries_per_person:
            raise ConflictError("limit", _("每人最多提交 %(n)s 件作品。") % {"n": locked.entries_per_person})
        duplicate = None
        for other in Entry.objects.filter(competition=locked).exclude(status=Entry.Status.WITHDRAWN).only(
                "pk", "dhash", "user_id"):
            if images.distance(other.dhash, processed.dhash) <= images.NEAR:
                if other.user_id == actor.pk:
                    raise ConflictError("duplicate", _("你已提交相同或非常相似的作品（%(code)s）。")
                                        % {"code": Entry.objects.get(pk=other.pk).code})
                duplicate = other
                break
        entry = Entry(competition=locked, category=category, age_group=group, user=actor, code=_new_code(),
                      entrant_name=entrant_name.strip()[:100], birth_date=birth_date, is_minor=minor,
                      guardian_name=(guardian_name or "").strip()[:100] if minor else "",
                      guardian_consent_at=now if minor else None, title=title.strip()[:120],
                      width=processed.width, height=processed.height, exif=processed.exif, dhash=processed.dhash,
                      duplicate_of=duplicate)
        entry.original.save(f"{entry.code}.{processed.original_ext}", ContentFile(data), save=False)
        entry.public_image.save(f"{entry.code}.jpg", ContentFile(processed.public), save=False)
        entry.thumbnail.save(f"{entry.code}.jpg", ContentFile(processed.thumbnail), save=False)
        entry.save()
        audit_record(actor=actor, action="competition.entry", target=entry,
                     changes={"duplicate_of": duplicate.pk if duplicate else None})
        _notify(entry, EntryNotice.Kind.RECEIVED)
        # After commit: the embedding is not done while the competition row is locked.
        transaction.on_commit(lambda: entry_reindex(entry=entry))
    return entry


@transaction.atomic
def entry_withdraw(*, actor: Any, entry: Entry) -> Entry:
    updated = Entry.objects.filter(pk=entry.pk, status=Entry.Status.SUBMITTED,
                                   competition__status=Competition.Status.ENTRIES).update(status=Entry.Status.WITHDRAWN)
    if not updated:
        raise ConflictError("locked", _("評審開始後不能撤回作品。"))
    entry.refresh_from_db()
    entry_unindex(entry_id=entry.pk)  # in the transaction: gone from the search with the status change
    audit_record(actor=actor, action="competition.withdraw", target=entry)
    return entry


@transaction.atomic
def entry_disqualify(*, actor: Any, entry: Entry, reason: str = "") -> Entry:
    """Reject an entry with a reason the entrant is told (e-mail in their language)."""
    reason = (reason or "").strip()[:200]
    if not reason:
        raise DomainError("reason", _("請說明取消資格的原因（會通知參賽者）。"),
                          fields={"reason": _("請說明取消資格的原因（會通知參賽者）。")})
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.DISQUALIFIED, status_reason=reason)
    FraudReport.objects.filter(entry=entry).update(resolved=True)
    entry.refresh_from_db()
    entry_unindex(entry_id=entry.pk)
    audit_record(actor=actor, action="competition.disqualify", target=entry, changes={"reason": reason})
    _notify(entry, EntryNotice.Kind.REJECTED, reason=reason)
    return entry


# -------------------------------------------------------------------------------- judging
@transaction.atomic
def judge_add(*, actor: Any, competition: Competition, user: Any) -> Judge:
    judge, _created = Judge.objects.get_or_create(competition=competition, user=user)
    audit_record(actor=actor, action="competition.judge_add", target=judge)
    return judge


INVITATION_DAYS = 14


def _token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> JudgeInvitation | None:
    return JudgeInvitation.objects.select_related("competition").filter(
        token_hash=hashlib.sha256((token or "").encode()).hexdigest()).first()


@transaction.atomic
def judge_invite(*, actor: Any, competition: Competition, email: str, language: str, name: str = "",
                 now: datetime.datetime | None = None) -> tuple[JudgeInvitation, str]:
    """E-mail an invitation to judge (in ``language``); the raw token is only in the e-mail."""
    from django.core.validators import validate_email

    now = now or timezone.now()
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except Exception:  # noqa: BLE001 - Django's ValidationError, reported as a field error
        raise DomainError("email", _("請輸入有效的電郵地址。"), fields={"email": _("請輸入有效的電郵地址。")}) from None
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if Judge.objects.filter(competition=competition, user__email__iexact=email).exists():
        raise ConflictError("already_judge", _("此電郵的帳戶已是本比賽的評審。"))
    token, hashed = _token()
    try:
        with transaction.atomic():
            invitation = JudgeInvitation.objects.create(
                competition=competition, email=email, name=(name or "").strip()[:100], language=language,
                token_hash=hashed, created_by=actor, expires_at=now + datetime.timedelta(days=INVITATION_DAYS))
    except IntegrityError:
        raise ConflictError("pending", _("已向此電郵發出邀請，尚待接受。")) from None
    audit_record(actor=actor, action="competition.judge_invite", target=invitation, changes={"email": email})
    with translation.override(language):
        url = site_url(reverse("competition:invitation", args=[token]))
    send_templated_mail(to=[email], template="competition/email/judge_invitation", language=language,
                        context={"invitation": invitation, "competition": competition, "url": url,
                                 "days": INVITATION_DAYS})
    return invitation, token


@transaction.atomic
def judge_invitation_revoke(*, actor: Any, invitation: JudgeInvitation) -> JudgeInvitation:
    if not JudgeInvitation.objects.filter(pk=invitation.pk, status=JudgeInvitation.Status.PENDING).update(
            status=JudgeInvitation.Status.REVOKED):
        raise ConflictError("not_pending", _("此邀請已被接受或撤回。"))
    invitation.refresh_from_db()
    audit_record(actor=actor, action="competition.judge_invitation_revoke", target=invitation)
    return invitation


@transaction.atomic
def judge_invitation_accept(*, user: Any, invitation: JudgeInvitation,
                            now: datetime.datetime | None = None) -> Judge:
    """Single use: the conditional UPDATE lets one request accept a pending, unexpired invitation."""
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        raise Forbidden()
    if not JudgeInvitation.objects.filter(pk=invitation.pk, status=JudgeInvitation.Status.PENDING,
                                          expires_at__gt=now).update(
            status=JudgeInvitation.Status.ACCEPTED, accepted_by=user, accepted_at=now):
        raise ConflictError("invalid", _("此邀請已失效（已使用、已撤回或已過期），請聯絡秘書處重新邀請。"))
    judge, _created = Judge.objects.get_or_create(competition=invitation.competition, user=user)
    audit_record(actor=user, action="competition.judge_accept", target=judge,
                 changes={"invitation": invitation.pk})
    return judge


@transaction.atomic
def conflict_declare(*, judge: Judge, entry: Entry, reason: str = "") -> Conflict:
    conflict, _created = Conflict.objects.get_or_create(judge=judge, entry=entry, defaults={"reason": reason[:200]})
    Score.objects.filter(judge=judge, entry=entry).delete()  # a conflicted judge's marks do not count
    audit_record(actor=judge.user, action="competition.conflict", target=conflict)
    return conflict


def _int(value: Any, lo: int, hi: int, field: str) -> int:
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit() and lo <= int(text) <= hi):
        raise DomainError("score", _("分數須為 %(lo)s 至 %(hi)s。") % {"lo": lo, "hi": hi},
                          fields={field: _("分數無效。")})
    return int(text)


def score_submit(*, judge: Judge, round: Round, entry: Entry, values: dict[str, Any]) -> Score:
    if round.closed_at is not None:
        raise ConflictError("closed", _("此輪評審已結束。"))
    if not round.entries.filter(pk=entry.pk).exists():
        raise DomainError("entry", _("此作品不在本輪評審之內。"))
    if Conflict.objects.filter(judge=judge, entry=entry).exists():
        raise Forbidden("conflict", _("你已申報與此作品有利益衝突，不能評分。"))
    fields: dict[str, Any] = {"yes": None, "composition": None, "creativity": None, "technique": None, "rank": None}
    if round.kind == Round.Kind.SHORTLIST:
        if str(values.get("yes")) not in ("yes", "no"):
            raise DomainError("score", _("請選擇入圍或不入圍。"))
        fields["yes"] = str(values.get("yes")) == "yes"
    elif round.kind == Round.Kind.RUBRIC:
        for c in CRITERIA:
            fields[c] = _int(values.get(c), 1, 10, c)
    else:
        fields["rank"] = _int(values.get("rank"), 1, max(1, round.entries.count()), "rank")
    with transaction.atomic():
        score, _created = Score.objects.update_or_create(round=round, judge=judge, entry=entry, defaults=fields)
        audit_record(actor=judge.user, action="competition.score", target=score)
    return score


@transaction.atomic
def round_close(*, actor: Any, round: Round) -> Round | None:
    """Close a round (every entry needs ``quorum`` judges' marks) and open the next one with the
    entries that advance; after the ranking round the results are computed (no chance involved)."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.closed_at is not None:
        raise ConflictError("closed", _("此輪評審已結束。"))
    entries = list(locked.entries.filter(status=Entry.Status.SUBMITTED))
    scores = defaultdict(list)
    for s in Score.objects.filter(round=locked, entry__in=entries):
        scores[s.entry_id].append(s)
    short = [e.code for e in entries if len(scores[e.pk]) < locked.quorum]
    if short:
        raise ConflictError("quorum", _("%(n)s 件作品未達法定評審人數（%(q)s 人）：%(codes)s")
                            % {"n": len(short), "q": locked.quorum, "codes": ", ".join(short[:10])})
    locked.closed_at = timezone.now()
    locked.save(update_fields=["closed_at"])
    audit_record(actor=actor, action="competition.round_close", target=locked)
    if locked.kind == Round.Kind.SHORTLIST:
        advancing = [e for e in entries if sum(1 for s in scores[e.pk] if s.yes) * 2 > len(scores[e.pk])]
        kind = Round.Kind.RUBRIC
    elif locked.kind == Round.Kind.RUBRIC:
        def mean(e):
            marks = scores[e.pk]
            return sum(s.composition + s.creativity + s.technique for s in marks) / len(marks)
        advancing = sorted(entries, key=lambda e: (-mean(e), e.pk))[:FINALISTS]
        kind = Round.Kind.RANKING
    else:
        _award(locked, entries, scores)
        return None
    nxt = Round.objects.create(competition=locked.competition, number=locked.number + 1, kind=kind,
                               quorum=locked.quorum)
    nxt.entries.set(advancing)
    if locked.kind == Round.Kind.SHORTLIST:
        _notify_many(advancing, EntryNotice.Kind.SHORTLISTED)
    return nxt


def _award(round: Round, entries: list[Entry], scores) -> None:
    by_category: dict[int, list[Entry]] = defaultdict(list)
    for e in entries:
        by_category[e.category_id].append(e)
    for group in by_category.values():
        ranked = sorted(group, key=lambda e: (sum(s.rank for s in scores[e.pk]) / len(scores[e.pk]), e.pk))
        for place, e in enumerate(ranked[:6], start=1):
            Award.objects.update_or_create(entry=e, defaults={"place": min(place, 4)})


# ------------------------------------------------------------------------------- public vote
def vote_cast(*, competition: Competition, entry_id: int | None, phone: str, ip: str = "",
              now: datetime.datetime | None = None) -> PublicVote:
    """One vote per verified phone per competition: the unique constraint decides, not a read."""
    if not phone:
        raise Forbidden("phone_unverified", _("請先驗證手機號碼。"))
    if not competition.voting_open(now):
        raise ConflictError("closed", _("公眾投票現時未開放。"))
    entry = Entry.objects.filter(pk=entry_id, competition=competition, status=Entry.Status.SUBMITTED).first()
    if entry is None:
        raise DomainError("entry", _("找不到此作品。"), status=404)
    try:
        with transaction.atomic():
            vote = PublicVote.objects.create(competition=competition, entry=entry, phone_hash=phone_hash(phone),
                                             ip=(ip or "")[:45])
    except IntegrityError:
        raise ConflictError("already_voted", _("此手機號碼已經投過票。")) from None
    return vote


def rate_ok(name: str, key: str, allowed: int, window: int) -> bool:
    """Fixed-window counter in the cache (atomic incr): False when over ``allowed`` per ``window`` s
    (``allowed`` 0: no limit)."""
    import time

    from django.core.cache import cache

    if allowed <= 0:
        return True
    cache_key = f"competition:rl:{name}:{key}:{int(time.time() // window)}"
    cache.add(cache_key, 0, timeout=window + 5)
    try:
        return cache.incr(cache_key) <= allowed
    except ValueError:
        cache.add(cache_key, 1, timeout=window + 5)
        return True


VOTE_LIMITS = {"ip": (60, 60), "phone": (5, 60)}  # (requests, seconds); settings.COMPETITION_VOTE_LIMITS


def vote_rate_check(*, ip: str, phone: str) -> None:
    limits = {**VOTE_LIMITS, **getattr(settings, "COMPETITION_VOTE_LIMITS", {})}
    if not (rate_ok("vote_ip", ip, *limits["ip"]) and rate_ok("vote_phone", phone, *limits["phone"])):
        raise LimitReached()


@transaction.atomic
def fraud_report(*, entry: Entry, reason: str, reporter: Any = None) -> FraudReport:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason", _("請說明舉報原因。"), fields={"reason": _("請說明舉報原因。")})
    report = FraudReport.objects.create(entry=entry, reason=reason[:1000],
                                        reporter=reporter if getattr(reporter, "is_authenticated", False) else None)
    audit_record(actor=reporter, action="competition.fraud_report", target=report)
    return report
