"""``edubureau inspection plan|bulletin|ledger``: the 督导 outputs from the command line.

- ``plan [--term ID] [--time-limit S] [--accept]``: plan a term from its zones, quotas and calendar (CP-SAT), print
  the coverage and the gaps in Chinese; ``--accept`` stores the calendar as the term's planned visits.
- ``bulletin --start D --end D -o FILE.docx`` and ``ledger [--start D --end D] -o FILE.xlsx``: the county-wide
  督导通报 and findings ledger, as the department view makes them.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.cli import inspection as inspection_cli
from edubureau.cli.base import CliError
from edubureau.core.management.base import BaseCommand
from edubureau.org.models import Term


def _date(value: str | None, default: dt.date) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("日期格式应为 YYYY-MM-DD：{value}").format(value=value)) from exc


class Command(BaseCommand):
    help = inspection_cli.HELP

    def add_arguments(self, parser):
        inspection_cli.add_arguments(parser)  # declared without Django so that --help answers fast (issue 17)

    def handle(self, *args, action, **options):
        if action == "plan" and options.get("input"):  # a term from a file: the pure path (issue 17)
            try:
                inspection_cli.run({**options, "action": action}, self.stdout.write)
            except CliError as exc:
                raise CommandError(str(exc)) from exc
            return
        if action == "plan":
            self.plan(options.get("term"), options["time_limit"], options["accept"])
        else:
            self.export(action, options.get("start"), options.get("end"), options["output"])

    def plan(self, term_id, time_limit: float, accept: bool) -> None:
        from edubureau.inspection.engine.planner import plan_visits
        from edubureau.inspection.services import accept_plan, current_term, planner_input

        term = Term.objects.filter(pk=term_id).first() if term_id else current_term()
        if term is None:
            raise CommandError(_("没有这个学期。"))
        data = planner_input(term, time_limit_s=time_limit)
        if not data.inspectors or not data.quotas:
            raise CommandError(_("{term}还没有责任区或启用的督导指标。").format(term=term))
        result = plan_visits(data)
        for line in inspection_cli.summary_lines(str(term), result):
            self.stdout.write(line)
        if accept:
            count = accept_plan(term, result.visits)
            self.stdout.write(self.style.SUCCESS(_("已采用：写入{count}次计划督导。").format(count=count)))

    def export(self, action: str, start: str | None, end: str | None, output: str) -> None:
        from edubureau.inspection import outputs, services
        from edubureau.inspection.models import Finding

        today = timezone.localdate()
        term = services.current_term(today)
        first = _date(start, term.start if term else today - dt.timedelta(days=90))
        last = _date(end, min(term.end, today) if term else today)
        if last < first:
            raise CommandError(_("结束日期不能早于开始日期"))
        reader = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
        if reader is None:
            raise CommandError(_("需要一个系统管理员账号（全县范围）来汇总。"))
        if action == "bulletin":
            content = outputs.bulletin_docx(services.figures(reader, first, last))
        else:
            findings = (Finding.objects.filter(found_on__gte=first, found_on__lte=last)
                        .select_related("school", "item", "visit")
                        .prefetch_related("rectifications__followup", "visit__inspectors"))
            content = outputs.ledger_xlsx(findings, first, last)
        with open(output, "wb") as handle:
            handle.write(content)
        self.stdout.write(self.style.SUCCESS(_("已写入 {path}").format(path=output)))
