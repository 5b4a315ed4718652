"""``edubureau inspection plan|bulletin|ledger``: the arguments of the 督导 command (issue 17, point 14).

Planning a term reads its zones, quotas and calendar from the database, so running these actions goes through
Django; declaring the arguments here lets ``edubureau inspection plan --help`` answer without loading it.
"""

from __future__ import annotations

import argparse

__all__ = ["ACTIONS", "HELP", "add_arguments"]

HELP = "督导：plan 排定学期督导计划；bulletin 生成督导通报（.docx）；ledger 导出问题台账（.xlsx）。"
ACTIONS: set[str] = set()  # every action needs the database


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    plan = sub.add_parser("plan", help="按责任区、指标和校历排定学期督导计划")
    plan.add_argument("--term", type=int, help="学期编号（默认当前学期）")
    plan.add_argument("--time-limit", type=float, default=20.0, help="求解时间上限（秒）")
    plan.add_argument("--accept", action="store_true", help="采用计划，写入计划督导")
    for name in ("bulletin", "ledger"):
        out = sub.add_parser(name, help="督导通报（.docx）" if name == "bulletin" else "问题台账（.xlsx）")
        out.add_argument("--start", help="YYYY-MM-DD")
        out.add_argument("--end", help="YYYY-MM-DD")
        out.add_argument("-o", "--output", required=True)
