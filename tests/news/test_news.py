"""News: sanitising, per-language publishing, translation flags, feeds, search, digest."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from shanglian.core.errors import DomainError
from shanglian.mailings.models import Mailing
from shanglian.news import selectors, services
from shanglian.news.models import Article

pytestmark = pytest.mark.django_db


def write(actor, **extra):
    values = {"title_zh_hant": "聯會考察團訪問深圳前海", "summary_zh_hant": "考察資訊科技及金融服務。",
              "body_zh_hant": "聯會率領考察團訪問**前海**，參觀資訊科技企業。", "slug": "qianhai-visit", **extra}
    return services.article_save(actor=actor, values=values)


def publish(actor, article, *languages):
    for language in languages:
        article = services.article_publish(actor=actor, article=article, language=language, publish=True)
    return article


def test_rich_text_is_sanitised(client, secretariat):
    article = write(secretariat, body_zh_hant='正文<script>alert(1)</script><img src="x.png" onerror="alert(2)">'
                                              '<a href="javascript:alert(3)">連結</a> **粗體**')
    publish(secretariat, article, "zh-hant")
    html = client.get(article.get_absolute_url()).content.decode()
    body = html.split('<div class="rich">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body and "onerror" not in body and "javascript:" not in body
    assert "<strong>粗體</strong>" in body and 'src="x.png"' in body


def test_each_language_has_its_own_publish_state(client, secretariat):
    article = write(secretariat)
    assert client.get(article.get_absolute_url()).status_code == 404  # nothing published yet
    publish(secretariat, article, "zh-hant")
    with pytest.raises(DomainError):  # no English text yet
        services.article_publish(actor=secretariat, article=article, language="en", publish=True)
    assert [a.pk for a in selectors.published_articles(language="zh-hant")] == [article.pk]
    assert list(selectors.published_articles(language="en")) == []
    assert list(selectors.published_articles(language="zh-hans")) == []
    # an English reader is shown the published version, with a note, not a 404
    response = client.get(article.get_absolute_url().replace("/zh-hant/", "/en/"))
    assert response.status_code == 200 and "聯會考察團" in response.content.decode()


def test_simplified_draft_and_source_changed_flag(secretariat):
    article = write(secretariat)
    values = services.simplified_from_master({"title_zh_hant": article.title_zh_hant,
                                              "summary_zh_hant": article.summary_zh_hant,
                                              "body_zh_hant": article.body_zh_hant})
    assert values["title_zh_hans"] == "联会考察团访问深圳前海"
    assert "信息技术" in values["body_zh_hans"]  # HK vocabulary folded, not only characters
    article = services.article_save(actor=secretariat, article=article, values=values)
    article = services.article_save(actor=secretariat, article=article, values={
        "title_en": "Federation delegation visits Qianhai", "body_en": "The delegation visited Qianhai."})
    assert not article.source_changed("zh_hans") and not article.source_changed("en")
    # the master changes: both translations are flagged
    article = services.article_save(actor=secretariat, article=article, values={
        "body_zh_hant": article.body_zh_hant + "\n\n並與當地商會簽署合作備忘錄。"})
    assert article.source_changed("zh_hans") and article.source_changed("en")
    # the editor updates the English text: only the Simplified one stays flagged
    article = services.article_save(actor=secretariat, article=article, values={
        "body_en": "The delegation visited Qianhai and signed an MoU."})
    assert article.source_changed("zh_hans") and not article.source_changed("en")
    article = services.article_save(actor=secretariat, article=article, values={}, translations_current=("zh_hans",))
    assert not article.source_changed("zh_hans")


def test_feeds_per_language(client, secretariat):
    article = write(secretariat, title_en="Delegation visits Qianhai", body_en="Visit.")
    publish(secretariat, article, "zh-hant")
    rss = client.get("/zh-hant/news/feed/rss/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert "聯會考察團訪問深圳前海" in rss.content.decode()
    atom_en = client.get("/en/news/feed/atom/")
    assert atom_en.status_code == 200 and "Delegation" not in atom_en.content.decode()  # English not published
    publish(secretariat, Article.objects.get(pk=article.pk), "en")
    atom_en = client.get("/en/news/feed/atom/").content.decode()
    assert "Delegation visits Qianhai" in atom_en and "<feed" in atom_en


def test_search_goes_through_the_index(client, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = write(secretariat)
        publish(secretariat, article, "zh-hant")
        other = write(secretariat, title_zh_hant="青年創業論壇", body_zh_hant="論壇討論初創融資。", slug="youth-forum")
        publish(secretariat, other, "zh-hant")
    found = [a.pk for a in selectors.published_articles(language="zh-hant", q="前海")]
    assert found == [article.pk]
    assert "青年創業論壇" in client.get("/zh-hant/news/?q=论坛").content.decode()  # Simplified query, Traditional text


def test_photos_and_attachments(client, secretariat):
    article = write(secretariat)
    client.force_login(secretariat)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    client.post(reverse("news:photo_add", kwargs={"pk": article.pk}),
                {"image": SimpleUploadedFile("p.png", buffer.getvalue(), "image/png"), "caption": "簽約儀式"})
    assert article.photos.count() == 1
    client.post(reverse("news:photo_add", kwargs={"pk": article.pk}),
                {"image": SimpleUploadedFile("p.png", b"not an image", "image/png")})
    assert article.photos.count() == 1
    client.post(reverse("news:attachment_add", kwargs={"pk": article.pk}),
                {"file": SimpleUploadedFile("mou.pdf", b"%PDF-1.4 test", "application/pdf"), "title": "備忘錄"})
    client.post(reverse("news:attachment_add", kwargs={"pk": article.pk}),
                {"file": SimpleUploadedFile("evil.pdf", b"MZ\x90\x00", "application/pdf")})
    client.post(reverse("news:attachment_add", kwargs={"pk": article.pk}),
                {"file": SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")})
    assert list(article.attachments.values_list("title", flat=True)) == ["備忘錄"]


def test_editor_pages(client, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("news:create"),
                           {"title_zh_hant": "網上研討會", "body_zh_hant": "資訊科技", "action": "draft"})
    assert response.status_code == 200 and "线上研讨会" in response.content.decode()
    response = client.post(reverse("news:create"), {"title_zh_hant": "網上研討會", "body_zh_hant": "資訊科技",
                                                    "tags": "論壇, 考察團", "action": "save"})
    article = Article.objects.get()
    assert response.status_code == 302 and article.tags.count() == 2
    client.post(reverse("news:publish", kwargs={"pk": article.pk}), {"language": "zh-hant", "publish": "1"})
    assert Article.objects.get().is_published("zh_hant")
    assert client.get(reverse("news:manage")).status_code == 200
    assert client.get(reverse("news:edit", kwargs={"pk": article.pk})).status_code == 200


def test_monthly_digest_in_each_recipients_language(secretariat, kwun_tong, make_user,
                                                     django_capture_on_commit_callbacks):
    from shanglian.core.models import Industry, Place, UserPreference
    from shanglian.directory import services as directory
    from shanglian.directory.models import EnterpriseRole

    for name, email in (("甲公司", "a@hk.example"), ("乙公司", "b@hk.example")):
        enterprise = directory.enterprise_create(actor=secretariat, association=kwun_tong, values={
            "name_zh": name, "email": email, "industry": Industry.objects.get(code="it"),
            "place": Place.objects.get(code="kwun-tong")})
    user = make_user("reader-en")
    EnterpriseRole.objects.create(user=user, enterprise=enterprise)
    UserPreference.objects.update_or_create(user=user, defaults={"language": "en"})
    article = write(secretariat, title_en="Delegation visits Qianhai", body_en="Visit.")
    article = publish(secretariat, article, "zh-hant", "en")
    hidden = publish(secretariat, write(secretariat, title_zh_hant="只有繁體", slug="only-hant"), "zh-hant")
    month = timezone.localdate().replace(day=1)
    with django_capture_on_commit_callbacks(execute=True):
        mailing = services.digest_create(actor=secretariat, month=month)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT and mailing.topic.slug == "news-digest"
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "Delegation visits Qianhai" in by_to["b@hk.example"].body
    assert hidden.title_zh_hant not in by_to["b@hk.example"].body  # not published in English
    assert "聯會考察團訪問深圳前海" in by_to["a@hk.example"].body and "只有繁體" in by_to["a@hk.example"].body
    with pytest.raises(DomainError):  # one per month
        services.digest_create(actor=secretariat, month=month)
    with pytest.raises(DomainError):  # nothing published that month
        services.digest_create(actor=secretariat, month=datetime.date(2001, 1, 1))


def test_home_section_shows_latest_news(secretariat):
    from django.template.loader import render_to_string

    with translation.override("zh-hant"):
        assert "暫無新聞" in render_to_string("news/_home.html", {})
        publish(secretariat, write(secretariat), "zh-hant")
        html = render_to_string("news/_home.html", {})
    assert "聯會考察團訪問深圳前海" in html


def test_home_page_and_nav_link_to_news(client, secretariat):
    publish(secretariat, write(secretariat), "zh-hant")
    html = client.get("/zh-hant/").content.decode()
    assert "聯會考察團訪問深圳前海" in html and 'href="/zh-hant/news/"' in html


def test_api_pages_do_not_overlap(client, secretariat):
    """Regression: the list took page_window's (page, size) as (offset, size), so page 2 started at
    the 3rd article and repeated most of page 1."""
    for i in range(5):
        publish(secretariat, write(secretariat, slug=f"article-{i}", title_zh_hant=f"第{i}篇"), "zh-hant")
    first = [a["id"] for a in client.get("/api/v1/news/articles", {"page": 1, "page_size": 2}).json()]
    second = [a["id"] for a in client.get("/api/v1/news/articles", {"page": 2, "page_size": 2}).json()]
    third = [a["id"] for a in client.get("/api/v1/news/articles", {"page": 3, "page_size": 2}).json()]
    assert len(first) == 2 and len(second) == 2 and len(third) == 1
    assert not set(first) & set(second) and len(set(first + second + third)) == 5
    assert client.get("/api/v1/news/articles", {"page": 99999999999999999999}).status_code in (200, 422)


def test_digest_command_is_idempotent_per_month(secretariat, kwun_tong, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from shanglian.news.management.commands.news_digest import previous_month

    assert previous_month(datetime.date(2027, 1, 3)) == datetime.date(2026, 12, 1)
    assert previous_month(datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 1)
    publish(secretariat, write(secretariat), "zh-hant")
    month = f"{timezone.localdate():%Y-%m}"
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("news_digest", "--month", month, "--no-send", stdout=out)
        call_command("news_digest", "--month", month, "--no-send", stdout=out)  # cron ran twice
        call_command("news_digest", "--month", "2001-01", stdout=out)  # nothing that month
    assert out.getvalue().splitlines()[1:] == [f"{month}: exists", "2001-01: empty"]
    assert Mailing.objects.filter(kind_tag=f"news-digest-{month}").count() == 1


def test_article_embeds_a_competition_gallery(client, secretariat, kt_member, settings, tmp_path):
    from shanglian.competition import services as competition
    from tests.competition.images import photo

    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    contest = competition.competition_create(actor=secretariat, values={
        "title_zh_hant": "青年學藝攝影比賽", "entry_deadline": now + datetime.timedelta(days=10),
        "vote_opens": now, "vote_closes": now + datetime.timedelta(days=20), "status": "entries",
        "min_width": 200, "min_height": 150}, categories=["城市"], age_groups=[("公開組", 10, 99)])
    entry = competition.entry_submit(actor=kt_member, competition=contest,
                                     category_id=contest.categories.get().pk, age_group_id=contest.age_groups.get().pk,
                                     entrant_name="陳小明", birth_date=datetime.date(2000, 1, 1), title="維港晨光",
                                     data=photo(seed=7))
    client.force_login(secretariat)
    form = client.get(reverse("news:create")).content.decode()
    assert "青年學藝攝影比賽" in form  # offered in the editor's choice of competitions
    article = publish(secretariat, write(secretariat, competition=contest), "zh-hant")
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert reverse("competition:image", args=[entry.pk, "thumb"]) in page and "維港晨光" in page
    assert "陳小明" not in page  # public copies only, never the entrant's name
    competition.competition_set_status(actor=secretariat, competition=contest, status="draft")
    assert "維港晨光" not in client.get(article.get_absolute_url()).content.decode()  # not public: no gallery
