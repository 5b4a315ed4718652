"""``edubureau enrollment draw FILE --seed S --seats N [--json]``: the verifiable 摇号, with no database.

FILE has one row per applicant (申请编号, 姓名, 身份证件号, 类别, 积分). The order is the engine's
(:mod:`edubureau.enrollment.engine.lottery`): category, then 积分, then the SHA-256 ticket of ``"S|申请编号"``, so
anyone with the published seed and list gets the same result in any row order.
"""

from __future__ import annotations

import argparse
import json

from .base import CliError, Write

__all__ = ["ACTIONS", "HELP", "add_arguments", "run"]

HELP = "招生：enrollment draw 申请名单 --seed 种子 --seats 学位数 [--json] 可复核的摇号排序（不连数据库）。"
ACTIONS = {"draw"}
SHOWN = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    draw = sub.add_parser("draw", help="按类别、积分和公布的种子排序并录取前N名")
    draw.add_argument("file", help="申请名单（xlsx、xls 或 csv；表头：申请编号、姓名、身份证件号、类别、积分）")
    draw.add_argument("--seed", required=True, help="事先公布的种子（如公证处当场产生的数字或当日公开的开奖号码）")
    draw.add_argument("--seats", required=True, type=int, help="可录取的学位数")
    draw.add_argument("--json", action="store_true", help="以 JSON 输出")


def run(options: dict, write: Write) -> None:
    from edubureau.enrollment.engine.draw_file import read_applicants
    from edubureau.enrollment.engine.lottery import LotteryError, draw

    try:
        result = draw(read_applicants(options["file"]), options["seed"], options["seats"])
    except LotteryError as exc:
        raise CliError(str(exc)) from exc
    if options.get("json"):
        write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    for line in summary_lines(result):
        write(line)


def summary_lines(result) -> list[str]:
    lines = [f"种子“{result.seed}”，学位{result.seats}个，申请{len(result.order)}人："
             f"录取{len(result.admitted)}人，候补{len(result.waiting)}人。"]
    if result.drawn_categories:
        lines.append(f"{'、'.join(result.drawn_categories)}申请人超过剩余学位，由摇号决定。")
    lines.append("名次  申请编号  类别  积分  签号（前12位）  结果")
    for place, applicant in enumerate(result.order[:SHOWN], start=1):
        verdict = "录取" if place <= result.seats else f"候补第{place - result.seats}名"
        points = "" if applicant.points is None else str(applicant.points)
        lines.append(f"{place:>4}  {applicant.number}  {applicant.category}  {points}  "
                     f"{result.tickets[applicant.number][:12]}  {verdict}")
    if len(result.order) > SHOWN:
        lines.append(f"……另有{len(result.order) - SHOWN}人，完整名次请用 --json。")
    lines.append("方法：" + result.method())
    return lines
