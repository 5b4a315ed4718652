"""The third party's workbook (第三方评价): template, reading with row/column errors, all-or-nothing writing.

The sheet has 学校标识码, 学校名称, then one column per third-party indicator, headed by its code, its title or
both ("2.2 家长和社会满意度", as the template writes). A value is a number ≥ 0 (and at most the indicator's
maximum when no mapping turns it into points); a blank cell leaves that school's value as it is. Any error — an
unknown school, a name that does not match the code, a header no indicator answers to, a bad number — writes
nothing, and every error is listed with its row, column and reason.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from edubureau.core.io.cleaning import CleaningError, is_blank, normalize_header, parse_code, parse_decimal
from edubureau.core.io.reader import ReadError, read_sheet
from edubureau.core.io.safe_workbook import new_workbook
from edubureau.core.uploads import limits_for
from edubureau.org.models import School

from .models import Indicator, Scheme, ThirdPartyScore

CODE, NAME = "学校标识码", "学校名称"


def third_party_leaves(scheme: Scheme) -> list[Indicator]:
    return list(scheme.indicators.filter(source=Indicator.Source.THIRD_PARTY, children__isnull=True))


def header_of(ind: Indicator) -> str:
    return f"{ind.code} {ind.title}"


def template(scheme: Scheme, schools) -> bytes:
    """An xlsx to fill: the headers, one row per evaluated school, a note on each indicator's scale."""
    out = io.BytesIO()
    book = new_workbook(out)  # issue 18: school names stay text
    sheet = book.add_worksheet(_("第三方评价"))
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    leaves = third_party_leaves(scheme)
    headers = [CODE, NAME, *(header_of(i) for i in leaves)]
    for col, h in enumerate(headers):
        sheet.write(0, col, h, bold)
    for col, ind in enumerate(leaves, start=2):
        rule = _("满分{m}分，直接计分").format(m=engine_num(ind.max_score)) if not ind.mapping_kind else \
            _("填原始数值（如满意度百分制得分），系统按方案换算")
        sheet.write_comment(0, col, rule)
    for row, s in enumerate(schools, start=1):
        sheet.write_string(row, 0, s.code, text)
        sheet.write_string(row, 1, s.name)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 1 + max(len(leaves), 1), 22)
    sheet.freeze_panes(1, 2)
    book.close()
    return out.getvalue()


def engine_num(x) -> str:
    from .engine.scheme import _num

    return _num(float(x or 0))


@dataclass
class ImportOutcome:
    """What a file would write (``values``: (school id, indicator id) → value) and its errors."""

    values: dict[tuple[int, int], float] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    schools: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.values)


def read_third_party(scheme: Scheme, content: bytes, filename: str) -> ImportOutcome:
    """Check the workbook; nothing is written here."""
    outcome = ImportOutcome()
    leaves = third_party_leaves(scheme)
    names: dict[str, Indicator] = {}
    for ind in leaves:
        for h in (ind.code, ind.title, header_of(ind)):
            names[normalize_header(h)] = ind
    known = {normalize_header(CODE), normalize_header(NAME), *names}
    try:
        sheet = read_sheet(content, filename, known, limits=limits_for("evaluation"))  # issue 18: its own caps
    except ReadError as exc:
        outcome.errors.append({"row": "", "column": "", "reason": str(exc)})
        return outcome
    header_keys = [normalize_header(h) for h in sheet.headers]
    if normalize_header(CODE) not in header_keys:
        outcome.errors.append({"row": sheet.header_row, "column": CODE, "reason": _("缺少“学校标识码”列")})
        return outcome
    code_col = header_keys.index(normalize_header(CODE))
    name_col = header_keys.index(normalize_header(NAME)) if normalize_header(NAME) in header_keys else None
    columns: dict[int, Indicator] = {}
    for col, (raw, key) in enumerate(zip(sheet.headers, header_keys, strict=True)):
        if col in (code_col, name_col) or not raw:
            continue
        ind = names.get(key)
        if ind is None:
            outcome.errors.append({"row": sheet.header_row, "column": raw,
                                   "reason": _("方案中没有这个第三方评价指标（请用模板的表头）")})
        elif ind in columns.values():
            outcome.errors.append({"row": sheet.header_row, "column": raw, "reason": _("该指标的列重复")})
        else:
            columns[col] = ind
    if not columns and not outcome.errors:
        outcome.errors.append({"row": sheet.header_row, "column": "", "reason": _("表中没有任何第三方评价指标列")})
    by_code = {s.code: s for s in School.objects.all()}
    seen: dict[str, int] = {}
    for row_no, cells in sheet.rows:
        try:
            code = parse_code(cells[code_col])
        except CleaningError:
            code = ""
        school = by_code.get(code)
        if school is None:
            outcome.errors.append({"row": row_no, "column": CODE,
                                   "reason": _("没有学校标识码为“{code}”的学校").format(code=cells[code_col])})
            continue
        if code in seen:
            outcome.errors.append({"row": row_no, "column": CODE,
                                   "reason": _("与第{row}行学校重复").format(row=seen[code])})
            continue
        seen[code] = row_no
        if name_col is not None and not is_blank(cells[name_col]) and str(cells[name_col]).strip() != school.name:
            outcome.errors.append({"row": row_no, "column": NAME, "reason": _(
                "学校名称“{given}”与标识码对应的“{name}”不一致").format(given=cells[name_col], name=school.name)})
            continue
        for col, ind in columns.items():
            cell = cells[col]
            if is_blank(cell):
                continue
            try:
                value = float(parse_decimal(cell))
            except CleaningError:
                outcome.errors.append({"row": row_no, "column": sheet.headers[col],
                                       "reason": _("“{v}”不是数字").format(v=cell)})
                continue
            if value < 0 or (not ind.mapping_kind and ind.max_score is not None and value > ind.max_score):
                top = "" if ind.mapping_kind else _("、不超过满分{m}").format(m=engine_num(ind.max_score))
                reason = _("数值{v}超出范围（应不小于0{top}）").format(v=engine_num(value), top=top)
                outcome.errors.append({"row": row_no, "column": sheet.headers[col], "reason": reason})
                continue
            outcome.values[(school.pk, ind.pk)] = value
    outcome.schools = len(seen)
    if not outcome.values and not outcome.errors:
        outcome.errors.append({"row": "", "column": "", "reason": _("表中没有可导入的数值")})
    return outcome


@transaction.atomic
def write_third_party(scheme: Scheme, outcome: ImportOutcome, filename: str) -> int:
    """Write a checked outcome (refuses one with errors)."""
    if not outcome.ok:
        raise ValueError("refusing to write a workbook with errors")
    for (school_id, indicator_id), value in outcome.values.items():
        ThirdPartyScore.objects.update_or_create(
            scheme=scheme, school_id=school_id, indicator_id=indicator_id,
            defaults={"value": value, "source_file": filename[:255]},
        )
    return len(outcome.values)
