"""Forms validate shape; services clean and decide (they raise ValidationError per field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.core.models import Industry, Place
from shanglian.core.params import INT64_MAX
from shanglian.matching.cleaning import DESCRIPTION_MAX, TITLE_MAX
from shanglian.matching.models import NEED_SUBTYPES, OFFER_SUBTYPES, Introduction, Kind, Language, Region, Subtype


class SubtypeSelect(forms.Select):
    """Each option says which kind it belongs to, so the page script can show only those."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-kind"] = "offer" if value in OFFER_SUBTYPES else "need"
        return option


class PlacePicker(forms.CheckboxSelectMultiple):
    """Target cities as checkboxes grouped by region; opportunity-form.js adds a filter box and
    the chosen cities as removable tags (without script: plain grouped checkboxes)."""

    template_name = "matching/widgets/place_picker.html"
    search_terms: dict[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["search"] = self.search_terms.get(str(value), str(label)).lower()
        return option


class OpportunityForm(forms.Form):
    kind = forms.ChoiceField(label=_("類型"), choices=Kind.choices, widget=forms.RadioSelect)
    subtype = forms.ChoiceField(label=_("細分"), widget=SubtypeSelect, choices=[
        (Kind.OFFER.label, [(v, label) for v, label in Subtype.choices if v in OFFER_SUBTYPES]),
        (Kind.NEED.label, [(v, label) for v, label in Subtype.choices if v in NEED_SUBTYPES]),
    ])
    title = forms.CharField(label=_("標題"), max_length=TITLE_MAX * 2, strip=True,
                            error_messages={"required": _("請填寫標題。")},
                            widget=forms.TextInput(attrs={"maxlength": TITLE_MAX}))
    description = forms.CharField(label=_("內容"), widget=forms.Textarea(attrs={"rows": 6}),
                                  error_messages={"required": _("請填寫內容。")},
                                  help_text=_("用繁體、简体或 English 撰寫均可，最多 5000 字。"))
    industry = forms.ModelChoiceField(label=_("行業"), queryset=Industry.objects.none(), required=False)
    category = forms.CharField(label=_("產品 / 服務類別"), max_length=80, required=False,
                               help_text=_("例如：電子元器件、冷鏈物流"))
    target_regions = forms.MultipleChoiceField(label=_("目標市場（區域）"), choices=Region.choices, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    target_markets = forms.ModelMultipleChoiceField(label=_("目標市場（城市）"), queryset=Place.objects.none(),
                                                    required=False, widget=PlacePicker)
    budget = forms.CharField(label=_("預算"), max_length=80, required=False)
    quantity = forms.CharField(label=_("數量"), max_length=80, required=False)
    expires_on = forms.DateField(label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("留空則為 90 天"))
    language = forms.ChoiceField(label=_("撰寫語言"), choices=[("", _("自動判斷")), *Language.choices],
                                 required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.order_by("sort", "code")
        places = list(Place.objects.exclude(kind="hk_district").order_by("sort", "code"))
        markets = self.fields["target_markets"]
        markets.queryset = Place.objects.filter(pk__in=[p.pk for p in places])
        kinds = dict(Place.Kind.choices)
        groups: dict[str, list[tuple[str, str]]] = {}
        for p in places:
            groups.setdefault(p.kind, []).append((str(p.pk), p.name))
        markets.widget.choices = [(kinds[k], options) for k, options in groups.items()]
        markets.widget.search_terms = {str(p.pk): f"{p.name_zh_hant} {p.name_zh_hans} {p.name_en} {p.code}"
                                       for p in places}

    def clean(self):
        cleaned = super().clean()
        kind, subtype = cleaned.get("kind"), cleaned.get("subtype")
        if kind and subtype and subtype not in (OFFER_SUBTYPES if kind == "offer" else NEED_SUBTYPES):
            self.add_error("subtype", _("細分與類型不符。"))
        return cleaned

    def clean_description(self):
        # Refuse absurd sizes before anything else looks at the text.
        text = self.cleaned_data["description"]
        if len(text) > DESCRIPTION_MAX:
            raise forms.ValidationError(_("內容最多 %(max)s 字（現有 %(n)s 字）。") % {"max": DESCRIPTION_MAX,
                                                                             "n": len(text)})
        return text

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("target_markets", None)
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class InterestForm(forms.Form):
    message = forms.CharField(label=_("留言（選填）"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class MeetingForm(forms.Form):
    note = forms.CharField(label=_("建議時間及地點"), max_length=300)


class EventMeetingForm(forms.Form):
    """Pick one of the events both sides attend (choices filled by the view)."""

    event = forms.TypedChoiceField(label=_("活動"), coerce=int, widget=forms.RadioSelect)
    priority = forms.TypedChoiceField(label=_("優先次序"), coerce=int, initial=10, choices=[
        (10, _("必須會面")), (3, _("希望會面"))])
    reason = forms.CharField(label=_("洽談原因"), max_length=300, required=False)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [(o.event.pk, o.event.title) for o in options]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("結果"), choices=Introduction.Outcome.choices)
    note = forms.CharField(label=_("備註"), max_length=300, required=False)


class CurateForm(forms.Form):
    counterpart = forms.IntegerField(label=_("對方商機編號"), required=False, min_value=1,
                                     max_value=INT64_MAX)
    enterprise = forms.IntegerField(label=_("或對方企業編號"), required=False, min_value=1, max_value=INT64_MAX)
    note = forms.CharField(label=_("推薦說明"), max_length=300, required=False)
