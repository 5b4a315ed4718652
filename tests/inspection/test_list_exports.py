"""Department lists export what the page shows, filtered and searched, and keep user text as text (issue 17)."""

import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from .helpers import notice_for, visit_with_finding


def sheet(response) -> list[list]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue()))
    return book.get_sheet_by_name(book.sheet_names[0]).to_python()


def test_notice_export_follows_the_state_filter_and_the_search(world, client):
    notice_for(world, world["a1"], description="食品留样不足")
    notice_for(world, world["a2"], description="消防通道堵塞")
    client.force_login(world["office"])
    url = reverse("inspection:notice_list")
    rows = sheet(client.get(url, {"state": "open", "format": "xlsx"}))
    assert rows[0][0].startswith("整改通知（") and rows[1][:3] == ["通知编号", "事项", "所属模块"]
    assert sorted(r[3] for r in rows[2:]) == ["甲一小学", "甲二小学"]
    searched = sheet(client.get(url, {"state": "open", "q": "甲二", "format": "xlsx"}))
    assert [r[3] for r in searched[2:]] == ["甲二小学"]
    page = client.get(url, {"state": "open", "q": "甲二"}).content.decode()
    assert "甲二小学" in page and "甲一小学" not in page
    assert 'href="?state=open&amp;q=%E7%94%B2%E4%BA%8C&amp;format=xlsx"' in page  # the export keeps both


def test_school_exports_only_its_own_notices(world, client):
    notice_for(world, world["a1"])
    notice_for(world, world["b"])
    client.force_login(world["admin_a1"])
    rows = sheet(client.get(reverse("inspection:notice_list"), {"format": "xlsx"}))
    assert [r[3] for r in rows[2:]] == ["甲一小学"]


def test_visit_export_lists_each_visit_once_and_keeps_a_formula_as_text(world, client):
    visit, _finding = visit_with_finding(world, world["a1"])
    visit.schools.add(world["a2"])
    visit.notes = '=HYPERLINK("http://example.com","点此")'
    visit.save()
    visit_with_finding(world, world["b"])
    client.force_login(world["office"])
    url = reverse("inspection:visit_list")
    rows = sheet(client.get(url, {"q": "甲", "format": "xlsx"}))  # both schools of the visit match: listed once
    assert rows[1] == ["日期", "督导类型", "学校", "督学", "完成情况", "督导记录"]
    assert len(rows) == 3 and rows[2][2] == "甲一小学、甲二小学" and rows[2][5].startswith("=HYPERLINK")
    assert b"<f>" not in _sheet_xml(client.get(url, {"format": "xlsx"}))
    assert len(sheet(client.get(url, {"format": "xlsx"}))) == 4


def _sheet_xml(response) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(response.getvalue())).read("xl/worksheets/sheet1.xml")
