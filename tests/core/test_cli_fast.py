"""The fast command line (issue 17, point 14): ``edubureau help`` and the file-in / report-out commands answer
without setting Django up, the fast commands import no Django at all, and they print what the Django commands print.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

SRC = Path(__file__).resolve().parents[2] / "src"
SEED = sorted((Path(__file__).resolve().parents[3] / "shared" / "seeds").glob("*.txt"))

# Run the console script's main() and report, on the last line of stderr, which modules were loaded.
PROBE = """
import atexit, json, sys
def report():
    mods = sys.modules
    sys.stderr.write("\\nMODULES " + json.dumps({
        "django": sorted(m for m in mods if m == "django" or m.startswith("django.")),
        "models": sorted(m for m in mods if m.startswith("edubureau.") and m.endswith(".models")),
        "polars": "polars" in mods,
    }) + "\\n")
atexit.register(report)
from edubureau.__main__ import main
main(json.loads(sys.argv[1]))
"""

SCORES = "考号,姓名,学校,班级,语文,数学\n1,张三,一中,1班,110,100\n2,李四,一中,2班,80,缺考\n3,王五,二中,1班,60,40\n"
BALANCE = (
    "学校标识码,学校名称,学段,在校生数,教学及辅助用房面积（㎡）,体育运动场馆面积,教学仪器设备值(元),计算机台数,"
    "图书册数,专任教师数,高于规定学历教师数,中级及以上职称教师数,县级及以上骨干教师数,体育艺术专任教师数,网络多媒体教室数\n"
    "1001,城关小学,小学,1000,5000,8000,2200000,120,30000,60,50,30,12,10,25\n"
    "1002,东河小学,小学,200,600,900,300000,10,4000,12,6,4,1,1,3\n"
)


def console(*args: str) -> tuple[int, str, str, dict]:
    """Run ``edubureau ARGS`` in a fresh interpreter: exit status, stdout, stderr and the modules loaded."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    err, _sep, modules = done.stderr.rpartition("MODULES ")
    return done.returncode, done.stdout, err, json.loads(modules)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "scores.csv").write_text(SCORES, encoding="utf-8")
    (tmp_path / "balance.csv").write_text(BALANCE, encoding="utf-8")
    return tmp_path


FAST_HELP = [["exam", "--help"], ["exam", "analyze", "--help"], ["balance", "check", "--help"],
             ["plan", "parse", "--help"], ["evaluation", "--help"], ["inspection", "plan", "--help"],
             ["students", "reconcile", "--help"], ["help", "exam"]]


@pytest.mark.parametrize("args", FAST_HELP, ids=" ".join)
def test_help_of_fast_commands_imports_neither_django_nor_polars(args):
    code, out, _err, modules = console(*args)
    assert code == 0
    assert "usage: edubureau" in out
    assert modules["django"] == [] and not modules["polars"]


def test_fast_commands_run_without_django(files):
    runs = [
        ["exam", "analyze", str(files / "scores.csv"), "--full-marks", "语文=120,数学=120"],
        ["balance", "check", str(files / "balance.csv")],
        ["plan", "parse", str(SEED[0])],
        ["evaluation", "template", "2026"],
    ]
    for args in runs:
        code, out, err, modules = console(*args)
        assert code == 0, err
        assert out.strip()
        assert modules["django"] == [], args


def test_errors_are_one_line_without_django(files):
    code, out, err, modules = console("exam", "analyze", str(files / "无.csv"), "--full-marks", "语文=120")
    assert code == 1 and out == ""
    assert err.strip() == f"CommandError: 文件不存在：{files / '无.csv'}"
    assert modules["django"] == []


def test_main_help_is_djangos_listing_without_setting_django_up():
    code, out, _err, modules = console("help")
    assert code == 0
    assert modules["models"] == []  # django.setup() never ran: no app's models were imported
    django_help = io.StringIO()
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["edubureau", "help"])
    django_help.write(utility.main_help_text() + "\n")
    assert out == django_help.getvalue()


def test_other_commands_still_go_through_django():
    code, out, _err, modules = console("help", "check")
    assert code == 0 and "usage: edubureau check" in out
    assert modules["models"]  # Django was set up for a command that is not a fast one


def _django(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("case", ["exam", "exam-json", "balance", "plan", "plan-json"])
def test_fast_output_is_the_django_commands_output(files, case):
    args = {
        "exam": ["exam", "analyze", str(files / "scores.csv"), "--full-marks", "语文=120,数学=120"],
        "exam-json": ["exam", "analyze", str(files / "scores.csv"), "--full-marks", "语文=120,数学=120", "--json"],
        "balance": ["balance", "check", str(files / "balance.csv"), "--standard", "basic"],
        "plan": ["plan", "parse", str(SEED[1])],
        "plan-json": ["plan", "parse", str(SEED[2]), "--json"],
    }[case]
    code, fast, err, modules = console(*args)
    assert code == 0, err
    slow = _django(*args)
    if case == "exam":  # the first line carries the seconds taken
        fast, slow = fast.split("\n", 1)[1], slow.split("\n", 1)[1]
    assert fast == slow


PLANNER_INPUT = {
    "start": "2025-09-01", "end": "2025-09-26", "holidays": ["2025-09-15"], "max_km_per_day": 30, "seed": 1,
    "sites": [{"key": f"s{i}", "lat": 30 + i / 100, "lon": 110 + i / 100, "name": f"第{i}小学"} for i in range(6)],
    "inspectors": [{"key": "甲", "schools": ["s0", "s1", "s2"]}, {"key": "乙", "schools": ["s3", "s4", "s5"]}],
    "quotas": [{"kind": "routine", "visits_per_inspector_per_week": 1, "schools_per_visit_min": 1,
                "schools_per_visit_max": 2, "visits_per_school": 1}],
}


def test_inspection_plan_from_a_file_runs_without_django(tmp_path):
    path = tmp_path / "秋季学期.json"
    path.write_text(json.dumps(PLANNER_INPUT, ensure_ascii=False), encoding="utf-8")
    code, out, err, modules = console("inspection", "plan", "--input", str(path), "--time-limit", "2")
    assert code == 0, err
    assert out.startswith("秋季学期：") and "次督导" in out and "每校次数达标100%" in out
    assert modules["django"] == []
    code, out, err, _modules = console("inspection", "plan", "--input", str(path), "--time-limit", "2", "--json")
    plan = json.loads(out)
    assert {v["inspector"] for v in plan["visits"]} == {"甲", "乙"}
    assert all(v["day"] != "2025-09-15" for v in plan["visits"])  # the holiday
    # The Django command takes the same file and prints the same shape.
    slow = _django("inspection", "plan", "--input", str(path), "--time-limit", "2")
    assert slow.startswith("秋季学期：") and "每校次数达标100%" in slow


def test_inspection_plan_from_a_bad_file_is_one_line(tmp_path):
    path = tmp_path / "坏.json"
    path.write_text('{"start": "2025-09-01"}', encoding="utf-8")
    code, _out, err, modules = console("inspection", "plan", "--input", str(path))
    assert code == 1 and err.strip().startswith("CommandError: 计划输入文件有误")
    assert modules["django"] == []
