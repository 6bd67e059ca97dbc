from django.contrib import admin

from shanglian.core.admin_mixins import AuditedAdmin
from shanglian.events.models import (
    CheckIn,
    Event,
    EventOrganiser,
    Exhibitor,
    ItineraryStop,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    Product,
    Registration,
    RegistrationQuestion,
    Session,
)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class OrganiserInline(admin.TabularInline):
    model = EventOrganiser
    extra = 0


class ItineraryInline(admin.TabularInline):
    model = ItineraryStop
    extra = 0


class QuestionInline(admin.TabularInline):
    model = RegistrationQuestion
    extra = 0


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    list_display = ("title_zh_hant", "type", "starts_at", "association", "capacity", "seats_taken", "is_published")
    list_filter = ("type", "is_published", "audience", "association")
    search_fields = ("title_zh_hant", "title_zh_hans", "title_en", "slug")
    inlines = [OrganiserInline, SessionInline, ItineraryInline, QuestionInline]
    readonly_fields = ("seats_taken",)


@admin.register(Registration)
class RegistrationAdmin(AuditedAdmin):
    list_display = ("name_zh", "name_en", "company", "email", "event", "status", "paid", "checked_in_at")
    list_filter = ("status", "paid", "event")
    search_fields = ("name_zh", "name_en", "email", "company", "ticket_code")
    raw_id_fields = ("user", "registered_by", "checked_in_by", "enterprise")
    # Status and seats change through services (waitlist, seat counter), not by hand here.
    readonly_fields = ("status", "ticket_code", "checked_in_at", "checked_in_by")


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("registration", "result", "scanned_at", "by")
    list_filter = ("result", "event")


@admin.register(MeetingSlot)
class MeetingSlotAdmin(AuditedAdmin):
    list_display = ("event", "starts_at", "ends_at")
    list_filter = ("event",)


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ("event", "requester", "recipient", "priority", "status", "deadline")
    list_filter = ("status", "priority", "event")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("event", "request", "slot", "table", "pinned", "status")
    list_filter = ("status", "event")


class ProductInline(admin.TabularInline):
    model = Product
    extra = 0


@admin.register(Exhibitor)
class ExhibitorAdmin(AuditedAdmin):
    list_display = ("booth", "name_zh", "name_en", "event")
    list_filter = ("event",)
    inlines = [ProductInline]
