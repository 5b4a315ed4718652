"""``edubureau staffing rotation plan FILE``: the JSON the 人事科 reads, the roster, and errors that say where."""

from __future__ import annotations

import dataclasses
import json

import pytest
from openpyxl import load_workbook

from edubureau.cli import staffing
from edubureau.cli.base import CliError

from ..core.test_cli_fast import console
from .rotation_world import SCHOOLS, county_teachers, write_workbook


def run(*args: str) -> str:
    lines: list[str] = []
    parser = staffing.argparse.ArgumentParser()
    staffing.add_arguments(parser)
    staffing.run(vars(parser.parse_args(list(args))), lines.append)
    return "\n".join(lines)


@pytest.fixture
def workbook(tmp_path):
    teachers = county_teachers()
    teachers[2] = dataclasses.replace(teachers[2], backbone=True)  # C, 音乐, the only 骨干
    path = tmp_path / "交流.xlsx"
    write_workbook(path, SCHOOLS, teachers)
    return path


def test_json_has_the_documented_shape_and_the_baseline(workbook, tmp_path):
    data = json.loads(run("rotation", "plan", str(workbook), "--year", "2026", "--json",
                          "--xlsx", str(tmp_path / "名册.xlsx")))
    assert data["year"] == 2026 and data["eligible"] == ["A", "B", "C"]
    assert data["ineligible"]["N3"] == "在本校任教不满6年（已满2年）"
    # One move (⌈10% × 3⌉) and it must be the 骨干 C (⌈20% × 1⌉ = 1): to 山口小学, which lacks 音乐.
    assert data["moves"] == [{"工号": "C", "from": "U1", "to": "R1", "subject": "音乐", "km": 9.63}]
    assert data["quotas"] == {"share_of_eligible": 0.3333, "backbone_share_of_moved": 1.0, "met": True, "unmet": []}
    assert data["shortages_covered"] == 1
    assert set(data["baseline"]) >= {"moves", "quotas", "shortages_covered"}
    roster = load_workbook(tmp_path / "名册.xlsx")
    rows = list(roster["交流轮岗名册"].values)
    assert rows[1][:3] == ("序号", "工号", "姓名") and rows[2][1] == "C" and rows[2][7] == "山口小学"
    figures = dict(roster["统计"].values)
    assert figures["交流人数"] == 1 and figures["骨干教师占交流人数比例"] == 1


def test_summary_in_chinese(workbook):
    text = run("rotation", "plan", str(workbook), "--year", "2026")
    assert "符合交流条件3人" in text and "优化方案：交流1人" in text and "简单方案（对照）" in text


def test_a_bad_cell_names_sheet_row_and_column(tmp_path):
    def spoil(sheet, rows):
        if sheet == "教师":
            rows[3][3] = "1985.13.01"  # the 4th teacher, Excel row 5

    path = tmp_path / "坏.xlsx"
    write_workbook(path, SCHOOLS, county_teachers(), edit=spoil)
    with pytest.raises(CliError, match="教师 第5行「出生日期」：无法识别的日期“1985.13.01”"):
        run("rotation", "plan", str(path), "--year", "2026")


def test_a_missing_column_and_an_unknown_school(tmp_path):
    def drop(sheet, rows):
        if sheet == "教师":
            rows[0][4] = "X9"

    path = tmp_path / "校.xlsx"
    write_workbook(path, SCHOOLS, county_teachers(), edit=drop)
    with pytest.raises(CliError, match="教师 第2行「学校标识码」：学校表中没有这所学校：X9"):
        run("rotation", "plan", str(path))


def test_console_answers_without_django(workbook):
    code, out, err, modules = console("staffing", "rotation", "plan", str(workbook), "--year", "2026", "--json")
    assert code == 0, err
    assert json.loads(out)["moves"][0]["工号"] == "C" and modules["django"] == []
