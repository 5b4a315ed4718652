"""Logging each reveal of a person's full personal numbers (issue 18).

A reveal is written as django-auditlog's access entry (``LogEntry.Action.ACCESS``) on the person: who (actor),
when (timestamp), whose number (the object), and from which page and which fields (``additional_data``). No number
is stored in the entry.
"""

from __future__ import annotations

from auditlog.models import LogEntry

__all__ = ["log_reveal"]


def log_reveal(request, person, fields: list[str], extra: dict | None = None) -> LogEntry | None:
    """Record that ``request.user`` was shown the full ``fields`` of ``person`` on the page ``request.path``.

    Args:
        request: the request of the detail page.
        person: the ``Staff`` or ``Student`` whose numbers were shown.
        fields: the names of the fields shown in full (e.g. ``["id_number", "phone"]``).
        extra: more to record, never a number itself (an export names how many rows it revealed and which).

    Returns:
        The log entry, or None when nothing was revealed.
    """
    if not fields or person.pk is None:
        return None
    user = request.user if request.user.is_authenticated else None
    return LogEntry.objects.log_create(
        person, force_log=True, action=LogEntry.Action.ACCESS, actor=user, serialized_data=None,
        remote_addr=request.META.get("REMOTE_ADDR"),
        additional_data={"revealed": list(fields), "page": request.get_full_path()[:500], **(extra or {})},
    )
