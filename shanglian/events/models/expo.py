"""Exhibitors and their products at expos (商品展示)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shanglian.core.i18n import Translated
from shanglian.core.models import Industry
from shanglian.directory.models import Enterprise
from shanglian.events.models.event import Event


class Exhibitor(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="exhibitors")
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="exhibits", verbose_name=_("會員企業"))
    name_zh = models.CharField(_("中文名稱"), max_length=200, blank=True)
    name_en = models.CharField(_("英文名稱"), max_length=200, blank=True)
    booth = models.CharField(_("展位編號"), max_length=20)
    description_zh_hant = models.TextField(_("簡介（繁體）"), blank=True)
    description_zh_hans = models.TextField(_("簡介（简体）"), blank=True)
    description_en = models.TextField(_("簡介（English）"), blank=True)
    name = Translated("name")
    description = Translated("description")

    class Meta:
        ordering = ["booth", "id"]
        verbose_name = _("參展商")
        verbose_name_plural = _("參展商")
        constraints = [
            models.UniqueConstraint(fields=["event", "booth"], name="exhibitor_booth_unique"),
            models.CheckConstraint(condition=~Q(name_zh="") | ~Q(name_en=""), name="exhibitor_has_name"),
        ]

    def __str__(self) -> str:
        return f"{self.booth} {self.name_zh or self.name_en}"


class Product(models.Model):
    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="products")
    name_zh_hant = models.CharField(_("名稱（繁體）"), max_length=200)
    name_zh_hans = models.CharField(_("名稱（简体）"), max_length=200, blank=True)
    name_en = models.CharField(_("名稱（English）"), max_length=200, blank=True)
    description_zh_hant = models.TextField(_("描述（繁體）"), blank=True)
    description_zh_hans = models.TextField(_("描述（简体）"), blank=True)
    description_en = models.TextField(_("描述（English）"), blank=True)
    category = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("類別"))
    photo = models.ImageField(_("相片"), upload_to="events/products/", blank=True)
    sort = models.PositiveSmallIntegerField(default=0)
    name = Translated("name")
    description = Translated("description")

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("產品")
        verbose_name_plural = _("產品")

    def __str__(self) -> str:
        return self.name_zh_hant


class ExhibitorBookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exhibitor_bookmarks")
    exhibitor = models.ForeignKey(Exhibitor, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "exhibitor"], name="exhibitor_bookmark_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}→{self.exhibitor_id}"
