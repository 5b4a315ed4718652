"""The upload caps per kind of file, without Django (issue 17, point 14).

``settings.UPLOAD_LIMITS`` is this table; the web application reads it through ``core.uploads.limits_for``.
The fast command line (``edubureau exam analyze`` …) runs before Django is set up and takes the caps from
here, so a file refused on the web is refused on the console too.
"""

from __future__ import annotations

import sys

from .filecheck import FileLimits

__all__ = ["UPLOAD_LIMITS", "limits_for"]

_mib = 1024 * 1024

UPLOAD_LIMITS: dict[str, dict[str, int]] = {
    "registry": {"max_bytes": 20 * _mib, "max_rows": 200_000, "max_columns": 200, "max_cells": 10_000_000,
                 "max_unzipped": 400 * _mib},
    "balance": {"max_bytes": 5 * _mib, "max_rows": 20_000, "max_columns": 100, "max_cells": 1_000_000,
                "max_unzipped": 100 * _mib},
    "exam": {"max_bytes": 60 * _mib, "max_rows": 1_000_000, "max_columns": 300, "max_cells": 10_000_000,
             "max_unzipped": 1200 * _mib},
    "evaluation": {"max_bytes": 10 * _mib, "max_rows": 10_000, "max_columns": 500, "max_cells": 1_000_000,
                   "max_unzipped": 200 * _mib},
    "plan": {"max_bytes": 10 * _mib, "max_unzipped": 200 * _mib, "max_pages": 500},
    "attachment": {"max_bytes": 20 * _mib},
}


def limits_for(kind: str) -> FileLimits:
    """The caps of ``kind``: Django's setting once Django is configured, this table otherwise.

    Examples
    --------
    >>> limits_for("plan").max_pages
    500
    """
    conf = sys.modules.get("django.conf")
    if conf is not None and conf.settings.configured:
        return FileLimits(**conf.settings.UPLOAD_LIMITS[kind])
    return FileLimits(**UPLOAD_LIMITS[kind])
