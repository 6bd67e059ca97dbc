"""Forms validate input; services.py does the writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import pick
from shanglian.mailings import selectors
from shanglian.mailings.access import allowed_audiences, sender_association_ids
from shanglian.mailings.models import Mailing, Topic

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _label(obj: Any) -> str:
    return str(getattr(obj, "name", obj))


class MailingForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("主題"), queryset=Topic.objects.none())
    association = forms.TypedChoiceField(label=_("發件商會"), coerce=int, required=False, empty_value=None)
    audience = forms.ChoiceField(label=_("收件對象"))
    associations = forms.TypedMultipleChoiceField(label=_("屬會"), coerce=int, required=False,
                                                  widget=forms.CheckboxSelectMultiple,
                                                  help_text=_("不選即全部屬會"))
    industries = forms.TypedMultipleChoiceField(label=_("行業"), coerce=int, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    districts = forms.TypedMultipleChoiceField(label=_("地區"), coerce=int, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    positions = forms.MultipleChoiceField(label=_("職位"), required=False, widget=forms.CheckboxSelectMultiple,
                                          help_text=_("只適用於「會長、會董等職員」"))
    event = forms.TypedChoiceField(label=_("活動"), coerce=int, required=False, empty_value=None,
                                   help_text=_("只適用於「活動參加者」"))
    edition = forms.TypedChoiceField(label=_("購物節"), coerce=int, required=False, empty_value=None,
                                     help_text=_("只適用於「購物節商戶」；不選即本屆"))
    subject_zh_hant = forms.CharField(label=_("標題（繁體，主文本）"), max_length=200)
    body_zh_hant = forms.CharField(label=_("內容（繁體，主文本）"), widget=forms.Textarea(attrs={"rows": 10}),
                                   help_text=_("可用 Markdown：**粗體**、[連結](https://…)、清單。"))
    subject_zh_hans = forms.CharField(label=_("標題（简体）"), max_length=200, required=False)
    body_zh_hans = forms.CharField(label=_("內容（简体）"), widget=forms.Textarea(attrs={"rows": 8}), required=False,
                                   help_text=_("留空即以繁體自動轉換；可按「由繁體產生简体草稿」後修改。"))
    subject_en = forms.CharField(label=_("標題（English）"), max_length=200, required=False)
    body_en = forms.CharField(label=_("內容（English）"), widget=forms.Textarea(attrs={"rows": 8}), required=False,
                              help_text=_("英文由人手撰寫；留空則英文讀者收到繁體版本。"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        choices = selectors.segment_choices(user)
        self.fields["topic"].queryset = selectors.topics()
        scope = sender_association_ids(user)
        assoc_choices = [(a.pk, _label(a)) for a in choices["associations"]]
        if scope is None:
            self.fields["association"].choices = [("", _("聯會秘書處"))] + assoc_choices
        else:
            self.fields["association"].choices = assoc_choices
            self.fields["association"].required = True
            del self.fields["associations"]
        labels = dict(Mailing.Audience.choices)
        self.fields["audience"].choices = [(a, labels[a]) for a in allowed_audiences(user)]
        if "associations" in self.fields:
            self.fields["associations"].choices = assoc_choices
        self.fields["industries"].choices = [(i.pk, _label(i)) for i in choices["industries"]]
        self.fields["districts"].choices = [(p.pk, _label(p)) for p in choices["districts"]]
        self.fields["positions"].choices = choices["positions"]
        if scope is None:
            self.fields["event"].choices = [("", "—")] + [(e.pk, f"{e.starts_at:%Y-%m-%d} {pick(e, 'title')}")
                                                           for e in choices["events"]]
            self.fields["edition"].choices = [("", "—")] + [(e.pk, pick(e, "name")) for e in choices["editions"]]
        else:
            del self.fields["event"]
            del self.fields["edition"]

    @classmethod
    def initial_for(cls, mailing: Mailing) -> dict[str, Any]:
        seg = mailing.segment or {}
        return {"topic": mailing.topic_id, "association": mailing.association_id, "audience": mailing.audience,
                "associations": seg.get("associations", []), "industries": seg.get("industries", []),
                "districts": seg.get("districts", []), "positions": seg.get("positions", []),
                "event": seg.get("event"), "edition": seg.get("edition"),
                **{f"{n}_{s}": getattr(mailing, f"{n}_{s}") for n in ("subject", "body")
                   for s in ("zh_hant", "zh_hans", "en")}}

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        association = None
        if d.get("association"):
            association = next((a for a in selectors.segment_choices(self.user)["associations"]
                                if a.pk == d["association"]), None)
        segment = {"associations": d.get("associations") or [], "industries": d.get("industries") or [],
                   "districts": d.get("districts") or [], "positions": d.get("positions") or [],
                   "event": d.get("event"), "edition": d.get("edition")}
        return {"topic": d["topic"], "association": association, "audience": d["audience"], "segment": segment,
                **{f"{n}_{s}": d.get(f"{n}_{s}") or "" for n in ("subject", "body")
                   for s in ("zh_hant", "zh_hans", "en")}}


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(label=_("發送時間"), required=False, widget=DATETIME,
                                  help_text=_("留空即立即發送（香港時間）"))


class BounceImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("類別"), choices=[("hard", _("硬性退回")), ("complaint", _("投訴")),
                                                         ("soft", _("軟性退回"))])
    addresses = forms.CharField(label=_("電郵地址（每行一個，或 CSV 第一欄）"),
                                widget=forms.Textarea(attrs={"rows": 8}), max_length=500_000)
