"""Forms validate input; services (services.py, claims.py) do the writes."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from shanglian.core.models import Place
from shanglian.festival.models import Category, CouponCampaign, Edition, MerchantStaff, Shop
from shanglian.festival.photos import MAX_BYTES, process_photo

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _districts():
    return Place.objects.filter(kind="hk_district")


class ShopFieldsMixin(forms.Form):
    shop_name_zh = forms.CharField(label=_("分店名稱"), max_length=120)
    shop_address = forms.CharField(label=_("地址"), max_length=300)
    shop_district = forms.ModelChoiceField(label=_("地區"), queryset=Place.objects.none())
    shop_opening_hours = forms.CharField(label=_("營業時間"), max_length=200, required=False)
    shop_phone = forms.CharField(label=_("電話"), max_length=32, required=False)
    shop_lat = forms.FloatField(label=_("緯度（可選）"), required=False, min_value=-90, max_value=90)
    shop_lng = forms.FloatField(label=_("經度（可選）"), required=False, min_value=-180, max_value=180)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shop_district"].queryset = _districts()

    def shop_values(self) -> dict:
        d = self.cleaned_data
        return {"name_zh": d["shop_name_zh"], "address": d["shop_address"], "district": d["shop_district"],
                "opening_hours": d.get("shop_opening_hours", ""), "phone": d.get("shop_phone", ""),
                "lat": d.get("shop_lat"), "lng": d.get("shop_lng")}


class MerchantApplyForm(ShopFieldsMixin):
    name_zh = forms.CharField(label=_("公司名稱（中文）"), max_length=200)
    name_en = forms.CharField(label=_("公司名稱（英文）"), max_length=200, required=False)
    br_number = forms.CharField(label=_("商業登記號碼"), max_length=32, required=False)
    contact_name = forms.CharField(label=_("聯絡人姓名"), max_length=100)
    contact_phone = forms.CharField(label=_("聯絡電話"), max_length=32)
    contact_email = forms.EmailField(label=_("電郵"), required=False)
    brand_zh = forms.CharField(label=_("品牌（中文）"), max_length=120)
    brand_en = forms.CharField(label=_("品牌（英文）"), max_length=120, required=False)
    field_order = ["name_zh", "name_en", "br_number", "contact_name", "contact_phone", "contact_email", "brand_zh",
                   "brand_en"]

    def merchant_values(self) -> dict:
        d = self.cleaned_data
        return {k: d.get(k, "") for k in ("name_zh", "name_en", "br_number", "contact_name", "contact_phone",
                                           "contact_email")}


class ShopForm(ShopFieldsMixin):
    pass


class StaffForm(forms.Form):
    username = forms.CharField(label=_("用戶名稱"), max_length=150)
    shop = forms.ModelChoiceField(label=_("分店（留空即全部分店）"), queryset=Shop.objects.none(), required=False)
    role = forms.ChoiceField(label=_("角色"), choices=MerchantStaff.Role.choices)

    def __init__(self, *args, merchant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shop"].queryset = merchant.shops.all()

    def clean_username(self):
        user = get_user_model().objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("找不到此用戶，請先請對方註冊帳戶。"))
        return user


class OfferForm(forms.Form):
    title_zh_hant = forms.CharField(label=_("標題（繁體）"), max_length=200, required=False)
    title_zh_hans = forms.CharField(label=_("標題（简体）"), max_length=200, required=False)
    title_en = forms.CharField(label=_("標題（English）"), max_length=200, required=False)
    terms_zh_hant = forms.CharField(label=_("條款（繁體）"), widget=forms.Textarea, required=False, max_length=4000)
    terms_zh_hans = forms.CharField(label=_("條款（简体）"), widget=forms.Textarea, required=False, max_length=4000)
    terms_en = forms.CharField(label=_("條款（English）"), widget=forms.Textarea, required=False, max_length=4000)
    category = forms.ModelChoiceField(label=_("優惠類別"), queryset=Category.objects.filter(parent__isnull=False))
    brand = forms.ModelChoiceField(label=_("品牌"), queryset=None, required=False)
    shops = forms.ModelMultipleChoiceField(label=_("適用分店"), queryset=None, widget=forms.CheckboxSelectMultiple)
    valid_from = forms.DateField(label=_("有效期由"), widget=DATE)
    valid_until = forms.DateField(label=_("有效期至"), widget=DATE)
    photo = forms.FileField(label=_("相片（JPEG / PNG / WebP，上限 8 MB）"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    remove_photo = forms.BooleanField(label=_("移除現有相片"), required=False)

    def __init__(self, *args, merchant, has_photo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brand"].queryset = merchant.brands.all()
        self.fields["shops"].queryset = merchant.shops.all()
        if not has_photo:  # only an edit of an offer that has a photo can remove it
            del self.fields["remove_photo"]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            if photo.size > MAX_BYTES:
                raise forms.ValidationError(_("相片太大（上限 8 MB）。"))
            process_photo(photo)  # raises a translated ValidationError for non-images
            photo.seek(0)
        return photo

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("有效期的結束日期不可早於開始日期。"))
        if not (data.get("title_zh_hant") or data.get("title_zh_hans") or data.get("title_en")):
            self.add_error("title_zh_hant", _("請最少填寫一種語言的標題。"))
        if data.get("remove_photo") and data.get("photo"):
            self.add_error("remove_photo", _("請選擇移除相片或上載新相片，不可兩者同時進行。"))
        return data


class CampaignForm(forms.ModelForm):
    class Meta:
        model = CouponCampaign
        fields = ["kind", "value", "discount_percent", "quota", "per_person_limit", "claim_starts", "claim_ends",
                  "valid_from", "valid_until", "eligibility", "online", "shops"]
        widgets = {"claim_starts": DATETIME, "claim_ends": DATETIME, "valid_from": DATETIME, "valid_until": DATETIME,
                   "shops": forms.CheckboxSelectMultiple}

    def __init__(self, *args, offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shops"].queryset = offer.shops.all()
        self.fields["shops"].required = False
        self.fields["shops"].help_text = _("留空即此優惠的全部分店。")
        self.fields["quota"].min_value = 1


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("批准")), ("reject", _("拒絕申請"))])
    reason = forms.CharField(label=_("拒絕原因"), required=False, max_length=1000)


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["code", "name_zh_hant", "name_zh_hans", "name_en", "theme_zh_hant", "theme_zh_hans", "theme_en",
                  "starts_on", "ends_on", "is_current"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def _get_validation_exclusions(self):
        # A new current edition replaces the old one (edition_create), so the "one current
        # edition" constraint is not a form error.
        exclude = super()._get_validation_exclusions()
        exclude.add("is_current")
        return exclude


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "parent", "name_zh_hant", "name_zh_hans", "name_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Category.objects.filter(parent__isnull=True)
