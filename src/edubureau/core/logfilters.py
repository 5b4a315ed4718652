"""A refused request (403) logs one line: method, path, user, reason — not a traceback (issue 18).

Django logs a page's ``PermissionDenied`` on ``django.request`` with the exception attached, so every
refusal wrote a full traceback: noise that hid real errors, for what is the system working as meant.
DRF's 403 already came without a traceback, but also without who and why. This filter, set on the
``django.request`` logger in ``LOGGING``, rewrites any 403 record into the same single line.
"""

from __future__ import annotations

import logging

__all__ = ["DENIED_REASON_ATTR", "DeniedRequestFilter", "denied_line"]

# The reason of a refused API request, kept on the request by the API's exception handler so this one line can
# name it. (This module is loaded with the settings' LOGGING, before the apps: it imports nothing of Django's.)
DENIED_REASON_ATTR = "_edubureau_denied_reason"


def _user(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return user.get_username()


def denied_line(request, reason: str) -> tuple[str, tuple]:
    """The message and arguments of the one line logged for a refused ``request``."""
    return "Forbidden: %s %s user=%s reason=%s", (request.method, request.path, _user(request), reason or "-")


class DeniedRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if getattr(record, "status_code", None) != 403 or request is None:
            return True
        reason = getattr(request, DENIED_REASON_ATTR, "")
        if record.exc_info:
            reason = reason or str(record.exc_info[1])
            record.exc_info = None
            record.exc_text = None
        record.msg, record.args = denied_line(request, reason)
        return True
