"""The one restriction point of DESIGN.md: what a user may read and write.

Every page, export, import and API view asks ``Model.objects.visible_to(user)`` for rows and
``can_write(user, obj)`` before a save. Nothing else in app code filters by school; an app model
only declares how its rows belong to schools (``scope_path`` or an overridden ``scope_q``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from .roles import Role


@dataclass(frozen=True)
class Scope:
    """What one user reaches. ``school_ids is None`` means every school of the county."""

    role: str | None
    school_ids: frozenset[int] | None
    write_modules: frozenset[str]
    superuser: bool = False

    @property
    def all_schools(self) -> bool:
        return self.school_ids is None

    def covers(self, school_ids: set[int]) -> bool:
        """True when every school in ``school_ids`` lies inside this scope (needed to write a row)."""
        return self.school_ids is None or set(school_ids) <= self.school_ids

    def touches(self, school_ids: set[int]) -> bool:
        """True when a row owned by ``school_ids`` may be read: reference data (no owner) or one owner in scope.

        Only for reference data may ``school_ids`` be empty: ``can_read`` decides ownerless rows of owned kinds.
        """
        return self.school_ids is None or not school_ids or bool(set(school_ids) & self.school_ids)


NOTHING = Scope(role=None, school_ids=frozenset(), write_modules=frozenset())


def scope_for(user) -> Scope:
    """The scope of ``user``, computed once per request and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    cached = getattr(user, "_edubureau_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._edubureau_scope = scope
    return scope


def _compute_scope(user) -> Scope:
    from .roles import MODULES

    if user.is_superuser:
        return Scope(role=Role.LEADER, school_ids=None, write_modules=frozenset(MODULES), superuser=True)
    profile = getattr(user, "profile", None)
    if profile is None:
        return NOTHING
    role = profile.role
    if role == Role.SCHOOL:
        ids = frozenset([profile.school_id]) if profile.school_id else frozenset()
        # A school administrator reports its own school's data (DESIGN.md, "Who uses it"): facts and staff,
        # task progress, answers to rectification notices, evaluation appeals. Only models that declare
        # ``school_writable`` are open to it, so a module listed here does not open the whole module.
        return Scope(role=role, school_ids=ids, write_modules=SCHOOL_WRITE_MODULES)
    if role == Role.INSPECTOR:
        return Scope(role=role, school_ids=frozenset(_inspector_school_ids(user, profile)),
                     write_modules=frozenset({"inspection"}))
    if role == Role.DEPARTMENT:
        modules = frozenset(profile.department.modules) if profile.department_id else frozenset()
        return Scope(role=role, school_ids=None, write_modules=modules)
    # Leaders and auditors read everything and write nothing through the registry.
    return Scope(role=role, school_ids=None, write_modules=frozenset())


SCHOOL_WRITE_MODULES = frozenset({"org", "people", "plans", "inspection", "evaluation"})

# Which schools an inspector answers for is the inspection module's business (督学责任区); core may not
# import it, so that module registers the answer here. Without it an inspector reaches its 片区's schools.
_inspector_schools_provider = None


def register_inspector_schools(provider) -> None:
    """``provider(user, profile)`` returns the school ids an inspector answers for, or None to fall back."""
    global _inspector_schools_provider
    _inspector_schools_provider = provider


def _inspector_school_ids(user, profile):
    if _inspector_schools_provider is not None:
        ids = _inspector_schools_provider(user, profile)
        if ids is not None:
            return ids
    from edubureau.org.models import School

    return School.objects.filter(zone_id=profile.zone_id).values_list("pk", flat=True)


class ScopedQuerySet(models.QuerySet):
    """QuerySet with the one restriction point, ``visible_to``."""

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.role is None:
            return self.none()
        if scope.all_schools:
            return self
        return self.filter(self.model.scope_q(scope.school_ids))


class ScopedModel(models.Model):
    """A model whose rows belong to schools.

    ``scope_path`` is the ORM path from the model to ``School.pk``; ``None`` marks reference data
    (regions, zones, school years …) that every signed-in user may read.
    """

    scope_path: str | None = None
    # May a school administrator write rows of its own school? (Schools report facts, classes …)
    school_writable = False
    # Fields a school administrator may not change on its own rows (the bureau decides them).
    school_locked_fields: tuple[str, ...] = ()
    # May a school administrator delete its own rows? Some deletions erase history beyond the school.
    school_deletable = True
    # A row with no owning school is reference data (read by all) only in a model that declares no owner. In a
    # model that does (``scope_path`` or its own ``scope_q``) such a row is the bureau's — a follow-up owed by a
    # department, a task concerning no school — and a school or inspector reads it only when ``scope_q`` names
    # one of its schools (issue 18: detail pages let them through). None: derived; True/False: declared.
    bureau_rows_private: bool | None = None

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, school_ids) -> Q:
        if cls.scope_path is None:
            return Q()
        return Q(**{f"{cls.scope_path}__in": school_ids})

    @classmethod
    def ownerless_rows_private(cls) -> bool:
        """True when rows of this model that belong to no school are for bureau roles only (not reference data)."""
        if cls.bureau_rows_private is not None:
            return cls.bureau_rows_private
        return cls.scope_path is not None or cls.scope_q.__func__ is not ScopedModel.scope_q.__func__

    def owning_school_ids(self) -> set[int]:
        """The schools this row belongs to, read from the instance (also before it is saved)."""
        if self.scope_path is None:
            return set()
        if self.scope_path == "pk":
            return {self.pk} if self.pk else set()
        *relations, last = self.scope_path.split("__")
        obj = self
        for relation in relations:
            obj = getattr(obj, relation, None)
            if obj is None:
                return set()
        school_id = getattr(obj, f"{last}_id", None)
        return {school_id} if school_id else set()


def can_read(user, obj) -> bool:
    """True when ``obj`` is inside the user's scope (reference data: any signed-in user).

    Agrees with ``visible_to``: a row with no owning school of a model that declares owners is read by bureau
    roles, and by a school or inspector only when the model's ``scope_q`` names one of its schools (a department's
    follow-up on a 难点问题 of a task concerning the school). Issue 18: ``touches`` let every such row through.
    """
    scope = scope_for(user)
    if scope.role is None:
        return False
    owning = obj.owning_school_ids()
    model = type(obj)
    if owning or scope.all_schools or not model.ownerless_rows_private():
        return scope.touches(owning)
    if obj.pk is None:
        return False
    return model._default_manager.filter(pk=obj.pk).filter(model.scope_q(scope.school_ids)).exists()


def can_write(user, obj_or_model) -> bool:
    """True when the user may create, change or delete ``obj_or_model``.

    Called with a model class, it answers "may this user write rows of this kind at all" (to show
    buttons); called with an instance, it also checks that every school the row belongs to — as the
    row stands now, before saving — lies inside the user's scope.
    """
    scope = scope_for(user)
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    module = model._meta.app_label
    if scope.role is None or module not in scope.write_modules:
        return False
    if scope.role == Role.SCHOOL and not getattr(model, "school_writable", False):
        return False
    if isinstance(obj_or_model, type):
        return True
    owning = obj_or_model.owning_school_ids()
    if scope.role == Role.SCHOOL and not owning:
        return False
    return scope.covers(owning) and not changed_locked_fields(user, obj_or_model)


def locked_fields(user, model) -> frozenset[str]:
    """Fields of ``model`` that ``user`` may not change (a school administrator may not re-zone or
    rename its own school, for instance). Forms show them read-only; ``can_write`` refuses a change."""
    if scope_for(user).role == Role.SCHOOL:
        return frozenset(getattr(model, "school_locked_fields", ()))
    return frozenset()


def changed_locked_fields(user, obj) -> list[str]:
    """The locked fields whose value on ``obj`` differs from the stored row (none for a new row)."""
    locked = locked_fields(user, type(obj))
    if not locked or obj.pk is None:
        return []
    attnames = {name: type(obj)._meta.get_field(name).attname for name in locked}
    stored = type(obj)._default_manager.filter(pk=obj.pk).values(*attnames.values()).first()
    if stored is None:
        return []
    return sorted(name for name, attname in attnames.items() if getattr(obj, attname) != stored[attname])


def can_delete(user, obj) -> bool:
    """``can_write``, and for a school administrator only rows its school may delete."""
    if not can_write(user, obj):
        return False
    return scope_for(user).role != Role.SCHOOL or getattr(type(obj), "school_deletable", True)
