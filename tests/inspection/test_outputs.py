"""督导通报 (.docx) and 问题台账 (.xlsx): their contents, read back."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from docx import Document
from python_calamine import CalamineWorkbook

from edubureau.core.followup import act
from edubureau.inspection.outputs import LEDGER_HEADERS

from .helpers import notice_for, visit_with_finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(world):
    today = world["today"]
    late = notice_for(world, world["a1"], issued_on=today - dt.timedelta(days=20), due_in=10,
                      day=today - dt.timedelta(days=21), description="留样柜损坏")
    closed = notice_for(world, world["a2"], issued_on=today - dt.timedelta(days=10), due_in=7,
                        day=today - dt.timedelta(days=11), category="safety", description="消防通道堵塞")
    act(closed.followup, "respond", _admin(world["a2"]), measures="已清理",
        today=today - dt.timedelta(days=5))
    act(closed.followup, "verify", world["u1"], today=today - dt.timedelta(days=4))
    visit_with_finding(world, world["a1"], day=today - dt.timedelta(days=2), description="留样不足（再次）")
    return {"late": late, "closed": closed}


def _admin(school):
    from edubureau.core.roles import Role
    from edubureau.core.testing import factories as f

    return f.make_user(Role.SCHOOL, school=school)


def test_bulletin_docx(client, world, story):
    client.force_login(world["office"])
    start = (world["today"] - dt.timedelta(days=30)).isoformat()
    response = client.get(reverse("inspection:bulletin"), {"start": start, "end": world["today"].isoformat()})
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.content))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "督导工作通报" in body and "一、总体情况" in body
    assert "发现问题3个" in body and "按期整改率50.0%" in body
    table = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert table[0] == ["问题类别", "个数"] and ["食品安全", "2"] in table
    assert "甲一小学：食品安全问题整改" in body and "已逾期10天" in body  # overdue notice named
    assert "屡查屡犯：甲一小学（食品安全，第2次）" in body
    assert "通报：甲一小学整改逾期" in body


def test_ledger_xlsx(client, world, story):
    client.force_login(world["office"])
    response = client.get(reverse("inspection:ledger"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_name("问题台账").to_python()
    assert rows[0][0].startswith("督导发现问题台账")
    assert tuple(rows[1]) == LEDGER_HEADERS
    by_text = {row[5]: row for row in rows[2:]}
    assert by_text["消防通道堵塞"][11] == "已销号" and by_text["消防通道堵塞"][13] == "是"
    assert by_text["留样柜损坏"][11] == "待办理" and by_text["留样柜损坏"][9].startswith("督整〔")
    assert by_text["留样不足（再次）"][11] == "未下发"


def test_department_view_figures(client, world, story):
    client.force_login(world["office"])
    response = client.get(reverse("inspection:department"))
    f = response.context["f"]
    assert f.findings == 3 and f.on_time_rate == 0.5 and len(f.repeats) == 1
    assert [n.pk for n in f.overdue] == [story["late"].pk]
    assert "inspection-data" in response.content.decode()
    # Issue 17: the rate as a bureau writes it (50.0%, one decimal), not 50% or 0.5.
    assert re.search(r"按期整改率</div><div class=\"fs-5\">50\.0%</div>", response.content.decode())
