from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "shanglian.news"
    label = "news"
    verbose_name = _("新聞")

    def ready(self) -> None:
        from shanglian.core.search import register_reindexer
        from shanglian.news.services import SEARCH_KIND, article_reindex_all

        register_reindexer(SEARCH_KIND, article_reindex_all)
