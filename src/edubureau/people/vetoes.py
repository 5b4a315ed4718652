"""Vetoes on a staff member's honours (评优评先) that other modules hold, such as a running 师德 sanction (人事).

``people`` sits below those modules and imports none of them: a module registers its check from its
``AppConfig.ready`` and the honour form, API and import ask ``honour_veto`` before an honour is recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

__all__ = ["honour_veto", "register_honour_veto"]

_checks: list[Callable] = []


def register_honour_veto(check: Callable) -> None:
    """``check(staff, day)`` returns why an honour awarded on ``day`` is vetoed, or None."""
    if check not in _checks:
        _checks.append(check)


def honour_veto(staff, day: dt.date) -> str | None:
    for check in _checks:
        reason = check(staff, day)
        if reason:
            return reason
    return None
