"""Who reads a bus driver's ID number and phone in full: the 安全科 (a department owning "safety") and the bus's own
school. Everyone else (leaders, other departments, inspectors, auditors) reads them masked, on pages and in the API."""

from __future__ import annotations

from edubureau.core.roles import Role
from edubureau.core.scope import BUREAU_ROLES, scope_for

__all__ = ["reads_bureau_pages", "runs_safety", "sees_driver_papers"]


def runs_safety(user) -> bool:
    """The 安全科: verifies hazards, sends campaigns, changes the settings."""
    scope = scope_for(user)
    return scope.superuser or (scope.role == Role.DEPARTMENT and "safety" in scope.write_modules)


def sees_driver_papers(user, driver) -> bool:
    scope = scope_for(user)
    if scope.role is None:
        return False
    if runs_safety(user):
        return True
    return scope.role == Role.SCHOOL and bool(scope.school_ids) and driver.school_id in scope.school_ids


def reads_bureau_pages(user) -> bool:
    """The bureau's readers (leaders, departments, auditors): the settings page and the county-wide views."""
    scope = scope_for(user)
    return scope.superuser or scope.role in BUREAU_ROLES
