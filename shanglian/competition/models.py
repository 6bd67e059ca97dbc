"""The youth photography competition (青年學藝攝影比賽): entries, blind judging rounds, a public
vote kept apart from the judging, results, certificates and a gallery. No chance-based prizes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated


class Competition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ENTRIES = "entries", _("接受參賽")
        JUDGING = "judging", _("評審中")
        RESULTS = "results", _("已公布結果")

    title_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    rules_zh_hant = models.TextField(_("參賽規則（繁體）"), blank=True)
    rules_zh_hans = models.TextField(_("參賽規則（简体）"), blank=True)
    rules_en = models.TextField(_("參賽規則（English）"), blank=True)
    entry_deadline = models.DateTimeField(_("截止參賽"))
    vote_opens = models.DateTimeField(_("公眾投票開始"))
    vote_closes = models.DateTimeField(_("公眾投票結束"))
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    min_width = models.PositiveIntegerField(_("最小寬度（像素）"), default=1600)
    min_height = models.PositiveIntegerField(_("最小高度（像素）"), default=1200)
    max_bytes = models.PositiveIntegerField(_("檔案上限（位元組）"), default=15 * 1024 * 1024)
    entries_per_person = models.PositiveSmallIntegerField(_("每人作品上限"), default=3)
    quorum = models.PositiveSmallIntegerField(_("每輪法定評審人數"), default=2,
                                              help_text=_("每件作品每輪最少要有多少位評審評分"))

    title = Translated("title")
    rules = Translated("rules")

    class Meta:
        ordering = ("-entry_deadline", "-pk")

    def __str__(self) -> str:
        return self.title_zh_hant

    def accepting_entries(self, now=None) -> bool:
        return self.status == self.Status.ENTRIES and (now or timezone.now()) < self.entry_deadline

    def voting_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status != self.Status.DRAFT and self.vote_opens <= now < self.vote_closes


class Category(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="categories")
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=100)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=100, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=100, blank=True)
    name = Translated("name")

    def __str__(self) -> str:
        return self.name_zh_hant


class AgeGroup(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="age_groups")
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=100)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=100, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=100, blank=True)
    min_age = models.PositiveSmallIntegerField(_("最低年齡"))
    max_age = models.PositiveSmallIntegerField(_("最高年齡"))
    name = Translated("name")

    class Meta:
        ordering = ("min_age",)
        constraints = [models.CheckConstraint(condition=Q(min_age__lte=models.F("max_age")),
                                              name="competition_age_range")]

    def __str__(self) -> str:
        return self.name_zh_hant


class Entry(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        WITHDRAWN = "withdrawn", _("已撤回")
        DISQUALIFIED = "disqualified", _("被取消資格")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    age_group = models.ForeignKey(AgeGroup, on_delete=models.PROTECT, related_name="entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True)  # what judges see instead of a name
    entrant_name = models.CharField(_("參賽者姓名"), max_length=100)
    birth_date = models.DateField(_("出生日期"))
    is_minor = models.BooleanField(default=False)
    guardian_name = models.CharField(_("家長或監護人姓名"), max_length=100, blank=True)
    guardian_consent_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField(_("作品名稱"), max_length=120)
    original = models.FileField(upload_to="competition/original/")
    public_image = models.FileField(upload_to="competition/public/")
    thumbnail = models.FileField(upload_to="competition/thumb/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    exif = models.JSONField(default=dict, blank=True)
    dhash = models.CharField(max_length=16, db_index=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("狀態"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    status_reason = models.CharField(_("原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("pk",)
        constraints = [models.CheckConstraint(condition=Q(is_minor=False) | Q(guardian_consent_at__isnull=False),
                                              name="competition_minor_needs_guardian")]

    def __str__(self) -> str:
        return self.code


class Judge(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=("competition", "user"), name="competition_one_judge")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.competition_id}"


class JudgeInvitation(models.Model):
    """An e-mailed, expiring, single-use invitation to judge a competition (only the token's
    SHA-256 is stored). Accepting it while logged in makes that account a judge."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待接受")
        ACCEPTED = "accepted", _("已接受")
        REVOKED = "revoked", _("已撤回")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="judge_invitations")
    email = models.EmailField(_("電郵"))
    name = models.CharField(_("姓名"), max_length=100, blank=True)
    language = models.CharField(_("郵件語言"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("有效至"))
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [models.UniqueConstraint(fields=("competition", "email"), condition=Q(status="pending"),
                                               name="competition_one_pending_judge_invitation")]

    def __str__(self) -> str:
        return f"{self.email}@{self.competition_id}"


class EntryNotice(models.Model):
    """One e-mail notice of each kind per entry: the unique row makes every notice at most once."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("已收到作品")
        ACCEPTED = "accepted", _("作品進入評審")
        REJECTED = "rejected", _("作品被取消資格")
        SHORTLISTED = "shortlisted", _("作品入圍")
        RESULTS = "results", _("比賽結果")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("entry", "kind"), name="competition_one_notice")]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.kind}"


class Conflict(models.Model):
    """A judge declares they know the entrant: they do not judge that entry."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("judge", "entry"), name="competition_one_conflict")]

    def __str__(self) -> str:
        return f"{self.judge_id}×{self.entry_id}"


class Round(models.Model):
    class Kind(models.TextChoices):
        SHORTLIST = "shortlist", _("初選（入圍／不入圍）")
        RUBRIC = "rubric", _("複選（評分準則）")
        RANKING = "ranking", _("決選（排名）")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    quorum = models.PositiveSmallIntegerField(_("法定評審人數"), default=2)
    closed_at = models.DateTimeField(null=True, blank=True)
    entries = models.ManyToManyField(Entry, related_name="rounds")

    class Meta:
        ordering = ("number",)
        constraints = [models.UniqueConstraint(fields=("competition", "number"), name="competition_round_number")]

    def __str__(self) -> str:
        return f"{self.competition_id}#{self.number}"


class Score(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    yes = models.BooleanField(null=True)
    composition = models.PositiveSmallIntegerField(null=True)
    creativity = models.PositiveSmallIntegerField(null=True)
    technique = models.PositiveSmallIntegerField(null=True)
    rank = models.PositiveSmallIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("round", "judge", "entry"), name="competition_one_score"),
            models.CheckConstraint(condition=(Q(composition__isnull=True) | Q(composition__gte=1, composition__lte=10))
                                   & (Q(creativity__isnull=True) | Q(creativity__gte=1, creativity__lte=10))
                                   & (Q(technique__isnull=True) | Q(technique__gte=1, technique__lte=10)),
                                   name="competition_rubric_1_10"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.judge_id}/{self.entry_id}"


class Award(models.Model):
    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="award")
    place = models.PositiveSmallIntegerField()  # 1, 2, 3; 4 = merit

    class Meta:
        ordering = ("place",)

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.place}"


class PublicVote(models.Model):
    """One vote per verified phone per competition (the phone is kept only as a keyed hash)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="votes")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    phone_hash = models.CharField(max_length=64)
    ip = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("competition", "phone_hash"), name="competition_one_vote")]

    def __str__(self) -> str:
        return f"{self.entry_id}"


class FraudReport(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="fraud_reports")
    reason = models.TextField(max_length=1000)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.reason[:40]}"
