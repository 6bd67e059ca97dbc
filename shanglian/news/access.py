"""Who sees which article: published languages are public; drafts only for the secretariat
(the editors). Unknown or unpublished articles are 404 for everyone else."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from shanglian.directory.access import is_secretariat
from shanglian.news.models import Article


def can_edit_news(user: Any) -> bool:
    return is_secretariat(user)


def article_for_reader(user: Any, slug: str) -> Article:
    article = (Article.objects.select_related("event").prefetch_related("tags", "photos", "attachments")
               .filter(slug=str(slug)[:80]).first())
    if article is None or (not article.published_languages and not can_edit_news(user)):
        raise Http404
    return article


def article_for_editor(user: Any, pk: int | None) -> Article:
    if pk is None or not can_edit_news(user):
        raise Http404
    article = Article.objects.prefetch_related("tags", "photos", "attachments").filter(pk=pk).first()
    if article is None:
        raise Http404
    return article
