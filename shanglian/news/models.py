"""News: articles with rich text (Markdown/HTML, sanitised), photos, attachments, tags and links
to events, agreements and campaigns. 繁體 is the master; 简体 and English are translations with
their own publish state and a "source changed since translated" flag (a hash of the master's
text when the translation was last saved)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated

LANG_SUFFIXES = ("zh_hant", "zh_hans", "en")
LANGUAGE_OF = {"zh_hant": "zh-hant", "zh_hans": "zh-hans", "en": "en"}
SUFFIX_OF = {v: k for k, v in LANGUAGE_OF.items()}


class Tag(models.Model):
    slug = models.SlugField(_("代號"), max_length=40, unique=True)
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=40)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=40, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=40, blank=True)
    name = Translated("name")

    class Meta:
        ordering = ["slug"]
        verbose_name = _("標籤")
        verbose_name_plural = _("標籤")

    def __str__(self) -> str:
        return self.name_zh_hant


class Article(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已發佈")

    slug = models.SlugField(_("網址代號"), max_length=80, unique=True)
    title_zh_hant = models.CharField(_("標題（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("標題（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("標題（English）"), max_length=200, blank=True)
    summary_zh_hant = models.TextField(_("摘要（繁體）"), blank=True, max_length=600)
    summary_zh_hans = models.TextField(_("摘要（简体）"), blank=True, max_length=600)
    summary_en = models.TextField(_("摘要（English）"), blank=True, max_length=600)
    body_zh_hant = models.TextField(_("內文（繁體）"))
    body_zh_hans = models.TextField(_("內文（简体）"), blank=True)
    body_en = models.TextField(_("內文（English）"), blank=True)
    state_zh_hant = models.CharField(_("繁體狀態"), max_length=10, choices=State.choices, default=State.DRAFT)
    state_zh_hans = models.CharField(_("简体狀態"), max_length=10, choices=State.choices, default=State.DRAFT)
    state_en = models.CharField(_("English 狀態"), max_length=10, choices=State.choices, default=State.DRAFT)
    # the master's hash when each translation was last saved: differs from source_hash → "source changed"
    source_hash = models.CharField(max_length=16, blank=True, editable=False)
    translated_hash_zh_hans = models.CharField(max_length=16, blank=True, editable=False)
    translated_hash_en = models.CharField(max_length=16, blank=True, editable=False)
    published_at = models.DateTimeField(_("發佈日期"), null=True, blank=True, db_index=True)
    cover = models.ImageField(_("封面相片"), upload_to="news/", blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("標籤"), blank=True, related_name="articles")
    event = models.ForeignKey("events.Event", verbose_name=_("相關活動"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="news_articles")
    # The photography competition whose gallery the article shows (its live entries' public copies).
    competition = models.ForeignKey("competition.Competition", verbose_name=_("相關攝影比賽（顯示作品集）"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="news_articles")
    agreement_id = models.PositiveIntegerField(_("相關協議編號"), null=True, blank=True)
    campaign_id = models.PositiveIntegerField(_("相關籌款活動編號"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("作者"))
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)
    title = Translated("title")
    summary = Translated("summary")

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("新聞")
        verbose_name_plural = _("新聞")
        indexes = [models.Index(fields=["state_zh_hant", "published_at"]),
                   models.Index(fields=["state_en", "published_at"])]

    def __str__(self) -> str:
        return self.title_zh_hant

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    def master_hash(self) -> str:
        text = "\x1f".join((self.title_zh_hant, self.summary_zh_hant, self.body_zh_hant))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def state(self, suffix: str) -> str:
        return getattr(self, f"state_{suffix}")

    def get_state_display_for(self, suffix: str) -> str:
        return str(dict(self.State.choices)[self.state(suffix)])

    def is_published(self, suffix: str) -> bool:
        return self.state(suffix) == self.State.PUBLISHED and self.published_at is not None

    def has_text(self, suffix: str) -> bool:
        return bool(getattr(self, f"title_{suffix}") and getattr(self, f"body_{suffix}"))

    def source_changed(self, suffix: str) -> bool:
        """The 繁體 master changed after this translation was last saved."""
        if suffix == "zh_hant" or not self.has_text(suffix):
            return False
        return getattr(self, f"translated_hash_{suffix}") != self.source_hash

    @property
    def cover_code(self) -> str:
        """The generated cover's motif (core.covers) from the first tag: delegation, forum, signing."""
        names = " ".join(t.name_zh_hant for t in self.tags.all())
        for word, code in (("考察", "delegation"), ("訪問", "delegation"), ("簽", "signing"), ("論壇", "forum")):
            if word in names:
                return code
        return "forum"

    @property
    def published_languages(self) -> list[str]:
        return [LANGUAGE_OF[s] for s in LANG_SUFFIXES if self.is_published(s)]


class Photo(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("相片"), upload_to="news/photos/")
    caption_zh_hant = models.CharField(_("說明（繁體）"), max_length=200, blank=True)
    caption_zh_hans = models.CharField(_("說明（简体）"), max_length=200, blank=True)
    caption_en = models.CharField(_("說明（English）"), max_length=200, blank=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    caption = Translated("caption")

    class Meta:
        ordering = ["sort", "pk"]
        verbose_name = _("相片")
        verbose_name_plural = _("相片")

    def __str__(self) -> str:
        return self.caption_zh_hant or self.image.name


class Attachment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("檔案"), upload_to="news/files/")
    title = models.CharField(_("名稱"), max_length=200)
    size = models.PositiveIntegerField(_("大小（位元組）"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.title
