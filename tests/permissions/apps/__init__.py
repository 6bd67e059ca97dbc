"""Per-app extensions of the permission matrix, so later apps never edit matrix.py or world.py.

Each module here (one per app, e.g. ``sharing.py``) may define:
- ``PAGES: dict[str, Row]`` and ``API: dict[str, Row]`` — rows exactly as in matrix.py (import
  ``row``, ``public``, ``only`` … from tests.permissions.matrix);
- ``def build(w) -> None`` — adds the app's objects to the matrix world (``w.listing_a = …``),
  called at the end of world.build_world(), so rows can name them in kwargs ("listing_a.pk");
- ``LABELS: tuple[str, ...]`` — the app labels whose tables must not change on a denied write.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{m.name}") for m in sorted(pkgutil.iter_modules(__path__),
                                                                           key=lambda m: m.name)]
