"""The report workbook a 教研室 sends to schools: an overview sheet, a ranking sheet, one sheet per school.

Built from the plain report (see ``report.analyze``) with xlsxwriter: Chinese headers, frozen header
rows, rates as percentages, means to two decimals, column widths set for Chinese text.
"""

from __future__ import annotations

import io

import xlsxwriter

from edubureau.core.formatting import XLSX_PERCENT
from edubureau.core.io.safe_workbook import new_workbook
from edubureau.core.io.sheet_names import unique_sheet_name

from .config import TOTAL

__all__ = ["score_template", "write_report_workbook"]

# (header, key, format) for a row of statistics.
STAT_COLUMNS = [
    ("参考人数", "n", "int"), ("缺考人数", "absent", "int"), ("平均分", "mean", "num"), ("标准差", "std", "num"),
    ("最高分", "max", "num"), ("最低分", "min", "num"), ("中位数", "median", "num"),
    ("优秀率", "excellent_rate", "pct"), ("良好率", "good_rate", "pct"), ("及格率", "pass_rate", "pct"),
    ("低分率", "low_rate", "pct"), ("平均分率", "mean_rate", "pct"),
]
NOTE = "比率以有成绩的考生为分母；缺考不计为0分；总分仅计参加全部科目的考生。"
GROUP_COLUMNS = [("比均率", "ratio", "num"), ("综合指数", "index", "num"), ("均分名次", "rank", "int"),
                 ("指数名次", "index_rank", "int")]


def _sheet_name(name: str, used: set[str]) -> str:
    return unique_sheet_name(name, used, "学校")


class _Writer:
    def __init__(self, book: xlsxwriter.Workbook):
        self.book = book
        base = {"font_name": "等线", "font_size": 10, "border": 1}
        self.formats = {
            "title": book.add_format({"bold": True, "font_size": 14, "font_name": "等线"}),
            "note": book.add_format({"font_color": "#666666", "font_size": 9, "font_name": "等线"}),
            "head": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "align": "center",
                                     "valign": "vcenter", "text_wrap": True}),
            "text": book.add_format(base),
            "int": book.add_format({**base, "num_format": "#,##0"}),
            "num": book.add_format({**base, "num_format": "#,##0.00"}),
            "pct": book.add_format({**base, "num_format": XLSX_PERCENT}),  # 58.3%, as on the pages (issue 17)
            # A 差异系数 as the national documents write it, three decimals (0.452), in every module (issue 17).
            "cv": book.add_format({**base, "num_format": "0.000"}),
        }

    def table(self, sheet, row: int, title: str, columns, records) -> int:
        """Write a titled table from ``row``; return the next free row."""
        sheet.write(row, 0, title, self.formats["title"])
        row += 1
        for col, (header, _key, _fmt) in enumerate(columns):
            sheet.write(row, col, header, self.formats["head"])
        for record in records:
            row += 1
            for col, (_header, key, fmt) in enumerate(columns):
                value = record.get(key)
                if value is None:
                    sheet.write_blank(row, col, None, self.formats["text"])
                else:
                    sheet.write(row, col, value, self.formats[fmt])
        return row + 2


# The score file's own columns, in the order a 教研室 fills them (the reader also takes 准考证号, 学校名称 …).
TEMPLATE_COLUMNS = ("考号", "姓名", "学校", "班级")


def score_template(subjects: list[str]) -> bytes:
    """An empty score file for an exam of ``subjects``: the headers the import reads, a sample row, a note sheet.

    >>> score_template(["语文", "数学"])[:2]
    b'PK'
    """
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    text = book.add_format({"num_format": "@"})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    sheet = book.add_worksheet("成绩")
    headers = [*TEMPLATE_COLUMNS, *subjects]
    sheet.write_row(0, 0, headers, head)
    sheet.set_column(0, 0, 14, text)  # 考号 stays text: leading zeros are kept
    sheet.set_column(1, 3, 12, text)
    sheet.set_column(4, 3 + len(subjects), 8)
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("填写说明")
    for r, line in enumerate((
        "每行一名考生；考号在本次考试中不能重复。",
        "学校填学校全称或学校标识码；班级如“1班”。",
        "各科填分数，缺考填“缺考”或留空；分数不能超过满分。",
        "请勿修改第一行的列名；多出的列会被列出并忽略。",
    )):
        notes.write_string(r, 0, line)
    notes.set_column(0, 0, 60)
    book.close()
    return buffer.getvalue()


def write_report_workbook(report: dict, exam_title: str = "学业质量分析") -> bytes:
    """The report workbook as bytes.

    Examples
    --------
    >>> import polars as pl
    >>> from .config import ExamConfig
    >>> from .report import analyze
    >>> frame = pl.DataFrame({"exam_no": ["1", "2"], "school": ["一中", "二中"], "class": ["1班", "1班"],
    ...                       "zone": [None, None], "数学": [90.0, 50.0], "总分": [90.0, 50.0]})
    >>> write_report_workbook(analyze(frame, ExamConfig({"数学": 100})))[:2]
    b'PK'
    """
    buffer = io.BytesIO()
    book = new_workbook(buffer)  # issue 18: school names and titles stay text
    writer = _Writer(book)
    subjects = report["subjects"]
    cv = report.get("school_mean_cv", {})

    overview = book.add_worksheet("全县概况")
    overview.set_column(0, 0, 10)
    overview.set_column(1, 20, 9.5)
    overview.write(0, 0, exam_title, writer.formats["title"])
    overview.write(1, 0, NOTE, writer.formats["note"])
    county_columns = [("学科", "subject", "text"), ("满分", "full", "num"), *STAT_COLUMNS,
                      ("校际均分差异系数", "cv", "cv")]
    records = [{**(entry["county"] or {}), "subject": name, "full": entry["full"], "cv": cv.get(name)}
               for name, entry in subjects.items()]
    row = writer.table(overview, 3, "全县各学科", county_columns, records)
    overview.freeze_panes(5, 1)

    ranking = book.add_worksheet("学校排名")
    ranking.set_column(0, 0, 22)
    ranking.set_column(1, 20, 9.5)
    row = 0
    school_columns = [("学校", "school", "text"), *STAT_COLUMNS, *GROUP_COLUMNS]
    for name, entry in subjects.items():
        row = writer.table(ranking, row, f"{name}：学校排名", school_columns, entry["schools"])

    used = {"全县概况", "学校排名"}
    schools = [s["school"] for s in subjects[TOTAL]["schools"]]
    class_columns = [("学科", "subject", "text"), ("班级", "class", "text"), *STAT_COLUMNS,
                     ("比均率", "ratio", "num"), ("校内名次", "rank_in_school", "int"), ("全县名次", "rank", "int")]
    for school in schools:
        sheet = book.add_worksheet(_sheet_name(school, used))
        sheet.set_column(0, 1, 10)
        sheet.set_column(2, 20, 9.5)
        sheet.write(0, 0, f"{school} · {exam_title}", writer.formats["title"])
        mine = []
        for name, entry in subjects.items():
            record = next((s for s in entry["schools"] if s["school"] == school), None)
            if record:
                county_mean = (entry["county"] or {}).get("mean")
                mine.append({**record, "subject": name, "county_mean": county_mean})
        columns = [("学科", "subject", "text"), ("全县平均分", "county_mean", "num"), *STAT_COLUMNS, *GROUP_COLUMNS]
        row = writer.table(sheet, 2, "本校各学科与全县对比", columns, mine)
        classes = [{**c, "subject": name} for name, entry in subjects.items()
                   for c in entry["classes"] if c["school"] == school]
        classes.sort(key=lambda c: (c["class"], list(subjects).index(c["subject"])))
        writer.table(sheet, row, "各班级", class_columns, classes)
        sheet.freeze_panes(4, 1)
    book.close()
    return buffer.getvalue()
