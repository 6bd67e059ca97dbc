"""Exhibitors and products at expos; indexed for search across scripts (繁/简/English)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError
from shanglian.core.search import search_index_bulk, search_index_update
from shanglian.core.uploads import UploadRefused, check_image
from shanglian.events.models import Exhibitor, ExhibitorBookmark, Product

SEARCH_KIND = "event_exhibitor"
PHOTO_MAX = 1200
PHOTO_BYTES_MAX = 8 * 1024 * 1024


def exhibitor_search_parts(ex: Exhibitor) -> list[str]:
    parts = [ex.name_zh, ex.name_en] * 3 + [ex.booth, ex.description_zh_hant, ex.description_zh_hans,
                                            ex.description_en]
    for p in ex.products.select_related("category"):
        parts += [p.name_zh_hant, p.name_zh_hans, p.name_en, p.description_zh_hant, p.description_zh_hans,
                  p.description_en]
        if p.category:
            parts += [p.category.name_zh_hant, p.category.name_zh_hans, p.category.name_en]
    if ex.enterprise_id:
        parts += [ex.enterprise.name_zh, ex.enterprise.name_en]
    return parts


def exhibitor_reindex(*, exhibitor: Exhibitor) -> None:
    search_index_update(kind=SEARCH_KIND, object_id=exhibitor.pk, parts=exhibitor_search_parts(exhibitor))


def exhibitor_reindex_all() -> int:
    qs = Exhibitor.objects.select_related("enterprise").order_by("pk")
    return search_index_bulk(kind=SEARCH_KIND, rows=((e.pk, exhibitor_search_parts(e)) for e in qs))


@transaction.atomic
def exhibitor_save(*, actor: Any, event, values: dict[str, Any], exhibitor: Exhibitor | None = None) -> Exhibitor:
    exhibitor = exhibitor or Exhibitor(event=event)
    for key in ("enterprise", "name_zh", "name_en", "booth", "description_zh_hant", "description_zh_hans",
                "description_en"):
        if key in values:
            setattr(exhibitor, key, values[key].strip() if isinstance(values[key], str) else values[key])
    if not (exhibitor.name_zh or exhibitor.name_en):
        raise DomainError.field("name_zh", _("請填寫中文或英文名稱。"))
    if not exhibitor.booth:
        raise DomainError.field("booth", _("請填寫展位編號。"))
    try:
        with transaction.atomic():
            exhibitor.save()
    except IntegrityError as exc:
        raise Conflict.field("booth", _("展位 %(booth)s 已被使用。") % {"booth": exhibitor.booth}) from exc
    audit_record(actor=actor, action="expo.exhibitor_save", target=exhibitor, association_id=event.association_id)
    exhibitor_reindex(exhibitor=exhibitor)
    return exhibitor


def resize_photo(upload) -> ContentFile:
    """Re-encode an uploaded photo as JPEG, at most PHOTO_MAX px on the long side; refuse non-images."""
    if upload.size > PHOTO_BYTES_MAX:
        raise DomainError.field("photo", _("相片不可大於 8 MB。"))
    try:  # pixels from the header, before anything is decoded (a small PNG can be 20,000 × 20,000)
        check_image(upload.read(PHOTO_BYTES_MAX + 1))
    except UploadRefused as exc:
        raise DomainError.field("photo", exc.message) from exc
    upload.seek(0)
    try:
        image = Image.open(upload)
        image.verify()
        upload.seek(0)
        image = ImageOps.exif_transpose(Image.open(upload))
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for bad files
        raise DomainError.field("photo", _("無法讀取相片，請上載 JPEG 或 PNG。")) from exc
    image = image.convert("RGB")
    image.thumbnail((PHOTO_MAX, PHOTO_MAX))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue())


@transaction.atomic
def product_save(*, actor: Any, exhibitor: Exhibitor, values: dict[str, Any], product: Product | None = None,
                 photo=None) -> Product:
    product = product or Product(exhibitor=exhibitor)
    for key in ("name_zh_hant", "name_zh_hans", "name_en", "description_zh_hant", "description_zh_hans",
                "description_en", "category"):
        if key in values:
            setattr(product, key, values[key])
    if not (product.name_zh_hant or "").strip():
        raise DomainError.field("name_zh_hant", _("請填寫產品名稱。"))
    if photo is not None:
        product.photo.save(f"{exhibitor.pk}-{exhibitor.products.count() + 1}.jpg", resize_photo(photo), save=False)
    product.save()
    audit_record(actor=actor, action="expo.product_save", target=product,
                 association_id=exhibitor.event.association_id)
    exhibitor_reindex(exhibitor=exhibitor)
    return product


@transaction.atomic
def bookmark_toggle(*, actor: Any, exhibitor: Exhibitor) -> bool:
    """Bookmark or un-bookmark; returns whether it is bookmarked now."""
    deleted, _n = ExhibitorBookmark.objects.filter(user=actor, exhibitor=exhibitor).delete()
    if deleted:
        return False
    ExhibitorBookmark.objects.get_or_create(user=actor, exhibitor=exhibitor)
    return True
