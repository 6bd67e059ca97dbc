from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.events.models import Event, EventOrganiser, ItineraryStop, RegistrationQuestion, Session

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["type", "association", "title_zh_hant", "title_zh_hans", "title_en", "description_zh_hant",
                  "description_zh_hans", "description_en", "starts_at", "ends_at", "timezone", "venue_zh_hant",
                  "venue_zh_hans", "venue_en", "capacity", "registration_opens_at", "registration_closes_at",
                  "audience", "approval_required", "fee", "meeting_tables", "meeting_response_hours", "is_published"]
        widgets = {"starts_at": DT, "ends_at": DT, "registration_opens_at": DT, "registration_closes_at": DT,
                   **{f"description_{s}": forms.Textarea(attrs={"rows": 4}) for s in ("zh_hant", "zh_hans", "en")}}

    def __init__(self, *args, associations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if associations is not None:
            self.fields["association"].queryset = associations
        self.fields["association"].label_from_instance = lambda a: a.name  # the reader's language


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title_zh_hant", "title_zh_hans", "title_en", "starts_at", "ends_at", "room", "speakers"]
        widgets = {"starts_at": DT, "ends_at": DT, "speakers": forms.Textarea(attrs={"rows": 2})}


class OrganiserForm(forms.ModelForm):
    class Meta:
        model = EventOrganiser
        fields = ["role", "name_zh", "name_en"]


class ItineraryForm(forms.ModelForm):
    class Meta:
        model = ItineraryStop
        fields = ["date", "city_zh_hant", "city_zh_hans", "city_en", "host_zh", "host_en", "programme_zh_hant"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}),
                   "programme_zh_hant": forms.Textarea(attrs={"rows": 2})}


class QuestionForm(forms.ModelForm):
    class Meta:
        model = RegistrationQuestion
        fields = ["text_zh_hant", "text_zh_hans", "text_en", "kind", "choices", "required"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 2})}


class AttendeeForm(forms.Form):
    name_zh = forms.CharField(label=_("中文姓名"), max_length=80, required=False)
    name_en = forms.CharField(label=_("英文姓名"), max_length=120, required=False)
    title = forms.CharField(label=_("職銜"), max_length=80, required=False)
    company = forms.CharField(label=_("公司"), max_length=200, required=False)
    email = forms.EmailField(label=_("電郵"), max_length=254)
    phone = forms.CharField(label=_("電話"), max_length=32, required=False,
                            help_text=_("香港 +852、澳門 +853 或內地 +86 號碼"))

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            name = f"q_{q.pk}"
            if q.kind == q.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(label=q.text, required=q.required,
                                                      choices=[("", "—")] + [(c, c) for c in q.choice_list()])
            elif q.kind == q.Kind.YESNO:
                self.fields[name] = forms.ChoiceField(label=q.text, required=q.required,
                                                      choices=[("", "—"), (_("是"), _("是")), (_("否"), _("否"))])
            else:
                self.fields[name] = forms.CharField(label=q.text, required=q.required, max_length=2000)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name_zh") or "").strip() and not (cleaned.get("name_en") or "").strip():
            self.add_error("name_zh", _("請填寫中文或英文姓名。"))
        return cleaned

    def answers(self) -> dict[int, str]:
        return {q.pk: str(self.cleaned_data.get(f"q_{q.pk}") or "") for q in self.questions}


class BaseAttendeeFormSet(forms.BaseFormSet):
    """``defaults`` pre-fill every row (the company for a group); rows left as pre-filled are
    skipped, so a group form with spare rows can be sent half-filled. Registering oneself
    (``group=False``), the one row counts even when sent exactly as pre-filled."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": _("請至少填寫一位參加者的姓名及電郵。"),
    }

    def __init__(self, *args, questions=(), defaults=None, group=True, **kwargs):
        self.questions = questions
        self.defaults = defaults or {}
        self.group = group
        super().__init__(*args, **kwargs)

    def initial_form_count(self) -> int:
        count = super().initial_form_count()
        return count if self.group else max(count, 1)

    def get_form_kwargs(self, index):
        return {"questions": self.questions, "initial": dict(self.defaults)}


AttendeeFormSet = forms.formset_factory(AttendeeForm, formset=BaseAttendeeFormSet, extra=0, min_num=1,
                                        validate_min=True, max_num=30, validate_max=True)


class ExhibitorForm(forms.ModelForm):
    class Meta:
        from shanglian.events.models import Exhibitor

        model = Exhibitor
        fields = ["booth", "name_zh", "name_en", "description_zh_hant", "description_zh_hans", "description_en"]
        widgets = {f"description_{s}": forms.Textarea(attrs={"rows": 2}) for s in ("zh_hant", "zh_hans", "en")}

    def validate_unique(self):  # the service says it with a translated message
        pass


class ProductForm(forms.ModelForm):
    photo = forms.FileField(label=_("相片"), required=False)

    class Meta:
        from shanglian.events.models import Product

        model = Product
        fields = ["name_zh_hant", "name_zh_hans", "name_en", "category", "description_zh_hant",
                  "description_zh_hans", "description_en"]
        widgets = {f"description_{s}": forms.Textarea(attrs={"rows": 2}) for s in ("zh_hant", "zh_hans", "en")}
