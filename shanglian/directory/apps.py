from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "shanglian.directory"
    label = "directory"
    verbose_name = _("會員名錄")

    def ready(self) -> None:
        from shanglian.core.search import register_reindexer
        from shanglian.directory.services import SEARCH_KIND, enterprise_reindex_all

        register_reindexer(SEARCH_KIND, enterprise_reindex_all)

        from shanglian.directory import privacy

        privacy.register()
