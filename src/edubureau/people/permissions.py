"""Who may read a full resident ID number (身份证号) of staff and students.

One rule, used by pages, exports and the API alike: everybody else sees the masked number
(``idcard.mask``: region code and the last two characters).
"""

from __future__ import annotations

from edubureau.core.roles import Role
from edubureau.core.scope import scope_for

__all__ = ["can_see_id_number", "can_see_student_id_number"]


def can_see_id_number(user, obj) -> bool:
    """True when ``user`` may see the full ID number of ``obj`` (a ``Staff`` or a ``Student``).

    Allowed are: a superuser; a department (科室) user whose department owns the "people" module
    (人事科, 基教科 keep the registers); and the school administrator of the person's current
    school — for staff, a school of an open posting (a rotating teacher's host school manages him
    too, as ``core.scope`` lets it edit him); for a student, the school of record. Leaders,
    inspectors and auditors read the masked number only: they need counts, not identities.

    Args:
        user: the requesting user (anonymous users see nothing).
        obj: a ``Staff`` or ``Student`` instance. Staff postings are read from the prefetch cache
            when the caller prefetched ``postings`` (lists stay at one query).

    Returns:
        Whether the full number may be shown.
    """
    scope = scope_for(user)
    if scope.role is None:
        return False
    if scope.superuser:
        return True
    if scope.role == Role.DEPARTMENT:
        return "people" in scope.write_modules
    if scope.role != Role.SCHOOL or not scope.school_ids:
        return False
    return bool(_current_school_ids(obj) & scope.school_ids)


def _current_school_ids(obj) -> set[int]:
    school_id = getattr(obj, "school_id", None)
    if school_id is not None:  # a student: the school of record
        return {school_id}
    if not getattr(obj, "pk", None) or not hasattr(obj, "postings"):
        return set()
    # Iterating .all() uses a prefetch when there is one; otherwise one small query.
    return {p.school_id for p in obj.postings.all() if p.end is None}


def can_see_student_id_number(user, student) -> bool:
    """The student variant, by the same rule (the school of record decides); pages and the API use it."""
    return can_see_id_number(user, student)
