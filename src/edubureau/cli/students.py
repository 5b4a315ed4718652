"""``edubureau students reconcile NATIONAL ROLL [--json] [--xlsx OUT]``: the national 学籍 export against our roll.

No database is touched. NATIONAL is the national system's export as the county receives it (its own headers and
codes); ROLL is our roll export (headers ``people.roll_reconcile.ROLL_HEADERS``). The report lists the pupils
matched, those on one side only, the fields that differ for the matched, and the ID numbers failing their check.
"""

from __future__ import annotations

import argparse
import json

from .base import CliError, Write

__all__ = ["ACTIONS", "HELP", "add_arguments", "run"]

HELP = "学生：students reconcile 国家学籍导出 本系统名册 [--json] [--xlsx 输出] 核对学籍差异（不连数据库）。"
ACTIONS = {"reconcile"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    reconcile = sub.add_parser("reconcile", help="与国家学籍系统导出的名册核对")
    reconcile.add_argument("national", help="国家学籍系统导出的文件（xlsx、xls 或 csv）")
    reconcile.add_argument("roll", help="本系统导出的学籍名册（xlsx 或 csv）")
    reconcile.add_argument("--json", action="store_true", help="以 JSON 输出")
    reconcile.add_argument("--xlsx", metavar="OUT", help="另存核对结果（.xlsx）")


def run(options: dict, write: Write) -> None:
    from edubureau.people.roll_reconcile import ReconcileError, reconcile_files

    try:
        result = reconcile_files(options["national"], options["roll"])
    except ReconcileError as exc:
        raise CliError(str(exc)) from exc
    data = result.as_dict()
    if options.get("xlsx"):
        from pathlib import Path

        from edubureau.people.roll_reconcile_workbook import reconciliation_workbook

        Path(options["xlsx"]).write_bytes(reconciliation_workbook(data))
    if options.get("json"):
        write(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in summary_lines(data):
        write(line)


def summary_lines(data: dict) -> list[str]:
    lines = [f"国家学籍{data['national_rows']}人，本系统名册{data['roll_rows']}人：一致或已对上{data['matched']}人；"
             f"仅国家系统有{len(data['only_national'])}人，仅本系统有{len(data['only_roll'])}人，"
             f"信息不一致{len(data['different'])}人，身份证号无效{len(data['invalid_ids'])}个。"]
    for item in data["different"][:20]:
        changes = "；".join(f"{name}：国家“{a}”，本系统“{b}”" for name, (a, b) in item["fields"].items())
        lines.append(f"  {item['name']}（{item['id']}）{changes}")
    if len(data["different"]) > 20:
        lines.append(f"  ……另有{len(data['different']) - 20}人，请用 --xlsx 导出全部。")
    files = {"national": "国家学籍", "roll": "本系统名册"}
    lines += [f"  {files[bad['file']]}第{bad['row']}行身份证号{bad['value']}：{bad['reason']}"
              for bad in data["invalid_ids"][:20]]
    return lines
