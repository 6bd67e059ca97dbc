"""RSS 2.0 and Atom feeds of the articles published in the URL's language."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from shanglian.core.richtext import plain_text
from shanglian.news import selectors
from shanglian.news.models import Article


class LatestNewsRss(Feed):
    def title(self) -> str:
        return _("全港各區工商聯 · 新聞")

    def description(self) -> str:
        return _("聯會的考察團、論壇及簽約新聞。")

    def link(self) -> str:
        return reverse("news:list")

    def items(self) -> list[Article]:
        return list(selectors.published_articles()[:30])

    def item_title(self, item: Article) -> str:
        return getattr(item, f"title_{selectors.language_suffix()}")

    def item_description(self, item: Article) -> str:
        suffix = selectors.language_suffix()
        return getattr(item, f"summary_{suffix}") or plain_text(getattr(item, f"body_{suffix}"))[:400]

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_categories(self, item: Article) -> list[str]:
        return selectors.tag_names(item)


class LatestNewsAtom(LatestNewsRss):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
