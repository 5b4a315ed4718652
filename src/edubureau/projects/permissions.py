"""Who uploads and deletes the photos of a project's stages (issue 15).

Whoever writes the project (the 计划财务科, ``can_write``) adds photos to any of its stages; so does the project's own
school, which is on the site but writes nothing else of the project (the module is not a school's to write). A photo
is deleted by the side that uploaded it: the school's administrators for a school's photo, the project's writers for
the bureau's. Reading goes through ``StagePhoto.objects.visible_to`` like every other row.
"""

from __future__ import annotations

from edubureau.core.roles import Role
from edubureau.core.scope import can_write, scope_for

__all__ = ["can_add_photo", "can_delete_photo", "is_school_side"]


def is_school_side(user) -> bool:
    return scope_for(user).role == Role.SCHOOL


def _own_school(user, project) -> bool:
    scope = scope_for(user)
    return (scope.role == Role.SCHOOL and project.school_id is not None and bool(scope.school_ids)
            and project.school_id in scope.school_ids)


def can_add_photo(user, project) -> bool:
    """May ``user`` add photos to the stages of ``project``?"""
    return can_write(user, project) or _own_school(user, project)


def can_delete_photo(user, photo) -> bool:
    """May ``user`` delete ``photo``? Its own side only (a superuser always)."""
    project = photo.stage.project
    if scope_for(user).superuser:
        return True
    if photo.by_school:
        return _own_school(user, project)
    return can_write(user, project)
