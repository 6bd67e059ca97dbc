"""Permission rows of the news app: published articles, feeds and the API are public; writing,
publishing, files and the digest are the secretariat's (staff)."""

from __future__ import annotations

from tests.permissions.matrix import DENY, GP, P, public, row, rule, staff

LABELS = ("news",)
ARTICLE = {"pk": "news_article.pk"}

PAGES = {
    "news:list": row(public()),
    "news:list#search": row(public(), route="news:list", query={"q": "考察團", "tag": "delegation"}),
    "news:list#unknown-tag": row(rule(DENY), route="news:list", query={"tag": "no-such-tag"}),
    "news:detail": row(public(), kwargs={"slug": "news_article.slug"}),
    "news:detail#draft": row(staff(**{p: DENY for p in ("anonymous", "consumer", "member_a", "member_b", "admin_a",
                                                          "admin_b", "merchant", "cashier_b")}),
                             route="news:detail", kwargs={"slug": "news_draft.slug"}),
    "news:feed_rss": row(public()),
    "news:feed_atom": row(public()),
    "news:manage": row(staff()),
    "news:create": row(staff(), methods=GP, data={"title_zh_hant": "新新聞", "body_zh_hant": "內文", "action": "save"}),
    "news:edit": row(staff(), kwargs=ARTICLE, methods=GP,
                     data={"title_zh_hant": "改", "body_zh_hant": "改", "action": "save"}),
    "news:publish": row(staff(), kwargs=ARTICLE, methods=P, data={"language": "zh-hant", "publish": "0"}),
    "news:delete": row(staff(), kwargs={"pk": "news_draft.pk"}, methods=P),
    "news:digest": row(staff(), methods=P, data={"month": "2026-12"}),
    "news:photo_add": row(staff(), kwargs=ARTICLE, methods=P, data={"caption": "x"}),
    "news:photo_delete": row(staff(), kwargs={"pk": "news_article.pk", "photo_id": "news_photo.pk"}, methods=P),
    "news:attachment_add": row(staff(), kwargs=ARTICLE, methods=P, data={"title": "x"}),
    "news:attachment_delete": row(staff(), kwargs={"pk": "news_article.pk", "attachment_id": "news_attachment.pk"},
                                  methods=P),
}

API = {
    "shanglian_news_api_list_articles": row(public()),
    "shanglian_news_api_get_article": row(public(), kwargs={"slug": "news_article.slug"}),
}


def build(w) -> None:
    from django.core.files.base import ContentFile

    from shanglian.news import services
    from shanglian.news.models import Attachment, Photo

    w.news_article = services.article_save(actor=w.secretariat, values={
        "title_zh_hant": "聯會考察團訪問前海", "body_zh_hant": "考察團參觀前海。", "slug": "matrix-qianhai"},
        tags=services.tags_from_text("考察團"))
    w.news_article.tags.first().__class__.objects.filter(pk=w.news_article.tags.first().pk).update(slug="delegation")
    w.news_article = services.article_publish(actor=w.secretariat, article=w.news_article, language="zh-hant",
                                              publish=True)
    w.news_draft = services.article_save(actor=w.secretariat, values={
        "title_zh_hant": "草稿", "body_zh_hant": "未發佈", "slug": "matrix-draft"})
    w.news_photo = Photo(article=w.news_article, caption_zh_hant="相")
    w.news_photo.image.save("matrix.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    w.news_attachment = Attachment(article=w.news_article, title="文件", size=3)
    w.news_attachment.file.save("matrix.pdf", ContentFile(b"%PDF"), save=True)
