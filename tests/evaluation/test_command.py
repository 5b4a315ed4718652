"""``edubureau evaluation template|check|score``: the engine's command line as one of edubureau's commands."""

import json

import pytest
from django.core.management import CommandError, call_command


def _school(key, category, entered_score, figures):
    codes = ["1.3", "2.1", "4.1", "4.2"]
    return {"key": key, "name": f"学校{key}", "category": category,
            "entered": {code: [entered_score] * 3 for code in codes}, "third_party": {"2.2": 8},
            "figures": figures, "previous_total": None}


def test_template_check_and_score(tmp_path, capsys):
    scheme = tmp_path / "方案.json"
    call_command("evaluation", "template", "2026")  # the engine prints to the console: capture it
    template = capsys.readouterr().out
    assert json.loads(template)["year"] == 2026
    scheme.write_text(template, encoding="utf-8")
    call_command("evaluation", "check", str(scheme))
    assert "方案检查通过" in capsys.readouterr().out
    figures = {"plans.task_completion_rate": 0.9, "inspection.on_time_rectification_rate": 1.0,
               "quality.composite_index": 80, "balance.indicators_met": 7, "safety.serious_incidents": 0}
    schools = tmp_path / "学校.json"
    schools.write_text(json.dumps([_school("a", "urban", 9, figures), _school("b", "urban", 6, figures),
                                   _school("c", "urban", 6, {**figures, "safety.serious_incidents": 1})]),
                       encoding="utf-8")
    out_xlsx = tmp_path / "结果.xlsx"
    call_command("evaluation", "score", str(scheme), str(schools), "-o", str(out_xlsx))
    lines = capsys.readouterr().out.splitlines()
    ranked = [line.split()[1] for line in lines if line.strip()[:1].isdigit()]
    assert ranked == ["学校a", "学校b", "学校c"]  # better entered scores first; the vetoed school last
    assert any("一票否决" in line and "学校c" in line for line in lines)
    assert out_xlsx.stat().st_size > 0


def test_unreadable_files_are_one_clear_error(tmp_path):
    with pytest.raises(CommandError, match="无法读取"):
        call_command("evaluation", "check", str(tmp_path / "没有.json"))
    bad = tmp_path / "坏.json"
    bad.write_text("{不是JSON", encoding="utf-8")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("evaluation", "check", str(bad))
    with pytest.raises(CommandError, match="请指定操作"):
        call_command("evaluation")
