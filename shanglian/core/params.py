"""Reading numbers from untrusted input (query strings, forms, API parameters) without a 500.

One helper for every ``int(request.GET[…])``: ids and pages past 64-bit, ``'²'`` (``isdigit()``
is true, ``int()`` fails), ``abc`` and the empty string all give the default instead.
"""

from __future__ import annotations

from typing import Any

# The range of a signed 64-bit integer column (BigAutoField ids, counters).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_PAGE = 1_000_000  # far past any real list; keeps OFFSET inside every database's integer range


def int_param(value: Any, default: int | None = None, *, minimum: int = INT64_MIN,
              maximum: int = INT64_MAX) -> int | None:
    """An integer from a query or form value, or ``default``: never raises. Only ASCII digits
    count (``'²'.isdigit()`` is true, ``int('²')`` fails), and the result must fit a 64-bit column."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-") if text[:1] in "+-" else text
        if not (digits and len(digits) <= 19 and digits.isascii() and digits.isdigit()):
            return default
        number = sign * int(digits)
    return number if minimum <= number <= maximum else default


def id_param(value: Any) -> int | None:
    """A database id (1 … 2**63-1) from untrusted input, or None."""
    return int_param(value, None, minimum=1)


def page_window(page: Any, page_size: Any, *, max_size: int = 100, default_size: int = 20) -> tuple[int, int]:
    """(page, page_size) clamped to 1 … MAX_PAGE and 1 … max_size, for slicing ``qs[start:start + size]``."""
    def whole(value: Any, default: int) -> int:  # a huge int stays huge (then clamped), junk is the default
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return int_param(value, default, minimum=-(10**30), maximum=10**30) or default

    return min(max(whole(page, 1), 1), MAX_PAGE), min(max(whole(page_size, default_size), 1), max_size)
