"""The one restriction point of DESIGN.md: what a user may read and write.

Every page, export, import and API view asks ``Model.objects.visible_to(user)`` for rows and
``can_write(user, obj)`` before a save. Nothing else in app code filters by school; an app model
only declares how its rows belong to schools (``scope_path`` or an overridden ``scope_q``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q

from .roles import Role

# Roles that run a bureau (as opposed to a school or an inspector): bound to a region, they reach its subtree.
BUREAU_ROLES = frozenset({Role.LEADER, Role.DEPARTMENT, Role.READONLY})


@dataclass(frozen=True)
class Scope:
    """What one user reaches.

    ``school_ids is None`` means every school of the instance. ``region_ids`` is the region subtree the user answers
    for (a city and its counties, or one county), ``read_region_ids`` that subtree with its ancestors (a county reads
    the city's plans and exams); both None when the user is bound to no region or to all of them.
    """

    role: str | None
    school_ids: frozenset[int] | None
    write_modules: frozenset[str]
    superuser: bool = False
    region_ids: frozenset[int] | None = None
    read_region_ids: frozenset[int] | None = None
    # The region the user is bound to (a new plan, exam or zone of this user belongs to it).
    home_region_id: int | None = None

    @property
    def all_schools(self) -> bool:
        return self.school_ids is None

    @property
    def unrestricted(self) -> bool:
        """Every row of the instance (a superuser, or a bureau role of the whole instance)."""
        return self.school_ids is None and self.region_ids is None

    @property
    def region_bound_bureau(self) -> bool:
        """A city's or a county's leader, department or auditor: its own region's bureau rows are its own."""
        return self.role in BUREAU_ROLES and self.region_ids is not None

    def covers(self, school_ids: set[int]) -> bool:
        """True when every school in ``school_ids`` lies inside this scope (needed to write a row)."""
        return self.school_ids is None or set(school_ids) <= self.school_ids

    def touches(self, school_ids: set[int]) -> bool:
        """True when a row owned by ``school_ids`` may be read: reference data (no owner) or one owner in scope.

        Only for reference data may ``school_ids`` be empty: ``can_read`` decides ownerless rows of owned kinds.
        """
        return self.school_ids is None or not school_ids or bool(set(school_ids) & self.school_ids)

    def reads_region(self, region_id: int | None) -> bool:
        """May rows of ``region_id`` be read? Instance-wide rows (no region) are read by everyone."""
        return self.read_region_ids is None or region_id is None or region_id in self.read_region_ids

    def answers_for_region(self, region_id: int | None) -> bool:
        """May rows of ``region_id`` be written? Instance-wide rows only by users bound to no region."""
        return self.region_ids is None or (region_id is not None and region_id in self.region_ids)


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


class Directory(Protocol):
    """What scope needs to know of the registry of places (the region tree, zones, schools).

    The ``org`` app registers the answer (``register_directory``): core sits below every app and imports none.
    """

    def region_tree(self, *, school_id: int | None = None, zone_id: int | None = None
                    ) -> tuple[dict[int, int | None], int | None]:
        """Every region's parent (``{region_id: parent_id or None}``) and, in the same query, the region of the
        school or 片区 given (None without one)."""

    def schools_in(self, region_ids: frozenset[int]) -> frozenset[int]:
        """The schools that belong to these regions."""

    def zone_schools(self, zone_id: int) -> frozenset[int]:
        """The schools of a 片区 (an inspector's schools when the inspection module does not say)."""


_directory: Directory | None = None


def register_directory(directory: Directory) -> None:
    global _directory
    _directory = directory


def region_subtree(tree: dict[int, int | None], root: int) -> frozenset[int]:
    """``root`` and every region below it."""
    children: dict[int | None, list[int]] = {}
    for region, parent in tree.items():
        children.setdefault(parent, []).append(region)
    found, stack = set(), [root]
    while stack:
        region = stack.pop()
        if region in found:
            continue
        found.add(region)
        stack.extend(children.get(region, ()))
    return frozenset(found)


def region_ancestors(tree: dict[int, int | None], region: int) -> frozenset[int]:
    """The regions above ``region`` (its city …), not itself."""
    found: set[int] = set()
    parent = tree.get(region)
    while parent is not None and parent not in found:
        found.add(parent)
        parent = tree.get(parent)
    return frozenset(found)


def _region_reach(region_id: int | None = None, **home) -> tuple[int | None, frozenset[int] | None,
                                                                   frozenset[int] | None]:
    """``(region, subtree, subtree ∪ ancestors)`` of ``region_id`` or of the school or 片区 in ``home``
    (``school_id=`` / ``zone_id=``), in one query; no sets for no region or a subtree of every region."""
    if _directory is None or (region_id is None and not any(home.values())):
        return region_id, None, None
    tree, home_region = _directory.region_tree(**home)
    region_id = region_id if region_id is not None else home_region
    if region_id is None:
        return None, None, None
    subtree = region_subtree(tree, region_id)
    if subtree >= tree.keys():
        return region_id, None, None
    return region_id, subtree, subtree | region_ancestors(tree, region_id)


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
        region, regions, read_regions = _region_reach(school_id=profile.school_id)
        # A school administrator reports its own school's data (DESIGN.md, "Who uses it"): facts and staff,
        # task progress, answers to rectification notices, evaluation appeals. Only models that declare
        # ``school_writable`` are open to it, so a module listed here does not open the whole module.
        return Scope(role=role, school_ids=ids, write_modules=SCHOOL_WRITE_MODULES,
                     region_ids=regions, read_region_ids=read_regions, home_region_id=region)
    if role == Role.INSPECTOR:
        region, regions, read_regions = _region_reach(zone_id=profile.zone_id)
        return Scope(role=role, school_ids=frozenset(_inspector_school_ids(user, profile)),
                     write_modules=frozenset({"inspection"}), region_ids=regions, read_region_ids=read_regions,
                     home_region_id=region)
    if role == Role.TEACHER:
        # No school's rows: a teacher's own lines are read by the staff member the login is bound to.
        return Scope(role=role, school_ids=frozenset(), write_modules=frozenset(), region_ids=frozenset(),
                     read_region_ids=frozenset())
    department = profile.department if profile.department_id else None
    # Leaders and auditors read everything of their region and write nothing through the registry.
    modules = frozenset(department.modules) if role == Role.DEPARTMENT and department else frozenset()
    region, regions, read_regions = _region_reach(profile.region_id or (department.region_id if department else None))
    if role not in BUREAU_ROLES:
        return NOTHING
    school_ids = None if regions is None else _directory.schools_in(regions)
    return Scope(role=role, school_ids=school_ids, write_modules=modules, region_ids=regions,
                 read_region_ids=read_regions, home_region_id=region)


# "complaints": a school answers the 信访件 assigned to it (its follow-up's 反馈); no complaints model is
# ``school_writable``, so it writes no case itself (issue 15).
# "safety": a school records its own checks, hazards, buses, canteens and drills and answers its hazards (issue 15).
# "fitness": a school uploads its own 体质健康 test (issue 14).
SCHOOL_WRITE_MODULES = frozenset({"org", "people", "plans", "inspection", "evaluation", "staffing", "welfare",
                                  "complaints", "safety", "fitness"})

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
    if _directory is None or not profile.zone_id:
        return frozenset()
    return _directory.zone_schools(profile.zone_id)


def claim_for_home_region(user, instance) -> None:
    """Give a new row with an empty ``region`` the user's own region (a county's new plan is the county's).

    Rows of users bound to no region stay the instance's. Called by the create forms before ``can_write``.
    """
    home = scope_for(user).home_region_id
    if home is not None and instance.pk is None and getattr(instance, "region_id", "absent") is None:
        instance.region_id = home


def visible_q(model, scope: Scope) -> Q | None:
    """The filter of ``visible_to``: None when the user reads every row of ``model``.

    - Rows owned by schools: those of the user's schools (``scope_q``); a city's or county's bureau also reads the
      rows of its own region that belong to no school (its plan's tasks, its departments' follow-ups).
    - Reference data with a region (plans, exams, schemes, zones, departments, regions): those of the user's
      region, of the regions above it, and the instance's own (no region).
    - Other reference data (school years, checklists …): every row.
    """
    if scope.unrestricted:
        return None
    region_path = getattr(model, "region_path", None)
    if model.ownerless_rows_private():
        q = model.scope_q(scope.school_ids)
        if scope.region_bound_bureau and region_path:
            q |= Q(**{f"{region_path}__in": scope.region_ids})
        return q
    if region_path and scope.read_region_ids is not None:
        if region_path == "pk":
            return Q(pk__in=scope.read_region_ids)
        return Q(**{f"{region_path}__in": scope.read_region_ids}) | Q(**{f"{region_path}__isnull": True})
    return None


class ScopedQuerySet(models.QuerySet):
    """QuerySet with the one restriction point, ``visible_to``."""

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.role is None:
            return self.none()
        q = visible_q(self.model, scope)
        return self if q is None else self.filter(q)


class ScopedModel(models.Model):
    """A model whose rows belong to schools.

    ``scope_path`` is the ORM path from the model to ``School.pk``; ``None`` marks reference data
    (regions, zones, school years …) that every signed-in user may read.
    """

    scope_path: str | None = None
    # The ORM path from the model to ``org.Region.pk`` (issue 16): whose region a row belongs to when no school owns
    # it (a county's plan, a city's exam). None: the row belongs to the whole instance.
    region_path: str | None = None
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
        school_id = _follow(self, self.scope_path)
        return {school_id} if school_id else set()

    def owning_region_id(self) -> int | None:
        """The region this row belongs to, read from the instance (None: the instance's own row)."""
        if self.region_path is None:
            return None
        if self.region_path == "pk":
            return self.pk
        return _follow(self, self.region_path)


def _follow(obj, path: str) -> int | None:
    """The id at the end of ``path`` ("task__plan__region"), walking the instance's relations (None on a gap)."""
    *relations, last = path.split("__")
    for relation in relations:
        try:
            obj = getattr(obj, relation, None)
        except ObjectDoesNotExist:
            return None
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def can_read(user, obj) -> bool:
    """True when ``obj`` is inside the user's scope; agrees with ``visible_to`` (``visible_q``).

    Issue 18: a row with no owning school of a model that declares owners is read by bureau roles, and by a school or
    inspector only when the model's ``scope_q`` names one of its schools. Issue 16: a region's rows by its subtree.
    """
    scope = scope_for(user)
    if scope.role is None:
        return False
    if scope.unrestricted:
        return True
    model = type(obj)
    if not model.ownerless_rows_private():
        return scope.reads_region(obj.owning_region_id())
    owning = obj.owning_school_ids()
    if owning and scope.touches(owning):
        return True
    if scope.region_bound_bureau and model.region_path and obj.owning_region_id() in scope.region_ids:
        return True
    if obj.pk is None or (owning and model.scope_q.__func__ is ScopedModel.scope_q.__func__):
        return False  # a plain ``scope_path`` names every owner: nothing else grants the row (no query per row)
    return model._default_manager.filter(pk=obj.pk).filter(visible_q(model, scope)).exists()


def can_write(user, obj_or_model) -> bool:
    """True when the user may create, change or delete ``obj_or_model``.

    Called with a model class, it answers "may this user write rows of this kind at all" (to show
    buttons); called with an instance, it also checks that every school the row belongs to — as the
    row stands now, before saving — lies inside the user's scope, and that a row no school owns belongs to the
    user's region (a county writes its own plans and zones, not the city's or another county's, nor the instance's
    school years).
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
    if not owning and not scope.answers_for_region(obj_or_model.owning_region_id()):
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
