"""B2B meetings (商貿對接): slots, availability, requests, and the scheduled meetings."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from shanglian.events.models.event import Event
from shanglian.events.models.registration import Registration


class MeetingSlot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_slots")
    starts_at = models.DateTimeField(_("開始時間"))
    ends_at = models.DateTimeField(_("結束時間"))

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("洽談時段")
        verbose_name_plural = _("洽談時段")
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="meeting_slot_unique_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_slot_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class MeetingAvailability(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="availability")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="available")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "slot"], name="meeting_availability_unique")]

    def __str__(self) -> str:
        return f"{self.registration_id}@{self.slot_id}"


class MeetingRequest(models.Model):
    class Priority(models.IntegerChoices):
        MUST = 10, _("必須會面")
        WOULD_LIKE = 3, _("希望會面")
        PROPOSED = 1, _("主辦單位建議")  # below every participant's own request in the scheduler
        DO_NOT_MEET = 0, _("不希望會面")

    class Status(models.TextChoices):
        PENDING = "pending", _("待回覆")
        ACCEPTED = "accepted", _("已接受")
        DECLINED = "declined", _("已婉拒")
        EXPIRED = "expired", _("已逾期")
        CANCELLED = "cancelled", _("已取消")
        BLOCKED = "blocked", _("不希望會面")
        # Proposed by the organiser from matchmaking scores, not asked by either side: scheduled
        # only when the organiser chooses; either side may decline it.
        PROPOSED = "proposed", _("主辦單位建議")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_made")
    recipient = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="requests_received")
    priority = models.PositiveSmallIntegerField(_("優先次序"), choices=Priority.choices, default=Priority.WOULD_LIKE)
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    deadline = models.DateTimeField(_("回覆限期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # Why the last scheduler run could not place it (scheduler reason code), blank when placed.
    unscheduled_reason = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("洽談邀請")
        verbose_name_plural = _("洽談邀請")
        constraints = [
            models.UniqueConstraint(fields=["requester", "recipient"],
                                    condition=Q(status__in=("pending", "accepted", "blocked", "proposed")),
                                    name="meeting_request_one_live"),
            models.CheckConstraint(condition=~Q(requester=F("recipient")), name="meeting_request_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id}→{self.recipient_id} ({self.status})"


class Meeting(models.Model):
    """An accepted request placed in a slot at a table (draft until the organiser publishes)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已發佈")
        CANCELLED = "cancelled", _("已取消")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="meetings")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.PROTECT, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("桌號"))
    pinned = models.BooleanField(_("已固定"), default=False)
    status = models.CharField(_("狀態"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot__starts_at", "table"]
        verbose_name = _("洽談會面")
        verbose_name_plural = _("洽談會面")
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], condition=~Q(status="cancelled"),
                                    name="meeting_one_per_table"),
            models.UniqueConstraint(fields=["request"], condition=~Q(status="cancelled"),
                                    name="meeting_one_per_request"),
            models.CheckConstraint(condition=Q(table__gte=1), name="meeting_table_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.slot} #{self.table}"
