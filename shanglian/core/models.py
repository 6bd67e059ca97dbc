"""Shared models: audit log, reference data (places, industries), search index, vocabulary."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated


class AuditEntry(models.Model):
    """Who changed what, when. Written by services, never updated."""

    at = models.DateTimeField(_("時間"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作者"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    action = models.CharField(_("動作"), max_length=80, db_index=True)
    target_type = models.CharField(_("對象類型"), max_length=80, db_index=True)
    target_id = models.CharField(_("對象編號"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("對象"), max_length=300, blank=True)
    changes = models.JSONField(_("變更"), default=dict, blank=True)
    association_id = models.BigIntegerField(_("商會"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("審計紀錄")
        verbose_name_plural = _("審計紀錄")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class Place(models.Model):
    """A Hong Kong district, a Macao parish or a Mainland / overseas city or region."""

    class Kind(models.TextChoices):
        HK_DISTRICT = "hk_district", _("香港地區")
        MACAO = "macao", _("澳門")
        GBA_CITY = "gba_city", _("大灣區內地城市")
        MAINLAND = "mainland", _("內地其他省市")
        OVERSEAS = "overseas", _("海外")

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    kind = models.CharField(_("類別"), max_length=20, choices=Kind.choices, db_index=True)
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=80)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=80)
    name_en = models.CharField(_("名稱（English）"), max_length=80)
    sort = models.PositiveSmallIntegerField(default=0)
    name = Translated("name")

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("地區")
        verbose_name_plural = _("地區")

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    """Industry taxonomy shared by the directory, matchmaking and events."""

    code = models.SlugField(_("代碼"), max_length=40, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("上層"))
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=80)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=80)
    name_en = models.CharField(_("名稱（English）"), max_length=80)
    sort = models.PositiveSmallIntegerField(default=0)
    name = Translated("name")

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("行業")
        verbose_name_plural = _("行業")

    def __str__(self) -> str:
        return self.name


class SearchEntry(models.Model):
    """One searchable object: its token string (see shanglian.text), indexed full-text.

    SQLite indexes ``tokens`` with an FTS5 external-content table kept in sync by triggers;
    PostgreSQL with a stored generated tsvector column `tsv` (GIN). See core/search.py.
    """

    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    tokens = models.TextField(blank=True)
    # int8 sentence vector (shanglian.text.embed, 512 bytes); NULL: found by words only.
    vector = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]
        # New entries of a kind since a process last looked (core.search's dense matrices).
        indexes = [models.Index(fields=["kind", "id"], name="search_entry_kind_id")]
        verbose_name = _("搜尋索引")
        verbose_name_plural = _("搜尋索引")

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchWord(models.Model):
    """A word some record of a kind is written with, and its sentence vector: the vocabulary a
    query word that no table knows is compared with by meaning (core/search_words.py). Grown as
    records are indexed; a word whose records are gone stays (it then finds nothing)."""

    kind = models.CharField(max_length=40)
    word = models.CharField(max_length=16)
    vector = models.BinaryField(editable=False)  # int8, as SearchEntry.vector

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "word"], name="search_word_unique")]
        indexes = [models.Index(fields=["kind", "id"], name="search_word_kind_id")]
        verbose_name = _("搜尋詞彙")
        verbose_name_plural = _("搜尋詞彙")

    def __str__(self) -> str:
        return f"{self.kind}:{self.word}"


class RegionalTerm(models.Model):
    """Secretariat's additions to the shipped HK↔Mainland vocabulary table."""

    hk = models.CharField(_("香港用語"), max_length=40, unique=True)
    mainland = models.CharField(_("內地用語"), max_length=40)
    en = models.CharField(_("英文"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hk"]
        verbose_name = _("兩地用語")
        verbose_name_plural = _("兩地用語")

    def __str__(self) -> str:
        return f"{self.hk} = {self.mainland}"


class UserPreference(models.Model):
    """Per-user settings that outlive a session: the language e-mails are written in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="preference")
    language = models.CharField(_("語言"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    phone = models.CharField(_("電話"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("用戶偏好")
        verbose_name_plural = _("用戶偏好")

    def __str__(self) -> str:
        return f"{self.user} ({self.language})"


class Consent(models.Model):
    """A data subject's consent to a collection notice (HK PDPO, Mainland PIPL): for what purpose,
    under which version of the notice, when, and whether a separate consent to transfer the data
    out of the Mainland was given (+86 numbers). Written by ``core.privacy.consent_record``."""

    purpose = models.CharField(_("目的"), max_length=40, db_index=True)
    notice_version = models.CharField(_("收集聲明版本"), max_length=20)
    phone = models.CharField(_("手機號碼"), max_length=20, blank=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("帳戶"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    cross_border = models.BooleanField(_("同意跨境傳輸"), default=False)
    given_at = models.DateTimeField(_("同意時間"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("個人資料同意")
        verbose_name_plural = _("個人資料同意")

    def __str__(self) -> str:
        return f"{self.purpose} {self.notice_version} {self.given_at:%Y-%m-%d}"
