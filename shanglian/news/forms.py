"""Forms validate input; services.py does the writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import pick
from shanglian.news import selectors
from shanglian.news.models import Article

RICH_HELP = _(
    "可用 Markdown（**粗體**、## 小標題、[連結](https://…)、清單）或貼上 HTML；程式碼及不安全的屬性會被移除。")


class ArticleForm(forms.Form):
    title_zh_hant = forms.CharField(label=_("標題（繁體，主文本）"), max_length=200)
    summary_zh_hant = forms.CharField(label=_("摘要（繁體）"), max_length=600, required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    body_zh_hant = forms.CharField(label=_("內文（繁體）"), widget=forms.Textarea(attrs={"rows": 14}),
                                   help_text=RICH_HELP)
    title_zh_hans = forms.CharField(label=_("標題（简体）"), max_length=200, required=False)
    summary_zh_hans = forms.CharField(label=_("摘要（简体）"), max_length=600, required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    body_zh_hans = forms.CharField(label=_("內文（简体）"), widget=forms.Textarea(attrs={"rows": 10}),
                                   required=False,
                                   help_text=_(
                                       "按「由繁體產生简体草稿」以 OpenCC 及兩地用語對照表產生草稿，校對後儲存。"))
    title_en = forms.CharField(label=_("標題（English）"), max_length=200, required=False)
    summary_en = forms.CharField(label=_("摘要（English）"), max_length=600, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    body_en = forms.CharField(label=_("內文（English）"), widget=forms.Textarea(attrs={"rows": 10}), required=False,
                              help_text=_("英文由人手撰寫。"))
    translations_current = forms.MultipleChoiceField(
        label=_("譯文已跟上繁體最新版本"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("zh_hans", "简体"), ("en", "English")],
        help_text=_("繁體修改後，譯文會標示「原文已更新」；校對後剔選以清除標示。"))
    tags = forms.CharField(label=_("標籤"), max_length=300, required=False,
                           help_text=_("以逗號分隔，例如：考察團, 論壇"))
    event = forms.TypedChoiceField(label=_("相關活動"), coerce=int, required=False, empty_value=None)
    competition = forms.TypedChoiceField(label=_("相關攝影比賽（顯示作品集）"), coerce=int, required=False,
                                         empty_value=None)
    agreement_id = forms.IntegerField(label=_("相關協議編號"), required=False, min_value=1, max_value=2_000_000_000)
    campaign_id = forms.IntegerField(label=_("相關籌款活動編號"), required=False, min_value=1, max_value=2_000_000_000)
    cover = forms.ImageField(label=_("封面相片"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.events = selectors.editor_events()
        self.fields["event"].choices = [("", "—")] + [(e.pk, f"{e.starts_at:%Y-%m-%d} {pick(e, 'title')}")
                                                       for e in self.events]
        self.competitions = selectors.editor_competitions()
        self.fields["competition"].choices = [("", "—")] + [(c.pk, pick(c, "title")) for c in self.competitions]

    @classmethod
    def initial_for(cls, article: Article) -> dict[str, Any]:
        data = {f"{f}_{s}": getattr(article, f"{f}_{s}") for f in ("title", "summary", "body")
                for s in ("zh_hant", "zh_hans", "en")}
        data.update(tags=", ".join(t.name_zh_hant for t in article.tags.all()), event=article.event_id,
                    competition=article.competition_id,
                    agreement_id=article.agreement_id, campaign_id=article.campaign_id)
        return data

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        values = {f"{f}_{s}": d.get(f"{f}_{s}") or "" for f in ("title", "summary", "body")
                  for s in ("zh_hant", "zh_hans", "en")}
        values["event"] = next((e for e in self.events if e.pk == d.get("event")), None)
        values["competition"] = next((c for c in self.competitions if c.pk == d.get("competition")), None)
        values["agreement_id"] = d.get("agreement_id")
        values["campaign_id"] = d.get("campaign_id")
        values["cover"] = d.get("cover")
        return values


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("相片"))
    caption = forms.CharField(label=_("說明（繁體）"), max_length=200, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("檔案（PDF、Word、Excel、PowerPoint、JPEG、PNG；上限 20 MB）"))
    title = forms.CharField(label=_("名稱"), max_length=200, required=False)


class DigestForm(forms.Form):
    month = forms.DateField(label=_("月份"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m", "%Y-%m-%d"])
