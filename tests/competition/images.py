"""Test photos made with Pillow (with EXIF, so stripping can be checked)."""

from __future__ import annotations

import io
import random

from PIL import Image


def photo(width: int = 400, height: int = 300, *, seed: int = 1, fmt: str = "JPEG", exif: bool = True) -> bytes:
    rng = random.Random(seed)
    img = Image.new("RGB", (width, height))
    # Blocks of random colours: distinct seeds give distinct perceptual hashes.
    step = max(width, height) // 6
    for x in range(0, width, step):
        for y in range(0, height, step):
            colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            img.paste(colour, (x, y, min(x + step, width), min(y + step, height)))
    out = io.BytesIO()
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "Canon"        # Make
        data[0x0110] = "EOS R6"       # Model
        data[0x013B] = "陳小明"        # Artist: must not reach the public copy
        img.save(out, fmt, exif=data.tobytes())
    else:
        img.save(out, fmt)
    return out.getvalue()
