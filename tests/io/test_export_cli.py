"""Exports of a filtered, scoped list, and the import_excel / export_excel commands."""

import io
import json
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from edubureau.core.roles import Role
from edubureau.core.testing import factories as f
from edubureau.people.models import Staff

from .conftest import workbook
from .test_import import STAFF_HEADERS, bad_checksum, staff_row


def rows_of(content: bytes) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return book.get_sheet_by_index(0).to_python()


def test_school_admin_export_contains_only_its_school(client, county):
    f.make_staff(county["a"], name="甲校教师")
    f.make_staff(county["b"], name="乙校教师")
    client.force_login(f.make_user(Role.SCHOOL, school=county["a"]))
    response = client.get(reverse("core:export", args=["people.staff"]))
    assert response.status_code == 200
    names = [row[1] for row in rows_of(response.content)[1:]]
    assert names == ["甲校教师"]


def test_export_applies_the_list_filters_and_has_a_chinese_filename(client, county):
    f.make_school("城北幼儿园", kind="kindergarten", code="3301000003")
    client.force_login(county["clerk"])
    response = client.get(reverse("core:export", args=["org.school"]) + "?kind=primary")
    rows = rows_of(response.content)
    assert rows[0][:2] == ["*学校标识码", "*学校名称"]
    assert [r[0] for r in rows[1:]] == ["3301000001"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" + quote("学校_") in disposition


def test_export_masks_id_numbers_for_a_leader(client, county):
    staff = f.make_staff(county["a"])
    client.force_login(f.make_user(Role.LEADER))
    rows = rows_of(client.get(reverse("core:export", args=["people.staff"])).content)
    assert rows[1][0] == staff.masked_id_number != staff.id_number


def test_export_with_invalid_filter_is_a_400(client, county):
    client.force_login(county["clerk"])
    response = client.get(reverse("core:export", args=["org.school"]) + "?kind=university")
    assert response.status_code == 400


def test_unknown_spec_is_a_404(client, county):
    client.force_login(county["clerk"])
    assert client.get(reverse("core:export", args=["org.nothing"])).status_code == 404
    assert client.get(reverse("core:import_template", args=["org.nothing"])).status_code == 404


# --- Command line ---------------------------------------------------------------------------------


def test_cli_dry_run_then_commit(county, tmp_path, capsys):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(workbook(STAFF_HEADERS, [staff_row(f.make_id_number()), staff_row(f.make_id_number(), "李")]))
    call_command("import_excel", "people.staff", str(path), "--json")
    summary = json.loads(capsys.readouterr().out)
    assert (summary["created"], summary["committed"]) == (2, False)
    assert Staff.objects.count() == 0
    call_command("import_excel", "people.staff", str(path), "--commit", "--user", "renshi", verbosity=0)
    assert "已导入" in capsys.readouterr().out
    assert Staff.objects.count() == 2


def test_cli_errors_exit_1_with_row_column_reason_and_error_workbook(county, tmp_path, capsys):
    path, out = tmp_path / "staff.xlsx", tmp_path / "errors.xlsx"
    bad = bad_checksum(f.make_id_number())
    path.write_bytes(workbook(STAFF_HEADERS, [staff_row(bad)]))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_excel", "people.staff", str(path), "--commit", "--errors", str(out))
    assert exit_info.value.code == 1
    assert f"第2行 身份证号「{bad}」：身份证号校验位错误" in capsys.readouterr().out
    assert rows_of(out.read_bytes())[0][len(STAFF_HEADERS)] == "错误原因"
    assert Staff.objects.count() == 0


def test_cli_export_with_filters(county, tmp_path, capsys):
    f.make_staff(county["a"], name="数学甲", subject="数学")
    f.make_staff(county["a"], name="语文乙", subject="语文")
    out = tmp_path / "staff.xlsx"
    call_command("export_excel", "people.staff", str(out), "subject=数学")
    rows = rows_of(out.read_bytes())
    assert [r[1] for r in rows[1:]] == ["数学甲"] and len(rows[1][0]) == 18  # full ID number for the operator
    assert "已导出1行" in capsys.readouterr().out
