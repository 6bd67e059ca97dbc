"""Reads: the published articles of a language (list, tag, search, feeds, home page), the
reader's version of one article, and the editors' lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from shanglian.core.i18n import pick
from shanglian.core.reading import for_reader
from shanglian.core.richtext import render_rich
from shanglian.core.search import search_filter
from shanglian.news.models import LANG_SUFFIXES, LANGUAGE_OF, SUFFIX_OF, Article, Tag
from shanglian.news.services import SEARCH_KIND


def language_suffix(language: str | None = None) -> str:
    lang = (language or get_language() or "zh-hant").lower()
    if lang.startswith("en"):
        return "en"
    return "zh_hans" if lang in ("zh-hans", "zh-cn", "zh-sg") else "zh_hant"


def published_q(suffix: str) -> Q:
    return Q(**{f"state_{suffix}": Article.State.PUBLISHED}, published_at__isnull=False)


def published_articles(*, language: str | None = None, tag: str = "", q: str = "") -> QuerySet[Article]:
    suffix = language_suffix(language)
    qs = Article.objects.filter(published_q(suffix)).prefetch_related("tags").order_by("-published_at", "-pk")
    if tag:
        qs = qs.filter(tags__slug=tag[:40])
    if (q or "").strip():
        qs = search_filter(qs, kind=SEARCH_KIND, query=q).order_by("-search_rank", "-published_at", "-pk")
    return qs


def articles_about_agreement(agreement_id: int, *, limit: int = 5) -> list[Article]:
    """Published news (in the reader's language) that names this agreement: its 合作成果 page links them."""
    return list(published_articles().filter(agreement_id=agreement_id)[:limit])


def latest_articles(limit: int = 3) -> list[Article]:
    return list(published_articles()[:limit])


def all_tags() -> QuerySet[Tag]:
    return Tag.objects.filter(articles__isnull=False).distinct().order_by("slug")


def tag_by_slug(slug: str) -> Tag | None:
    return Tag.objects.filter(slug=str(slug)[:40]).first()


@dataclass
class Version:
    """What a reader sees: the language shown (their own when published, else the first published
    one, in their script) and whether it is a fallback."""

    suffix: str
    fallback: bool
    title: Any
    summary: Any
    body_html: Any


def reader_version(article: Article, *, language: str | None = None, preview: bool = False) -> Version:
    wanted = language_suffix(language)
    order = [wanted] + [s for s in LANG_SUFFIXES if s != wanted]
    shown = next((s for s in order if article.is_published(s) or (preview and article.has_text(s))), "zh_hant")
    title = getattr(article, f"title_{shown}")
    summary = getattr(article, f"summary_{shown}")
    body = getattr(article, f"body_{shown}")
    if shown != wanted:  # show the other version in the reader's script (character conversion only)
        title, summary, body = for_reader(title), for_reader(summary), str(for_reader(body))
    return Version(shown, shown != wanted, title, summary, render_rich(body))


def item_title(article: Article, suffix: str) -> str:
    return getattr(article, f"title_{suffix}") or pick(article, "title")


def editor_articles(*, q: str = "") -> QuerySet[Article]:
    qs = Article.objects.prefetch_related("tags").order_by("-updated_at", "-pk")
    if (q or "").strip():
        qs = search_filter(qs, kind=SEARCH_KIND, query=q).order_by("-search_rank", "-updated_at")
    return qs


def editor_competitions() -> list[Any]:
    from shanglian.competition import selectors as competition_selectors

    return list(competition_selectors.open_competitions()[:100])


def competition_gallery(article: Article, *, limit: int = 12) -> dict[str, Any] | None:
    """The embedded gallery of the article's competition: its public entries (no EXIF, no names),
    only while the competition is public; None otherwise."""
    if article.competition_id is None:
        return None
    from shanglian.competition import selectors as competition_selectors

    competition = competition_selectors.open_competitions().filter(pk=article.competition_id).first()
    if competition is None:
        return None
    entries = list(competition_selectors.gallery(competition)[:limit])
    return {"competition": competition, "entries": entries, "more": competition_selectors.live_count(competition)
            > len(entries)}


def editor_events() -> list[Any]:
    from shanglian.events import selectors as events_selectors

    return events_selectors.events_for_mailing(100)


def suffix_for(language: str) -> str | None:
    return SUFFIX_OF.get(language)


def publish_rows(article: Article | None) -> list[tuple[str, str, str, bool, bool, bool]]:
    """(language, label, state label, published, source changed, has text) for the editor."""
    if article is None:
        return []
    labels = {"zh_hant": "繁體", "zh_hans": "简体", "en": "English"}
    return [(LANGUAGE_OF[s], labels[s], article.get_state_display_for(s), article.is_published(s),
             article.source_changed(s), article.has_text(s)) for s in LANG_SUFFIXES]


def tag_names(article: Article) -> list[str]:
    return [str(t.name) for t in article.tags.all()]


def tag_slugs(article: Article) -> list[str]:
    return [t.slug for t in article.tags.all()]


def media_urls(article: Article) -> tuple[list[str], list[str]]:
    """(photo URLs, attachment URLs) of an article."""
    return [p.image.url for p in article.photos.all()], [f.file.url for f in article.attachments.all()]
