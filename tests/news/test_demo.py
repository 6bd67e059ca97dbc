import io

import pytest

from shanglian.mailings.demo import load_demo as load_mailings
from shanglian.mailings.models import Mailing, Topic
from shanglian.news import selectors
from shanglian.news.demo import load_demo as load_news
from shanglian.news.models import Article

pytestmark = pytest.mark.django_db


def test_demo_loads_and_is_idempotent(secretariat):
    out = io.StringIO()
    load_news(stdout=out)
    load_mailings(stdout=out)
    load_news(stdout=out)
    load_mailings(stdout=out)
    assert Article.objects.count() == 5 and Topic.objects.count() == 4 and Mailing.objects.count() == 1
    assert len(selectors.published_articles(language="zh-hant")) == 4
    assert len(selectors.published_articles(language="en")) == 2
    revised = Article.objects.get(slug="mou-shenzhen-chamber")
    assert revised.source_changed("zh_hans")
    assert Mailing.objects.get().subject_zh_hans == "大湾区经贸考察团接受报名"
