"""Offer photos: refuse what is not an image or is too big, store a resized JPEG."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from shanglian.core.errors import DomainError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
OUTPUT_SIZE = (1200, 1200)


def _too_big() -> str:
    return _("相片太大（上限 %(mb)s MB）。") % {"mb": MAX_BYTES // (1024 * 1024)}


def process_photo(upload) -> ContentFile:
    """Return a resized JPEG of ``upload`` (a Django UploadedFile or file-like), or raise a DomainError
    (422; no field named, so a form's ``clean_photo`` can raise it for its own field)."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise DomainError("too_big", _too_big(), 422)
    try:
        upload.seek(0)
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise DomainError("too_big", _too_big(), 422)
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise DomainError("too_many_pixels", _("相片像素太多（上限 4,000 萬像素）。"), 422)
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = image.convert("RGB")
            image.thumbnail(OUTPUT_SIZE)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise DomainError("not_image", _("上載的檔案不是相片（請用 JPEG、PNG 或 WebP）。"), 422) from exc
    return ContentFile(out.getvalue())
