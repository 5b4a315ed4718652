"""录取通知书 (.docx): one page per admitted child, in the bureau's usual wording. Pure (python-docx, no Django).

The page hands in plain text: school, year, level and (申请编号, 姓名, 性别) per child. Only the name and the number
appear: a notice travels through many hands, so no ID number or address is printed on it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from edubureau.plans.engine.report_doc import use_chinese_font

__all__ = ["admission_notices"]


def admission_notices(school: str, year: int, level: str, children: Sequence[tuple[str, str, str]],
                      date_text: Callable[[dt.date], str], *, today: dt.date | None = None) -> bytes:
    """The notices of ``children`` as one .docx document (bytes)."""
    document = Document()
    use_chinese_font(document)
    day = date_text(today or dt.date.today())
    grade = "一年级" if level == "小学" else "七年级"
    for index, (number, name, sex) in enumerate(children):
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(f"{school}\n{year}年{level}新生录取通知书")
        run.bold, run.font.size = True, Pt(18)
        call = "同学" if sex else ""
        document.add_paragraph(f"{name}{call}（申请编号：{number}）：")
        body = document.add_paragraph(
            f"    经审核，你已被我校录取为{year}年秋季{grade}新生。请家长于开学报到日持本通知书、户口簿和"
            f"儿童预防接种证明到校办理报到手续。如有疑问，请拨打县招生入学咨询电话。")
        body.paragraph_format.first_line_indent = Pt(0)
        closing = document.add_paragraph(f"{school}（盖章）\n{day}")
        closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if index < len(children) - 1:
            closing.add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
