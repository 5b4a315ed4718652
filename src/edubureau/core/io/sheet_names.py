"""Excel sheet names (pure, no Django): the workbooks of several engines name a sheet per school or category.

>>> used = set()
>>> [unique_sheet_name(n, used, "学校") for n in ("城关一小", "城关一小", "a/b", "")]
['城关一小', '城关一小(2)', 'a_b', '学校']
"""

from __future__ import annotations

import re

__all__ = ["unique_sheet_name"]


def unique_sheet_name(name: str, used: set[str], fallback: str) -> str:
    """``name`` made a valid sheet name (no []:*?/\\, at most 31 characters) not yet in ``used``, which it joins.

    Excel refuses those characters and names over 31 characters; a repeated name gets a (2), (3) … suffix.
    """
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:28] or fallback
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base[:25]}({n})", n + 1
    used.add(candidate)
    return candidate
