"""The periodic progress report of a work plan (工作进展报告 / 年度报告) as a .docx a bureau can send upward.

Pure (python-docx only, no Django): the page hands in plain display text. The document has the plan title,
the period, a summary by status, one part per first-level section with its tasks' status and latest report,
the quantitative targets with actual against target, and the open difficult problems.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

CN_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class TaskLine:
    item: str
    title: str
    lead: str
    deadline: str
    status: str
    latest: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    status: str
    tasks: list[TaskLine] = field(default_factory=list)
    numbered: bool = True


@dataclass(frozen=True)
class TargetLine:
    text: str
    counted: str
    target: str
    actual: str
    share: str


@dataclass(frozen=True)
class ProblemLine:
    task: str
    description: str
    owner: str
    due: str
    state: str


@dataclass(frozen=True)
class ReportData:
    plan_title: str
    issuing_body: str
    period: str
    dated: str
    counts: list[tuple[str, int]]
    sections: list[Section]
    targets: list[TargetLine]
    problems: list[ProblemLine]


def _ordinal(i: int) -> str:
    return CN_ORDINALS[i] if i < len(CN_ORDINALS) else str(i + 1)


def use_chinese_font(document) -> None:
    """Set the document's body font to 仿宋 12 pt, East Asian runs included (Word otherwise falls back to 宋体)."""
    style = document.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")


def _table(document, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def write_report(data: ReportData) -> bytes:
    """The .docx bytes of the progress report."""
    document = Document()
    use_chinese_font(document)
    heading = document.add_heading(f"{data.plan_title}进展情况报告", level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta = document.add_paragraph(f"报告期：{data.period}　　报送单位：{data.issuing_body or '—'}　　{data.dated}")
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER

    total = sum(count for _, count in data.counts)
    document.add_heading("一、总体进展", level=1)
    summary = "，".join(f"{label}{count}项" for label, count in data.counts if count)
    document.add_paragraph(f"本计划共{total}项任务：{summary or '暂无任务'}。")
    _table(document, ["状态", "任务数"], [[label, str(count)] for label, count in data.counts])

    document.add_heading("二、分项推进情况", level=1)
    if not data.sections:
        document.add_paragraph("暂无任务。")
    for i, section in enumerate(data.sections):
        # The section keeps the document's own numbering (一、…); number it only when it has none.
        title = section.title if section.numbered else f"（{_ordinal(i)}）{section.title}"
        document.add_heading(f"{title}（{section.status}）", level=2)
        if not section.tasks:
            document.add_paragraph("本部分无下设任务。")
            continue
        _table(
            document,
            ["编号", "任务", "牵头科室", "完成时限", "状态", "最新进展"],
            [
                [t.item, t.title, t.lead or "—", t.deadline or "—", t.status, t.latest or "未报送"]
                for t in section.tasks
            ],
        )

    document.add_heading("三、量化指标完成情况", level=1)
    if data.targets:
        _table(
            document,
            ["指标", "计量对象", "目标", "累计完成", "完成比例"],
            [[t.text, t.counted or "—", t.target, t.actual or "—", t.share or "—"] for t in data.targets],
        )
    else:
        document.add_paragraph("暂无量化指标。")

    document.add_heading("四、难点问题", level=1)
    if data.problems:
        document.add_paragraph(f"尚未销号的难点问题{len(data.problems)}个：")
        _table(
            document,
            ["任务", "问题", "责任单位", "办理期限", "状态"],
            [[p.task, p.description, p.owner, p.due, p.state] for p in data.problems],
        )
    else:
        document.add_paragraph("难点问题均已销号。")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
