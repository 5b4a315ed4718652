"""A small county for the 交流轮岗 tests, and the same county as the command line's workbook."""

from __future__ import annotations

import datetime as dt

import xlsxwriter

from edubureau.staffing.engine.rotation import School, Teacher
from edubureau.staffing.engine.rotation_reader import SCHOOL_HEADERS, TEACHER_HEADERS

D = dt.date
HOME = (120.0, 30.0)  # everyone lives beside 城关一小

# 城关一小 sends (城区, not weak). 山口小学 lacks 音乐 ~9.6 km east; 河西小学 lacks 数学 ~5.6 km north;
# 新镇小学 is a weak 镇区 school ~2.9 km away that lacks nothing.
SCHOOLS = {
    "U1": School("U1", "城关一小", "小学", "城区", False, 120.0, 30.0),
    "R1": School("R1", "山口小学", "小学", "乡村", False, 120.10, 30.0, frozenset({"音乐"})),
    "R2": School("R2", "河西小学", "小学", "乡村", False, 120.0, 30.05, frozenset({"数学"})),
    "W1": School("W1", "新镇小学", "小学", "镇区", True, 120.02, 30.02),
}


def teacher(number, subject, since, **kw) -> Teacher:
    defaults = {"name": f"教师{number}", "sex": "女", "birth": D(1985, 5, 1), "school": "U1",
                "home_lon": HOME[0], "home_lat": HOME[1]}
    return Teacher(number=number, subject=subject, since=since, **{**defaults, **kw})


def county_teachers() -> list[Teacher]:
    """Three eligible at 城关一小 (A longest, B 数学, C 音乐) and seven who came in 2024 (2 years: not eligible)."""
    return [teacher("A", "语文", D(2005, 9, 1)), teacher("B", "数学", D(2015, 9, 1)),
            teacher("C", "音乐", D(2016, 9, 1)),
            *(teacher(f"N{i}", "语文", D(2024, 9, 1)) for i in range(7))]


def write_workbook(path, schools: dict[str, School], teachers: list[Teacher], *, edit=None) -> None:
    """The CLI's workbook; ``edit(sheet_name, rows)`` may spoil a cell to test the error messages."""
    school_rows = [[s.code, s.name, s.level, s.locality, "是" if s.weak else "否", s.lon, s.lat,
                    "、".join(sorted(s.shortages))] for s in schools.values()]
    teacher_rows = [[t.number, t.name, t.sex, t.birth, t.school, t.subject, f"{t.since:%Y-%m}",
                     "是" if t.backbone else "否", t.post, t.spouse, t.exemption, t.home_lon, t.home_lat]
                    for t in teachers]
    if edit:
        edit("学校", school_rows)
        edit("教师", teacher_rows)
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, headers, rows in (("学校", SCHOOL_HEADERS, school_rows), ("教师", TEACHER_HEADERS, teacher_rows)):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, headers)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
                elif value is not None and value != "":
                    sheet.write(r, c, value)
    book.close()
