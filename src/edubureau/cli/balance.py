"""``edubureau balance check FILE [--standard basic|quality] [--json]``: the county's standing from a file.

No database is touched: the file is read and the pure engine in ``edubureau.balance.engine`` does the rest.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from edubureau.core.i18n import gettext as _

from .base import CliError, Write

__all__ = ["ACTIONS", "HELP", "add_arguments", "run"]

HELP = "均衡发展：balance check 文件 [--standard basic|quality] [--json] 计算差异系数并判断是否达标。"
ACTIONS = {"check"}
BASIC, QUALITY = "basic", "quality"  # the engine's names, repeated so that --help imports no engine


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    check = sub.add_parser("check", help="按学校学段数据文件（.xlsx 或 .csv）计算")
    check.add_argument("file", help="数据文件路径")
    check.add_argument("--standard", choices=[BASIC, QUALITY], default=QUALITY,
                       help="basic：基本均衡（2012）；quality：优质均衡（2017，默认）")
    check.add_argument("--json", action="store_true", help="以 JSON 输出")


def run(options: dict, write: Write) -> None:
    if options["action"] == "check":
        check_file(write, options["file"], options["standard"], as_json=options["json"])


def check_file(write: Write, path: str, standard: str, *, as_json: bool) -> None:
    from edubureau.balance.engine import evaluate
    from edubureau.balance.fileinput import BalanceFileError, read_parts
    from edubureau.core.io.reader import ReadError

    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise CliError(_("无法打开文件：{path}").format(path=path)) from exc
    try:
        parts = read_parts(content, path)
    except (ReadError, BalanceFileError) as exc:
        raise CliError(str(exc)) from exc
    result = evaluate(parts, standard)
    if as_json:
        write(json.dumps(result, ensure_ascii=False, indent=2))
        return
    write(_("基本均衡（2012）") if standard == BASIC else _("优质均衡（2017）"))
    for level, data in result["levels"].items():
        verdict = _("达标") if data["pass"] else _("未达标")
        write(_("【{level}】{count}所学校，{verdict}").format(
            level=level, count=f"{len(data['schools']):,}", verdict=verdict))
        for name, ind in data["indicators"].items():
            mark = "✓" if ind["pass"] else "✗"
            write(_("  {name}：均值 {mean}，差异系数 {cv}（标准 ≤ {line}）{mark}").format(
                name=name, mean=_fmt(ind["mean"], 2), cv=_fmt(ind["cv"]), line=_fmt(ind["threshold"], 2), mark=mark))
        if data["composite_cv"] is not None:
            write(_("  综合差异系数 {cv}（标准 ≤ {line}）").format(
                cv=_fmt(data["composite_cv"]), line=_fmt(data["composite_threshold"], 2)))
        for school in (s for s in data["schools"] if not s["pass"]):
            write(_("  未达标学校：{name}（{code}），达标 {met} 项").format(
                name=school["name"], code=school["code"], met=school["met"]))
