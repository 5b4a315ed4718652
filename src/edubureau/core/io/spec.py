"""Declarative sheet specs: which columns a registry's workbook has, and how each cell is read.

A registry's ``io.py`` lists its sheets as :class:`SheetSpec` subclasses holding :class:`Column`
rows; the validator, the writer and the pages read everything else from there. References use
natural keys (a school's 学校标识码, a staff member's 身份证号), never database ids (STYLE.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core import idcard

from . import cleaning

__all__ = ["KINDS", "Column", "Ref", "SheetSpec", "message_for"]

# Translated reasons for the codes raised by the pure cleaning module.
MESSAGES = {
    "required": _("必填"),
    "not_integer": _("应为整数"),
    "not_number": _("应为数字"),
    "not_date": _("应为日期，如 2025-09-01 或 2025年9月1日"),
    "no_such_date": _("日期不存在：{value}"),
    "not_bool": _("应填“是”或“否”"),
    "not_choice": _("“{value}”不是可选值，可选：{options}"),
    "not_school_year": _("应为学年，如 2025 或 2025—2026学年"),
    "not_term": _("应为学期，如 2025—2026学年第一学期"),
    "not_grade": _("应为年级，如 1、七年级、初一、高一、大班"),
    "stored_as_number": _("被Excel存成了数字，末尾几位可能已丢失；请把该列设为文本格式后重新填写"),
    "too_long": _("超过{limit}个字"),
    "negative": _("不能为负数"),
    "too_large": _("数值过大"),
}
MAX_INT = 2_147_483_647  # the largest value every database's integer column holds


def message_for(error: cleaning.CleaningError) -> str:
    template = MESSAGES.get(error.code)
    if template is None:
        return str(error)
    return str(template).format(**error.params)


@dataclass(frozen=True)
class Ref:
    """A reference by natural key: the cell holds e.g. a school code, the row gets the ``School``.

    ``fields`` are lookups on the referenced model matching the cleaned cell (a tuple of values
    when there are several, as a term's (school year, number)). Lookups go through
    ``visible_to(user)``: a code outside the user's scope reads as "not found", so an import never
    reveals another school.
    """

    model: str
    fields: tuple[str, ...]
    not_found: str
    # How an exported cell shows the referenced object (defaults to the first lookup field).
    display: Callable[[Any], Any] | None = None

    def get_model(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def key_of(self, obj) -> Any:
        values = []
        for path in self.fields:
            value = obj
            for part in path.split("__"):
                value = getattr(value, part)
            values.append(value)
        return values[0] if len(values) == 1 else tuple(values)

    def show(self, obj) -> Any:
        if obj is None:
            return None
        if self.display is not None:
            return self.display(obj)
        return self.key_of(obj)


def _clean_idcard(value) -> str:
    if isinstance(value, float):
        raise cleaning.CleaningError("stored_as_number")
    try:
        return idcard.validate(cleaning.parse_text(value))
    except idcard.IdCardError as exc:
        raise cleaning.CleaningError("idcard", reason=str(exc)) from None


MESSAGES["idcard"] = "{reason}"

# kind → function(cell) → clean value; "choice" and "multichoice" also take the column's options.
KINDS: dict[str, Callable[[Any], Any]] = {
    "text": cleaning.parse_text,
    "code": cleaning.parse_code,
    "int": cleaning.parse_int,
    "decimal": cleaning.parse_decimal,
    "date": cleaning.parse_date,
    "bool": cleaning.parse_bool,
    "idcard": _clean_idcard,
    "school_year": cleaning.parse_school_year,
    "term": cleaning.parse_term,
    "grade": cleaning.parse_grade,
}
# What the 填写说明 sheet says about each kind.
KIND_HELP = {
    "text": _("文本"),
    "code": _("代码，按文本填写"),
    "int": _("整数，可带千分位"),
    "decimal": _("数字，可带小数"),
    "date": _("日期，如 2025-09-01、2025/9/1、2025年9月1日"),
    "bool": _("填“是”或“否”"),
    "idcard": _("18位居民身份证号，按文本填写，末位可为X"),
    "school_year": _("学年起始年份，如 2025 或 2025—2026学年"),
    "term": _("如 2025—2026学年第一学期"),
    "grade": _("年级，如 1、七年级、初一、高一、大班"),
    "choice": _("从下拉列表中选择"),
    "multichoice": _("可填多项，用顿号“、”分隔"),
}


@dataclass
class Column:
    """One column of a registry's workbook.

    Args:
        header: the Chinese header of the template (units in brackets and ``*`` are ignored when reading).
        field: the model field it fills, or a name the spec reads itself when ``model_field`` is False.
        kind: how a cell is read, a key of ``KINDS`` or "choice"/"multichoice".
        required: a blank cell is an error (and the column must be present).
        choices: a Django ``Choices`` class or (value, label) pairs; the sheet shows labels.
        ref: a natural-key reference; the cell is read with ``kind`` and then looked up.
        aliases: other headers clerks use for this column.
        help: a remark for the 填写说明 sheet.
        model_field: False for helper columns (e.g. a staff member's current school).
        export: how the export reads this column from an object (default: from ``field``).
        minimum: for numbers, the least value allowed.
    """

    header: str
    field: str
    kind: str = "text"
    required: bool = False
    choices: Any = None
    ref: Ref | None = None
    aliases: Sequence[str] = ()
    help: str = ""
    model_field: bool = True
    export: Callable[[Any], Any] | None = None
    minimum: int | None = None
    width: int = 16
    _options: dict[str, str] | None = field(default=None, init=False, repr=False)

    @property
    def label(self) -> str:
        return str(self.header)

    @property
    def title(self) -> str:
        """The header as written in templates and exports: required columns carry a leading ``*``."""
        return f"*{self.header}" if self.required else str(self.header)

    def raw_choices(self) -> list[tuple[Any, str]]:
        """(stored value, label) pairs, the stored value in its own type (a term's number stays an int)."""
        if self.choices is None:
            return []
        pairs = self.choices.choices if hasattr(self.choices, "choices") else self.choices
        return [(value, str(label)) for value, label in pairs]

    def choice_pairs(self) -> list[tuple[str, str]]:
        return [(str(value), label) for value, label in self.raw_choices()]

    def choice_labels(self) -> list[str]:
        return [label for _value, label in self.choice_pairs()]

    def options(self) -> dict[str, str]:
        if self._options is None:
            options = {}
            for value, label in self.raw_choices():
                options[cleaning.normalize_choice(str(value))] = value
                options[cleaning.normalize_choice(label)] = value
            self._options = options
        return self._options

    def label_of(self, value) -> str:
        return dict(self.choice_pairs()).get(str(value), str(value))

    def clean(self, cell) -> Any:
        """The clean value of one non-blank cell, or CleaningError."""
        if self.kind == "choice":
            try:
                return cleaning.parse_choice(cell, self.options())
            except cleaning.CleaningError as exc:
                exc.params["options"] = "、".join(self.choice_labels())
                raise
        if self.kind == "multichoice":
            parts = [p for p in cleaning.to_halfwidth(cleaning.parse_text(cell)).replace(",", "、").split("、") if p]
            values = []
            for part in parts:
                try:
                    values.append(cleaning.parse_choice(part, self.options()))
                except cleaning.CleaningError as exc:
                    exc.params["options"] = "、".join(self.choice_labels())
                    raise
            return values
        value = KINDS[self.kind](cell)
        if self.kind == "int" and abs(value) > MAX_INT:
            raise cleaning.CleaningError("too_large")
        if self.minimum is not None and isinstance(value, int | Decimal) and value < self.minimum:
            raise cleaning.CleaningError("negative" if self.minimum == 0 else "not_integer")
        return value

    def help_text(self) -> str:
        parts = [str(KIND_HELP.get(self.kind, ""))]
        if self.choices is not None:
            parts.append(str(_("可选：{options}")).format(options="、".join(self.choice_labels())))
        if self.help:
            parts.append(str(self.help))
        return "；".join(p for p in parts if p)


class SheetSpec:
    """The workbook of one registry: its columns, natural key and the hooks a registry may override.

    Subclasses set ``model``, ``columns`` and ``key`` (column fields identifying a row: an existing
    row with the same key is updated, others are created). The hooks let a registry add what a
    generic import cannot know (a staff member's posting, a birth date read from the ID number).
    """

    model: type[models.Model]
    columns: list[Column]
    key: tuple[str, ...]
    title: str = ""
    # Extra instructions shown at the top of the 填写说明 sheet.
    notes: Sequence[str] = ()

    @property
    def name(self) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}"

    @property
    def verbose_name(self) -> str:
        return str(self.title or self.model._meta.verbose_name)

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)

    def key_of(self, values: dict[str, Any]) -> tuple:
        """The natural key of a cleaned row; references count by their primary key."""
        return tuple(_keyable(values.get(name)) for name in self.key)

    def key_of_instance(self, obj) -> tuple:
        out = []
        for name in self.key:
            model_field = obj._meta.get_field(name)
            out.append(getattr(obj, model_field.attname))
        return tuple(out)

    # --- hooks ------------------------------------------------------------------------------------

    def existing_queryset(self, keys: list[tuple]):
        """Rows that may be updated, found by the first key field (then matched on the whole key).

        Deliberately not restricted by scope: a key held by a row outside the user's scope must
        be refused ("no right to change"), not treated as new and crash on a unique constraint.
        """
        first = self.model._meta.get_field(self.key[0])
        lookup = f"{first.attname}__in"
        return self.model._default_manager.filter(**{lookup: {k[0] for k in keys}})

    def prepare(self, rows, ctx) -> None:
        """Bulk look-ups a registry needs beyond the column references (one query each)."""

    def build(self, row, ctx) -> None:
        """Fill fields that are not columns (derived values) on ``row.instance``."""

    def check(self, row, ctx) -> Iterable[tuple[str, str]]:
        """Cross-field rules of one row: (column field, reason) pairs."""
        return ()

    def check_all(self, rows, ctx) -> Iterable[tuple[Any, str, str]]:
        """Rules over the whole file (at most one current school year …): (row, field, reason)."""
        return ()

    def current_owners(self, instance, ctx) -> set[int]:
        """The schools an existing row belongs to before the import (override to avoid a query per row)."""
        return set(instance.owning_school_ids())

    def owners(self, row, ctx) -> set[int]:
        """The schools the row belongs to once imported; with ``current_owners`` it makes the scope check."""
        return set(row.instance.owning_school_ids())

    def before_write(self, rows, ctx) -> None:
        """Runs inside the import's transaction before the rows are written."""

    def after_write(self, rows, ctx) -> list:
        """Write what follows from the rows (postings …); returns (instance, created, changes) for the audit.

        Called once per written chunk, with that chunk's rows, inside the chunk's transaction (issue 18: imports
        commit in chunks so that logins are not locked out); it must depend only on the rows it is given.
        """
        return []

    def export_queryset(self, queryset):
        related = [c.field for c in self.columns if c.ref is not None and c.model_field]
        return queryset.select_related(*related) if related else queryset

    def exported(self, request, queryset, revealed: list) -> None:
        """Runs once a page's export of ``queryset`` was written for ``request.user``; ``revealed`` holds the people
        whose 身份证号 it wrote in full. That is a reveal: one entry for the export (on its first such person, with
        how many), as a page's reveal is logged — not one per row of a 20,000-row registry. A registry whose export
        holds more personal data (信访, a driver's phone) logs its own way."""
        if revealed:
            from edubureau.core.audit import log_reveal

            log_reveal(request, revealed[0], ["id_number"], extra={"export": True, "rows": len(revealed)})

    # Who may read a full 身份证号 in an export: (user, person) → bool; others get it masked.
    may_see_id_number: Callable[[Any, Any], bool] | None = None

    def export_value(self, column: Column, obj, user=None) -> Any:
        """The cell of ``column`` for ``obj`` in an export, in the form a template takes back.

        ``user`` None is the command line run by the operator: ID numbers are written in full.
        """
        if column.kind == "idcard":
            return self._export_id_number(column, obj, user)
        if column.export is not None:
            value = column.export(obj)
        elif not column.model_field:
            value = None
        else:
            value = getattr(obj, column.field)
        if column.ref is not None and isinstance(value, models.Model):
            value = column.ref.show(value)
        if column.kind == "choice" and value not in (None, ""):
            return column.label_of(value)
        if column.kind == "multichoice":
            return "、".join(column.label_of(v) for v in value or [])
        if column.kind == "bool" and value is not None:
            return "是" if value else "否"
        if column.kind == "term" and isinstance(value, tuple):
            return term_label(*value)
        return value

    def _export_id_number(self, column: Column, obj, user) -> str | None:
        person = getattr(obj, column.field) if column.ref is not None else obj
        if person is None:
            return None
        number = person.id_number if column.ref is not None else getattr(obj, column.field)
        if not number:
            return None
        check = type(self).may_see_id_number
        if user is not None and check is not None and not check(user, person):
            return idcard.mask(number)
        shown = REVEALED_IN_EXPORT.get()
        if shown is not None and user is not None and check is not None:
            shown.append(person)
        return number



# The people whose 身份证号 the export being written shows in full to a user the spec's rule lets see them: a list
# set by the export page around the writer (``collect_reveals``), None elsewhere (imports, the command line).
REVEALED_IN_EXPORT: ContextVar[list | None] = ContextVar("revealed_in_export", default=None)

def term_label(start_year: int, number: int) -> str:
    return str(_("{start}—{end}学年第{n}学期")).format(
        start=start_year, end=start_year + 1, n="一" if number == 1 else "二"
    )


def _keyable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime):
        return value.date()
    return value
