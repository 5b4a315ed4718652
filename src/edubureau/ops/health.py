"""``/healthz``: is this app process up and can it reach its database? For the reverse proxy and the monitor.

No login and no session (issue 16): a load balancer asks every few seconds without cookies, and a login redirect
or a new session row per probe would make the answer useless and fill the session table. The view never touches
``request.session`` or ``request.user``, so neither middleware writes anything.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

__all__ = ["healthz"]

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """``{"status": "ok", "database": "ok"}`` (200) when ``SELECT 1`` answers, else the same keys with "error" (503)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.error("healthz: database unreachable: %s", exc)
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
