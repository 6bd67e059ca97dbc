"""Photo uploads for the competition: checks (type, size, resolution), EXIF kept for the judges,
a public copy without EXIF, a thumbnail and a perceptual hash (dHash, 64 bits) for near-duplicates.
Pillow only."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from shanglian.core.uploads import UploadRefused, check_image

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PUBLIC_MAX = 2048
THUMB_MAX = 480
NEAR = 6  # dHash bits that may differ for two photos to count as the same picture
EXIF_KEEP = ("Make", "Model", "DateTimeOriginal", "DateTime", "ExposureTime", "FNumber", "ISOSpeedRatings",
             "FocalLength", "LensModel", "Software", "Artist", "Orientation")


@dataclass
class Processed:
    original_ext: str
    public: bytes
    thumbnail: bytes
    width: int
    height: int
    exif: dict[str, Any]
    dhash: str


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value[:64].decode("latin-1", "replace")
    if isinstance(value, (int, str)):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)[:100]


def read_exif(image) -> dict[str, Any]:
    from PIL import ExifTags

    exif = image.getexif()
    out: dict[str, Any] = {}
    tags = dict(exif.items())
    try:
        tags.update(exif.get_ifd(ExifTags.IFD.Exif).items())
    except (KeyError, AttributeError, ValueError):
        pass
    for tag, value in tags.items():
        name = ExifTags.TAGS.get(tag, "")
        if name in EXIF_KEEP:
            out[name] = _plain(value)
    return out


def dhash(image) -> str:
    """Difference hash: 9×8 grey pixels, one bit per horizontal gradient → 16 hex digits."""
    from PIL import Image

    small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    px = list(small.get_flattened_data()) if hasattr(small, "get_flattened_data") else list(small.getdata())
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = (bits << 1) | (1 if px[row * 9 + col] > px[row * 9 + col + 1] else 0)
    return f"{bits:016x}"


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def process(data: bytes, *, max_bytes: int, min_width: int, min_height: int) -> Processed:
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise UploadRefused("empty", _("請選擇相片檔案。"))
    if len(data) > max_bytes:
        raise UploadRefused("too_large", _("相片檔案太大（上限 %(mb)s MB）。") % {"mb": max_bytes // (1024 * 1024)})
    check_image(data)  # pixels from the header before decoding; not an image → refused
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            probe.verify()
        if fmt not in FORMATS:
            raise UploadRefused("format", _("只接受 JPEG、PNG 或 WebP 相片。"))
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UploadRefused("not_image", _("上載的檔案不是相片（請用 JPEG、PNG 或 WebP）。")) from exc
    exif = read_exif(image)
    upright = ImageOps.exif_transpose(image)
    width, height = upright.size
    if min(width, height) < min(min_width, min_height) or max(width, height) < max(min_width, min_height):
        raise UploadRefused("too_small", _("相片解像度太低（最少 %(w)s × %(h)s 像素，這張是 %(aw)s × %(ah)s）。")
                            % {"w": min_width, "h": min_height, "aw": width, "ah": height})
    rgb = upright.convert("RGB")

    def jpeg(img, limit: int) -> bytes:
        copy = img.copy()
        copy.thumbnail((limit, limit))
        out = io.BytesIO()
        copy.save(out, "JPEG", quality=85, optimize=True)  # a fresh JPEG: no EXIF, no GPS
        return out.getvalue()

    return Processed(original_ext=FORMATS[fmt], public=jpeg(rgb, PUBLIC_MAX), thumbnail=jpeg(rgb, THUMB_MAX),
                     width=width, height=height, exif=exif, dhash=dhash(rgb))
