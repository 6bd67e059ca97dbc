"""Pages of this app: thin — access → selector/service → render.

Public: the news list (tags, search), an article, RSS and Atom feeds per language (the URL's
language prefix). Editors (the secretariat): list, write/edit, publish per language, photos,
attachments, and the monthly digest.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import form_add_domain_error, messages_add_domain_error
from shanglian.core.params import id_param, int_param
from shanglian.news import access, selectors, services
from shanglian.news.forms import ArticleForm, AttachmentForm, DigestForm, PhotoForm


def article_list(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:200]
    tag_slug = (request.GET.get("tag") or "").strip()[:40]
    tag = selectors.tag_by_slug(tag_slug) if tag_slug else None
    if tag_slug and tag is None:
        raise Http404
    articles = selectors.published_articles(tag=tag_slug, q=q)
    page = Paginator(articles, 12).get_page(int_param(request.GET.get("page"), 1))
    return render(request, "news/list.html", {"page": page, "q": q, "tag": tag, "tags": selectors.all_tags(),
                                              "can_edit": access.can_edit_news(request.user)})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = access.article_for_reader(request.user, slug)
    version = selectors.reader_version(article, preview=access.can_edit_news(request.user))
    return render(request, "news/detail.html", {"article": article, "version": version,
                                                "can_edit": access.can_edit_news(request.user),
                                                "gallery": selectors.competition_gallery(article)})


# ------------------------------------------------------------------------------------ editors
@staff_member_required
def manage(request: HttpRequest) -> HttpResponse:
    return render(request, "news/manage.html", {"articles": selectors.editor_articles()[:200],
                                                "digest_form": DigestForm()})


def _edit(request: HttpRequest, article=None) -> HttpResponse:
    if request.method == "POST":
        data = request.POST.copy()
        if request.POST.get("action") == "draft":
            for key, value in services.simplified_from_master(
                    {k: data.get(k, "") for k in ("title_zh_hant", "summary_zh_hant", "body_zh_hant")}).items():
                data[key] = value
            form = ArticleForm(data)
            form.is_valid()
            messages.info(request, _("已由繁體產生简体草稿，請校對後儲存。"))
        else:
            form = ArticleForm(data, request.FILES)
            if form.is_valid():
                try:
                    saved = services.article_save(
                        actor=request.user, values=form.values(), article=article,
                        tags=services.tags_from_text(form.cleaned_data.get("tags") or ""),
                        translations_current=tuple(form.cleaned_data.get("translations_current") or ()))
                except ValidationError as exc:
                    form_add_domain_error(form, exc)
                else:
                    messages.success(request, _("已儲存。"))
                    return redirect("news:edit", pk=saved.pk)
    else:
        form = ArticleForm(initial=ArticleForm.initial_for(article) if article else None)
    return render(request, "news/form.html", {"form": form, "article": article, "photo_form": PhotoForm(),
                                              "article_langs": selectors.publish_rows(article),
                                              "attachment_form": AttachmentForm()})


@staff_member_required
def article_create(request: HttpRequest) -> HttpResponse:
    return _edit(request)


@staff_member_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, access.article_for_editor(request.user, id_param(pk)))


@staff_member_required
@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.article_for_editor(request.user, id_param(pk))
    try:
        services.article_publish(actor=request.user, article=article, language=request.POST.get("language", ""),
                                 publish=request.POST.get("publish") == "1")
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已更新發佈狀態。"))
    return redirect("news:edit", pk=article.pk)


@staff_member_required
@require_POST
def article_delete(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.article_for_editor(request.user, id_param(pk))
    services.article_delete(actor=request.user, article=article)
    messages.success(request, _("已刪除。"))
    return redirect("news:manage")


@staff_member_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.article_for_editor(request.user, id_param(pk))
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(actor=request.user, article=article, upload=form.cleaned_data["image"],
                               caption=form.cleaned_data.get("caption") or "")
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
        else:
            messages.success(request, _("已加入相片。"))
    else:
        messages.error(request, _("請選擇相片。"))
    return redirect("news:edit", pk=article.pk)


@staff_member_required
@require_POST
def photo_delete(request: HttpRequest, pk: int, photo_id: int) -> HttpResponse:
    article = access.article_for_editor(request.user, id_param(pk))
    services.photo_delete(actor=request.user, article=article, photo_id=id_param(photo_id))
    messages.success(request, _("已刪除相片。"))
    return redirect("news:edit", pk=article.pk)


@staff_member_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = access.article_for_editor(request.user, id_param(pk))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(actor=request.user, article=article, upload=form.cleaned_data["file"],
                                    title=form.cleaned_data.get("title") or "")
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
        else:
            messages.success(request, _("已加入附件。"))
    else:
        messages.error(request, _("請選擇檔案。"))
    return redirect("news:edit", pk=article.pk)


@staff_member_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    article = access.article_for_editor(request.user, id_param(pk))
    services.attachment_delete(actor=request.user, article=article, attachment_id=id_param(attachment_id))
    messages.success(request, _("已刪除附件。"))
    return redirect("news:edit", pk=article.pk)


@staff_member_required
@require_POST
def digest(request: HttpRequest) -> HttpResponse:
    form = DigestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("請選擇月份。"))
        return redirect("news:manage")
    try:
        mailing = services.digest_create(actor=request.user, month=form.cleaned_data["month"])
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
        return redirect("news:manage")
    messages.success(request, _("已建立並開始發送新聞摘要。"))
    return redirect("mailings:detail", pk=mailing.pk)
