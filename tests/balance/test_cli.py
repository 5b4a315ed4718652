"""``edubureau balance check``: a file written by hand, JSON shape, tolerant headers, clear errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

HEADER = ("学校标识码,学校名称,学段,在校生数,教学及辅助用房面积（㎡）,体育运动场馆面积,教学仪器设备值(元),计算机台数,"
          "图书册数,专任教师数,高于规定学历教师数,中级及以上职称教师数,县级及以上骨干教师数,体育艺术专任教师数,网络多媒体教室数")
ROWS = [
    # 城关小学 1000 pupils at or above every 2017 line; 东河小学 200 pupils short on most.
    "1001,城关小学,小学,1000,5000,8000,2200000,120,30000,60,50,30,12,10,25",
    "1002,东河小学,小学,200,600,900,300000,10,4000,12,6,4,1,1,3",
    "2001,第一中学,初中,600,3600,6300,1560000,80,24000,50,33,25,7,6,15",
]


def _run(tmp_path, rows=ROWS, *args):
    path = tmp_path / "均衡.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    out = StringIO()
    call_command("balance", "check", str(path), *args, stdout=out)
    return out.getvalue()


def test_json_quality(tmp_path):
    result = json.loads(_run(tmp_path, ROWS, "--json"))
    assert result["standard"] == "quality"
    primary = result["levels"]["小学"]
    books = primary["indicators"]["生均教学及辅助用房面积"]
    # X̄ = (5000 + 600) / 1200 = 4.6667; values 5 and 3; S² = (5/6)(1/3)² + (1/6)(5/3)² = 0.5556; CV = 0.1597.
    assert books["mean"] == pytest.approx(4.6667, abs=1e-4)
    assert books["cv"] == pytest.approx(0.1597, abs=1e-4)
    assert books["threshold"] == 0.5 and books["pass"] is True
    assert len(primary["indicators"]) == 7
    east = next(s for s in primary["schools"] if s["code"] == "1002")
    assert east["pass"] is False and east["met"] < 6
    assert east["values"]["每百名学生拥有县级及以上骨干教师数"] == pytest.approx(0.5)
    assert primary["pass"] is False
    junior = result["levels"]["初中"]
    assert junior["indicators"]["生均教学及辅助用房面积"]["threshold"] == 0.45
    assert junior["schools"][0]["met"] == 7 and junior["pass"] is True


def test_json_basic_has_composite(tmp_path):
    result = json.loads(_run(tmp_path, ROWS, "--json", "--standard", "basic"))
    primary = result["levels"]["小学"]
    assert len(primary["indicators"]) == 8
    assert "师生比" in primary["indicators"]
    cvs = [i["cv"] for i in primary["indicators"].values()]
    assert primary["composite_cv"] == pytest.approx(sum(cvs) / 8)


def test_text_output_names_failing_school(tmp_path):
    text = _run(tmp_path)
    assert "未达标学校：东河小学（1002）" in text
    assert "生均教学仪器设备值：均值 2,083.33" in text


def test_bad_cell_names_row_and_column(tmp_path):
    rows = [ROWS[0], "1002,东河小学,高中,200,600,900,300000,10,4000,12,6,4,1,1,3"]
    with pytest.raises(CommandError, match="第3行“学段”列"):
        _run(tmp_path, rows)
    rows = [ROWS[0], "1002,东河小学,小学,二百,600,900,300000,10,4000,12,6,4,1,1,3"]
    with pytest.raises(CommandError, match="第3行“在校生数”列"):
        _run(tmp_path, rows)


def test_missing_column_and_missing_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("学校标识码,学校名称,学段,在校生数\n1,甲,小学,10\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少列"):
        call_command("balance", "check", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="无法打开文件"):
        call_command("balance", "check", str(tmp_path / "none.csv"), stdout=StringIO())
