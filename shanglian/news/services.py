"""Writes: articles (繁體 master, 简体 draft, English by hand), per-language publishing,
photos and attachments, the search index, and the monthly digest built on the mailings engine."""

from __future__ import annotations

import datetime
import hashlib
import io
import os
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.drafts import simplified_draft
from shanglian.core.errors import DomainError, NotFound
from shanglian.core.formatting import site_url
from shanglian.core.richtext import plain_text
from shanglian.core.search import search_index_bulk, search_index_delete, search_index_update
from shanglian.core.uploads import UploadRefused, check_image
from shanglian.news.models import LANG_SUFFIXES, SUFFIX_OF, Article, Attachment, Photo, Tag

SEARCH_KIND = "news_article"
TEXT_FIELDS = ("title", "summary", "body")
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = {".pdf": b"%PDF", ".docx": b"PK", ".xlsx": b"PK", ".pptx": b"PK", ".jpg": b"\xff\xd8",
                    ".jpeg": b"\xff\xd8", ".png": b"\x89PNG"}


# ------------------------------------------------------------------------------------ search
def article_search_parts(article: Article) -> list[str]:
    return [article.title_zh_hant, article.title_en, article.summary_zh_hant, article.summary_en,
            plain_text(article.body_zh_hant)[:4000], plain_text(article.body_en)[:2000],
            " ".join(t.name_zh_hant for t in article.tags.all())]


def _reindex(article: Article) -> None:
    if article.published_languages:
        search_index_update(kind=SEARCH_KIND, object_id=article.pk, parts=article_search_parts(article))
    else:
        search_index_delete(kind=SEARCH_KIND, object_id=article.pk)


def article_reindex_all() -> int:
    articles = [a for a in Article.objects.prefetch_related("tags") if a.published_languages]
    return search_index_bulk(kind=SEARCH_KIND, rows=((a.pk, article_search_parts(a)) for a in articles))


# ------------------------------------------------------------------------------------ articles
def simplified_from_master(values: dict[str, Any]) -> dict[str, Any]:
    """The 简体 draft of title, summary and body from the 繁體 master (for the editor to correct)."""
    return {**values, **{f"{f}_zh_hans": simplified_draft(values.get(f"{f}_zh_hant") or "") for f in TEXT_FIELDS}}


def _unique_slug(base: str, exclude_pk: int | None = None) -> str:
    base = (slugify(base) or "news")[:60]
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def article_save(*, actor: Any, values: dict[str, Any], article: Article | None = None,
                 tags: list[Tag] | None = None, translations_current: tuple[str, ...] = ()) -> Article:
    """Create or edit an article. A translation is marked up to date with the master when its own
    text changed in this save, or when the editor says so (``translations_current``)."""
    created = article is None
    if article is None:
        article = Article(author=actor if getattr(actor, "is_authenticated", False) else None)
        before = {}
    else:
        article = Article.objects.select_for_update().get(pk=article.pk)
        before = {f"{f}_{s}": getattr(article, f"{f}_{s}") for f in TEXT_FIELDS for s in LANG_SUFFIXES}
    for name in ("title", "summary", "body"):
        for suffix in LANG_SUFFIXES:
            key = f"{name}_{suffix}"
            if key in values:
                setattr(article, key, values[key] or "")
    if not article.title_zh_hant.strip() or not article.body_zh_hant.strip():
        raise DomainError("master", _("請填寫繁體標題及內文（主文本）。"))
    for key in ("event", "competition", "agreement_id", "campaign_id"):
        if key in values:
            setattr(article, key, values[key])
    if values.get("cover") is not None:
        article.cover.save(_photo_name(values["cover"]), _checked_photo(values["cover"]), save=False)
    if not article.slug:
        article.slug = _unique_slug(values.get("slug") or article.title_en or f"news-{timezone.now():%Y%m%d%H%M}")
    article.source_hash = article.master_hash()
    for suffix in ("zh_hans", "en"):
        changed = any(before.get(f"{f}_{suffix}") != getattr(article, f"{f}_{suffix}") for f in TEXT_FIELDS)
        if (changed or suffix in translations_current) and article.has_text(suffix):
            setattr(article, f"translated_hash_{suffix}", article.source_hash)
        if not article.has_text(suffix) and article.state(suffix) == Article.State.PUBLISHED:
            setattr(article, f"state_{suffix}", Article.State.DRAFT)  # nothing left to publish
    article.full_clean(exclude=["cover", "slug", "event", "competition"])
    article.save()
    if tags is not None:
        article.tags.set(tags)
    audit_record(actor=actor, action="news.create" if created else "news.update", target=article)
    transaction.on_commit(lambda: _reindex(article))
    return article


@transaction.atomic
def article_publish(*, actor: Any, article: Article, language: str, publish: bool) -> Article:
    """Publish or withdraw one language of an article."""
    suffix = SUFFIX_OF.get(language)
    if suffix is None:
        raise DomainError("language", _("語言無效。"))
    article = Article.objects.select_for_update().get(pk=article.pk)
    if publish and not article.has_text(suffix):
        raise DomainError("empty", _("這個語言尚未有標題及內文，不能發佈。"))
    setattr(article, f"state_{suffix}", Article.State.PUBLISHED if publish else Article.State.DRAFT)
    if publish and article.published_at is None:
        article.published_at = timezone.now()
    article.save(update_fields=[f"state_{suffix}", "published_at", "updated_at"])
    audit_record(actor=actor, action="news.publish" if publish else "news.unpublish", target=article,
                 changes={"language": language})
    transaction.on_commit(lambda: _reindex(article))
    return article


@transaction.atomic
def article_delete(*, actor: Any, article: Article) -> None:
    audit_record(actor=actor, action="news.delete", target=article)
    pk = article.pk
    article.delete()
    transaction.on_commit(lambda: search_index_delete(kind=SEARCH_KIND, object_id=pk))


def tags_from_text(text: str) -> list[Tag]:
    """"考察團, 論壇" → Tag rows (created when new)."""
    out: list[Tag] = []
    for name in [t.strip() for t in (text or "").replace("，", ",").split(",") if t.strip()][:10]:
        name = name[:40]
        tag = Tag.objects.filter(name_zh_hant=name).first()
        if tag is None:
            tag = Tag.objects.create(slug=_tag_slug(name), name_zh_hant=name, name_zh_hans=simplified_draft(name))
        out.append(tag)
    return out


def _tag_slug(name: str) -> str:
    base = slugify(name) or "tag-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    slug, n = base[:36], 1
    while Tag.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base[:33]}-{n}"
    return slug


# ------------------------------------------------------------------------------------ photos and files
def _read(upload: Any, limit: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise UploadRefused("too_big", _("檔案太大（上限 %(mb)s MB）。") % {"mb": limit // (1024 * 1024)})
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused("too_big", _("檔案太大（上限 %(mb)s MB）。") % {"mb": limit // (1024 * 1024)})
    return data


def _photo_name(upload: Any) -> str:
    return f"{timezone.now():%Y%m%d%H%M%S}.jpg"


def _checked_photo(upload: Any) -> ContentFile:
    from PIL import Image

    data = _read(upload, MAX_PHOTO_BYTES)
    check_image(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image = image.convert("RGB")
            image.thumbnail((1600, 1600))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)
    except (OSError, ValueError, SyntaxError) as exc:
        raise UploadRefused("not_image", _("上載的檔案不是相片（請用 JPEG、PNG 或 WebP）。")) from exc
    return ContentFile(out.getvalue())


@transaction.atomic
def photo_add(*, actor: Any, article: Article, upload: Any, caption: str = "") -> Photo:
    content = _checked_photo(upload)
    photo = Photo(article=article, caption_zh_hant=caption[:200], caption_zh_hans=simplified_draft(caption[:200]),
                  sort=article.photos.count())
    photo.image.save(_photo_name(upload), content, save=False)
    photo.save()
    audit_record(actor=actor, action="news.photo_add", target=article)
    return photo


@transaction.atomic
def photo_delete(*, actor: Any, article: Article, photo_id: int | None) -> None:
    photo = article.photos.filter(pk=photo_id).first() if photo_id else None
    if photo is None:
        raise NotFound()
    photo.image.delete(save=False)
    photo.delete()
    audit_record(actor=actor, action="news.photo_delete", target=article)


@transaction.atomic
def attachment_add(*, actor: Any, article: Article, upload: Any, title: str = "") -> Attachment:
    name = os.path.basename(getattr(upload, "name", "") or "file")
    ext = os.path.splitext(name)[1].lower()
    magic = ATTACHMENT_TYPES.get(ext)
    if magic is None:
        raise UploadRefused("file_type", _("只接受 PDF、Word、Excel、PowerPoint、JPEG 或 PNG 檔案。"))
    data = _read(upload, MAX_ATTACHMENT_BYTES)
    if not data.startswith(magic):
        raise UploadRefused("file_type", _("檔案內容與副檔名不符。"))
    attachment = Attachment(article=article, title=(title or name)[:200], size=len(data))
    attachment.file.save(f"{slugify(os.path.splitext(name)[0]) or 'file'}{ext}", ContentFile(data), save=False)
    attachment.save()
    audit_record(actor=actor, action="news.attachment_add", target=article)
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Any, article: Article, attachment_id: int | None) -> None:
    attachment = article.attachments.filter(pk=attachment_id).first() if attachment_id else None
    if attachment is None:
        raise NotFound()
    attachment.file.delete(save=False)
    attachment.delete()
    audit_record(actor=actor, action="news.attachment_delete", target=article)


# ------------------------------------------------------------------------------------ monthly digest
def _month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime(month.year, month.month, 1))
    nxt = datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return start, timezone.make_aware(datetime.datetime(nxt.year, nxt.month, 1))


def _digest_body(articles: list[Article], suffix: str, language: str) -> str:
    lines = []
    with translation.override(language):
        for a in articles:
            if not a.is_published(suffix):
                continue
            url = site_url(reverse("news:detail", kwargs={"slug": a.slug}))
            summary = getattr(a, f"summary_{suffix}")
            lines.append(f"- **[{getattr(a, f'title_{suffix}')}]({url})**" + (f"  \n  {summary}" if summary else ""))
    return "\n".join(lines)


@transaction.atomic
def digest_create(*, actor: Any, month: datetime.date, send: bool = True) -> Any:
    """The monthly digest as a mailing to all current members (topic "news-digest"), each
    recipient in their own language: the 简体 / English parts list only the articles published in
    that language. One per month (the mailing's ``kind_tag`` is unique)."""
    from shanglian.mailings import services as mailings
    from shanglian.mailings.models import Mailing

    start, end = _month_bounds(month)
    articles = list(Article.objects.filter(published_at__gte=start, published_at__lt=end,
                                           state_zh_hant=Article.State.PUBLISHED).order_by("published_at", "pk"))
    if not articles:
        raise DomainError("empty", _("該月沒有已發佈的新聞。"))
    tag = f"news-digest-{month:%Y-%m}"
    if mailings.mailing_exists(kind_tag=tag):
        raise DomainError("exists", _("該月的新聞摘要已建立。"), status=409)
    label = f"{month:%Y-%m}"
    values = {
        "topic": mailings.topic_ensure(slug="news-digest",
                                       names=("每月新聞摘要", "每月新闻摘要", "Monthly news digest")),
        "association": None, "audience": Mailing.Audience.MEMBERS, "segment": {}, "kind_tag": tag,
        "subject_zh_hant": f"聯會新聞摘要 {label}", "subject_zh_hans": f"联会新闻摘要 {label}",
        "subject_en": f"Federation news digest {label}",
        "body_zh_hant": _digest_body(articles, "zh_hant", "zh-hant"),
        "body_zh_hans": _digest_body(articles, "zh_hans", "zh-hans"),
        "body_en": _digest_body(articles, "en", "en"),
    }
    if not values["body_zh_hans"]:
        values["subject_zh_hans"] = ""
    if not values["body_en"]:
        values["subject_en"] = ""
    mailing = mailings.mailing_save(actor=actor, values=values)
    if send:
        mailing = mailings.mailing_schedule(actor=actor, mailing=mailing)
    audit_record(actor=actor, action="news.digest", target=mailing, changes={"month": label})
    return mailing
