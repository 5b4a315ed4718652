"""The official-style application tables (校际均衡状况统计表) as xlsx: one sheet per method and level."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _


def standing_workbook(results: dict[str, dict], county: str, year_label: str, codes: set[str]) -> bytes:
    """``results`` maps "basic"/"quality" to an engine standing; school rows outside ``codes`` are left out."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "text_wrap": True, "border": 1, "align": "center", "valign": "vcenter",
                            "bg_color": "#EEF2F7"})
    text = book.add_format({"border": 1})
    num = book.add_format({"border": 1, "num_format": "#,##0.00"})
    cv = book.add_format({"border": 1, "num_format": "0.000"})
    bad = book.add_format({"border": 1, "num_format": "0.000", "font_color": "#C00000", "bold": True})
    for standard, result in results.items():
        method = _("基本均衡") if standard == "basic" else _("优质均衡")
        for level, data in result["levels"].items():
            sheet = book.add_worksheet(f"{method}-{level}")
            names = list(data["indicators"])
            sheet.write(0, 0, _("{county}{year}义务教育{method}{level}校际均衡状况统计表").format(
                county=county, year=year_label, method=method, level=level), title)
            headers = [_("序号"), _("学校标识码"), _("学校名称"), _("在校生数"), *names]
            if standard == "quality":
                headers.append(_("达标项数"))
            for col, h in enumerate(headers):
                sheet.write(2, col, h, head)
            sheet.set_row(2, 48)
            sheet.set_column(0, 0, 6)
            sheet.set_column(1, 1, 13)
            sheet.set_column(2, 2, 22)
            sheet.set_column(3, len(headers), 12)
            row = 3
            for n, school in enumerate((s for s in data["schools"] if s["code"] in codes), start=1):
                sheet.write(row, 0, n, text)
                sheet.write_string(row, 1, school["code"], text)
                sheet.write(row, 2, school["name"], text)
                sheet.write(row, 3, school["students"], num)
                for col, name in enumerate(names, start=4):
                    sheet.write(row, col, school["values"][name], num)
                if standard == "quality":
                    sheet.write(row, 4 + len(names), school["met"], text)
                row += 1
            for label, key, fmt in ((_("全县均值"), "mean", num), (_("差异系数"), "cv", cv),
                                    (_("标准（≤）"), "threshold", cv)):
                sheet.merge_range(row, 0, row, 3, label, head)
                for col, name in enumerate(names, start=4):
                    ind = data["indicators"][name]
                    use = bad if key == "cv" and standard == "quality" and not ind["pass"] else fmt
                    sheet.write(row, col, ind[key], use)
                row += 1
            if data["composite_cv"] is not None:
                sheet.merge_range(row, 0, row, 3, _("综合差异系数"), head)
                sheet.write(row, 4, data["composite_cv"], cv)
                sheet.write(row, 5, _("标准 ≤ {line}").format(line=data["composite_threshold"]), text)
                row += 1
            sheet.merge_range(row, 0, row, 3, _("结论"), head)
            sheet.write(row, 4, _("达标") if data["pass"] else _("未达标"), text)
    book.close()
    return out.getvalue()
