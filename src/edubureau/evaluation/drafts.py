"""Who may read a draft (unpublished) evaluation result.

Issue 18: inspectors (and leaders, auditors) read draft rankings through the page and the API (``?version=0``).
A draft is the evaluating department's working copy: only a department that owns the "evaluation" module and the
superuser see it; everybody else sees published versions only.
"""

from __future__ import annotations

from edubureau.core.roles import Role
from edubureau.core.scope import scope_for

__all__ = ["may_see_drafts"]


def may_see_drafts(user) -> bool:
    """True when ``user`` may read unpublished (draft) results of a scheme.

    Args:
        user: the requesting user.

    Returns:
        Whether drafts are visible: the superuser, or a department user whose department owns "evaluation".
    """
    scope = scope_for(user)
    if scope.superuser:
        return True
    return scope.role == Role.DEPARTMENT and "evaluation" in scope.write_modules
