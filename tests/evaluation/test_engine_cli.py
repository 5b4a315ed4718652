"""The engine's command line: template → check → score with the workbook."""

from __future__ import annotations

import json

from edubureau.evaluation.engine.cli import main


def test_template_check_score(tmp_path, capsys):
    assert main(["template", "2026"]) == 0
    scheme = tmp_path / "scheme.json"
    scheme.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["check", str(scheme)]) == 0
    assert "方案检查通过" in capsys.readouterr().out
    schools = tmp_path / "schools.json"
    schools.write_text(json.dumps([
        {"key": "a", "name": "城关小学", "category": "urban", "entered": {"1.3": [9, 8, 10]},
         "figures": {"plans.task_completion_rate": 1.0}},
        {"key": "b", "name": "东街小学", "category": "urban", "figures": {"safety.serious_incidents": 1}},
    ], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "考核.xlsx"
    assert main(["score", str(scheme), str(schools), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "【城区小学】2所学校" in text and "一票否决" in text and out.read_bytes()[:2] == b"PK"
    assert main(["score", str(scheme), str(schools), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["rank"] for s in data["schools"]] == [1, 2] and data["schools"][1]["vetoed"]


def test_bad_scheme_fails(tmp_path, capsys):
    scheme = tmp_path / "bad.json"
    scheme.write_text(json.dumps({"year": 2026, "indicators": [{"code": "1", "title": "甲"}]}), encoding="utf-8")
    assert main(["check", str(scheme)]) == 1
    assert "没有满分" in capsys.readouterr().out
