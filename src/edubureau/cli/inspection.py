"""``edubureau inspection plan|bulletin|ledger``: the arguments of the 督导 command (issue 17, point 14).

``inspection plan --input FILE.json`` plans a term from a file (no database): the file holds the planner's input,
the term's dates, schools, inspectors and quotas (see ``planner_input_from_dict``), and the plan is printed as
the database path prints it (``--json`` for the whole plan). Without ``--input`` the term is read from the
database and the command goes through Django, as do ``bulletin`` and ``ledger``; declaring the arguments here
lets their ``--help`` answer without loading it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from edubureau.core.i18n import gettext as _

from .base import CliError, Write

__all__ = ["ACTIONS", "HELP", "add_arguments", "is_fast", "planner_input_from_dict", "run", "summary_lines"]

HELP = "督导：plan 排定学期督导计划；bulletin 生成督导通报（.docx）；ledger 导出问题台账（.xlsx）。"
ACTIONS: set[str] = set()  # see is_fast: only ``plan --input`` runs without the database


def is_fast(rest: list[str]) -> bool:
    """``plan --input FILE`` is answered without Django; every other action reads the database."""
    action = next((arg for arg in rest if not arg.startswith("-")), None)
    return action == "plan" and any(arg == "--input" or arg.startswith("--input=") for arg in rest)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    plan = sub.add_parser("plan", help="按责任区、指标和校历排定学期督导计划")
    plan.add_argument("--term", type=int, help="学期编号（默认当前学期）")
    plan.add_argument("--input", metavar="FILE", help="从JSON文件读取学期、学校、督学和指标（不连数据库）")
    plan.add_argument("--json", action="store_true", help="以 JSON 输出全部计划（与 --input 一起用）")
    plan.add_argument("--time-limit", type=float, default=20.0, help="求解时间上限（秒）")
    plan.add_argument("--accept", action="store_true", help="采用计划，写入计划督导")
    for name in ("bulletin", "ledger"):
        out = sub.add_parser(name, help="督导通报（.docx）" if name == "bulletin" else "问题台账（.xlsx）")
        out.add_argument("--start", help="YYYY-MM-DD")
        out.add_argument("--end", help="YYYY-MM-DD")
        out.add_argument("-o", "--output", required=True)


def _dates(values) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(v) for v in values or ())


def planner_input_from_dict(data: dict, *, time_limit_s: float | None = None):
    """A ``PlannerInput`` from plain JSON data (dates as ``YYYY-MM-DD``).

    ``{"start", "end", "sites": [{"key", "lat", "lon", "name"}], "inspectors": [{"key", "schools", "blocked",
    "weekly_visits", "name"}], "quotas": [{"kind", "visits_per_inspector_per_week", "schools_per_visit_min",
    "schools_per_visit_max", "visits_per_school", "per"}], "holidays", "exam_weeks", "workdays",
    "max_km_per_day", "time_limit_s", "seed"}``.
    """
    from edubureau.inspection.engine.planner_types import InspectorSpec, PlannerInput, Quota, Site

    limit = time_limit_s if time_limit_s is not None else float(data.get("time_limit_s", 20.0))
    return PlannerInput(
        start=dt.date.fromisoformat(data["start"]),
        end=dt.date.fromisoformat(data["end"]),
        sites=tuple(Site(key=str(s["key"]), lat=s.get("lat"), lon=s.get("lon"), name=s.get("name", ""))
                    for s in data["sites"]),
        inspectors=tuple(InspectorSpec(key=str(i["key"]), schools=tuple(str(k) for k in i["schools"]),
                                       blocked=_dates(i.get("blocked")), weekly_visits=i.get("weekly_visits"),
                                       name=i.get("name", "")) for i in data["inspectors"]),
        quotas=tuple(Quota(**q) for q in data["quotas"]),
        holidays=_dates(data.get("holidays")),
        exam_weeks=_dates(data.get("exam_weeks")),
        workdays=tuple(data.get("workdays", (0, 1, 2, 3, 4))),
        max_km_per_day=data.get("max_km_per_day"),
        time_limit_s=limit,
        seed=int(data.get("seed", 0)),
    )


def summary_lines(label: str, result) -> list[str]:
    """The plan in Chinese, as both paths print it: one line of figures, then the gaps."""
    cov = result.coverage
    lines = [_("{term}：{n}次督导，{s}（{sec:.1f}秒）；督学周达标{w:.0%}，每校次数达标{c:.0%}。").format(
        term=label, n=len(result.visits), s=result.status, sec=result.solve_seconds,
        w=cov.get("inspector_weeks_met", 0), c=cov.get("school_visits_met", 0))]
    if "km_total" in cov:  # the optimiser's objective after the quotas (issue 17)
        lines.append(_("  行车：平均每天{km:.1f}公里，合计{total:.0f}公里。").format(
            km=cov.get("mean_km_per_day", 0.0), total=cov["km_total"]))
    if getattr(result, "note", ""):
        lines.append("  " + result.note)
    return lines + ["  - " + gap.message for gap in result.gaps]


def run(options: dict, write: Write) -> None:
    if options.get("action") != "plan" or not options.get("input"):
        raise CliError(_("该操作需要数据库。"))
    if options.get("accept"):
        raise CliError(_("从文件排定的计划不能直接采用：请在系统中按学期排定后采用。"))
    path = Path(options["input"])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        planner_input = planner_input_from_dict(data, time_limit_s=options.get("time_limit"))
    except OSError as exc:
        raise CliError(_("无法打开文件：{path}").format(path=path)) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise CliError(_("计划输入文件有误：{error}").format(error=exc)) from exc
    if not planner_input.inspectors or not planner_input.quotas:
        raise CliError(_("输入文件中没有督学或督导指标。"))
    from edubureau.inspection.engine.planner import plan_to_dict, plan_visits

    result = plan_visits(planner_input)
    if options.get("json"):
        write(json.dumps(plan_to_dict(result), ensure_ascii=False, indent=2))
        return
    for line in summary_lines(path.stem, result):
        write(line)
