"""``edubureau plan parse FILE [--json]``: the JSON shape of the issue, the readable tree, clear errors."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

PLAN = "某县2025年教育工作要点\n一、重点工作\n（一）学前教育。年内新建幼儿园3所，新增学位1.75万个。\n二、保障措施\n"


def run(*args):
    out = io.StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def test_json_shape(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    data = json.loads(run("parse", str(path), "--json"))
    assert set(data) == {"title", "script", "items", "targets"}
    assert data["script"] == "simplified"  # a traditional-character plan says "traditional" (issue 17)
    assert data["title"] == "某县2025年教育工作要点"
    first = data["items"][0]
    assert set(first) >= {"id", "marker", "level", "title", "text", "children"}
    assert first["children"][0]["id"] == "1.1"
    assert [t["number"] for t in data["targets"]] == [3.0, 17500.0]
    assert set(data["targets"][0]) >= {
        "text",
        "number",
        "low",
        "high",
        "comparator",
        "unit",
        "object",
        "deadline",
        "item",
    }
    assert data["targets"][1]["item"] == "1.1"


def test_readable_tree_lists_targets_under_items(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="gb18030")  # offices still save GB18030
    text = run("parse", str(path))
    lines = text.splitlines()
    item = lines.index("  1.1 （一）学前教育")
    assert lines[item + 2].strip() == "◎ 「1.75万个」 · 17,500 个 · 学位 · 期限：年内"
    assert "共 3 个条目，2 个量化指标。" in text


def test_missing_and_unsupported_files_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        run("parse", str(tmp_path / "nope.txt"))
    odd = tmp_path / "plan.xls"
    odd.write_bytes(b"x")
    with pytest.raises(CommandError, match="不支持的文件格式"):
        run("parse", str(odd))
