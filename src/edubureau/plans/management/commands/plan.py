"""``edubureau plan parse FILE [--json]`` (pure, :mod:`edubureau.cli.plan`) and ``plan scan`` (the database)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from edubureau.cli import plan
from edubureau.core.management.fast import FastCommand


class Command(FastCommand):
    module = plan
    help = plan.HELP

    def handle(self, *args, action, **options):
        if action == "scan":
            self.scan(options.get("date"))
        else:
            super().handle(*args, action=action, **options)

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
