"""Who reads a complainant's identity (issue 15): the 信访 office, no one else.

The office is a department owning the "complaints" module (办公室 in the demo). Its staff read the identity
masked by default and in full after a logged reveal (``core.audit.log_reveal``); lists, exports and the API give
it to them alone. A school the case is assigned to reads the matter and the deadline; other departments, leaders,
auditors and inspectors never read who complained.
"""

from __future__ import annotations

from edubureau.core.roles import Role
from edubureau.core.scope import scope_for

__all__ = ["handles_complaints", "reads_complaints"]


def handles_complaints(user) -> bool:
    """True for the 信访 office's staff (and a superuser): they register, assign, check and read identities."""
    scope = scope_for(user)
    if scope.role is None:
        return False
    return scope.superuser or (scope.role == Role.DEPARTMENT and "complaints" in scope.write_modules)


def reads_complaints(user) -> bool:
    """Who is offered the 信访 pages: the office, leaders and auditors, departments and schools (their own cases)."""
    scope = scope_for(user)
    return scope.superuser or scope.role in (Role.LEADER, Role.DEPARTMENT, Role.READONLY, Role.SCHOOL)


def reads_statistics(user) -> bool:
    """The statistics (by school, by channel …): the office, leaders and auditors."""
    scope = scope_for(user)
    return handles_complaints(user) or scope.role in (Role.LEADER, Role.READONLY)
