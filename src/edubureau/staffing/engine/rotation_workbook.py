"""交流轮岗名册 (.xlsx): one row per move in the usual columns, and the year's figures the province asks for."""

from __future__ import annotations

import io

from edubureau.core.io.safe_workbook import new_workbook

from .rotation import RURAL, URBAN

__all__ = ["ROSTER_HEADERS", "rotation_roster"]

ROSTER_HEADERS = ("序号", "工号", "姓名", "性别", "任教学科", "是否骨干", "派出学校", "接收学校", "补缺学科",
                  "路程（公里）")


def rotation_roster(result: dict, schools: dict, teachers: dict) -> bytes:
    """The optimised plan of ``plan_rotation``'s ``result`` as 交流轮岗名册 and 统计 sheets."""
    plan = result["plan"]
    out = io.BytesIO()
    book = new_workbook(out, in_memory=True)
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    roster = book.add_worksheet("交流轮岗名册")
    roster.write_string(0, 0, f"{result['year']}年度义务教育学校教师交流轮岗名册", book.add_format({"bold": True,
                                                                                          "font_size": 14}))
    for col, title in enumerate(ROSTER_HEADERS):
        roster.write_string(1, col, title, head)
        roster.set_column(col, col, 22 if title.endswith("学校") else 10)
    for row, move in enumerate(plan.moves, 2):
        teacher = teachers[move.number]
        cells = (row - 1, move.number, teacher.name, teacher.sex, move.subject, "是" if teacher.backbone else "否",
                 schools[move.source].name, schools[move.target].name, "是" if move.fills_shortage else "否",
                 round(move.km, 1))
        for col, value in enumerate(cells):
            roster.write(row, col, value)
    figures = book.add_worksheet("统计")
    urban_to_rural = sum(1 for m in plan.moves
                         if schools[m.source].locality == URBAN and schools[m.target].locality == RURAL)
    rows = (("符合交流条件人数", len(result["eligible"])), ("交流人数", plan.moved),
            ("交流人数占符合条件人数比例", plan.moved / len(result["eligible"]) if result["eligible"] else 0),
            ("其中骨干教师人数", plan.backbone_moved),
            ("骨干教师占交流人数比例", plan.backbone_moved / plan.moved if plan.moved else 0),
            ("城区学校到乡村学校人数", urban_to_rural), ("补充缺员学科数", plan.shortages_covered))
    percent = book.add_format({"num_format": "0.0%"})
    figures.set_column(0, 0, 30)
    for row, (label, value) in enumerate(rows):
        figures.write_string(row, 0, label)
        figures.write(row, 1, value, percent if "比例" in label else None)
    book.close()
    return out.getvalue()
