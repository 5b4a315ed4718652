"""Who may read a person's full personal numbers (身份证号, 手机号) — staff and students.

One policy, ``can_see_personal``, used by pages, exports and the API alike (issue 18: the staff list showed every
reader all 3,034 full ID numbers). Everybody else sees masked numbers (``idcard.mask``: 110101********1234,
``idcard.mask_phone``: 138****5678). Lists mask for everybody; the full numbers are shown only on a detail page to
those allowed, and each such reveal is logged (``core.audit.log_reveal``).
"""

from __future__ import annotations

from edubureau.core.roles import Role
from edubureau.core.scope import scope_for

__all__ = ["can_see_personal"]


def can_see_personal(user, person) -> bool:
    """True when ``user`` may see the full ID and phone numbers of ``person`` (a ``Staff`` or a ``Student``).

    Allowed are: a superuser; a department (科室) user whose department owns the "people" module
    (人事科 keeps the registers); and the school administrator of the person's current school — for staff, a
    school of an open posting (a rotating teacher's host school manages him too, as ``core.scope`` lets it edit
    him); for a student, the school of record. Leaders, inspectors, auditors, other departments and other schools
    read masked numbers only: they need counts, not identities.

    Args:
        user: the requesting user (anonymous users see nothing).
        person: a ``Staff`` or ``Student`` instance. Staff postings are read from the prefetch cache
            when the caller prefetched ``postings`` (lists stay at one query).

    Returns:
        Whether the full numbers may be shown.
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
    return bool(_current_school_ids(person) & scope.school_ids)


def _current_school_ids(obj) -> set[int]:
    school_id = getattr(obj, "school_id", None)
    if school_id is not None:  # a student: the school of record
        return {school_id}
    if not getattr(obj, "pk", None) or not hasattr(obj, "postings"):
        return set()
    # Iterating .all() uses a prefetch when there is one; otherwise one small query.
    return {p.school_id for p in obj.postings.all() if p.end is None}

