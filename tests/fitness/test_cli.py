"""``edubureau fitness score FILE [--json] [--xlsx OUT]`` with no database (issue 14)."""

from __future__ import annotations

import json

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from edubureau.cli import dispatch
from edubureau.fitness.engine.upload import FitnessFileError, read_upload

HEADERS = ["学校名称", "年级编号", "班级编号", "班级名称", "学籍号", "姓名", "性别", "身高", "体重", "肺活量", "50米跑",
           "坐位体前屈", "一分钟跳绳", "一分钟仰卧起坐", "50米×8往返跑", "立定跳远", "引体向上", "800米跑", "1000米跑",
           "左眼裸眼视力", "右眼裸眼视力"]
ROWS = [
    # 一年级男, every item at its 100 row, 跳绳 129 = 109 + 20 → +10 (the doctest pupil of scoring.py)
    ["一小", "11", "1101", "一年级1班", "G1", "甲", "1", "120", "22", "1700", "10.2", "16.1", "129", "", "", "", "", "",
     "", "5.0", "4.8"],
    # 六年级女, 50米×8 written 1'50"
    ["一小", "16", "1601", "六年级1班", "G2", "乙", "2", "150", "40", "2200", "9.5", "18", "150", "45", "1'50\"", "",
     "", "", "", "5.1", "5.0"],
    # 高一男: 170 cm 63.6 kg, 1000米 3′50″ (230 s: the 85 row is 3′47″, the 80 row 3′55″ → 80)
    ["一中", "31", "3101", "高一1班", "=1+1", "丙", "1", "170", "63.6", "4540", "7.1", "23.6", "", "", "", "260", "16",
     "", "3′50″", "4.9", "5.0"],
    # 初一女: 立定跳远 left blank (缺测) → not scored, reason given
    ["一中", "21", "2101", "初一1班", "G4", "丁", "2", "155", "45", "2500", "8.8", "18", "", "40", "", "", "",
     "3:40", "", "5.0", "5.0"],
]


def _xlsx(path, rows):
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet()
    for r, row in enumerate([HEADERS, *rows]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return path


@pytest.fixture
def upload(tmp_path):
    return _xlsx(tmp_path / "上报.xlsx", ROWS)


def test_json_shape_and_scores(upload, capsys):
    assert dispatch(["fitness", "score", str(upload), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"pupils", "rates"} and set(out["rates"]) == {"pass", "good", "excellent"}
    first = out["pupils"][0]
    assert {"学籍号", "年级编号", "性别", "items", "bmi", "standard_score", "bonus", "total", "grade"} <= set(first)
    assert (first["学籍号"], first["年级编号"], first["性别"]) == ("G1", "11", "男")
    assert first["items"]["体重指数（BMI）"] == {"raw": "15.3", "points": 100.0}
    assert first["items"]["一分钟跳绳"] == {"raw": "129", "points": 100.0}
    assert (first["standard_score"], first["bonus"], first["total"], first["grade"]) == (100.0, 10.0, 110.0, "优秀")
    second = out["pupils"][1]
    assert second["items"]["50米×8往返跑"]["raw"] == "1'50\""
    third = out["pupils"][2]
    assert third["学籍号"] == "=1+1" and third["items"]["1000米跑"] == {"raw": "3′50″", "points": 80.0}
    assert set(third["items"]) == {"体重指数（BMI）", "肺活量", "50米跑", "坐位体前屈", "立定跳远", "引体向上",
                                   "1000米跑"}
    fourth = out["pupils"][3]
    assert fourth["grade"] is None and "立定跳远（缺测）" in fourth["unscored"]
    assert fourth["items"]["一分钟仰卧起坐"] == {"raw": "40", "points": 80.0}  # 初一女: 80 row = 40
    assert out["summary"]["scored"] == 3 and out["summary"]["myopia_rate"] == pytest.approx(2 / 4)
    assert [s["学校名称"] for s in out["schools"]] == ["一中", "一小"]


def test_readable_summary_and_xlsx(upload, tmp_path, capsys):
    out = tmp_path / "评分.xlsx"
    assert dispatch(["fitness", "score", str(upload), "--xlsx", str(out)]) == 0
    text = capsys.readouterr().out
    assert "共4名学生，评分3名" in text and "合格率" in text and "未评分1人" in text and "评分表已写入" in text
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("评分结果").to_python()
    header = rows[0]
    assert header[:3] == ["学校名称", "年级编号", "班级编号"]
    assert "学年总分" in header and "体重指数（BMI）得分" in header
    by_id = {row[header.index("学籍号")]: row for row in rows[1:]}
    assert "=1+1" in by_id  # written as text, never as a formula
    assert by_id["G1"][header.index("学年总分")] == 110 and by_id["G1"][header.index("等级")] == "优秀"


def test_csv_works_too(tmp_path, capsys):
    path = tmp_path / "上报.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADERS, ROWS[0]]) + "\n", encoding="utf-8-sig")
    assert dispatch(["fitness", "score", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pupils"][0]["total"] == 110.0


def test_bad_rows_are_refused_with_row_column_and_reason(tmp_path, capsys):
    bad = [list(ROWS[0]), list(ROWS[2])]
    bad[0][HEADERS.index("50米跑")] = "2.1"
    bad[1][HEADERS.index("1000米跑")] = "3'75\""
    bad[1][HEADERS.index("800米跑")] = "3'30\""
    path = _xlsx(tmp_path / "错.xlsx", bad)
    assert dispatch(["fitness", "score", str(path), "--json"]) == 1
    err = capsys.readouterr().err
    assert "第2行, 50米跑：数据有误，超出数据导入范围（5—20秒）：2.1" in err
    assert "第3行, 1000米跑：数据有误，秒数应小于60：3'75\"" in err
    assert "第3行, 800米跑：男生此项应为空" in err
    with pytest.raises(FitnessFileError, match="第2行, 50米跑"):
        read_upload(path)


def test_missing_required_header_and_missing_file(tmp_path, capsys):
    path = tmp_path / "无性别.csv"
    path.write_text("年级编号,学籍号,身高\n11,G1,120\n", encoding="utf-8")
    assert dispatch(["fitness", "score", str(path)]) == 1
    assert "表头缺少列：性别" in capsys.readouterr().err
    assert dispatch(["fitness", "score", str(tmp_path / "none.xlsx")]) == 1
    assert "文件不存在" in capsys.readouterr().err


def test_help_is_on_the_fast_path(capsys):
    with pytest.raises(SystemExit):
        dispatch(["fitness", "--help"])
    assert "国家学生体质健康标准" in capsys.readouterr().out
