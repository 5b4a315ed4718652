"""``edubureau plan parse FILE [--json]``: read a plan document and show its heading tree and targets.

No database is touched: the parser is the pure engine in ``edubureau.plans.engine``.
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edubureau.core.management.base import BaseCommand
from edubureau.core.uploads import limits_for
from edubureau.plans.engine import ParsedPlan, UnreadableDocument, parse_text, read_document
from edubureau.plans.engine.render import render_tree


class Command(BaseCommand):
    help = gettext_lazy("工作计划：plan parse 文件 [--json] 解析计划文档，列出标题层级和量化指标。")
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help=str(gettext_lazy("解析计划文档（.txt、.docx、.pdf）")))
        parse.add_argument("file", help=str(gettext_lazy("计划文档路径")))
        parse.add_argument("--json", action="store_true", help=str(gettext_lazy("以 JSON 输出")))
        scan = sub.add_parser("scan", help=str(gettext_lazy("为逾期节点和任务生成督办事项，并提醒、上报（每日运行）")))
        scan.add_argument("--date", help=str(gettext_lazy("按该日期扫描（YYYY-MM-DD），默认今天")))

    def handle(self, *args, action, **options):
        if action == "parse":
            self.parse(options["file"], as_json=options["json"])
        elif action == "scan":
            self.scan(options.get("date"))

    def scan(self, day: str | None) -> None:
        import datetime as dt

        from edubureau.plans.services import scan_plans

        try:
            today = dt.date.fromisoformat(day) if day else None
        except ValueError as exc:
            raise CommandError(_("日期格式应为 YYYY-MM-DD")) from exc
        report = scan_plans(today)
        self.stdout.write(_("新增督办：逾期节点{m}个、逾期任务{t}个；提醒{r}条，上报{e}条。").format(
            m=report.milestones, t=report.tasks, r=report.reminded, e=report.escalated))

    def parse(self, path: str, *, as_json: bool) -> None:
        try:
            plan: ParsedPlan = parse_text(read_document(path, limits_for("plan")))
        except UnreadableDocument as exc:
            raise CommandError(str(exc)) from exc
        if as_json:
            self.stdout.write(json.dumps(plan.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(render_tree(plan))
        self.stdout.write(
            _("共 {items} 个条目，{targets} 个量化指标。").format(
                items=f"{len(plan.headings()):,}", targets=f"{len(plan.targets):,}"
            )
        )
