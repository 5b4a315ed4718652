"""The two outputs of the department view: 督导通报 (.docx, python-docx) and 问题台账 (.xlsx, xlsxwriter)."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from edubureau.core.followup_engine import State, on_time
from edubureau.core.formatting import percent
from edubureau.core.generic.display import cn_date
from edubureau.core.io.safe_workbook import new_workbook
from edubureau.plans.engine.report_doc import use_chinese_font

__all__ = ["LEDGER_HEADERS", "bulletin_docx", "ledger_xlsx"]


def _d(day: dt.date | None) -> str:
    return cn_date(day) if day else ""  # a blank cell, not cn_date's "—", in the docx and ledger


def _pct(share: float | None) -> str:
    return percent(share)  # 58.3%, the convention of every page (core.formatting, issue 17)


def bulletin_docx(f, user=None) -> bytes:
    """督导通报: title, period, summary figures, findings by category, overdue notices named, 表扬 and 通报."""
    document = Document()
    use_chinese_font(document)
    title = document.add_heading("督导工作通报", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    period = document.add_paragraph(f"（{_d(f.start)}至{_d(f.end)}）")
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER

    document.add_heading("一、总体情况", level=1)
    met = sum(r["met"] for r in f.by_inspector)
    weeks = sum(r["weeks"] for r in f.by_inspector)
    document.add_paragraph(
        f"本期计划督导{f.visits_planned}次，实际完成{f.visits_done}次，未完成{f.visits_missed}次；"
        f"督学周督查指标达标{met}/{weeks}个督学周。"
        f"督导覆盖学校{f.coverage.visited}所，占责任区学校{f.coverage.total}所的{_pct(f.coverage.share)}。"
        f"发现问题{f.findings}个，按期整改率{_pct(f.on_time_rate)}。"
    )

    document.add_heading("二、发现问题分类", level=1)
    if f.findings_by_category:
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "问题类别", "个数"
        for category, count in f.findings_by_category.items():
            row = table.add_row().cells
            row[0].text, row[1].text = category, str(count)
    else:
        document.add_paragraph("本期未发现问题。")
    if f.repeats:
        document.add_paragraph(
            "屡查屡犯：" + "；".join(f"{r.school}（{r.category}，第{r.times}次）" for r in f.repeats[:20]) + "。")

    document.add_heading("三、逾期未整改情况", level=1)
    if f.overdue:
        for n in f.overdue:
            fu = n.followup
            document.add_paragraph(
                f"{fu.title}（{n.number}），整改期限{_d(fu.due)}，已逾期{fu.days_overdue(f.end)}天。",
                style="List Bullet")
    else:
        document.add_paragraph("本期没有逾期未整改的通知。")

    document.add_heading("四、表扬与通报", level=1)
    praised = [r["name"] for r in f.by_inspector if r["weeks"] and r["met"] == r["weeks"]]
    behind = [r["name"] for r in f.by_inspector if r["weeks"] and r["met"] < r["weeks"] / 2]
    if praised:
        document.add_paragraph(f"表扬：{'、'.join(praised)}等督学本期每周均完成督查指标。")
    if behind:
        document.add_paragraph(f"通报：{'、'.join(behind)}等督学本期半数以上周次未完成督查指标，请抓紧落实。")
    late_schools = sorted({str(n.followup.school) for n in f.overdue})
    if late_schools:
        document.add_paragraph(f"通报：{'、'.join(late_schools)}整改逾期，请于三个工作日内完成整改并反馈。")
    if not (praised or behind or late_schools):
        document.add_paragraph("本期无表扬和通报事项。")
    document.add_paragraph(f"{_d(timezone.localdate())}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


LEDGER_HEADERS = ("序号", "发现日期", "学校", "问题类别", "严重程度", "问题描述", "检查项", "督导类型", "督学",
                  "整改通知", "整改期限", "状态", "销号日期", "是否按期")


def ledger_xlsx(findings, start: dt.date, end: dt.date) -> bytes:
    """督导发现问题台账 with Chinese headers, one row per finding."""
    out = io.BytesIO()
    book = new_workbook(out)  # issue 18: a description typed as =HYPERLINK(…) was written as a live formula
    sheet = book.add_worksheet("问题台账")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    title = book.add_format({"bold": True, "font_size": 14})
    sheet.write(0, 0, f"督导发现问题台账（{_d(start)}至{_d(end)}）", title)
    for col, header in enumerate(LEDGER_HEADERS):
        sheet.write(1, col, header, bold)
    for n, finding in enumerate(findings, 1):
        notices = list(finding.rectifications.all())
        fu = notices[0].followup if notices else None
        timely = ""
        if fu is not None and fu.state == State.CLOSED:
            timely = "是" if on_time(fu.due, fu.closed_on) else "否"
        row = (n, _d(finding.found_on), str(finding.school), finding.get_category_display(),
               finding.get_severity_display(), finding.description, str(finding.item or ""),
               finding.visit.get_kind_display(), "、".join(i.name for i in finding.visit.inspectors.all()),
               notices[0].number if notices else "", _d(fu.due) if fu else "",
               fu.get_state_display() if fu else "未下发", _d(fu.closed_on) if fu else "", timely)
        for col, value in enumerate(row):
            sheet.write(n + 1, col, str(value) if not isinstance(value, int) else value)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 4, 14)
    sheet.set_column(5, 5, 40)
    sheet.set_column(6, 13, 14)
    sheet.freeze_panes(2, 0)
    book.close()
    return out.getvalue()
