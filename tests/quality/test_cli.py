"""``edubureau exam analyze``: the JSON shape of issue 5, refused files, the report workbook."""

from __future__ import annotations

import io
import json

import pytest
import python_calamine
import xlsxwriter
from django.core.management import CommandError, call_command

FULL = "语文=120,数学=120"
ROWS = [
    ["考号", "姓名", "学校", "班级", "语文", "数学"],
    ["1", "张三", "一中", "1班", 110, 100],
    ["2", "李四", "一中", "2班", 80, "缺考"],
    ["3", "王五", "二中", "1班", 60, 40],
    ["4", "赵六", "二中", "1班", 90, 110],
]


def write_csv(path, rows, encoding="utf-8"):
    path.write_bytes("\n".join(",".join(str(c) for c in r) for r in rows).encode(encoding))
    return path


def write_xlsx(path, rows):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("成绩")
    sheet.write(0, 0, "2025学年第一学期期末 九年级")
    for r, row in enumerate(rows, start=2):
        sheet.write_row(r, 0, row)
    book.close()
    return path


def run(*args) -> str:
    out = io.StringIO()
    call_command("exam", "analyze", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("maker", [write_csv, write_xlsx])
def test_json_has_the_shape_of_the_issue(tmp_path, maker):
    path = maker(tmp_path / ("s.csv" if maker is write_csv else "s.xlsx"), ROWS)
    report = json.loads(run(str(path), "--full-marks", FULL, "--json"))
    assert set(report["subjects"]) == {"语文", "数学", "总分"}
    math_ = report["subjects"]["数学"]
    for stats in (math_["county"], *math_["schools"], *math_["classes"]):
        assert {"n", "absent", "mean", "std", "max", "min", "excellent_rate", "good_rate", "pass_rate",
                "low_rate"} <= set(stats)
    assert (math_["county"]["n"], math_["county"]["absent"]) == (3, 1)
    assert math_["county"]["mean"] == pytest.approx(250 / 3)
    assert [(s["school"], s["rank"]) for s in math_["schools"]] == [("一中", 1), ("二中", 2)]
    assert {(c["school"], c["class"]) for c in math_["classes"]} == {("一中", "1班"), ("一中", "2班"), ("二中", "1班")}
    total = report["subjects"]["总分"]["county"]
    assert total["n"] == 3 and total["mean"] == pytest.approx((210 + 100 + 200) / 3)
    assert report["school_mean_cv"]["语文"] == pytest.approx(10 / 85)  # school means 95 and 75


def test_gbk_csv_is_read(tmp_path):
    path = write_csv(tmp_path / "gbk.csv", ROWS, encoding="gb18030")
    report = json.loads(run(str(path), "--full-marks", FULL, "--json"))
    assert report["subjects"]["语文"]["county"]["n"] == 4


def test_bad_file_is_refused_with_rows_and_columns(tmp_path):
    rows = [*ROWS, ["4", "钱七", "二中", "1班", 130, "九十"]]
    with pytest.raises(CommandError) as info:
        run(str(write_xlsx(tmp_path / "bad.xlsx", rows)), "--full-marks", FULL, "--json")
    text = str(info.value)
    assert "3处错误" in text
    # Row numbers are the ones Excel shows: title in row 1, header in row 3.
    assert "第8行 “语文”：分数130超过满分120" in text
    assert "第8行 “考号”：考号“4”重复（另见第7行）" in text
    assert "“九十”不是分数" in text


def test_bad_arguments_are_clear_errors(tmp_path):
    path = write_csv(tmp_path / "s.csv", ROWS)
    with pytest.raises(CommandError, match="参数有误"):
        run(str(path), "--full-marks", "语文")
    with pytest.raises(CommandError, match="文件不存在"):
        run(str(tmp_path / "none.csv"), "--full-marks", FULL)
    with pytest.raises(CommandError, match="缺少“数学”列"):
        run(str(write_csv(tmp_path / "short.csv", [r[:5] for r in ROWS])), "--full-marks", FULL)


def test_summary_and_workbook(tmp_path):
    out_path = tmp_path / "report.xlsx"
    text = run(str(write_csv(tmp_path / "s.csv", ROWS)), "--full-marks", FULL, "--xlsx", str(out_path))
    assert "考生4人" in text and "总分学校排名" in text
    book = python_calamine.CalamineWorkbook.from_path(str(out_path))
    assert book.sheet_names == ["全县概况", "学校排名", "一中", "二中"]
    overview = book.get_sheet_by_name("全县概况").to_python()
    header = overview[4]
    assert header[:4] == ["学科", "满分", "参考人数", "缺考人数"]
    chinese = next(r for r in overview if r and r[0] == "语文")
    assert chinese[2] == 4 and chinese[4] == pytest.approx(85.0)
    school = book.get_sheet_by_name("二中").to_python()
    assert any(r and r[0] == "总分" for r in school)
    assert any(len(r) > 1 and r[1] == "1班" for r in school)


def test_value_added_with_a_prior_exam(tmp_path):
    prior = write_csv(tmp_path / "prior.csv", [ROWS[0], *[[*r[:4], 60, 60] for r in ROWS[1:]]])
    report = json.loads(run(str(write_csv(tmp_path / "s.csv", ROWS)), "--full-marks", FULL,
                            "--prior", str(prior), "--json"))
    chinese = report["value_added"]["语文"]
    assert chinese["matched"] == 4 and chinese["unmatched_current"] == 0
    # Prior scores all equal: the slope is 0 and value-added is the current Z less its mean.
    assert [s["school"] for s in chinese["schools"]] == ["一中", "二中"]
    assert chinese["slope"] == 0.0


def test_school_list_refuses_unknown_schools_and_maps_codes(tmp_path):
    schools = tmp_path / "schools.txt"
    schools.write_text("一中,3301000001\n", encoding="utf-8")
    rows = [ROWS[0], ["1", "张三", "3301000001", "1班", 110, 100], ["2", "李四", "二中", "1班", 80, 90]]
    with pytest.raises(CommandError) as info:
        run(str(write_csv(tmp_path / "s.csv", rows)), "--full-marks", FULL, "--schools", str(schools))
    assert "第3行 “学校”：学校“二中”不在本县学校名单中" in str(info.value)
    assert "第2行" not in str(info.value)  # the 学校标识码 is known
    ok = json.loads(run(str(write_csv(tmp_path / "ok.csv", rows[:2])), "--full-marks", FULL, "--schools",
                        str(schools), "--json"))
    assert [s["school"] for s in ok["subjects"]["语文"]["schools"]] == ["一中"]
