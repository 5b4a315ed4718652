"""``edubureau evaluation template|check|score …``: the evaluation engine's command line, with no database.

The engine's own CLI (``edubureau.evaluation.engine.cli``) does the work; this command makes it one of
``edubureau``'s commands and turns unreadable files into one clear line instead of a traceback.
"""

from __future__ import annotations

import argparse
import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.management.base import BaseCommand
from edubureau.evaluation.engine.cli import main


class Command(BaseCommand):
    help = gettext_lazy(
        "学校考核计分（不连数据库）：evaluation template 年度 > 方案.json；evaluation check 方案.json；"
        "evaluation score 方案.json 学校.json [-o 结果.xlsx] [--json]"
    )
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "arguments", nargs=argparse.REMAINDER, help=str(gettext_lazy("template / check / score 及其参数"))
        )

    def handle(self, *args, arguments, **options):
        if not arguments:
            raise CommandError(_("请指定操作：template、check 或 score。"))
        try:
            code = main(arguments)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(_("无法读取方案或学校数据：{error}").format(error=exc)) from exc
        if code:
            sys.exit(code)
