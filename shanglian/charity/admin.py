from django.contrib import admin

from shanglian.charity.models import Campaign, Pledge
from shanglian.core.admin_mixins import AuditedAdmin


@admin.register(Campaign)
class CampaignAdmin(AuditedAdmin):
    list_display = ("title_zh_hant", "beneficiary_name", "goal", "status", "deadline")
    filter_horizontal = ("recorders",)


@admin.register(Pledge)
class PledgeAdmin(AuditedAdmin):
    list_display = ("donor_name", "campaign", "amount", "status", "receipt_number")
