"""Who reads a family's papers in full (issue 12): the enrolment clerks of the bureau, no one else.

An application carries the child's and the parents' ID numbers, the phone, the addresses of 户籍 and house. Lists,
exports and the API mask them for everybody; the application's own page shows them in full to the clerk handling
it — a department owning the "enrollment" module (基础教育科) — and logs each such view (``core.audit.log_reveal``). The
school applied to reads its applicants with masked numbers; leaders, inspectors and auditors read counts.
"""

from __future__ import annotations

from edubureau.core.roles import Role
from edubureau.core.scope import BUREAU_ROLES, scope_for

__all__ = ["handles_applications", "reads_zones"]


def handles_applications(user) -> bool:
    """True when ``user`` is an enrolment clerk: reads an application's papers in full and decides on it."""
    scope = scope_for(user)
    if scope.role is None:
        return False
    return scope.superuser or (scope.role == Role.DEPARTMENT and "enrollment" in scope.write_modules)


def reads_zones(user) -> bool:
    """The bureau's readers (leaders, departments, auditors): the county's zones, proposals and lock ledger."""
    scope = scope_for(user)
    return scope.superuser or scope.role in BUREAU_ROLES
