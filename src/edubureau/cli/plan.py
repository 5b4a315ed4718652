"""``edubureau plan parse FILE [--json]``: read a plan document and show its heading tree and targets.

No database is touched: the parser is the pure engine in ``edubureau.plans.engine``. ``plan scan`` needs the
database and goes through Django (its arguments are declared here so both paths show the same help).
"""

from __future__ import annotations

import argparse
import json

from edubureau.core.i18n import gettext as _

from .base import CliError, Write

__all__ = ["ACTIONS", "HELP", "add_arguments", "run"]

HELP = "工作计划：plan parse 文件 [--json] 解析计划文档，列出标题层级和量化指标。"
ACTIONS = {"parse"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    parse = sub.add_parser("parse", help="解析计划文档（.txt、.docx、.pdf）")
    parse.add_argument("file", help="计划文档路径")
    parse.add_argument("--json", action="store_true", help="以 JSON 输出")
    scan = sub.add_parser("scan", help="为逾期节点和任务生成督办事项，并提醒、上报（每日运行）")
    scan.add_argument("--date", help="按该日期扫描（YYYY-MM-DD），默认今天")


def run(options: dict, write: Write) -> None:
    if options["action"] == "parse":
        parse(write, options["file"], as_json=options["json"])


def parse(write: Write, path: str, *, as_json: bool) -> None:
    from edubureau.core.io.limits import limits_for
    from edubureau.plans.engine import UnreadableDocument, parse_text, read_document
    from edubureau.plans.engine.render import render_tree

    try:
        plan = parse_text(read_document(path, limits_for("plan")))
    except UnreadableDocument as exc:
        raise CliError(str(exc)) from exc
    if as_json:
        write(json.dumps(plan.as_dict(), ensure_ascii=False, indent=2))
        return
    write(render_tree(plan))
    write(_("共 {items} 个条目，{targets} 个量化指标。").format(
        items=f"{len(plan.headings()):,}", targets=f"{len(plan.targets):,}"))
