"""The evaluation workbook: every school's scores with the formula trail (xlsxwriter, pure — no Django).

Sheets
------
* one per category (城区小学 …): a row per school in rank order — rank, school, total, grade, veto, then each normal
  leaf's points, each branch's subtotal, the bonus, deduction, own total, bundled part and last year's total; below
  them the category's mean of every column.
  Subtotals and totals are real Excel **formulas** over the leaf cells (with the computed values cached, so a
  reader that does not recalculate still sees them): an auditor can click any total and follow it.
* 计分说明: the trail — school, code, indicator, source and value, rule, points on the leaf's scale, points counted.
* 方案: the indicator tree with type, source, mapping rule, maximum, weight and 满分 in every category; the bundles
  and the grade rule below it.

Examples
--------
>>> from .scheme import Indicator, Scheme
>>> from .scoring import SchoolInput, score
>>> r = score(Scheme(2026, "示例", (Indicator("1", "常规", 100),)), [SchoolInput("a", "甲校", "all", {"1": (90,)})])
>>> evaluation_workbook(r)[:2]
b'PK'
"""

from __future__ import annotations

import io
from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell

from edubureau.core.io.safe_workbook import new_workbook
from edubureau.core.io.sheet_names import unique_sheet_name

from .scheme import KNOWN_FIGURES, Indicator, Mapping, Scheme, _num
from .scoring import EvaluationResult

__all__ = ["evaluation_workbook"]

KIND_LABELS = {"normal": "计分", "bonus": "加分", "deduction": "扣分", "veto": "一票否决"}
SOURCE_LABELS = {"entered": "评委打分", "third_party": "第三方评价", "computed": "数据计算"}
MISSING_WORDS = {"full": "无数据计满分", "exclude": "无数据不计入"}


def _sheet_name(name: str, used: set[str]) -> str:
    return unique_sheet_name(name, used, "类别")


def _columns(scheme: Scheme) -> list[Indicator]:
    """Normal nodes in post-order: a branch's column right after its children's."""
    out: list[Indicator] = []

    def visit(nodes: tuple[Indicator, ...]) -> None:
        for n in nodes:
            if n.kind == "normal":
                visit(n.children)
                out.append(n)

    visit(scheme.indicators)
    return out


def evaluation_workbook(result: EvaluationResult, path: str | Path | None = None) -> bytes:
    """The workbook as bytes (also written to ``path`` when given)."""
    scheme = result.scheme
    buffer = io.BytesIO()
    book = new_workbook(buffer)  # issue 18: the totals below are write_formula, nothing typed becomes one
    base = {"font_name": "等线", "font_size": 10, "border": 1, "valign": "vcenter"}
    f = {
        "title": book.add_format({"bold": True, "font_size": 14, "font_name": "等线"}),
        "head": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "align": "center", "text_wrap": True}),
        "branch_head": book.add_format({**base, "bold": True, "bg_color": "#FCE4D6", "align": "center",
                                        "text_wrap": True}),
        "text": book.add_format(base),
        "wrap": book.add_format({**base, "text_wrap": True}),
        "int": book.add_format({**base, "num_format": "0", "align": "center"}),
        "num": book.add_format({**base, "num_format": "0.00"}),
        "sub": book.add_format({**base, "num_format": "0.00", "bg_color": "#FFF2E8"}),
        "total": book.add_format({**base, "num_format": "0.00", "bold": True}),
        "weight": book.add_format({**base, "num_format": "0.###"}),
        "bad": book.add_format({**base, "font_color": "#C00000", "text_wrap": True}),
    }
    used: set[str] = {"计分说明", "方案"}
    columns = _columns(scheme)
    leads = {b.lead: b for b in scheme.bundles}

    for category in scheme.categories:
        rows = result.ranking(category.key)
        sheet = book.add_worksheet(_sheet_name(category.title, used))
        full = scheme.full_marks_map(category.key)
        fixed = ["排名", "学校", "总分", "等次", "一票否决"]
        tail = ["指标得分", "加分", "扣分", "本校得分", "本校部分", "捆绑部分", "上年总分", "比上年"]
        headers = fixed + [f"{n.code} {n.title}（{_num(round(full[n.code], 2))}分）" for n in columns] + tail
        col_of = {n.code: len(fixed) + i for i, n in enumerate(columns)}
        t0 = len(fixed) + len(columns)
        tcol = {name: t0 + i for i, name in enumerate(tail)}
        for c, h in enumerate(headers):
            is_branch = len(fixed) <= c < t0 and columns[c - len(fixed)].children
            sheet.write_string(0, c, h, f["branch_head"] if is_branch else f["head"])
        sheet.set_row(0, 48)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 22)
        sheet.set_column(2, 3, 9)
        sheet.set_column(4, 4, 24)
        sheet.set_column(len(fixed), len(headers) - 1, 11)
        sheet.freeze_panes(1, 2)
        for r, s in enumerate(rows, 1):
            cell = {code: xl_rowcol_to_cell(r, c) for code, c in col_of.items()}
            sheet.write_number(r, 0, s.rank, f["int"])
            sheet.write_string(r, 1, s.name, f["text"])
            sheet.write_string(r, 3, s.grade, f["text"])
            sheet.write_string(r, 4, "；".join(s.veto_reasons), f["bad"])
            for n in columns:
                c = col_of[n.code]
                if n.children:
                    kids = [cell[k.code] for k in n.children if k.kind == "normal"]
                    sheet.write_formula(r, c, "=" + "+".join(kids), f["sub"], s.points[n.code])
                else:
                    sheet.write_number(r, c, s.points[n.code], f["num"])
            tops = [cell[n.code] for n in scheme.indicators if n.kind == "normal"]
            ref = {k: xl_rowcol_to_cell(r, c) for k, c in tcol.items()}
            sheet.write_formula(r, tcol["指标得分"], "=" + ("+".join(tops) or "0"), f["num"], s.normal_total)
            sheet.write_number(r, tcol["加分"], s.bonus, f["num"])
            sheet.write_number(r, tcol["扣分"], s.deduction, f["num"])
            sheet.write_formula(r, tcol["本校得分"], f"=MAX(0,{ref['指标得分']}+{ref['加分']}-{ref['扣分']})",
                                f["num"], s.own_total)
            bundle = leads.get(s.key)
            share = bundle.share if bundle else 0.0
            sheet.write_formula(r, tcol["本校部分"], f"={ref['本校得分']}*(1-{_num(share)})", f["num"], s.own_part)
            sheet.write_number(r, tcol["捆绑部分"], s.bundled_part, f["num"])
            sheet.write_formula(r, 2, f"={ref['本校部分']}+{ref['捆绑部分']}", f["total"], s.total)
            if s.previous_total is None:
                sheet.write_blank(r, tcol["上年总分"], None, f["num"])
                sheet.write_blank(r, tcol["比上年"], None, f["num"])
            else:
                sheet.write_number(r, tcol["上年总分"], s.previous_total, f["num"])
                sheet.write_formula(r, tcol["比上年"], f"={xl_rowcol_to_cell(r, 2)}-{ref['上年总分']}", f["num"],
                                    s.total - s.previous_total)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(headers) - 1)
            # The category's mean of every number column, two rows below the schools (outside the filter).
            m = len(rows) + 2
            sheet.write_string(m, 1, "本类别平均", f["total"])
            means = {2: sum(x.total for x in rows) / len(rows)}
            for n in columns:
                means[col_of[n.code]] = sum(x.points[n.code] for x in rows) / len(rows)
            for name, attr in (("指标得分", "normal_total"), ("加分", "bonus"), ("扣分", "deduction"),
                               ("本校得分", "own_total"), ("本校部分", "own_part"), ("捆绑部分", "bundled_part")):
                means[tcol[name]] = sum(getattr(x, attr) for x in rows) / len(rows)
            for c, value in means.items():
                rng = f"{xl_rowcol_to_cell(1, c)}:{xl_rowcol_to_cell(len(rows), c)}"
                sheet.write_formula(m, c, f"=AVERAGE({rng})", f["total"] if c == 2 else f["num"], value)

    # The trail.
    trail = book.add_worksheet("计分说明")
    heads = ["学校", "类别", "编号", "指标", "数据及取值", "计分规则", "原始得分", "计入得分"]
    widths = [20, 10, 8, 22, 40, 60, 10, 10]
    for c, (h, w) in enumerate(zip(heads, widths, strict=True)):
        trail.write_string(0, c, h, f["head"])
        trail.set_column(c, c, w)
    trail.freeze_panes(1, 0)
    titles = {c.key: c.title for c in scheme.categories}
    r = 0
    for s in result.schools:
        for step in s.trail:
            r += 1
            trail.write_string(r, 0, s.name, f["text"])
            trail.write_string(r, 1, titles.get(s.category, s.category), f["text"])
            trail.write_string(r, 2, step.code, f["text"])
            trail.write_string(r, 3, step.title, f["text"])
            trail.write_string(r, 4, step.source, f["wrap"])
            trail.write_string(r, 5, step.rule, f["wrap"])
            if step.raw is None:
                trail.write_blank(r, 6, None, f["num"])
            else:
                trail.write_number(r, 6, step.raw, f["num"])
            trail.write_number(r, 7, step.points, f["total"] if step.code in ("总分", "等次") else f["num"])
    if r:
        trail.autofilter(0, 0, r, len(heads) - 1)

    # The scheme.
    sheet = book.add_worksheet("方案")
    fulls = {c.key: scheme.full_marks_map(c.key) for c in scheme.categories}
    heads = ["编号", "指标", "类型", "来源", "数据", "换算规则", "满分（原始）", "权重", "封顶"] + [
        f"{c.title}满分" for c in scheme.categories]
    widths = [8, 30, 8, 10, 36, 50, 10, 8, 8] + [12] * len(scheme.categories)
    title = scheme.title if str(scheme.year) in scheme.title else f"{scheme.year}年{scheme.title}"
    sheet.write_string(0, 0, f"{title}（总分 {_num(float(scheme.total))}）", f["title"])
    for c, (h, w) in enumerate(zip(heads, widths, strict=True)):
        sheet.write_string(1, c, h, f["head"])
        sheet.set_column(c, c, w)
    sheet.freeze_panes(2, 0)
    r = 1
    parents = scheme.parents()

    def depth(code: str) -> int:
        d, p = 0, parents[code]
        while p is not None:
            d, p = d + 1, parents[p.code]
        return d

    for n in scheme.walk():
        r += 1
        sheet.write_string(r, 0, n.code, f["text"])
        sheet.write_string(r, 1, "　" * depth(n.code) + n.title, f["text"])
        sheet.write_string(r, 2, KIND_LABELS.get(n.kind, n.kind), f["text"])
        sheet.write_string(r, 3, SOURCE_LABELS.get(n.source, n.source) if n.is_leaf else "", f["text"])
        figure = f"{KNOWN_FIGURES.get(n.figure, n.figure)}（{n.figure}）" if n.figure else ""
        sheet.write_string(r, 4, figure, f["text"])
        if n.kind == "veto":
            rule = f"达到 {_num(n.veto_at)} 即一票否决"
        elif n.is_leaf:
            rule = (n.mapping or Mapping("direct")).describe(float(n.max_score or 0))
            if n.when_missing != "zero":
                rule += "；" + MISSING_WORDS[n.when_missing]
        else:
            rule = ""
        sheet.write_string(r, 5, rule, f["wrap"])
        if n.kind == "veto" or (not n.is_leaf and n.kind == "normal"):
            sheet.write_blank(r, 6, None, f["num"])
        else:
            sheet.write_number(r, 6, n.points_max(), f["num"])
        if n.kind == "normal":
            siblings = scheme.normal_children(parents[n.code])
            sheet.write_number(r, 7, scheme.weight(n, None, siblings), f["weight"])
        else:
            sheet.write_blank(r, 7, None, f["num"])
        if n.kind in ("bonus", "deduction"):
            sheet.write_number(r, 8, n.cap if n.cap is not None else n.points_max(), f["num"])
        else:
            sheet.write_blank(r, 8, None, f["num"])
        for i, c in enumerate(scheme.categories):
            value = fulls[c.key].get(n.code)
            if value is None:
                sheet.write_blank(r, 9 + i, None, f["num"])
            else:
                sheet.write_number(r, 9 + i, value, f["num"])
    r += 2
    notes = []
    for c in scheme.categories:
        if c.weights:
            notes.append(f"{c.title}调整权重：" + "，".join(f"{k} → {_num(float(v))}" for k, v in c.weights.items()))
    names = {s.key: s.name for s in result.schools}
    for b in scheme.bundles:
        members = "、".join(names.get(m, m) for m in b.members)
        notes.append(f"{b.title or '捆绑考核'}：牵头学校 {names.get(b.lead, b.lead)} 总分的 {_num(b.share * 100)}% "
                     f"来自成员学校（{members}）比上年的平均进步：不变得 {_num(float(scheme.total) / 2)} 分，"
                     f"平均进步 {_num(b.full_at)} 分及以上得满分，退步 {_num(b.full_at)} 分及以上得0分，之间线性")
    g = scheme.grades
    if g.mode == "thresholds":
        notes.append("等次：" + "，".join(f"{name} ≥ {_num(float(v))}" for name, v in g.bands) + f"，其余{g.lowest}")
    else:
        notes.append("等次按类别内名额：" + "，".join(f"{name} {_num(v * 100)}%" for name, v in g.bands)
                     + f"，其余{g.rest}")
    if g.pass_line is not None:
        notes.append(f"总分低于 {_num(float(g.pass_line))} 为{g.lowest}")
    notes.append(f"触发一票否决的学校等次为{g.lowest}，排在本类别未否决学校之后")
    for note in notes:
        sheet.write_string(r, 0, note)
        r += 1

    book.close()
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data
