"""``edubureau evaluation template|check|score …``: the evaluation engine's command line, with no database.

The engine's own CLI (``edubureau.evaluation.engine.cli``) does the work; unreadable files become one clear
line instead of a traceback.
"""

from __future__ import annotations

import argparse

from edubureau.core.i18n import gettext as _

from .base import CliError, Write

__all__ = ["ACTIONS", "HELP", "add_arguments", "run"]

HELP = ("学校考核计分（不连数据库）：evaluation template 年度 > 方案.json；evaluation check 方案.json；"
        "evaluation score 方案.json 学校.json [-o 结果.xlsx] [--json]")
ACTIONS = {"template", "check", "score"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arguments", nargs=argparse.REMAINDER, help="template / check / score 及其参数")


def run(options: dict, write: Write) -> int:
    """The engine CLI's exit status (1 when the scheme has problems)."""
    arguments = options["arguments"]
    if not arguments:
        raise CliError(_("请指定操作：template、check 或 score。"))
    from edubureau.evaluation.engine.cli import main

    try:
        return main(arguments)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CliError(_("无法读取方案或学校数据：{error}").format(error=exc)) from exc
