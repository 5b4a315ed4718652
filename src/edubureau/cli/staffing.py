"""``edubureau staffing rotation plan FILE [--year Y] [--json] [--xlsx OUT]``: a year's 交流轮岗 from a workbook.

No database is touched: FILE holds sheet 学校 and sheet 教师 (see ``staffing.engine.rotation_reader``); the rules
take their national defaults (6 years to 31 August of the year, age exemptions, 10% of the eligible, 骨干 20% of
the rotated, 城区/非薄弱 → 乡村/薄弱). The optimised plan is printed beside the greedy baseline of the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from .base import CliError, Write

__all__ = ["ACTIONS", "HELP", "add_arguments", "run"]

HELP = "人事：staffing rotation plan 文件 [--year 年] [--json] [--xlsx 输出] 按规则排定交流轮岗方案（不连数据库）。"
ACTIONS = {"rotation"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    rotation = sub.add_parser("rotation", help="交流轮岗")
    steps = rotation.add_subparsers(dest="step", required=True)
    plan = steps.add_parser("plan", help="从学校、教师工作簿排定本年度交流轮岗方案")
    plan.add_argument("file", help="Excel 文件：工作表“学校”和“教师”")
    plan.add_argument("--year", type=int, help="交流年度（任教年限和年龄算至该年8月31日），默认今年")
    plan.add_argument("--json", action="store_true", help="以 JSON 输出")
    plan.add_argument("--xlsx", metavar="OUT", help="另存交流轮岗名册（.xlsx）")
    plan.add_argument("--time-limit", type=float, default=30.0, help="求解时间上限（秒）")


def run(options: dict, write: Write) -> None:
    if options["action"] == "rotation" and options["step"] == "plan":
        plan(write, options["file"], year=options.get("year") or dt.date.today().year, as_json=options["json"],
             xlsx=options.get("xlsx"), time_limit=options.get("time_limit") or 30.0)


def result_dict(result: dict) -> dict:
    """The figures of the JSON output: the plan's, and the baseline's under ``baseline``."""
    best, baseline = result["plan"], result["baseline"]

    def figures(plan) -> dict:
        data = plan.figures()
        return {"moves": [m.as_dict() for m in plan.moves], "quotas": data["quotas"],
                "shortages_covered": data["shortages_covered"], "mean_km": data["mean_km"],
                "km_total": data["km_total"], "seconds": data["seconds"], "method": plan.method}

    return {"year": result["year"], "eligible": result["eligible"], "ineligible": result["ineligible"],
            "required": result["quotas_required"], **figures(best), "baseline": figures(baseline)}


def plan(write: Write, path: str, *, year: int, as_json: bool, xlsx: str | None, time_limit: float) -> None:
    from pathlib import Path

    from edubureau.staffing.engine.rotation import RotationRules
    from edubureau.staffing.engine.rotation_plan import plan_rotation
    from edubureau.staffing.engine.rotation_reader import RotationFileError, read_rotation_workbook

    if not Path(path).is_file():
        raise CliError(f"文件不存在：{path}")
    try:
        schools, teachers = read_rotation_workbook(path)
    except RotationFileError as exc:
        raise CliError(str(exc)) from exc
    result = plan_rotation(teachers, schools, RotationRules(), year, time_limit=time_limit)
    data = result_dict(result)
    if xlsx:
        from edubureau.staffing.engine.rotation_workbook import rotation_roster

        Path(xlsx).write_bytes(rotation_roster(result, schools, {t.number: t for t in teachers}))
    if as_json:
        write(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in summary_lines(data):
        write(line)


def summary_lines(data: dict) -> list[str]:
    best, base = data, data["baseline"]
    lines = [f"{data['year']}年交流轮岗：符合交流条件{len(data['eligible'])}人，不符合{len(data['ineligible'])}人；"
             f"应交流至少{data['required']['moves']}人。"]
    for label, plan in (("优化方案", best), ("简单方案（对照）", base)):
        q = plan["quotas"]
        lines.append(f"{label}：交流{len(plan['moves'])}人，占符合条件的{q['share_of_eligible']:.1%}，"
                     f"骨干占{q['backbone_share_of_moved']:.1%}；补缺学科{plan['shortages_covered']}个；"
                     f"人均路程{plan['mean_km']:.1f}公里；{'达到' if q['met'] else '未达到'}比例要求。")
        lines += [f"  未达要求：{reason}" for reason in q["unmet"]]
    return lines
