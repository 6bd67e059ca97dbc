"""The event itself, its organisers, itinerary (delegations) and agenda."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated
from shanglian.directory.models import Association

TIMEZONE_CHOICES = [("Asia/Hong_Kong", _("香港時間")), ("Asia/Shanghai", _("北京時間")),
                    ("Asia/Macau", _("澳門時間")), ("Asia/Tokyo", _("東京時間")), ("Asia/Seoul", _("首爾時間")),
                    ("Asia/Singapore", _("新加坡時間")), ("Europe/London", _("倫敦時間")), ("UTC", "UTC")]


class Event(models.Model):
    class Type(models.TextChoices):
        FORUM = "forum", _("論壇")
        EXPO = "expo", _("博覽會")
        DELEGATION = "delegation", _("考察團")
        CEREMONY = "ceremony", _("典禮")
        GALA = "gala", _("晚宴")
        TRAINING = "training", _("培訓")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("會員")
        PUBLIC = "public", _("公開")
        INVITED = "invited", _("只限獲邀人士")

    slug = models.SlugField(_("網址代號"), max_length=80, unique=True)
    type = models.CharField(_("類別"), max_length=20, choices=Type.choices, default=Type.FORUM, db_index=True)
    title_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    description_zh_hant = models.TextField(_("簡介（繁體）"), blank=True)
    description_zh_hans = models.TextField(_("簡介（简体）"), blank=True)
    description_en = models.TextField(_("簡介（English）"), blank=True)
    starts_at = models.DateTimeField(_("開始時間"), db_index=True)
    ends_at = models.DateTimeField(_("結束時間"))
    timezone = models.CharField(_("時區"), max_length=40, choices=TIMEZONE_CHOICES, default="Asia/Hong_Kong")
    venue_zh_hant = models.CharField(_("地點（繁體）"), max_length=200, blank=True)
    venue_zh_hans = models.CharField(_("地點（简体）"), max_length=200, blank=True)
    venue_en = models.CharField(_("地點（English）"), max_length=200, blank=True)
    association = models.ForeignKey(Association, verbose_name=_("主辦商會"), on_delete=models.PROTECT,
                                    related_name="events")
    capacity = models.PositiveIntegerField(_("名額"), null=True, blank=True, help_text=_("留空即不設上限"))
    # Seats held by pending + confirmed registrations; moved only by conditional UPDATEs.
    seats_taken = models.PositiveIntegerField(_("已佔名額"), default=0, editable=False)
    registration_opens_at = models.DateTimeField(_("報名開始"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("報名截止"), null=True, blank=True)
    audience = models.CharField(_("報名對象"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC)
    approval_required = models.BooleanField(_("須經審批"), default=False)
    fee = models.DecimalField(_("費用（港元）"), max_digits=10, decimal_places=2, default=0)
    is_published = models.BooleanField(_("已發佈"), default=False, db_index=True)
    # B2B meetings (商貿對接)
    meeting_tables = models.PositiveSmallIntegerField(_("洽談桌數目"), default=0)
    meeting_response_hours = models.PositiveSmallIntegerField(_("回覆洽談邀請時限（小時）"), default=48)
    meetings_published_at = models.DateTimeField(_("洽談安排發佈時間"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    title = Translated("title")
    description = Translated("description")
    venue = Translated("venue")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("活動")
        verbose_name_plural = _("活動")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="event_dates_ordered"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                                   name="event_seats_within_capacity"),
            models.CheckConstraint(condition=Q(fee__gte=0), name="event_fee_non_negative"),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True) | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gte=F("registration_opens_at")),
                name="event_registration_window_ordered"),
        ]

    def __str__(self) -> str:
        return self.title_zh_hant

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    def registration_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.ends_at
        return now <= closes


class EventOrganiser(models.Model):
    """Organiser, co-organiser or supporting organisation shown on the event page."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("主辦")
        CO_ORGANISER = "co_organiser", _("協辦")
        SUPPORTER = "supporter", _("支持機構")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisers")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.CO_ORGANISER)
    name_zh = models.CharField(_("中文名稱"), max_length=200, blank=True)
    name_en = models.CharField(_("英文名稱"), max_length=200, blank=True)
    association = models.ForeignKey(Association, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("屬會"))
    sort = models.PositiveSmallIntegerField(default=0)
    name = Translated("name")

    class Meta:
        ordering = ["role", "sort", "id"]
        verbose_name = _("主辦及支持機構")
        verbose_name_plural = _("主辦及支持機構")
        constraints = [models.CheckConstraint(condition=~Q(name_zh="") | ~Q(name_en=""),
                                              name="event_organiser_has_name")]

    def __str__(self) -> str:
        return self.name_zh or self.name_en


class ItineraryStop(models.Model):
    """One stop of a delegation (率團考察): a city, a date and the host organisation."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="itinerary")
    date = models.DateField(_("日期"))
    city_zh_hant = models.CharField(_("城市（繁體）"), max_length=80)
    city_zh_hans = models.CharField(_("城市（简体）"), max_length=80, blank=True)
    city_en = models.CharField(_("城市（English）"), max_length=80, blank=True)
    host_zh = models.CharField(_("接待機構（中文）"), max_length=200, blank=True)
    host_en = models.CharField(_("接待機構（英文）"), max_length=200, blank=True)
    programme_zh_hant = models.TextField(_("行程（繁體）"), blank=True)
    programme_zh_hans = models.TextField(_("行程（简体）"), blank=True)
    programme_en = models.TextField(_("行程（English）"), blank=True)
    city = Translated("city")
    host = Translated("host")
    programme = Translated("programme")

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("行程")
        verbose_name_plural = _("行程")

    def __str__(self) -> str:
        return f"{self.date} {self.city_zh_hant}"


class Session(models.Model):
    """One item of the agenda."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title_zh_hant = models.CharField(_("題目（繁體）"), max_length=200)
    title_zh_hans = models.CharField(_("題目（简体）"), max_length=200, blank=True)
    title_en = models.CharField(_("題目（English）"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("開始時間"))
    ends_at = models.DateTimeField(_("結束時間"))
    room = models.CharField(_("場地 / 房間"), max_length=120, blank=True)
    speakers = models.TextField(_("講者"), blank=True, help_text=_("每行一位，例如：陳大文 · 香港貿易發展局"))
    title = Translated("title")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("議程")
        verbose_name_plural = _("議程")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")),
                                              name="session_dates_ordered")]

    def __str__(self) -> str:
        return self.title_zh_hant

    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]
