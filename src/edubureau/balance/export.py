"""The official-style application tables (校际均衡状况统计表) as xlsx: one sheet per method and level."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from edubureau.core.io.safe_workbook import new_workbook


def standing_workbook(results: dict[str, dict], county: str, year_label: str, codes: set[str],
                      takes: dict | None = None) -> bytes:
    """``results`` maps "basic"/"quality" to an engine standing; school rows outside ``codes`` are left out.

    With ``takes`` (``county_additions``), a last sheet lists what it takes: the additions in scope, the
    county's total cost and the CVs before and after.
    """
    out = io.BytesIO()
    book = new_workbook(out)  # issue 18: school names stay text
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
    if takes is not None:
        _takes_sheet(book, takes, county, year_label, codes, {"title": title, "head": head, "text": text,
                                                              "num": num, "cv": cv})
    book.close()
    return out.getvalue()


def _takes_sheet(book, takes: dict, county: str, year_label: str, codes: set[str], fmt: dict) -> None:
    sheet = book.add_worksheet(_("达标所需投入"))
    sheet.write(0, 0, _("{county}{year}义务教育优质均衡达标所需投入测算表").format(county=county, year=year_label),
                fmt["title"])
    headers = [_("序号"), _("学校标识码"), _("学校名称"), _("学段"), _("指标"), _("需增加"), _("单位"),
               _("估算成本（元）")]
    for col, h in enumerate(headers):
        sheet.write(2, col, h, fmt["head"])
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 13)
    sheet.set_column(2, 2, 22)
    sheet.set_column(3, 3, 6)
    sheet.set_column(4, 4, 34)
    sheet.set_column(5, 7, 14)
    row = 3
    for n, a in enumerate((a for a in takes["additions"] if a.code in codes), start=1):
        sheet.write(row, 0, n, fmt["text"])
        sheet.write_string(row, 1, a.code, fmt["text"])
        for col, value in enumerate((a.name, a.level, a.indicator), start=2):
            sheet.write(row, col, value, fmt["text"])
        sheet.write(row, 5, a.amount, fmt["num"])
        sheet.write(row, 6, a.unit, fmt["text"])
        sheet.write(row, 7, a.cost, fmt["num"])
        row += 1
    sheet.merge_range(row, 0, row, 6, _("全县合计（{n}项）").format(n=len(takes["additions"])), fmt["head"])
    sheet.write(row, 7, takes["cost"], fmt["num"])
    row += 2
    sheet.write(row, 0, _("补齐前后的校际差异系数"), fmt["head"])
    row += 1
    for level, before in takes["before"]["levels"].items():
        after = takes["after"]["levels"][level]
        sheet.write(row, 0, level, fmt["head"])
        for col, name in enumerate(before["indicators"], start=1):
            sheet.write(row, col, name, fmt["head"])
            sheet.write(row + 1, col, before["indicators"][name]["cv"], fmt["cv"])
            sheet.write(row + 2, col, after["indicators"][name]["cv"], fmt["cv"])
        sheet.write(row + 1, 0, _("补齐前"), fmt["text"])
        sheet.write(row + 2, 0, _("补齐后"), fmt["text"])
        row += 4


# Units shown in the template's headers (a unit in brackets is accepted on reading).
TEMPLATE_UNITS = {
    "在校生数": "人", "教学及辅助用房面积": "平方米", "体育运动场馆面积": "平方米", "教学仪器设备值": "元",
    "计算机台数": "台", "图书册数": "册", "专任教师数": "人", "高于规定学历教师数": "人", "中级及以上职称教师数": "人",
    "县级及以上骨干教师数": "人", "体育艺术专任教师数": "人", "网络多媒体教室数": "间",
}


def template_workbook() -> bytes:
    """The file the page import and ``edubureau balance check`` read: headers, a 学段 drop-down, 填写说明."""
    from .fileinput import COLUMNS  # noqa: PLC0415 - fileinput imports Django's io helpers

    out = io.BytesIO()
    book = new_workbook(out)
    head = book.add_format({"bold": True, "text_wrap": True, "border": 1, "align": "center", "valign": "vcenter",
                            "bg_color": "#EEF2F7"})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet(_("学校数据"))
    for col, header in enumerate(COLUMNS):
        unit = TEMPLATE_UNITS.get(header)
        sheet.write(0, col, f"{header}（{unit}）" if unit else header, head)
    sheet.set_row(0, 36)
    sheet.set_column(0, 0, 14, text)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, len(COLUMNS) - 1, 12)
    sheet.data_validation(1, 2, 2000, 2, {"validate": "list", "source": ["小学", "初中"]})
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet(_("填写说明"))
    notes.set_column(0, 0, 100)
    lines = [
        _("每行填写一所学校的一个学段：九年一贯制学校填两行（小学、初中），共用的校舍和设备按在校生分摊后填写。"),
        _("学段只能填“小学”或“初中”；学校标识码为10位数字。"),
        _("教师数按学段填写：专任教师中高于规定学历（小学专科及以上、初中本科及以上）、中级及以上职称、"
          "县级及以上骨干、体育艺术（体育、音乐、美术）专任教师的人数。"),
        _("面积填平方米，设备值填元；表头后括号中的单位可以保留或删去。"),
        _("教学点的数据并入其中心校一并填写；特殊教育学校不填。"),
        _("示例：3100000001，城关小学，小学，1200，5600，9800，2600000，160，36000，66，60，48，14，12，30"),
    ]
    for row, line in enumerate(lines):
        notes.write(row, 0, line)
    book.close()
    return out.getvalue()
