"""Who does what in 体质健康 (issue 14).

Every reader in scope reads results (a school its own pupils). A school uploads its own test; the bureau's 体卫艺
staff — a department owning the "fitness" module — upload for any school of theirs and change the targets. The
national template carries each pupil's 家庭住址, so its download is for the school itself and those staff only.
"""

from __future__ import annotations

from edubureau.core.roles import Role
from edubureau.core.scope import scope_for

__all__ = ["handles_fitness", "reads_identity"]


def handles_fitness(user) -> bool:
    """The bureau's fitness staff: upload for any school in scope, change the settings."""
    scope = scope_for(user)
    if scope.role is None:
        return False
    return scope.superuser or (scope.role == Role.DEPARTMENT and "fitness" in scope.write_modules)


def reads_identity(user, school) -> bool:
    """May read the template with the pupils' 家庭住址: the school's own administrator, or the fitness staff."""
    scope = scope_for(user)
    if handles_fitness(user):
        return scope.superuser or scope.covers({school.pk})
    return scope.role == Role.SCHOOL and school.pk in scope.school_ids
