"""Who reads a child's family situation (issue 13): the school's 资助 staff and the bureau's 资助 centre, no one else.

The family situation is what a 困难认定 holds (groups, indicators, income, 档次), who is paid which grant, and a care
record's guardian and parents. The school administrator stands for the school's 资助 staff (a school has one
login); the bureau's side is a department given the "aid" capability (学生资助管理中心). The 基础教育科 owns the
"welfare" module for 学籍 and 控辍保学 and still reads no family's situation. Leaders, other
departments, inspectors and auditors read counts and sums, never names with situations.
"""

from __future__ import annotations

from edubureau.core.roles import Role
from edubureau.core.scope import scope_for

__all__ = ["family_rows", "sees_family"]


def sees_family(user, school_id: int | None = None) -> bool:
    """True when ``user`` may read the family situation of the pupils of ``school_id`` (any school when None)."""
    scope = scope_for(user)
    if scope.role is None:
        return False
    if scope.superuser:
        return True
    if scope.role == Role.DEPARTMENT:
        return "aid" in scope.write_modules
    if scope.role == Role.SCHOOL and scope.school_ids:
        return school_id is None or school_id in scope.school_ids
    return False


def family_rows(user, queryset):
    """``queryset`` in the user's scope, or nothing for a user who may not read family situations."""
    return queryset.visible_to(user) if sees_family(user) else queryset.none()
