"""news API: /api/v1/news/…  Published articles, as written (the API does no script conversion)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from shanglian.core.api_errors import ErrorOut
from shanglian.core.selectors import paginate
from shanglian.news import access, selectors
from shanglian.news.models import LANG_SUFFIXES, Article

router = Router()


class ArticleOut(Schema):
    id: int
    slug: str
    title_zh_hant: str
    title_zh_hans: str
    title_en: str
    summary_zh_hant: str
    summary_zh_hans: str
    summary_en: str
    published_languages: list[str]
    published_at: datetime.datetime | None
    tags: list[str]
    event_id: int | None
    agreement_id: int | None
    campaign_id: int | None
    url: str


class ArticleDetailOut(ArticleOut):
    body_html: str
    photos: list[str]
    attachments: list[str]


def _article(a: Article) -> dict:
    out = {"id": a.pk, "slug": a.slug, "published_languages": a.published_languages, "published_at": a.published_at,
           "tags": selectors.tag_slugs(a), "event_id": a.event_id, "agreement_id": a.agreement_id,
           "campaign_id": a.campaign_id, "url": a.get_absolute_url()}
    for s in LANG_SUFFIXES:  # only published languages are shown
        published = a.is_published(s)
        out[f"title_{s}"] = a.__dict__[f"title_{s}"] if published else ""
        out[f"summary_{s}"] = a.__dict__[f"summary_{s}"] if published else ""
    return out


@router.get("/articles", response=list[ArticleOut], summary="Articles published in a language (newest first)")
def list_articles(request: HttpRequest, language: str = "zh-hant", tag: str = "", page: int = 1, page_size: int = 20):
    rows = paginate(selectors.published_articles(language=language[:10], tag=tag[:40]), page, page_size)
    return [_article(a) for a in rows.items]


@router.get("/articles/{slug}", response={200: ArticleDetailOut, 404: ErrorOut}, summary="One published article")
def get_article(request: HttpRequest, slug: str, language: str = "zh-hant"):
    article = access.article_for_reader(None, slug)
    version = selectors.reader_version(article, language=language[:10])
    photos, attachments = selectors.media_urls(article)
    return {**_article(article), "body_html": str(version.body_html),
            "photos": photos, "attachments": attachments}
