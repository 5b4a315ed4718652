"""The validator: every row of an uploaded workbook checked before anything is written.

It reads the file, cleans each cell, resolves natural-key references in bulk (one query per
referenced model, through ``visible_to``), refuses duplicate keys, finds the rows to update,
applies the registry's own rules and the scope check, and returns a :class:`Plan`: what would be
created and updated, and every :class:`RowError` (row, column, value, reason). Nothing is written
here; :mod:`.runner` writes a plan that has no errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core.roles import MODULES, Role
from edubureau.core.scope import Scope, can_write, locked_fields, scope_for

from . import cleaning
from .reader import ReadError, Sheet, read_sheet
from .spec import Column, SheetSpec, message_for

__all__ = ["ImportContext", "Plan", "PlannedRow", "RowError", "assign", "validate"]

Progress = Callable[[str, int, int], None]
CHUNK = 900  # SQLite's safe number of query parameters
PROGRESS_EVERY = 500
SYSTEM_SCOPE = Scope(role=Role.LEADER, school_ids=None, write_modules=frozenset(MODULES), superuser=True)


@dataclass(frozen=True)
class RowError:
    """One refused cell: Excel row number (0 for the whole file), column header, the value as typed, why."""

    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class PlannedRow:
    """One data row: its cleaned values, the instance it creates or updates and what changes."""

    row: int
    cells: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    bad: set[str] = field(default_factory=set)
    instance: models.Model | None = None
    created: bool = False
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    # Changes written by the spec's after_write rather than as fields (a staff member's new posting).
    side_changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    old_owners: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.bad


@dataclass
class ImportContext:
    """Who imports, with which spec, which columns the file has; registries keep look-ups in ``extra``."""

    spec: SheetSpec
    user: Any
    present: set[str] = field(default_factory=set)
    today: dt.date = field(default_factory=timezone.localdate)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def scope(self) -> Scope:
        # No user: the command line run by the operator, who has the whole database anyway.
        return SYSTEM_SCOPE if self.user is None else scope_for(self.user)

    def visible(self, model):
        manager = model._default_manager
        return manager.all() if self.user is None else manager.visible_to(self.user)

    def may_write_model(self, model) -> bool:
        return self.user is None or can_write(self.user, model)

    def may_write_row(self, owners: set[int]) -> bool:
        """``can_write(user, instance)`` for a row whose schools are ``owners`` (module already checked)."""
        scope = self.scope
        if scope.role == Role.SCHOOL and not owners:
            return False
        return scope.covers(owners)


@dataclass
class Plan:
    """The outcome of validation: rows to write, or errors and nothing to write."""

    spec: SheetSpec
    ctx: ImportContext
    sheet: Sheet | None
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # How the file's headers were read (issue 17): a header read under another name ("身份证号码" for
    # 身份证件号), and headers that are no column of the sheet, so the clerk sees what was not imported.
    renamed: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def created(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.ok and r.created]

    @property
    def updated(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.ok and not r.created and (r.changes or r.side_changes)]

    @property
    def unchanged(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.ok and not r.created and not r.changes and not r.side_changes]

    @property
    def total(self) -> int:
        return len(self.rows)


class _Errors:
    def __init__(self, plan: Plan):
        self.plan = plan

    def add(self, row: PlannedRow | None, column: Column | str, value, reason: str) -> None:
        header = column.label if isinstance(column, Column) else str(column)
        shown = cleaning.parse_text(value) if not isinstance(value, str) else value.strip()
        self.plan.errors.append(RowError(row.row if row else 0, header, shown, str(reason)))
        if row is not None:
            row.bad.add(column.field if isinstance(column, Column) else header)


def header_map(spec: SheetSpec) -> dict[str, Column]:
    known = {}
    for column in spec.columns:
        for name in (column.label, *map(str, column.aliases)):
            known[cleaning.normalize_header(name)] = column
    return known


def validate(
    spec: SheetSpec, content: bytes, filename: str, *, user, progress: Progress | None = None
) -> Plan:
    """Check a workbook against ``spec`` for ``user``; the plan lists what would be written or why not."""
    ctx = ImportContext(spec=spec, user=user)
    plan = Plan(spec=spec, ctx=ctx, sheet=None)
    errors = _Errors(plan)
    if not ctx.may_write_model(spec.model):
        errors.add(None, _("文件"), "", _("您没有导入“{name}”的权限").format(name=spec.verbose_name))
        return plan
    known = header_map(spec)
    try:
        sheet = read_sheet(content, filename, set(known))
    except ReadError as exc:
        errors.add(None, _("文件"), filename, str(exc))
        return plan
    plan.sheet = sheet
    mapping = _map_columns(sheet, known, errors)
    if plan.errors:
        return plan
    if not sheet.rows:
        errors.add(None, _("文件"), filename, _("文件中没有数据行"))
        return plan
    ctx.present = {c.field for c in mapping.values()}
    report = progress or (lambda stage, done, total: None)
    total = len(sheet.rows)

    for done, (number, cells) in enumerate(sheet.rows, 1):
        row = PlannedRow(row=number, cells={c.field: cells[i] for i, c in mapping.items()})
        _clean_row(row, mapping, errors)
        plan.rows.append(row)
        if done % PROGRESS_EVERY == 0:
            report(_("读取"), done, total)
    report(_("读取"), total, total)

    columns = list(mapping.values())
    _resolve_refs(plan, columns, errors)
    spec.prepare(plan.rows, ctx)
    _refuse_duplicate_keys(plan, errors)
    existing = _find_existing(plan)
    _match_existing(plan, existing)
    # A file that only updates may leave out columns; one that adds rows needs every required column.
    missing = [c for c in spec.columns if c.required and c.field not in ctx.present]
    if missing and any(r.created for r in plan.rows):
        for column in missing:
            errors.add(None, column, "", _("缺少必填列“{header}”（文件中有新增记录）").format(header=column.label))
        return plan
    _refuse_taken_unique_values(plan, columns, errors)

    for done, row in enumerate(plan.rows, 1):
        if not row.bad & set(spec.key):
            _build_row(plan, row, columns, errors)
        if done % PROGRESS_EVERY == 0:
            report(_("校验"), done, total)
    for row, field_name, reason in spec.check_all(plan.rows, ctx):
        errors.add(row, _column_or_name(spec, field_name), row.cells.get(field_name, ""), reason)
    report(_("校验"), total, total)
    plan.errors.sort(key=lambda e: e.row)
    return plan


def _column_or_name(spec: SheetSpec, field_name: str) -> Column | str:
    return next((c for c in spec.columns if c.field == field_name), field_name)


_ERROR_HEADER = cleaning.normalize_header("错误原因")  # writer.ERROR_COLUMN (the writer imports us)


def _map_columns(sheet: Sheet, known: dict[str, Column], errors: _Errors) -> dict[int, Column]:
    mapping: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for index, header in enumerate(sheet.headers):
        column = known.get(cleaning.normalize_header(header)) if header else None
        if column is None:
            # Not imported, but said: a remark column, or a header typed differently from every name we know.
            # The 错误原因 column of our own error workbook is expected and not worth a word.
            if header and str(header).strip() and cleaning.normalize_header(header) != _ERROR_HEADER:
                errors.plan.ignored.append(str(header).strip())
            continue
        if cleaning.normalize_header(header) != cleaning.normalize_header(column.label):
            errors.plan.renamed.append((str(header).strip(), str(column.label)))
        if column.field in seen:
            errors.add(None, column, header, _("表头重复：与第{n}列同名").format(n=seen[column.field] + 1))
            continue
        seen[column.field] = index
        mapping[index] = column
    # Key columns are needed to find any row; other required columns only when a row is new (see validate).
    for field_name in errors.plan.spec.key:
        column = errors.plan.spec.column(field_name)
        if field_name not in seen:
            errors.add(None, column, "", _("缺少必填列“{header}”").format(header=column.label))
    return mapping


def _clean_row(row: PlannedRow, mapping: dict[int, Column], errors: _Errors) -> None:
    for column in mapping.values():
        cell = row.cells[column.field]
        if cleaning.is_blank(cell):
            if column.required:
                errors.add(row, column, "", _("必填"))
            else:
                row.values[column.field] = None
            continue
        try:
            row.values[column.field] = column.clean(cell)
        except cleaning.CleaningError as exc:
            errors.add(row, column, cell, message_for(exc))


def lookup(ctx: ImportContext, ref, keys: set) -> dict[Any, models.Model]:
    """Referenced objects by natural key, one query per chunk of keys, inside the user's scope."""
    model = ref.get_model()
    related = sorted({path.rsplit("__", 1)[0] for path in ref.fields if "__" in path})
    queryset = ctx.visible(model).select_related(*related)
    first = ref.fields[0]
    found = {}
    firsts = sorted({k[0] if isinstance(k, tuple) else k for k in keys}, key=str)
    for start in range(0, len(firsts), CHUNK):
        for obj in queryset.filter(**{f"{first}__in": firsts[start : start + CHUNK]}):
            found[ref.key_of(obj)] = obj
    return found


def _resolve_refs(plan: Plan, columns: list[Column], errors: _Errors) -> None:
    for column in columns:
        if column.ref is None:
            continue
        keys = {r.values[column.field] for r in plan.rows if r.values.get(column.field) is not None}
        found = lookup(plan.ctx, column.ref, keys) if keys else {}
        for row in plan.rows:
            key = row.values.get(column.field)
            if key is None:
                continue
            obj = found.get(key)
            if obj is None:
                shown = cleaning.parse_text(row.cells[column.field])
                errors.add(row, column, shown, str(column.ref.not_found).format(value=shown))
            else:
                row.values[column.field] = obj


def _refuse_duplicate_keys(plan: Plan, errors: _Errors) -> None:
    spec = plan.spec
    first_column = spec.column(spec.key[0])
    seen: dict[tuple, int] = {}
    for row in plan.rows:
        if row.bad & set(spec.key):
            continue
        key = spec.key_of(row.values)
        if key in seen:
            errors.add(row, first_column, row.cells.get(first_column.field, ""),
                       _("与第{n}行重复").format(n=seen[key]))
        else:
            seen[key] = row.row


def _find_existing(plan: Plan) -> dict[tuple, models.Model]:
    spec = plan.spec
    keys = [spec.key_of(r.values) for r in plan.rows if not r.bad & set(spec.key)]
    existing = {}
    for start in range(0, len(keys), CHUNK):
        for obj in spec.existing_queryset(keys[start : start + CHUNK]):
            existing[spec.key_of_instance(obj)] = obj
    return existing


def _match_existing(plan: Plan, existing: dict[tuple, models.Model]) -> None:
    spec = plan.spec
    for row in plan.rows:
        if row.bad & set(spec.key):
            continue
        instance = existing.get(spec.key_of(row.values))
        row.created = instance is None
        row.instance = spec.model() if instance is None else instance


def _refuse_taken_unique_values(plan: Plan, columns: list[Column], errors: _Errors) -> None:
    """A unique field other than the key (学校名称, a student's 身份证号) must not collide in the file or database."""
    model = plan.spec.model
    for column in columns:
        if not column.model_field or column.field in plan.spec.key:
            continue
        model_field = model._meta.get_field(column.field)
        if not model_field.unique:
            continue
        rows = [r for r in plan.rows if r.instance is not None and r.values.get(column.field) not in (None, "")]
        seen: dict[Any, int] = {}
        for row in rows:
            value = row.values[column.field]
            if value in seen:
                errors.add(row, column, row.cells[column.field], _("与第{n}行重复").format(n=seen[value]))
            else:
                seen[value] = row.row
        values = sorted(seen, key=str)
        taken = {}
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            rows_taken = model._default_manager.filter(**{f"{column.field}__in": chunk})
            taken.update(rows_taken.values_list(column.field, "pk"))
        for row in rows:
            owner = taken.get(row.values[column.field])
            if owner is not None and owner != row.instance.pk:
                # Issue 18: a taken ID number must not tell a school that the person exists elsewhere.
                message = (model_field.error_messages.get("unique_neutral") or
                           _("“{value}”已被其他记录使用").format(value=row.values[column.field]))
                errors.add(row, column, row.cells[column.field], message)


def empty_value(model_field: models.Field):
    """What a blank cell stores: NULL, the field's default, or an empty string; ``_REQUIRED`` if none fits."""
    if model_field.null:
        return None
    if model_field.has_default():
        return model_field.get_default()
    if model_field.blank and model_field.empty_strings_allowed:
        return ""
    return _REQUIRED


_REQUIRED = object()


def _build_row(plan: Plan, row: PlannedRow, columns: list[Column], errors: _Errors) -> None:
    spec, ctx, instance = plan.spec, plan.ctx, row.instance
    if not row.created:
        row.old_owners = set(spec.current_owners(instance, ctx))
    for column in columns:
        if not column.model_field or column.field in row.bad:
            continue
        model_field = instance._meta.get_field(column.field)
        value = row.values.get(column.field)
        if value is None:
            value = empty_value(model_field)
            if value is _REQUIRED:
                errors.add(row, column, "", _("必填"))
                continue
        elif not model_field.is_relation:
            try:
                model_field.run_validators(value)
            except ValidationError as exc:
                errors.add(row, column, row.cells[column.field], "；".join(exc.messages))
                continue
        assign(row, instance, model_field, value)
    spec.build(row, ctx)
    for field_name, reason in spec.check(row, ctx):
        errors.add(row, _column_or_name(spec, field_name), row.cells.get(field_name, ""), reason)
    if row.ok and not ctx.may_write_row(row.old_owners | set(spec.owners(row, ctx))):
        first = spec.column(spec.key[0])
        errors.add(row, first, row.cells.get(first.field, ""), _("无权写入：该行不在您的管理范围内"))
    if row.ok and not row.created and ctx.user is not None:
        for name in sorted(locked_fields(ctx.user, spec.model) & set(row.changes)):
            column = _column_or_name(spec, name)
            errors.add(row, column, row.cells.get(name, ""), _("无权修改此项：由教育局统一维护"))


def assign(row: PlannedRow, instance: models.Model, model_field: models.Field | str, value) -> None:
    """Set a field of the row's instance and record the change (old, new) for the audit and the preview."""
    if isinstance(model_field, str):
        model_field = instance._meta.get_field(model_field)
    if model_field.is_relation:
        new_id = value.pk if value is not None else None
        old_id = getattr(instance, model_field.attname)
        setattr(instance, model_field.name, value)
        if row.created or old_id != new_id:
            row.changes[model_field.name] = (old_id, new_id)
        return
    old = getattr(instance, model_field.attname)
    if row.created or not _same(old, value):
        row.changes[model_field.name] = (None if row.created else old, value)
    setattr(instance, model_field.attname, value)


def _same(old, new) -> bool:
    if isinstance(old, dt.datetime) and isinstance(new, dt.date) and not isinstance(new, dt.datetime):
        return old.date() == new
    return old == new


