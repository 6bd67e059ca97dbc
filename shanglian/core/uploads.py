"""Limits every upload passes BEFORE it is parsed or decoded (zip bombs, decompression bombs).

- ``check_zip_archive(data)``: an .xlsx is a zip; its central directory says how big each entry
  becomes. Refuse too many entries, too much in total, or an entry that expands too much for its
  size (a 1.4 MB file whose shared strings expand to 424 MB) — without decompressing anything.
  Python's zipfile stops an entry at its declared size, so the declared sizes are real bounds.
- ``check_image(data)``: read only the image header and refuse more pixels than we will decode.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from shanglian.core.errors import DomainError

MAX_ZIP_ENTRIES = 2_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024   # every entry together, once expanded
MAX_COMPRESSION_RATIO = 100                  # per entry (real worksheets compress 5–30×)
RATIO_FREE_BYTES = 2 * 1024 * 1024           # small entries may compress as well as they like
MAX_IMAGE_PIXELS = 40_000_000


class UploadRefused(DomainError):
    default_code = "upload_refused"
    default_status = 400


def _mb(size: int) -> str:
    return f"{size / 1048576:.0f}"


def check_zip_archive(data: bytes, *, max_total: int | None = None, max_ratio: int | None = None) -> None:
    """Raise UploadRefused unless the zip's declared contents are within the limits."""
    max_total = max_total or int(getattr(settings, "UPLOAD_MAX_UNCOMPRESSED_BYTES", MAX_UNCOMPRESSED_BYTES))
    max_ratio = max_ratio or MAX_COMPRESSION_RATIO
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused("bad_archive", _("無法讀取此檔案，檔案可能已損壞。")) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UploadRefused("archive_entries", _("檔案內的項目太多（%(n)s 個），不像是正常的 Excel 檔案。")
                            % {"n": len(entries)})
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > max_total:
            raise UploadRefused("archive_too_large",
                                _("檔案解壓後太大（超過 %(limit)s MB），請分拆成較小的檔案再上載。")
                                % {"limit": _mb(max_total)})
        if entry.file_size > RATIO_FREE_BYTES and entry.file_size > max_ratio * max(entry.compress_size, 1):
            raise UploadRefused("archive_ratio",
                                _("檔案內容的壓縮比例異常（%(name)s 解壓後 %(size)s MB），為安全起見不予處理。")
                                % {"name": entry.filename[:80], "size": _mb(entry.file_size)})


def check_image(data: bytes, *, max_pixels: int = MAX_IMAGE_PIXELS) -> tuple[int, int]:
    """(width, height) from the header of an image, or UploadRefused for too many pixels or not an image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise UploadRefused("not_image", _("上載的檔案不是相片（請用 JPEG、PNG 或 WebP）。")) from exc
    if width * height > max_pixels:
        raise UploadRefused("too_many_pixels", _("相片像素太多（上限 %(megapixels)s 百萬像素）。")
                            % {"megapixels": max_pixels // 1_000_000})
    return width, height
