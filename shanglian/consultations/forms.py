from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.consultations.models import Consultation, Question, Submission
from shanglian.directory.models import Association


class ConsultationForm(forms.ModelForm):
    associations = forms.ModelMultipleChoiceField(
        label=_("只諮詢以下屬會（不選即全體會員）"), required=False,
        queryset=Association.objects.filter(kind=Association.Kind.MEMBER).order_by("sort", "pk"),
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Consultation
        fields = ("title_zh_hant", "title_zh_hans", "title_en", "description_zh_hant", "description_en", "deadline",
                  "allow_anonymous")
        widgets = {"deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "description_zh_hant": forms.Textarea(attrs={"rows": 4}),
                   "description_en": forms.Textarea(attrs={"rows": 4})}


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("類型"), choices=Question.Kind.choices)
    prompt_zh_hant = forms.CharField(label=_("問題（繁體）"), max_length=300)
    prompt_zh_hans = forms.CharField(label=_("問題（简体）"), max_length=300, required=False)
    prompt_en = forms.CharField(label=_("問題（English）"), max_length=300, required=False)
    choices = forms.CharField(label=_("選項（每行一項，只用於選擇題）"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


def answer_form(questions, *, data=None, initial=None, allow_anonymous=True) -> forms.Form:
    fields: dict[str, forms.Field] = {}
    for q in questions:
        name = f"q{q.pk}"
        if q.kind == Question.Kind.CHOICE:
            fields[name] = forms.ChoiceField(label=q.prompt, required=False, widget=forms.RadioSelect,
                                             choices=[(c, c) for c in q.choice_list()])
        elif q.kind == Question.Kind.SCALE:
            fields[name] = forms.ChoiceField(label=q.prompt, required=False, widget=forms.RadioSelect,
                                             choices=[(str(i), str(i)) for i in range(1, 6)],
                                             help_text=_("1 = 非常不同意，5 = 非常同意"))
        else:
            fields[name] = forms.CharField(label=q.prompt, required=False, max_length=4000,
                                           widget=forms.Textarea(attrs={"rows": 3}))
    fields["proposal"] = forms.CharField(label=_("其他建議"), required=False, max_length=4000,
                                         widget=forms.Textarea(attrs={"rows": 4}))
    if allow_anonymous:
        fields["anonymous"] = forms.BooleanField(label=_("對其他會員匿名（秘書處仍可見）"), required=False)
    form_class = type("AnswerForm", (forms.Form,), fields)
    return form_class(data=data, initial=initial)


class SubmissionForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = ("title_zh_hant", "title_zh_hans", "title_en", "body_zh_hant", "body_zh_hans", "body_en")
        widgets = {f"body_{k}": forms.Textarea(attrs={"rows": 12}) for k in ("zh_hant", "zh_hans", "en")}


class ApproveForm(forms.Form):
    council_minute = forms.CharField(label=_("理事會會議紀錄編號"), max_length=100)


class SendForm(forms.Form):
    sent_to = forms.CharField(label=_("遞交對象"), max_length=300)
    sent_at = forms.DateField(label=_("遞交日期"), widget=forms.DateInput(attrs={"type": "date"}))


class GovernmentResponseForm(forms.Form):
    text = forms.CharField(label=_("政府回應"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    date = forms.DateField(label=_("回應日期"), widget=forms.DateInput(attrs={"type": "date"}))
